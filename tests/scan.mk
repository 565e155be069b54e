# tests/scan.mk: the bus scan against the real simulator.
TESTS += tests/scan-demo.sh tests/scan-factory.sh tests/scan-collision.sh
dist_check_SCRIPTS += tests/scan-demo.sh tests/scan-factory.sh tests/scan-collision.sh
EXTRA_DIST += tests/scan-lib.sh tests/scan-collision.yaml
