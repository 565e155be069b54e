# SPDX-License-Identifier: GPL-3.0-or-later
# tests/ui.mk: the TUI, headless in tmux at a fixed size (tests/ui/lib-tmux.sh).
UI_TESTS = tests/ui-demo.sh tests/ui-forms.sh tests/ui-keys.sh tests/ui-tariff.sh tests/ui-reconnect.sh tests/ui-dc.sh \
	tests/ui-picker.sh tests/ui-commission.sh tests/ui-commission-stop.sh tests/ui-hundred.sh \
	tests/ui-scan.sh tests/ui-moved.sh tests/ui-identify.sh \
	tests/ui-adapter.sh tests/ui-dlt645.sh tests/ui-dlt-sched.sh tests/ui-dlt-line.sh \
	tests/ui-dlt-password.sh tests/ui-dlt-timeout.sh
TESTS += $(UI_TESTS)
dist_check_SCRIPTS += $(UI_TESTS)
EXTRA_DIST += tests/ui/lib-tmux.sh tests/ui/tariff-panel.yaml tests/ui/dc-panel.yaml \
	tests/ui/devices/dc-test-meter.yaml tests/ui/moved.yaml \
	tests/ui/dlt-sched.yaml tests/ui/dlt-line.yaml tests/ui/dlt-password.yaml
check_PROGRAMS += tests/ui/width_test
TESTS += tests/ui/width_test
tests_ui_width_test_SOURCES = tests/ui/width_test.c
tests_ui_width_test_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS) -I$(top_srcdir)/ui
tests_ui_width_test_LDADD = libmwui.a $(MW_LIBS) $(CURSES_LIBS)
# screens drawn from a fixed snapshot into an in-memory screen, compared
# whole with tests/ui/*.result
check_PROGRAMS += tests/ui/screen_test
TESTS += tests/ui/screen_test
tests_ui_screen_test_SOURCES = tests/ui/screen_test.c tests/tap.h
tests_ui_screen_test_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS) -I$(top_srcdir)/ui -I$(top_srcdir)/tests
tests_ui_screen_test_LDADD = libmwui.a $(MW_LIBS) $(CURSES_LIBS)
EXTRA_DIST += tests/ui/dash.result tests/ui/panel.result tests/ui/settings.result tests/ui/dash-dead.result \
	tests/ui/settings-kpm.result tests/ui/scan.result
# the DL/T645 write confirmation's text (ui/confirm_dlt.c), no terminal
check_PROGRAMS += tests/ui/confirm_dlt_test
TESTS += tests/ui/confirm_dlt_test
tests_ui_confirm_dlt_test_SOURCES = tests/ui/confirm_dlt_test.c tests/tap.h
tests_ui_confirm_dlt_test_CPPFLAGS = $(AM_CPPFLAGS) $(CURSES_CFLAGS) -I$(top_srcdir)/ui -I$(top_srcdir)/tests
tests_ui_confirm_dlt_test_LDADD = libmwui.a $(MW_LIBS) $(CURSES_LIBS)
