/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * crc16.c - the Modbus CRC-16 (see crc16.h).
 */
#include "config.h"

#include "crc16.h"

uint16_t mw_crc16(const uint8_t *p, size_t n)
{
	uint16_t crc = 0xFFFF;

	for (size_t i = 0; i < n; i++) {
		crc ^= p[i];
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
	}
	return crc;
}
