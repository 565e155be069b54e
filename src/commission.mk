# src/commission.mk: panel commissioning from a plan (commission*.c, in libmw.a),
# `meterwise commission` and `meterwise shell` (readline).
libmw_a_SOURCES += src/commission.h src/commission_int.h src/commission.c \
	src/commission_plan.c src/commission_state.c src/commission_report.c
meterwise_SOURCES += src/cli_commission.c src/cli_shell.c src/shell.h src/shell_complete.c
