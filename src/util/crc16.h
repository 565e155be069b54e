/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crc16.h - the Modbus RTU CRC-16 (reflected polynomial 0xA001, initial
 * 0xFFFF), sent low byte first.  Used by the bus's raw probe, the
 * simulator and the tests: one definition (tests/one-def.sh checks).
 */
#ifndef MW_CRC16_H
#define MW_CRC16_H

#include <stddef.h>
#include <stdint.h>

uint16_t mw_crc16(const uint8_t *p, size_t n);

#endif
