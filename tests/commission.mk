# SPDX-License-Identifier: GPL-3.0-or-later
# tests/commission.mk: panel commissioning and the shell, against the real
# simulator (meterwise-sim) and, for completion, readline itself.
TESTS += tests/commission-panel.sh
dist_check_SCRIPTS += tests/commission-panel.sh
EXTRA_DIST += tests/commission/lib.sh tests/commission/panel.yaml tests/commission/panel.csv
TESTS += tests/commission-plan.sh tests/commission-collision.sh tests/commission-recognise.sh
dist_check_SCRIPTS += tests/commission-plan.sh tests/commission-collision.sh \
	tests/commission-recognise.sh
check_PROGRAMS += tests/shell_complete_test
TESTS += tests/shell_complete_test
tests_shell_complete_test_SOURCES = tests/shell_complete_test.c tests/tap.h
tests_shell_complete_test_LDADD = libmwcli.a $(MW_LIBS) $(READLINE_LIBS)
TESTS += tests/shell-script.sh tests/shell-tmux.sh tests/shell-line.sh
dist_check_SCRIPTS += tests/shell-script.sh tests/shell-tmux.sh tests/shell-line.sh
EXTRA_DIST += tests/commission/shell.yaml
