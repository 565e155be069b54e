# SPDX-License-Identifier: GPL-3.0-or-later
# tests/device.mk: the device-file loader (devload*.c).
check_PROGRAMS += tests/devload_test
TESTS += tests/devload_test
tests_devload_test_SOURCES = tests/devload_test.c tests/tap.h
tests_devload_test_LDADD = $(MW_LIBS)
check_PROGRAMS += tests/devload_dlt645_test
TESTS += tests/devload_dlt645_test
tests_devload_dlt645_test_SOURCES = tests/devload_dlt645_test.c tests/tap.h
tests_devload_dlt645_test_LDADD = $(MW_LIBS)
# Malformed device files, one problem each; the first line says what the
# loader must report ("# expect: LINE: PHRASE").
EXTRA_DIST += \
	tests/devices/bad/action-missing-register.yaml \
	tests/devices/bad/action-unknown-effect.yaml \
	tests/devices/bad/setting-unknown-limit.yaml \
	tests/devices/bad/bad-name.yaml \
	tests/devices/bad/bits-hi-below-lo.yaml \
	tests/devices/bad/bits-out-of-range.yaml \
	tests/devices/bad/bits-overlap.yaml \
	tests/devices/bad/bool-holding.yaml \
	tests/devices/bad/identity-coil.yaml \
	tests/devices/bad/identity-twice.yaml \
	tests/devices/bad/choice-raw-width.yaml \
	tests/devices/bad/coil-action.yaml \
	tests/devices/bad/datetime-order.yaml \
	tests/devices/bad/dc-channels.yaml \
	tests/devices/bad/dlt-action-no-name.yaml \
	tests/devices/bad/dlt-action-password.yaml \
	tests/devices/bad/dlt-address.yaml \
	tests/devices/bad/dlt-bad-baud.yaml \
	tests/devices/bad/dlt-bad-default.yaml \
	tests/devices/bad/dlt-bad-format.yaml \
	tests/devices/bad/dlt-bad-name.yaml \
	tests/devices/bad/dlt-baud-choice.yaml \
	tests/devices/bad/dlt-baud-twice.yaml \
	tests/devices/bad/dlt-block-di.yaml \
	tests/devices/bad/dlt-choice-dup.yaml \
	tests/devices/bad/dlt-choice-empty.yaml \
	tests/devices/bad/dlt-choice-raw.yaml \
	tests/devices/bad/dlt-default-baud.yaml \
	tests/devices/bad/dlt-default-choice.yaml \
	tests/devices/bad/dlt-default-format.yaml \
	tests/devices/bad/dlt-default-range.yaml \
	tests/devices/bad/dlt-di-text.yaml \
	tests/devices/bad/dlt-di-width.yaml \
	tests/devices/bad/dlt-dup-di.yaml \
	tests/devices/bad/dlt-encrypted.yaml \
	tests/devices/bad/dlt-flags-not-bits.yaml \
	tests/devices/bad/dlt-format-twice.yaml \
	tests/devices/bad/dlt-identify-list.yaml \
	tests/devices/bad/dlt-line-format.yaml \
	tests/devices/bad/dlt-missing-di.yaml \
	tests/devices/bad/dlt-no-password.yaml \
	tests/devices/bad/dlt-password-range.yaml \
	tests/devices/bad/dlt-range-and-choices.yaml \
	tests/devices/bad/dlt-setting-no-name.yaml \
	tests/devices/bad/dlt-signed-time.yaml \
	tests/devices/bad/dlt-table-count.yaml \
	tests/devices/bad/dlt-tariff-range.yaml \
	tests/devices/bad/dlt-time-format.yaml \
	tests/devices/bad/dlt-unknown-command.yaml \
	tests/devices/bad/dlt-unknown-confirm.yaml \
	tests/devices/bad/dlt-unknown-control.yaml \
	tests/devices/bad/dlt-unknown-effect.yaml \
	tests/devices/bad/dlt-unknown-line-role.yaml \
	tests/devices/bad/dlt-unknown-phase.yaml \
	tests/devices/bad/dlt-unknown-quantity.yaml \
	tests/devices/bad/dlt-unlock.yaml \
	tests/devices/bad/dlt-value-no-name.yaml \
	tests/devices/bad/dlt1997-long-di.yaml \
	tests/devices/bad/dlt1997-setting.yaml \
	tests/devices/bad/dlt1997-address-read.yaml \
	tests/devices/bad/default-baud.yaml \
	tests/devices/bad/default-not-choice.yaml \
	tests/devices/bad/default-not-number.yaml \
	tests/devices/bad/default-out-of-range.yaml \
	tests/devices/bad/dup-key.yaml \
	tests/devices/bad/dup-name-expanded.yaml \
	tests/devices/bad/dup-name.yaml \
	tests/devices/bad/each-and-repeat.yaml \
	tests/devices/bad/each-name.yaml \
	tests/devices/bad/empty.yaml \
	tests/devices/bad/enum-dup-name.yaml \
	tests/devices/bad/enum-dup-raw.yaml \
	tests/devices/bad/enum-empty.yaml \
	tests/devices/bad/flag-bit-dup.yaml \
	tests/devices/bad/flag-bit-range.yaml \
	tests/devices/bad/input-without-fc4.yaml \
	tests/devices/bad/line-address-range.yaml \
	tests/devices/bad/line-baud-choices.yaml \
	tests/devices/bad/list-for-mapping.yaml \
	tests/devices/bad/mapping-for-list.yaml \
	tests/devices/bad/max-read.yaml \
	tests/devices/bad/missing-line.yaml \
	tests/devices/bad/missing-register.yaml \
	tests/devices/bad/multiword-fc6.yaml \
	tests/devices/bad/needs-unlock.yaml \
	tests/devices/bad/no-domain.yaml \
	tests/devices/bad/not-utf8.yaml \
	tests/devices/bad/probe-both.yaml \
	tests/devices/bad/range-and-choices.yaml \
	tests/devices/bad/range-field.yaml \
	tests/devices/bad/range-negative-unsigned.yaml \
	tests/devices/bad/range-scale.yaml \
	tests/devices/bad/register-out-of-range.yaml \
	tests/devices/bad/register-past-end.yaml \
	tests/devices/bad/scalar-for-list.yaml \
	tests/devices/bad/schedule-overlap.yaml \
	tests/devices/bad/setting-missing-register.yaml \
	tests/devices/bad/setting-string.yaml \
	tests/devices/bad/sign-bit-not-flag.yaml \
	tests/devices/bad/sign-bits-count.yaml \
	tests/devices/bad/sign-from-not-bits.yaml \
	tests/devices/bad/sign-from-unknown.yaml \
	tests/devices/bad/sign-signed-type.yaml \
	tests/devices/bad/stride-small.yaml \
	tests/devices/bad/string-no-length.yaml \
	tests/devices/bad/two-documents.yaml \
	tests/devices/bad/unknown-each-phase.yaml \
	tests/devices/bad/unknown-format.yaml \
	tests/devices/bad/unknown-key-top.yaml \
	tests/devices/bad/unknown-key.yaml \
	tests/devices/bad/unknown-meaning.yaml \
	tests/devices/bad/unknown-phase.yaml \
	tests/devices/bad/unknown-quantity.yaml \
	tests/devices/bad/unknown-table.yaml \
	tests/devices/bad/unknown-type.yaml \
	tests/devices/bad/unlock-unknown.yaml \
	tests/devices/bad/word-overlap.yaml \
	tests/devices/bad/write-fc.yaml \
	tests/devices/bad/yaml-syntax.yaml
