# src/engine.mk: bus, reading, set/act with verify and follow, journal, JSON writer.
libmw_a_SOURCES += src/bus.c src/bus.h src/engine.h src/engine_read.c src/engine_set.c \
	src/engine_apply.c src/engine_act.c src/phases.c src/phases.h src/journal.c src/journal.h \
	src/json.c src/json.h src/identify.h
libmw_a_SOURCES += src/ports.c src/ports.h
