# SPDX-License-Identifier: GPL-3.0-or-later
# tests/po.mk: the translation catalogs (po/*.po) against a fresh template.
TESTS += tests/po-check.sh
dist_check_SCRIPTS += tests/po-check.sh
