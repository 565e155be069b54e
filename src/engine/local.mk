# SPDX-License-Identifier: GPL-3.0-or-later
# src/engine/: reading, set/act with verify and follow, journal, scan and
# identification, wiring diagnostics, panel commissioning, and the session
# (one thread owning the line, publishing snapshots to every front end).
libmw_a_SOURCES += %reldir%/engine.h %reldir%/engine_read.c %reldir%/engine_set.c \
	%reldir%/engine_apply.c %reldir%/engine_follow.c %reldir%/engine_int.h \
	%reldir%/engine_secret.c \
	%reldir%/engine_act.c %reldir%/phases.c %reldir%/phases.h \
	%reldir%/journal.c %reldir%/journal.h \
	%reldir%/identify.c %reldir%/identify.h %reldir%/scan.c %reldir%/scan.h \
	%reldir%/scanpriv.h %reldir%/scanplan.c %reldir%/scanline.c %reldir%/scandlt.c \
	%reldir%/diag.c %reldir%/diag_item.c %reldir%/diag_wiring.c %reldir%/diag_ac1.c %reldir%/diag.h %reldir%/diag_int.h \
	%reldir%/commission.h %reldir%/commission_int.h %reldir%/commission.c \
	%reldir%/commission_plan.c %reldir%/commission_state.c %reldir%/commission_report.c \
	%reldir%/session.h %reldir%/session_int.h %reldir%/session.c %reldir%/session_scan.c \
	%reldir%/session_poll.c %reldir%/session_cmd.c %reldir%/session_commission.c \
	%reldir%/session_dlt.c \
	%reldir%/dlt_meter.h %reldir%/dlt_meter.c %reldir%/dlt_write.c
