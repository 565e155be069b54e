# SPDX-License-Identifier: GPL-3.0-or-later
# ui/: the ncurses front end (libmwui.a), linked into `meterwise` through
# MW_UI_LIBS / MW_UI_CPPFLAGS, which src/cli.mk declares.
noinst_LIBRARIES += libmwui.a
libmwui_a_CPPFLAGS = $(MW_CPPFLAGS) $(CURSES_CFLAGS) $(PANEL_CFLAGS)
libmwui_a_SOURCES = ui/tui.c ui/tui.h ui/ui.h ui/uistate.c ui/term.c ui/widgets.c ui/screens.c \
	ui/demo.c ui/demo.h \
	ui/scr_scan.c ui/scr_dash.c ui/scr_panel.c ui/scr_settings.c ui/scr_sched.c \
	ui/scr_actions.c ui/scr_raw.c ui/scr_help.c ui/scr_ports.c \
	ui/picklist.c ui/scr_comm.c ui/confirm_dlt.c
MW_UI_LIBS += libmwui.a
MW_UI_CPPFLAGS += -DMW_HAVE_TUI
