# src/check.mk: `meterwise check` (src/cli_check.c), linked into the program
# itself: main.c finds mw_cli_check through a weak reference, which would not
# pull the object out of libmw.a.  Included after cli.mk, which defines
# meterwise_SOURCES.
meterwise_SOURCES += src/cli_check.c
