# src/util/: helpers every layer uses (JSON writer, locale-free numbers, gettext).
libmw_a_SOURCES += %reldir%/json.c %reldir%/json.h %reldir%/numfmt.c %reldir%/numfmt.h \
	%reldir%/i18n.h
