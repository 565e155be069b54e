# tests/scan.mk
