# SPDX-License-Identifier: GPL-3.0-or-later
# src/cli/: the meterwise program (command-line front end and shell).
# Everything but main.c is libmwcli.a, which the completion test links too.
# The TUI (ui/local.mk) adds to MW_UI_LIBS and MW_UI_CPPFLAGS (-DMW_HAVE_TUI)
# so that `meterwise` with no command and `meterwise --demo` start it.
noinst_LIBRARIES += libmwcli.a
libmwcli_a_CPPFLAGS = $(MW_CPPFLAGS) $(MW_UI_CPPFLAGS)
libmwcli_a_SOURCES = %reldir%/cli.h %reldir%/cli_common.c %reldir%/commands.h \
	%reldir%/commands.c %reldir%/bashcomp.c \
	%reldir%/cli_read.c %reldir%/cli_set.c %reldir%/cli_dlt.c %reldir%/cli_devices.c %reldir%/cli_ports.c \
	%reldir%/cli_journal.c %reldir%/cli_check.c %reldir%/cli_scan.c \
	%reldir%/cli_commission.c %reldir%/cli_commission_dlt.c %reldir%/cli_shell.c %reldir%/shell.h %reldir%/shell_complete.c \
	%reldir%/cli_watch.c %reldir%/cli_watch.h
bin_PROGRAMS += meterwise
MW_UI_LIBS =
MW_UI_CPPFLAGS =
meterwise_SOURCES = %reldir%/main.c
meterwise_CPPFLAGS = $(MW_CPPFLAGS) $(MW_UI_CPPFLAGS)
meterwise_LDADD = libmwcli.a $(MW_UI_LIBS) $(MW_LIBS) $(PANEL_LIBS) $(CURSES_LIBS) $(READLINE_LIBS)

# The bash-completion script, written by meterwise from its command table,
# installed as BASH_COMPLETION_DIR/meterwise (configure --with-bash-completion-dir).
noinst_DATA = meterwise.bash
CLEANFILES += meterwise.bash
meterwise.bash: meterwise$(EXEEXT)
	$(AM_V_GEN)./meterwise$(EXEEXT) --bash-completion >$@.tmp && mv $@.tmp $@
install-data-local: meterwise.bash
	if test -n "$(BASH_COMPLETION_DIR)"; then \
	  $(MKDIR_P) "$(DESTDIR)$(BASH_COMPLETION_DIR)" && \
	  $(INSTALL_DATA) meterwise.bash "$(DESTDIR)$(BASH_COMPLETION_DIR)/meterwise"; fi
uninstall-local:
	if test -n "$(BASH_COMPLETION_DIR)"; then \
	  rm -f "$(DESTDIR)$(BASH_COMPLETION_DIR)/meterwise"; fi
