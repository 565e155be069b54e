libmw_a_SOURCES += src/model.c src/model.h
libmw_a_SOURCES += src/i18n.h
