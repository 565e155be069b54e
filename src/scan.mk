# src/scan.mk: the bus scan (scan*.c), model identification and `meterwise scan`.
libmw_a_SOURCES += src/identify.c src/scan.c src/scan.h src/scanpriv.h src/scanplan.c \
	src/scanline.c
# main.c reaches mw_cli_scan through a weak reference: it must be an object of
# the program, not a member of libmw.a (a weak reference pulls no archive member).
meterwise_SOURCES += src/cli_scan.c
