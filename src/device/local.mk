# SPDX-License-Identifier: GPL-3.0-or-later
# src/device/: the device model, the YAML loader (devload*.c), the codec
# (registers <-> values, settings, clocks, schedules) and the read planner.
libmw_a_SOURCES += %reldir%/model.c %reldir%/model.h \
	%reldir%/devload.c %reldir%/devload.h %reldir%/devload_int.h %reldir%/devload_util.c \
	%reldir%/devload_common.c %reldir%/devload_values.c %reldir%/devload_settings.c \
	%reldir%/devload_actions.c \
	%reldir%/devload_path.c %reldir%/yamlscalar.c %reldir%/yamlscalar.h \
	%reldir%/devload_dlt645.c \
	%reldir%/codec.c %reldir%/codec.h %reldir%/codec_int.h %reldir%/codec_setting.c \
	%reldir%/codec_time.c %reldir%/plan.c %reldir%/plan.h \
	%reldir%/dlt645.c %reldir%/dlt645.h %reldir%/codec_dlt645.c %reldir%/codec_dlt645.h
