# src/scan.mk: the bus scan (scan*.c), model identification and `meterwise scan`.
libmw_a_SOURCES += src/identify.c src/scan.c src/scan.h src/scanpriv.h src/scanplan.c \
	src/scanline.c
# `meterwise scan`:
meterwise_SOURCES += src/cli_scan.c
