# src/util/: helpers every layer uses (JSON writer, gettext).
libmw_a_SOURCES += %reldir%/json.c %reldir%/json.h %reldir%/i18n.h
