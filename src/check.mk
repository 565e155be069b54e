# src/check.mk: `meterwise check` (the wiring diagnostics are in diag.mk).
meterwise_SOURCES += src/cli_check.c
