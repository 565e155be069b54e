# src/codec.mk: the codec (registers <-> values, settings, clocks, schedules)
# and the read planner.
libmw_a_SOURCES += src/codec.c src/codec.h src/codec_int.h src/codec_setting.c \
	src/codec_time.c src/plan.c src/plan.h
