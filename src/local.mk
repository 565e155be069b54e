# src/: the engine (libmw.a) and the command-line front end.
noinst_LIBRARIES += libmw.a
libmw_a_SOURCES =
MW_LIBS = libmw.a $(MODBUS_LIBS) $(SERIALPORT_LIBS) $(YAML_LIBS) $(LIBINTL) -lm
include %reldir%/device.mk
include %reldir%/codec.mk
include %reldir%/engine.mk
include %reldir%/diag.mk
include %reldir%/cli.mk
include %reldir%/scan.mk
include %reldir%/check.mk
include %reldir%/commission.mk
