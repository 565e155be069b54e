# SPDX-License-Identifier: GPL-3.0-or-later
# tests/dist.mk: what a distribution needs: the licence line in every
# source file, and no build path in the programs.
TESTS += tests/spdx.sh tests/repro.sh
dist_check_SCRIPTS += tests/spdx.sh tests/repro.sh
