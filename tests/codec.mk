# SPDX-License-Identifier: GPL-3.0-or-later
# tests/codec.mk: the codec and the read planner against the manuals, and the
# bytes libmodbus puts on a pseudo-terminal against the manuals' frames.
check_PROGRAMS += tests/codec_test tests/plan_test tests/roundtrip_test tests/frames_test
TESTS += tests/codec_test tests/plan_test tests/roundtrip_test tests/frames_test
tests_codec_test_SOURCES = tests/codec_test.c tests/tap.h
tests_codec_test_LDADD = $(MW_LIBS)
tests_plan_test_SOURCES = tests/plan_test.c tests/tap.h
tests_plan_test_LDADD = $(MW_LIBS)
tests_roundtrip_test_SOURCES = tests/roundtrip_test.c tests/tap.h
tests_roundtrip_test_LDADD = $(MW_LIBS)
tests_frames_test_SOURCES = tests/frames_test.c tests/tap.h
tests_frames_test_LDADD = $(MW_LIBS)
# DL/T645-2007 frames and data against the issue's worked frames.
check_PROGRAMS += tests/dlt645_test
TESTS += tests/dlt645_test
tests_dlt645_test_SOURCES = tests/dlt645_test.c tests/tap.h
tests_dlt645_test_LDADD = $(MW_LIBS)
# DL/T645-1997 frames and the 1997 device file (sources cited in the test).
check_PROGRAMS += tests/dlt1997_test
TESTS += tests/dlt1997_test
tests_dlt1997_test_SOURCES = tests/dlt1997_test.c tests/tap.h
tests_dlt1997_test_LDADD = $(MW_LIBS)
# Every DL/T645 setting of every device file encodes and decodes to itself.
check_PROGRAMS += tests/roundtrip_dlt645_test
TESTS += tests/roundtrip_dlt645_test
tests_roundtrip_dlt645_test_SOURCES = tests/roundtrip_dlt645_test.c tests/tap.h
tests_roundtrip_dlt645_test_LDADD = $(MW_LIBS)
