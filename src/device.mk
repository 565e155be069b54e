libmw_a_SOURCES += src/model.c src/model.h
libmw_a_SOURCES += src/i18n.h
libmw_a_SOURCES += src/devload.c src/devload.h src/devload_int.h src/devload_util.c \
	src/devload_values.c src/devload_settings.c src/devload_actions.c src/devload_path.c
