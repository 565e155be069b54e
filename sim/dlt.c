/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt.c - the devices' side of DL/T645-2007 (and -1997: reads only,
 * answer_1997).
 *
 * A DL/T645 device hears a frame when it is attached, the master's baud
 * and format are its own, and the frame's address reaches it: its own
 * address, an abbreviated one (AA bytes match anything), the wildcard
 * AAx6 (read and write address) or the broadcast 99x6 (time, no reply).
 * A Modbus frame, or a frame at other line settings, is noise to it.
 *
 * Reads take values from the physics through the device file (BCD in the
 * DI's format), settings from the stored bytes, the clock from the host
 * clock plus the meter's offset, and the items the standard defines from
 * the prepaid state: remaining credit and overdraft, status word 3 (relay,
 * programming key, pre-trip alarm).  Writes check the password level the
 * device file gives; the address write needs the programming key; a baud
 * change answers at the old rate and then moves; control 0x1C trips and
 * closes the relay (an open relay carries no current, so energy and
 * credit stop).  Credit runs down with forward energy times the price;
 * below alarm 2 the meter cuts the supply once for cut_s (2 minutes), and
 * when the overdraft limit is used up it stays off until credit returns.
 */
#include "xalloc.h"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec_dlt645.h"
#include "dlt.h"
#include "log.h"
#include "physics.h"
#include "values.h"

static struct sim_dlt_item *item(struct sim_device *d, const struct mw_setting *s)
{
	for (size_t i = 0; i < d->dlt.n_items; i++)
		if (d->dlt.items[i].s == s)
			return &d->dlt.items[i];
	return NULL;
}

/* A stored BCD setting at di as a number, or dflt. */
static double stored_number(struct sim_device *d, uint32_t di, double dflt)
{
	for (size_t i = 0; i < d->dlt.n_items; i++) {
		const struct sim_dlt_item *it = &d->dlt.items[i];
		double v;

		if (it->s->dlt.di == di && it->s->dlt.type == MW_DLT_BCD &&
		    dlt645_bcd_decode(it->data, it->s->dlt.digits, it->s->dlt.decimals,
		                      it->s->dlt.is_signed, &v) == 0)
			return v;
	}
	return dflt;
}

int sim_dlt_init(struct sim_device *d, char *err, size_t errsz)
{
	const struct mw_model *m = d->model;

	dlt645_addr_parse(m->line.dlt_address, &d->dlt.addr);
	d->dlt.cut_s = 120;
	if (!d->dlt.frame_max)
		d->dlt.frame_max = 200;
	d->dlt.price = 1;
	d->dlt.billed_kwh = -1; /* the first update starts the bill */
	d->dlt.prepaid = false;
	for (size_t i = 0; i < m->n_values; i++)
		d->dlt.prepaid |= m->values[i].dlt.di == DLT645_DI_CREDIT;
	free(d->dlt.items);
	d->dlt.items = mw_xcalloc(m->n_settings ? m->n_settings : 1, sizeof *d->dlt.items);
	d->dlt.n_items = 0;
	for (size_t i = 0; i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		struct sim_dlt_item *it;

		if (s->gap || !s->dlt.di || s->dlt.command != MW_DLT_CMD_WRITE)
			continue;
		it = &d->dlt.items[d->dlt.n_items++];
		it->s = s;
		it->len = mw_dlt_len(&s->dlt);
		if (s->default_text && mw_dlt_setting_encode(s, s->default_text, it->data,
		                                             sizeof it->data, err, errsz) < 0)
			return -1;
	}
	return 0;
}

/* The meter's clock now. */
static void meter_clock(const struct sim_device *d, struct dlt645_time *t)
{
	time_t now = time(NULL) + (time_t)d->clock_offset_s;
	struct tm tm;

	localtime_r(&now, &tm);
	*t = (struct dlt645_time){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday,
	                          tm.tm_hour,        tm.tm_min,     tm.tm_sec,  0};
}

/* Set the meter's clock from the fields fmt gives; the others stay. */
static void set_clock(struct sim_device *d, const char *fmt, const struct dlt645_time *t)
{
	struct dlt645_time c;
	struct tm tm = {0};
	time_t want;

	meter_clock(d, &c);
	if (strstr(fmt, "YY")) {
		c.year = t->year;
		c.month = t->month;
		c.day = t->day;
	}
	if (strstr(fmt, "hh")) {
		c.hour = t->hour;
		c.min = t->min;
		c.sec = strstr(fmt, "ss") ? t->sec : 0;
	}
	tm.tm_year = c.year - 1900;
	tm.tm_mon = c.month - 1;
	tm.tm_mday = c.day;
	tm.tm_hour = c.hour;
	tm.tm_min = c.min;
	tm.tm_sec = c.sec;
	tm.tm_isdst = -1;
	want = mktime(&tm);
	d->clock_offset_s = difftime(want, time(NULL));
}

/* Is this a clock DI (date, time, or both)? */
static bool is_clock(const struct mw_dlt *x)
{
	return x->type == MW_DLT_TIME &&
	       (x->di == DLT645_DI_DATE || x->di == DLT645_DI_TIME || x->di == DLT645_DI_DATETIME);
}

int sim_dlt_set_text(struct sim_device *d, const struct mw_setting *s, const char *text, char *err,
                     size_t errsz)
{
	uint8_t b[DLT645_DATA_MAX];
	struct sim_dlt_item *it;
	struct dlt645_time t;
	int n = mw_dlt_setting_encode(s, text, b, sizeof b, err, errsz);

	if (n < 0)
		return -1;
	if (s->dlt.type == MW_DLT_ADDRESS && s->line_role == MW_LINE_ADDRESS) {
		memcpy(d->dlt.addr.a, b, 6);
		return 0;
	}
	if (s->line_role == MW_LINE_BAUD) {
		d->baud = dlt645_baud_from_code(b[0]);
		return 0;
	}
	if (s->dlt.type == MW_DLT_TIME &&
	    (is_clock(&s->dlt) || s->dlt.command == MW_DLT_CMD_TIME)) {
		dlt645_time_decode(s->dlt.format, b, &t);
		set_clock(d, s->dlt.format, &t);
		return 0;
	}
	if (!(it = item(d, s))) {
		snprintf(err, errsz, "%s: not a stored setting", s->name);
		return -1;
	}
	memcpy(it->data, b, (size_t)n);
	it->len = n;
	return 0;
}

int sim_dlt_get_text(struct sim_device *d, const struct mw_setting *s, char *text, size_t sz)
{
	const struct sim_dlt_item *it = item(d, s);
	uint8_t b[DLT645_DATA_MAX];
	struct dlt645_time t;

	if (s->dlt.type == MW_DLT_ADDRESS && s->line_role == MW_LINE_ADDRESS)
		return mw_dlt_setting_decode(s, d->dlt.addr.a, 6, text, sz);
	if (s->line_role == MW_LINE_BAUD) {
		b[0] = dlt645_baud_code(d->baud);
		return mw_dlt_setting_decode(s, b, 1, text, sz);
	}
	if (s->dlt.type == MW_DLT_TIME &&
	    (is_clock(&s->dlt) || s->dlt.command == MW_DLT_CMD_TIME)) {
		meter_clock(d, &t);
		if (dlt645_time_encode(s->dlt.format, &t, b) < 0)
			return -1;
		return mw_dlt_setting_decode(s, b, (size_t)dlt645_time_len(s->dlt.format), text,
		                             sz);
	}
	if (!it)
		return -1;
	return mw_dlt_setting_decode(s, it->data, (size_t)it->len, text, sz);
}

int sim_dlt_stage(const struct sim_device *d)
{
	struct sim_device *w = (struct sim_device *)d; /* stored_number only reads */
	double a1 = stored_number(w, DLT645_DI_ALARM_1, 0);
	double a2 = stored_number(w, DLT645_DI_ALARM_2, 0);
	double od = stored_number(w, DLT645_DI_OVERDRAFT_LIMIT, 0);

	if (!d->dlt.prepaid)
		return 0; /* not a prepaid meter: no credit to run out */
	if (d->dlt.credit <= -od && d->dlt.credit <= 0)
		return 3;
	if (d->dlt.credit < a2)
		return 2;
	if (d->dlt.credit < a1)
		return 1;
	return 0;
}

void sim_dlt_update(struct sim_device *d, const struct sim_bus *bus)
{
	double now = sim_now(), e;
	int stage;
	bool was = d->supply_off;

	sim_physics_accumulate(d, now, bus->time_scale);
	e = d->energy[SIM_PHASES][SIM_E_ACTIVE_IMPORT];
	if (d->dlt.prepaid && d->dlt.billed_kwh >= 0 && e > d->dlt.billed_kwh)
		d->dlt.credit -= (e - d->dlt.billed_kwh) * d->dlt.price;
	d->dlt.billed_kwh = e;
	stage = sim_dlt_stage(d);
	if (stage >= 2 && stage < 3 && !d->dlt.cut_given) {
		d->dlt.cut_given = true;
		d->dlt.cut_from = now;
		sim_log_note("%s credit %.2f below alarm 2: supply cut for %.0f s", d->id,
		             d->dlt.credit, d->dlt.cut_s);
	}
	if (stage < 2)
		d->dlt.cut_given = false;
	d->supply_off = !d->dlt.guarantee &&
	                (d->dlt.relay_open ||
	                 (d->dlt.cut_given && stage == 2 && now < d->dlt.cut_from + d->dlt.cut_s) ||
	                 stage == 3);
	if (d->supply_off != was)
		sim_log_note("%s relay %s", d->id, d->supply_off ? "open" : "closed");
}

/* Status word 3 from the state. */
static unsigned status3(const struct sim_device *d)
{
	unsigned w = d->dlt.prepaid ? DLT645_ST3_PREPAID_CASH : 0;

	if (d->dlt.key)
		w |= DLT645_ST3_PROGRAMMING;
	if (d->supply_off)
		w |= DLT645_ST3_RELAY_OPEN;
	if (d->dlt.relay_open)
		w |= DLT645_ST3_RELAY_CMD;
	if (sim_dlt_stage(d) >= 2 || d->dlt.alarm)
		w |= DLT645_ST3_PRETRIP;
	return w;
}

/* The data of value v now; bytes or -1 (no such data / does not fit). */
static int value_data(struct sim_device *d, const struct sim_bus *bus, const struct mw_value *v,
                      const struct sim_meas *m, uint8_t *out)
{
	const struct mw_dlt *x = &v->dlt;
	int len = mw_dlt_len(x);
	double num;

	(void)bus;
	switch (x->di) {
	case DLT645_DI_CREDIT:
		num = fmax(d->dlt.credit, 0);
		break;
	case DLT645_DI_OVERDRAFT:
		num = fmax(-d->dlt.credit, 0);
		break;
	case DLT645_DI_STATUS3:
		num = status3(d);
		break;
	default:
		num = sim_value_number(d, v, m);
	}
	switch (x->type) {
	case MW_DLT_BCD:
		if (!isfinite(num))
			num = 0;
		if (!x->is_signed && num < 0)
			num = 0;
		return dlt645_bcd_encode(num, x->digits, x->decimals, x->is_signed, out);
	case MW_DLT_BITS:
		for (int i = 0; i < len; i++)
			out[i] = (uint8_t)((unsigned long)num >> (8 * i));
		return len;
	case MW_DLT_ADDRESS:
		memcpy(out, d->dlt.addr.a, 6);
		return 6;
	default: {
		struct dlt645_time t;

		if (x->type == MW_DLT_TIME && dlt645_time_len(x->format) > 0) {
			meter_clock(d, &t);
			return dlt645_time_encode(x->format, &t, out);
		}
		memset(out, 0, (size_t)(len > 0 ? len : 0));
		return len;
	}
	}
}

/* The data of a setting read back; bytes or -1. */
static int setting_data(struct sim_device *d, const struct mw_setting *s, uint8_t *out)
{
	const struct sim_dlt_item *it;
	struct dlt645_time t;

	if (s->dlt.type == MW_DLT_ADDRESS && s->line_role == MW_LINE_ADDRESS) {
		memcpy(out, d->dlt.addr.a, 6);
		return 6;
	}
	if (is_clock(&s->dlt)) {
		meter_clock(d, &t);
		return dlt645_time_encode(s->dlt.format, &t, out);
	}
	if (!(it = item(d, s)))
		return -1;
	memcpy(out, it->data, (size_t)it->len);
	return it->len;
}

/* Data of one DI (not a block); bytes or -1 if the meter has no such item. */
static int item_data(struct sim_device *d, const struct sim_bus *bus, uint32_t di,
                     const struct sim_meas *m, uint8_t *out)
{
	const struct mw_model *md = d->model;

	for (size_t i = 0; i < md->n_values; i++)
		if (md->values[i].dlt.di == di)
			return value_data(d, bus, &md->values[i], m, out);
	for (size_t i = 0; i < md->n_settings; i++)
		if (!md->settings[i].gap && md->settings[i].dlt.di == di &&
		    !md->settings[i].write_only)
			return setting_data(d, &md->settings[i], out);
	return -1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Reply with data[0..n) (DI first), or its first frame_max bytes with D5
   set and the rest kept for follow-up frames. */
static void reply_long(struct sim_device *d, uint32_t di, const uint8_t *data, size_t n,
                       struct dlt645_frame *r)
{
	size_t first = n > (size_t)d->dlt.frame_max ? (size_t)d->dlt.frame_max : n;

	dlt645_reply(r, &d->dlt.addr, DLT645_READ, data, first);
	d->dlt.more_len = 0;
	if (first < n) {
		memcpy(d->dlt.more, data + first, n - first);
		d->dlt.more_len = n - first;
		d->dlt.more_off = 0;
		d->dlt.more_di = di;
		d->dlt.more_seq = 0;
		r->ctrl |= DLT645_C_MORE;
	}
}

/* 0x12: the next follow-up frame of the last long reply (DI, data, SEQ). */
static int do_read_next(struct sim_device *d, const struct dlt645_frame *q, struct dlt645_frame *r)
{
	uint8_t data[DLT645_DATA_MAX];
	size_t left, chunk;

	if (q->len != 5 || !d->dlt.more_len || dlt645_di_get(q->data) != d->dlt.more_di ||
	    q->data[4] != (uint8_t)(d->dlt.more_seq + 1))
		return DLT645_ERR_NO_DATA;
	left = d->dlt.more_len - d->dlt.more_off;
	chunk = left > (size_t)d->dlt.frame_max - 5 ? (size_t)d->dlt.frame_max - 5 : left;
	dlt645_di_put(d->dlt.more_di, data);
	memcpy(data + 4, d->dlt.more + d->dlt.more_off, chunk);
	data[4 + chunk] = q->data[4];
	dlt645_reply(r, &d->dlt.addr, DLT645_READ_NEXT, data, chunk + 5);
	d->dlt.more_off += chunk;
	d->dlt.more_seq++;
	if (d->dlt.more_off < d->dlt.more_len)
		r->ctrl |= DLT645_C_MORE;
	else
		d->dlt.more_len = 0;
	return 0;
}

/* 0x11: the DI's data, or a block's items in DI order. */
static int do_read(struct sim_device *d, const struct sim_bus *bus, const struct dlt645_frame *q,
                   struct dlt645_frame *r)
{
	uint8_t data[sizeof d->dlt.more];
	uint32_t di, dis[128];
	struct sim_meas m;
	size_t n = 4, nd = 0;
	int len;

	if (q->len < 4)
		return DLT645_ERR_OTHER;
	di = dlt645_di_get(q->data);
	sim_physics_eval(d, sim_now(), true, &m);
	dlt645_di_put(di, data);
	if (!dlt645_di_is_block(di)) {
		if ((len = item_data(d, bus, di, &m, data + 4)) < 0)
			return DLT645_ERR_NO_DATA;
		n += (size_t)len;
	} else {
		for (size_t i = 0; i < d->model->n_values && nd < 128; i++)
			if (dlt645_di_in_block(di, d->model->values[i].dlt.di))
				dis[nd++] = d->model->values[i].dlt.di;
		if (!nd)
			return DLT645_ERR_NO_DATA;
		qsort(dis, nd, sizeof *dis, cmp_u32);
		for (size_t i = 0; i < nd; i++) {
			uint8_t one[DLT645_DATA_MAX];

			len = item_data(d, bus, dis[i], &m, one);
			if (len < 0 || n + (size_t)len > sizeof data)
				return DLT645_ERR_OTHER;
			memcpy(data + n, one, (size_t)len);
			n += (size_t)len;
		}
	}
	reply_long(d, di, data, n, r);
	return 0;
}

/* Password check: PA at or above the level needed (0 is the highest). */
static bool authorised(const struct sim_device *d, const uint8_t *auth, int level)
{
	uint32_t pw = (uint32_t)auth[1] | (uint32_t)auth[2] << 8 | (uint32_t)auth[3] << 16;

	return level >= 0 && auth[0] <= level && pw == d->dlt.password;
}

/* 0x14: write one setting with its password level. */
static int do_write(struct sim_device *d, const struct dlt645_frame *q, struct dlt645_frame *r)
{
	const struct mw_model *m = d->model;
	const struct mw_setting *s = NULL;
	struct sim_dlt_item *it;
	char text[1024];
	uint32_t di;

	if (q->len < 12)
		return DLT645_ERR_OTHER;
	di = dlt645_di_get(q->data);
	for (size_t i = 0; i < m->n_settings && !s; i++)
		if (!m->settings[i].gap && m->settings[i].dlt.di == di &&
		    m->settings[i].dlt.command == MW_DLT_CMD_WRITE)
			s = &m->settings[i];
	if (!s)
		return DLT645_ERR_NO_DATA;
	if (!authorised(d, q->data + 4, s->dlt.password) || (s->dlt.programming_key && !d->dlt.key))
		return DLT645_ERR_PASSWORD;
	if (q->len - 12 != mw_dlt_len(&s->dlt) ||
	    mw_dlt_setting_decode(s, q->data + 12, (size_t)(q->len - 12), text, sizeof text) < 0)
		return DLT645_ERR_OTHER;
	if (is_clock(&s->dlt)) {
		struct dlt645_time t;

		if (dlt645_time_decode(s->dlt.format, q->data + 12, &t) < 0)
			return DLT645_ERR_OTHER;
		set_clock(d, s->dlt.format, &t);
	} else if ((it = item(d, s))) {
		memcpy(it->data, q->data + 12, (size_t)(q->len - 12));
		it->len = q->len - 12;
	} else {
		return DLT645_ERR_NO_DATA;
	}
	sim_log_note("%s %s = %s", d->id, s->name, text);
	dlt645_reply(r, &d->dlt.addr, DLT645_WRITE, NULL, 0);
	return 0;
}

/* The model's setting written by command c, or NULL. */
static const struct mw_setting *by_command(const struct mw_model *m, enum mw_dlt_command c)
{
	for (size_t i = 0; i < m->n_settings; i++)
		if (!m->settings[i].gap && m->settings[i].dlt.command == c)
			return &m->settings[i];
	return NULL;
}

/* 0x1C: relay, alarm, guarantee. */
static int do_control(struct sim_device *d, const struct sim_bus *bus, const struct dlt645_frame *q,
                      struct dlt645_frame *r)
{
	const struct mw_model *m = d->model;
	const struct mw_action *a = NULL;
	struct dlt645_time until, now;
	uint8_t n1;

	if (q->len < 16)
		return DLT645_ERR_OTHER;
	n1 = q->data[8];
	for (size_t i = 0; i < m->n_actions && !a; i++)
		if (!m->actions[i].gap && m->actions[i].dlt.control == n1)
			a = &m->actions[i];
	if (!a)
		return DLT645_ERR_OTHER;
	if (!authorised(d, q->data, a->dlt.password))
		return DLT645_ERR_PASSWORD;
	if (dlt645_time_decode("YYMMDDhhmmss", q->data + 10, &until) < 0)
		return DLT645_ERR_OTHER;
	meter_clock(d, &now);
	if (until.year * 10000000000LL + until.month * 100000000LL + until.day * 1000000LL +
	        until.hour * 10000 + until.min * 100 + until.sec <
	    now.year * 10000000000LL + now.month * 100000000LL + now.day * 1000000LL +
	        now.hour * 10000 + now.min * 100 + now.sec)
		return DLT645_ERR_OTHER; /* the command has expired */
	switch (n1) {
	case DLT645_CTL_TRIP:
		d->dlt.relay_open = true;
		break;
	case DLT645_CTL_CLOSE:
	case DLT645_CTL_CLOSE_ALLOWED: /* the simulated customer presses at once */
		d->dlt.relay_open = false;
		break;
	case DLT645_CTL_ALARM:
		d->dlt.alarm = true;
		break;
	case DLT645_CTL_ALARM_RELEASE:
		d->dlt.alarm = false;
		break;
	case DLT645_CTL_GUARANTEE:
		d->dlt.guarantee = true;
		break;
	case DLT645_CTL_GUARANTEE_RELEASE:
		d->dlt.guarantee = false;
		break;
	default:
		return DLT645_ERR_OTHER;
	}
	sim_log_note("%s control %s", d->id, a->name);
	sim_dlt_update(d, bus);
	dlt645_reply(r, &d->dlt.addr, DLT645_CONTROL, NULL, 0);
	return 0;
}

/*
 * A DL/T645-1997 meter's answer: read data (0x01, a 2-byte DI) at its own
 * address, reply 0x81 or error 0xC1 with 1997's error byte.  2007 frames
 * (0x11 ...), the wildcard address and 1997's other commands are silence:
 * the simulator models a meter that reads and nothing else.
 */
static int answer_1997(struct sim_bus *bus, struct sim_device *d, const struct dlt645_frame *q,
                       struct dlt645_frame *r)
{
	uint8_t data[DLT645_DATA_MAX];
	struct sim_meas m;
	uint16_t di;
	int len;

	if ((q->ctrl & DLT645_C_CODE) != DLT645_97_READ || memcmp(q->addr.a, d->dlt.addr.a, 6) != 0)
		return 0;
	sim_dlt_update(d, bus);
	if (q->len != 2) {
		dlt645_reply_error(r, &d->dlt.addr, DLT645_97_READ, DLT645_97_ERR_DATA);
		return 1;
	}
	di = dlt645_97_di_get(q->data);
	sim_physics_eval(d, sim_now(), true, &m);
	dlt645_97_di_put(di, data);
	if ((len = item_data(d, bus, di, &m, data + 2)) < 0) {
		dlt645_reply_error(r, &d->dlt.addr, DLT645_97_READ, DLT645_97_ERR_DI);
		return 1;
	}
	dlt645_reply(r, &d->dlt.addr, DLT645_97_READ, data, (size_t)len + 2);
	return 1;
}

/* One device's answer: 1 = reply in r, 0 = silence. */
static int answer(struct sim_bus *bus, struct sim_device *d, const struct dlt645_frame *q,
                  struct dlt645_frame *r)
{
	uint8_t code = q->ctrl & DLT645_C_CODE;
	const struct mw_setting *s;
	int err = 0, baud;

	if (q->ctrl & DLT645_C_REPLY)
		return 0; /* another meter's reply */
	if (d->model->dlt_1997)
		return answer_1997(bus, d, q, r);
	if (dlt645_addr_is_broadcast(&q->addr)) {
		if (code == DLT645_BROADCAST_TIME && q->len == 6 &&
		    by_command(d->model, MW_DLT_CMD_TIME)) {
			struct dlt645_time t;

			if (dlt645_time_decode("YYMMDDhhmmss", q->data, &t) == 0) {
				set_clock(d, "YYMMDDhhmmss", &t);
				sim_log_note("%s clock set by broadcast", d->id);
			}
		}
		return 0;
	}
	if (!dlt645_addr_match(&q->addr, &d->dlt.addr))
		return 0;
	sim_dlt_update(d, bus);
	switch (code) {
	case DLT645_READ:
		err = do_read(d, bus, q, r);
		break;
	case DLT645_READ_NEXT:
		err = do_read_next(d, q, r);
		break;
	case DLT645_READ_ADDRESS:
		if (!d->model->dlt_id_address)
			return 0;
		dlt645_reply(r, &d->dlt.addr, DLT645_READ_ADDRESS, d->dlt.addr.a, 6);
		break;
	case DLT645_WRITE:
		err = do_write(d, q, r);
		break;
	case DLT645_WRITE_ADDRESS:
		if (!(s = by_command(d->model, MW_DLT_CMD_ADDRESS)) || q->len != 6)
			return 0;
		if (s->dlt.programming_key && !d->dlt.key) {
			sim_log_note("%s write address ignored: programming key not pressed",
			             d->id);
			return 0;
		}
		for (int i = 0; i < 6; i++)
			if (dlt645_bcd_value(q->data[i]) < 0)
				return 0;
		memcpy(d->dlt.addr.a, q->data, 6);
		dlt645_reply(r, &d->dlt.addr, DLT645_WRITE_ADDRESS, NULL, 0);
		{
			char a[13];

			dlt645_addr_format(&d->dlt.addr, a);
			sim_log_note("%s address now %s", d->id, a);
		}
		break;
	case DLT645_BAUD:
		baud = q->len == 1 ? dlt645_baud_from_code(q->data[0]) : 0;
		if (!baud || !by_command(d->model, MW_DLT_CMD_BAUD)) {
			err = DLT645_ERR_BAUD;
			break;
		}
		{
			bool ok = false;

			for (size_t i = 0; i < d->model->line.n_bauds; i++)
				ok |= d->model->line.bauds[i] == baud;
			if (!ok) {
				err = DLT645_ERR_BAUD;
				break;
			}
		}
		dlt645_reply(r, &d->dlt.addr, DLT645_BAUD, q->data, 1);
		d->dlt.pending_baud = baud;
		d->line_pending = true;
		break;
	case DLT645_CONTROL:
		err = do_control(d, bus, q, r);
		break;
	default:
		err = DLT645_ERR_OTHER;
	}
	if (err) {
		/* An abbreviated or wildcard address never gets an error reply. */
		if (memchr(q->addr.a, 0xAA, 6))
			return 0;
		dlt645_reply_error(r, &d->dlt.addr, code, (uint8_t)err);
	}
	return 1;
}

int sim_dlt_handle(struct sim_bus *bus, const struct dlt645_frame *req, int baud,
                   enum mw_format fmt, struct sim_reply *out, int max)
{
	int n = 0;

	for (size_t i = 0; i < bus->n_devs && n < max; i++) {
		struct sim_device *d = &bus->devs[i];
		struct dlt645_frame r;
		size_t len;

		if (!d->attached || d->model->protocol != MW_PROTO_DLT645 || d->baud != baud ||
		    (d->format != fmt && !(d->also_formats >> fmt & 1)))
			continue;
		if (!answer(bus, d, req, &r))
			continue;
		len = dlt645_build(&r, d->model->line.wakeup, out[n].buf, sizeof out[n].buf);
		if (!len)
			continue;
		out[n].dev = d;
		out[n].len = len;
		n++;
	}
	return n;
}

void sim_dlt_apply_line(struct sim_device *d)
{
	if (d->dlt.pending_baud)
		d->baud = d->dlt.pending_baud;
	d->dlt.pending_baud = 0;
	d->line_pending = false;
}
