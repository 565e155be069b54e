# src/diag.mk: wiring diagnostics (diag.h); `meterwise check` is in check.mk.
libmw_a_SOURCES += src/diag.c src/diag_wiring.c src/diag.h src/diag_int.h
