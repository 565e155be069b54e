# src/util/: helpers every layer uses (JSON writer, gettext, text).
libmw_a_SOURCES += %reldir%/json.c %reldir%/json.h %reldir%/i18n.h %reldir%/text.c %reldir%/text.h
