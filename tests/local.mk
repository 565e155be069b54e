# SPDX-License-Identifier: GPL-3.0-or-later
# tests/: everything `make check` runs (TAP).  Each area has a fragment.
EXTRA_DIST += tests/tap.h tests/devtest.h tests/lib.sh
include %reldir%/util.mk
include %reldir%/device.mk
include %reldir%/codec.mk
include %reldir%/sim.mk
include %reldir%/engine.mk
include %reldir%/line.mk
include %reldir%/diag.mk
include %reldir%/scan.mk
include %reldir%/ui.mk
include %reldir%/commission.mk
include %reldir%/devfiles.mk
include %reldir%/po.mk
include %reldir%/checks.mk
include %reldir%/dist.mk
