/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * modbus.c - the devices' side of Modbus RTU.
 *
 * A device hears a request when it is attached and the master's baud and
 * format are its own.  It answers its own address and, for reads, address
 * 0 when its device file says the model does (then in its own address,
 * which is how a lone meter is found).  Function codes outside the
 * model's list get exception 01 if the model answers exceptions, silence
 * otherwise; writes to address 0 take effect with no answer.
 */
#include "config.h"

#include <string.h>

#include "modbus.h"
#include "regmap.h"
#include "crc16.h"

int sim_modbus_request_len(const uint8_t *b, size_t n)
{
	if (n < 2)
		return 0;
	switch (b[1]) {
	case 1:
	case 2:
	case 3:
	case 4:
	case 5:
	case 6:
	case 8:
		return 8;
	case 7:
	case 11:
	case 12:
	case 17:
		return 4;
	case 15:
	case 16:
		return n < 7 ? 0 : 9 + b[6];
	case 20:
	case 21:
		return n < 3 ? 0 : 5 + b[2];
	case 22:
		return 10;
	case 23:
		return n < 11 ? 0 : 13 + b[10];
	case 24:
		return 6;
	default:
		return -1;
	}
}

/* Does the model support function code fc? */
static bool has_fc(const struct mw_model *m, int fc)
{
	for (size_t i = 0; i < m->line.n_fcs; i++)
		if (m->line.fcs[i] == fc)
			return true;
	return false;
}

static uint16_t get16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* Finish a reply: CRC, low byte first. */
static void seal(struct sim_reply *r)
{
	uint16_t crc = mw_crc16(r->buf, r->len);

	r->buf[r->len++] = (uint8_t)crc;
	r->buf[r->len++] = (uint8_t)(crc >> 8);
}

/* An exception reply, or none when the model answers errors with silence. */
static bool exception(struct sim_device *d, int fc, int code, struct sim_reply *r)
{
	if (!d->model->line.exceptions)
		return false;
	r->buf[0] = (uint8_t)d->address;
	r->buf[1] = (uint8_t)(fc | 0x80);
	r->buf[2] = (uint8_t)code;
	r->len = 3;
	seal(r);
	return true;
}

/* FC01/02/03/04: reads. */
static int do_read(struct sim_bus *bus, struct sim_device *d, const uint8_t *q, struct sim_reply *r)
{
	int fc = q[1];
	uint16_t start = get16(q + 2), n = get16(q + 4);
	uint16_t regs[125];
	uint8_t bits[2000];
	int ex;

	r->buf[0] = (uint8_t)d->address;
	r->buf[1] = (uint8_t)fc;
	if (fc == 3 || fc == 4) {
		int max = d->model->line.max_read > 0 ? d->model->line.max_read : 125;

		if (n < 1 || n > max)
			return SIM_EX_VALUE;
		ex = sim_regmap_read(d, bus, fc == 3 ? MW_TABLE_HOLDING : MW_TABLE_INPUT, start, n,
		                     regs);
		if (ex)
			return ex;
		r->buf[2] = (uint8_t)(2 * n);
		for (int i = 0; i < n; i++)
			put16(r->buf + 3 + 2 * i, regs[i]);
		r->len = 3 + 2 * (size_t)n;
	} else {
		if (n < 1 || n > 2000)
			return SIM_EX_VALUE;
		ex = sim_regmap_read_bits(d, fc == 1 ? MW_TABLE_COIL : MW_TABLE_DISCRETE, start, n,
		                          bits);
		if (ex)
			return ex;
		r->buf[2] = (uint8_t)((n + 7) / 8);
		memset(r->buf + 3, 0, r->buf[2]);
		for (int i = 0; i < n; i++)
			if (bits[i])
				r->buf[3 + i / 8] |= (uint8_t)(1u << (i % 8));
		r->len = 3 + (size_t)r->buf[2];
	}
	return 0;
}

/* FC05/06/15/16: writes; the reply echoes the request's head. */
static int do_write(struct sim_device *d, const uint8_t *q, size_t len, struct sim_reply *r,
                    bool *changed)
{
	int fc = q[1];
	uint16_t start = get16(q + 2);
	struct sim_write_result res;
	uint16_t regs[125];
	uint8_t bits[1968];
	int ex, n;

	if (fc == 6) {
		regs[0] = get16(q + 4);
		ex = sim_regmap_write(d, start, 1, regs, &res);
	} else if (fc == 16) {
		n = get16(q + 4);
		if (n < 1 || n > 123 || q[6] != 2 * n || len != (size_t)9 + q[6])
			return SIM_EX_VALUE;
		for (int i = 0; i < n; i++)
			regs[i] = get16(q + 7 + 2 * i);
		ex = sim_regmap_write(d, start, n, regs, &res);
	} else if (fc == 5) {
		uint16_t v = get16(q + 4);

		if (v != 0xFF00 && v != 0x0000)
			return SIM_EX_VALUE;
		bits[0] = v == 0xFF00;
		ex = sim_regmap_write_bits(d, start, 1, bits, &res);
	} else {
		n = get16(q + 4);
		if (n < 1 || n > 1968 || q[6] != (n + 7) / 8 || len != (size_t)9 + q[6])
			return SIM_EX_VALUE;
		for (int i = 0; i < n; i++)
			bits[i] = (q[7 + i / 8] >> (i % 8)) & 1;
		ex = sim_regmap_write_bits(d, start, n, bits, &res);
	}
	if (ex)
		return ex;
	if (res.changed)
		*changed = true;
	memcpy(r->buf, q, 6);
	r->buf[0] = (uint8_t)d->address;
	r->len = 6;
	return 0;
}

/* One device's handling of a request addressed to it (or broadcast). */
static bool device_handle(struct sim_bus *bus, struct sim_device *d, const uint8_t *q, size_t len,
                          struct sim_reply *r, bool *changed)
{
	int fc = q[1];
	bool broadcast = q[0] == 0;
	int ex;

	r->dev = d;
	r->len = 0;
	if (!has_fc(d->model, fc))
		return !broadcast && exception(d, fc, SIM_EX_FUNCTION, r);
	switch (fc) {
	case 1:
	case 2:
	case 3:
	case 4:
		if (len != 8)
			return false;
		if (broadcast && !d->model->line.broadcast_read)
			return false;
		ex = do_read(bus, d, q, r);
		break;
	case 5:
	case 6:
	case 15:
	case 16:
		if (len < 8)
			return false;
		ex = do_write(d, q, len, r, changed);
		if (broadcast)
			return false; /* taken, never answered */
		break;
	default:
		/* Listed in the device file but not simulated. */
		ex = SIM_EX_FUNCTION;
		break;
	}
	if (ex)
		return !broadcast && exception(d, fc, ex, r);
	seal(r);
	return true;
}

int sim_modbus_handle(struct sim_bus *bus, const uint8_t *req, size_t len, int baud,
                      enum mw_format fmt, struct sim_reply *out, int max, bool *changed)
{
	int n = 0;

	if (len < 4)
		return 0;
	for (size_t i = 0; i < bus->n_devs; i++) {
		struct sim_device *d = &bus->devs[i];

		if (!d->attached || d->model->protocol != MW_PROTO_MODBUS || d->baud != baud ||
		    (d->format != fmt && !(d->also_formats & (1u << fmt))))
			continue;
		if (req[0] != 0 && req[0] != d->address)
			continue;
		if (n < max && device_handle(bus, d, req, len, &out[n], changed))
			n++;
	}
	return n;
}
