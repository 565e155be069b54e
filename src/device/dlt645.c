/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt645.c - DL/T645-2007 frames (build, find in a noisy stream),
 * addresses (wildcards, broadcast), data identifiers, BCD numbers, dates
 * and times, and the requests and replies of each control code.  See
 * dlt645.h for the wire rules.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dlt645.h"
#include "i18n.h"

uint8_t dlt645_checksum(const uint8_t *b, size_t n)
{
	unsigned sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += b[i];
	return (uint8_t)sum;
}

size_t dlt645_build(const struct dlt645_frame *f, int wakeup, uint8_t *out, size_t outsz)
{
	size_t need = (size_t)(wakeup > 0 ? wakeup : 0) + 12 + f->len, o = 0, start;

	if (outsz < need)
		return 0;
	for (int i = 0; i < wakeup; i++)
		out[o++] = 0xFE;
	start = o;
	out[o++] = 0x68;
	memcpy(out + o, f->addr.a, 6);
	o += 6;
	out[o++] = 0x68;
	out[o++] = f->ctrl;
	out[o++] = f->len;
	for (size_t i = 0; i < f->len; i++)
		out[o++] = (uint8_t)(f->data[i] + 0x33);
	out[o] = dlt645_checksum(out + start, o - start);
	o++;
	out[o++] = 0x16;
	return o;
}

/* Count bytes passed over before offset `to` into s. */
static void pass_over(const uint8_t *b, size_t from, size_t to, struct dlt645_scan *s)
{
	for (size_t i = from; i < to; i++) {
		if (b[i] == 0xFE) {
			s->wakeup++;
		} else {
			s->garbage++;
			if (s->problem == DLT645_P_NONE)
				s->problem = DLT645_P_GARBAGE;
		}
	}
}

int dlt645_find(const uint8_t *b, size_t n, struct dlt645_frame *f, struct dlt645_scan *s)
{
	size_t i = 0, seen = 0; /* bytes before `seen` are counted in s */

	memset(s, 0, sizeof *s);
	while (i < n) {
		size_t len, cs_at;
		uint8_t cs;

		if (b[i] != 0x68) {
			i++;
			continue;
		}
		if (n - i < 10) /* 68 A0..A5 68 C L: not all here yet */
			break;
		if (b[i + 7] != 0x68) {
			pass_over(b, seen, i, s);
			s->garbage++;
			if (s->problem == DLT645_P_NONE || s->problem == DLT645_P_GARBAGE)
				s->problem = DLT645_P_HEADER;
			seen = ++i;
			continue;
		}
		len = b[i + 9];
		if (n - i < 12 + len)
			break;
		cs_at = i + 10 + len;
		cs = dlt645_checksum(b + i, cs_at - i);
		if (b[cs_at] != cs || b[cs_at + 1] != 0x16) {
			pass_over(b, seen, i, s);
			s->garbage++;
			if (s->problem == DLT645_P_NONE || s->problem == DLT645_P_GARBAGE) {
				s->problem = b[cs_at] != cs ? DLT645_P_CHECKSUM : DLT645_P_END;
				s->cs_got = b[cs_at];
				s->cs_want = cs;
			}
			seen = ++i;
			continue;
		}
		pass_over(b, seen, i, s);
		memcpy(f->addr.a, b + i + 1, 6);
		f->ctrl = b[i + 8];
		f->len = (uint8_t)len;
		for (size_t k = 0; k < len; k++)
			f->data[k] = (uint8_t)(b[i + 10 + k] - 0x33);
		s->start = i;
		s->end = cs_at + 2;
		return 1;
	}
	/* No whole frame: everything before a possible start can go. */
	pass_over(b, seen, i, s);
	s->end = i;
	return 0;
}

const char *dlt645_problem_text(enum dlt645_problem p)
{
	switch (p) {
	case DLT645_P_NONE:
		return _("no problem");
	case DLT645_P_GARBAGE:
		return _("bytes outside any frame");
	case DLT645_P_HEADER:
		return _("a 68 without the second 68 of a frame header");
	case DLT645_P_CHECKSUM:
		return _("checksum mismatch");
	case DLT645_P_END:
		return _("no end byte 16 after the checksum");
	}
	return "?";
}

uint8_t dlt645_bcd_byte(int v)
{
	return (uint8_t)((v / 10 % 10) << 4 | v % 10);
}

int dlt645_bcd_value(uint8_t b)
{
	if ((b >> 4) > 9 || (b & 15) > 9)
		return -1;
	return (b >> 4) * 10 + (b & 15);
}

int dlt645_addr_parse(const char *s, struct dlt645_addr *a)
{
	if (strlen(s) != 12)
		return -1;
	for (int i = 0; i < 6; i++) {
		const char *p = s + 2 * (5 - i); /* A5 is written first */

		if ((p[0] == 'A' || p[0] == 'a') && (p[1] == 'A' || p[1] == 'a'))
			a->a[i] = 0xAA;
		else if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9')
			a->a[i] = (uint8_t)((p[0] - '0') << 4 | (p[1] - '0'));
		else
			return -1;
	}
	return 0;
}

void dlt645_addr_format(const struct dlt645_addr *a, char *out)
{
	for (int i = 0; i < 6; i++)
		snprintf(out + 2 * i, 3, "%02X", a->a[5 - i]);
}

bool dlt645_addr_is_wildcard(const struct dlt645_addr *a)
{
	for (int i = 0; i < 6; i++)
		if (a->a[i] != 0xAA)
			return false;
	return true;
}

bool dlt645_addr_is_broadcast(const struct dlt645_addr *a)
{
	for (int i = 0; i < 6; i++)
		if (a->a[i] != 0x99)
			return false;
	return true;
}

bool dlt645_addr_match(const struct dlt645_addr *to, const struct dlt645_addr *meter)
{
	if (dlt645_addr_is_broadcast(to))
		return true;
	for (int i = 0; i < 6; i++)
		if (to->a[i] != 0xAA && to->a[i] != meter->a[i])
			return false;
	return true;
}

void dlt645_addr_from_number(uint64_t n, struct dlt645_addr *a)
{
	for (int i = 0; i < 6; i++) {
		a->a[i] = dlt645_bcd_byte((int)(n % 100));
		n /= 100;
	}
}

void dlt645_di_put(uint32_t di, uint8_t *out)
{
	for (int i = 0; i < 4; i++)
		out[i] = (uint8_t)(di >> (8 * i));
}

uint32_t dlt645_di_get(const uint8_t *in)
{
	return (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 |
	       (uint32_t)in[3] << 24;
}

bool dlt645_di_is_block(uint32_t di)
{
	for (int i = 0; i < 4; i++)
		if ((di >> (8 * i) & 0xFF) == 0xFF)
			return true;
	return false;
}

bool dlt645_di_in_block(uint32_t block, uint32_t di)
{
	for (int i = 0; i < 4; i++) {
		uint32_t bb = block >> (8 * i) & 0xFF, db = di >> (8 * i) & 0xFF;

		if (bb != 0xFF && bb != db)
			return false;
	}
	return true;
}

int dlt645_format_parse(const char *s, int *digits, int *decimals)
{
	int d = 0, dec = -1;

	for (const char *p = s; *p; p++) {
		if (*p == 'X' || *p == 'x' || *p == 'N')
			d++;
		else if (*p == '.' && dec < 0)
			dec = d;
		else
			return -1;
	}
	if (d == 0 || d % 2 || d > 16 || dec == 0 || dec == d)
		return -1;
	*digits = d;
	*decimals = dec < 0 ? 0 : d - dec;
	return 0;
}

int dlt645_bcd_encode(double v, int digits, int decimals, bool is_signed, uint8_t *out)
{
	int n = digits / 2;
	bool neg = v < 0;
	double lim = pow(10, digits) / (is_signed ? 1.25 : 1); /* signed: top digit <= 7 */
	double raw = round(fabs(v) * pow(10, decimals));
	uint64_t r;

	if (digits <= 0 || digits % 2 || digits > 16 || !isfinite(v) || (neg && !is_signed))
		return -1;
	if (raw >= lim)
		return -1;
	r = (uint64_t)raw;
	for (int i = 0; i < n; i++) {
		out[i] = dlt645_bcd_byte((int)(r % 100));
		r /= 100;
	}
	if (neg && raw > 0)
		out[n - 1] |= 0x80;
	return n;
}

int dlt645_bcd_decode(const uint8_t *in, int digits, int decimals, bool is_signed, double *v)
{
	int n = digits / 2;
	double r = 0;
	bool neg = false;

	if (digits <= 0 || digits % 2 || digits > 16)
		return -1;
	for (int i = n - 1; i >= 0; i--) {
		uint8_t b = in[i];
		int d;

		if (i == n - 1 && is_signed) {
			neg = b & 0x80;
			b &= 0x7F;
		}
		if ((d = dlt645_bcd_value(b)) < 0)
			return -1;
		r = r * 100 + d;
	}
	r /= pow(10, decimals);
	*v = neg ? -r : r;
	return 0;
}

/* A field of a time format: its letters, where it lives, its range. */
struct tfield {
	char code[3];
	size_t off; /* offsetof in struct dlt645_time */
	int min, max;
};

static const struct tfield tfields[] = {
    {"YY", offsetof(struct dlt645_time, year), 0, 99},
    {"MM", offsetof(struct dlt645_time, month), 1, 12},
    {"DD", offsetof(struct dlt645_time, day), 1, 31},
    {"WW", offsetof(struct dlt645_time, wday), 0, 6},
    {"hh", offsetof(struct dlt645_time, hour), 0, 23},
    {"mm", offsetof(struct dlt645_time, min), 0, 59},
    {"ss", offsetof(struct dlt645_time, sec), 0, 59},
    {"NN", offsetof(struct dlt645_time, num), 0, 99},
};

static const struct tfield *tfield(const char *p)
{
	for (size_t i = 0; i < sizeof tfields / sizeof tfields[0]; i++)
		if (p[0] == tfields[i].code[0] && p[1] == tfields[i].code[1])
			return &tfields[i];
	return NULL;
}

int dlt645_time_len(const char *fmt)
{
	size_t n = strlen(fmt);

	if (n == 0 || n % 2 || n > 32)
		return -1;
	for (size_t i = 0; i < n; i += 2)
		if (!tfield(fmt + i))
			return -1;
	return (int)(n / 2);
}

int dlt645_time_encode(const char *fmt, const struct dlt645_time *t, uint8_t *out)
{
	int n = dlt645_time_len(fmt);

	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		const struct tfield *f = tfield(fmt + 2 * i);
		int v = *(const int *)((const char *)t + f->off);

		if (f->off == offsetof(struct dlt645_time, year))
			v -= 2000;
		if (v < f->min || v > f->max)
			return -1;
		out[n - 1 - i] = dlt645_bcd_byte(v);
	}
	return n;
}

int dlt645_time_decode(const char *fmt, const uint8_t *in, struct dlt645_time *t)
{
	int n = dlt645_time_len(fmt);

	if (n < 0)
		return -1;
	memset(t, 0, sizeof *t);
	for (int i = 0; i < n; i++) {
		const struct tfield *f = tfield(fmt + 2 * i);
		int v = dlt645_bcd_value(in[n - 1 - i]);

		if (v < f->min || v > f->max)
			return -1;
		if (f->off == offsetof(struct dlt645_time, year))
			v += 2000;
		*(int *)((char *)t + f->off) = v;
	}
	return 0;
}

uint8_t dlt645_baud_code(int baud)
{
	static const int bauds[] = {600, 1200, 2400, 4800, 9600, 19200};

	for (int i = 0; i < 6; i++)
		if (bauds[i] == baud)
			return (uint8_t)(1u << (i + 1));
	return 0;
}

int dlt645_baud_from_code(uint8_t z)
{
	for (int i = 1; i <= 6; i++)
		if (z == (1u << i))
			return 600 << (i - 1);
	return 0;
}

static void frame_init(struct dlt645_frame *f, const struct dlt645_addr *a, uint8_t ctrl)
{
	memset(f, 0, sizeof *f);
	f->addr = *a;
	f->ctrl = ctrl;
}

void dlt645_req_read(struct dlt645_frame *f, const struct dlt645_addr *a, uint32_t di)
{
	frame_init(f, a, DLT645_READ);
	dlt645_di_put(di, f->data);
	f->len = 4;
}

void dlt645_req_read_next(struct dlt645_frame *f, const struct dlt645_addr *a, uint32_t di,
                          uint8_t seq)
{
	frame_init(f, a, DLT645_READ_NEXT);
	dlt645_di_put(di, f->data);
	f->data[4] = seq;
	f->len = 5;
}

void dlt645_req_read_address(struct dlt645_frame *f)
{
	struct dlt645_addr any = {{0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA}};

	frame_init(f, &any, DLT645_READ_ADDRESS);
}

void dlt645_req_write_address(struct dlt645_frame *f, const struct dlt645_addr *new_addr)
{
	struct dlt645_addr any = {{0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA}};

	frame_init(f, &any, DLT645_WRITE_ADDRESS);
	memcpy(f->data, new_addr->a, 6);
	f->len = 6;
}

/* PA P0 P1 P2 C0 C1 C2 C3 at out. */
static void put_auth(const struct dlt645_auth *auth, uint8_t *out)
{
	out[0] = auth->level;
	for (int i = 0; i < 3; i++)
		out[1 + i] = (uint8_t)(auth->password >> (8 * i));
	for (int i = 0; i < 4; i++)
		out[4 + i] = (uint8_t)(auth->operator_id >> (8 * i));
}

int dlt645_req_write(struct dlt645_frame *f, const struct dlt645_addr *a, uint32_t di,
                     const struct dlt645_auth *auth, const uint8_t *data, size_t n)
{
	if (n > DLT645_DATA_MAX - 12)
		return -1;
	frame_init(f, a, DLT645_WRITE);
	dlt645_di_put(di, f->data);
	put_auth(auth, f->data + 4);
	memcpy(f->data + 12, data, n);
	f->len = (uint8_t)(12 + n);
	return 0;
}

int dlt645_req_baud(struct dlt645_frame *f, const struct dlt645_addr *a, int baud)
{
	uint8_t z = dlt645_baud_code(baud);

	if (!z)
		return -1;
	frame_init(f, a, DLT645_BAUD);
	f->data[0] = z;
	f->len = 1;
	return 0;
}

int dlt645_req_broadcast_time(struct dlt645_frame *f, const struct dlt645_time *t)
{
	struct dlt645_addr all = {{0x99, 0x99, 0x99, 0x99, 0x99, 0x99}};

	frame_init(f, &all, DLT645_BROADCAST_TIME);
	if (dlt645_time_encode("YYMMDDhhmmss", t, f->data) < 0)
		return -1;
	f->len = 6;
	return 0;
}

int dlt645_req_control(struct dlt645_frame *f, const struct dlt645_addr *a,
                       const struct dlt645_auth *auth, enum dlt645_control_type type,
                       const struct dlt645_time *until)
{
	frame_init(f, a, DLT645_CONTROL);
	put_auth(auth, f->data);
	f->data[8] = (uint8_t)type;
	f->data[9] = 0; /* N2: reserved */
	if (dlt645_time_encode("YYMMDDhhmmss", until, f->data + 10) < 0)
		return -1;
	f->len = 16;
	return 0;
}

void dlt645_reply(struct dlt645_frame *f, const struct dlt645_addr *a, uint8_t code,
                  const uint8_t *data, size_t n)
{
	frame_init(f, a, (uint8_t)(DLT645_C_REPLY | (code & DLT645_C_CODE)));
	if (n > DLT645_DATA_MAX)
		n = DLT645_DATA_MAX;
	if (n)
		memcpy(f->data, data, n);
	f->len = (uint8_t)n;
}

void dlt645_reply_error(struct dlt645_frame *f, const struct dlt645_addr *a, uint8_t code,
                        uint8_t err)
{
	frame_init(f, a, (uint8_t)(DLT645_C_REPLY | DLT645_C_ERROR | (code & DLT645_C_CODE)));
	f->data[0] = err;
	f->len = 1;
}

bool dlt645_is_reply(const struct dlt645_frame *f, uint8_t code)
{
	return (f->ctrl & (DLT645_C_REPLY | DLT645_C_ERROR)) == DLT645_C_REPLY &&
	       (f->ctrl & DLT645_C_CODE) == (code & DLT645_C_CODE);
}

bool dlt645_is_error(const struct dlt645_frame *f, uint8_t code)
{
	return (f->ctrl & (DLT645_C_REPLY | DLT645_C_ERROR)) == (DLT645_C_REPLY | DLT645_C_ERROR) &&
	       (f->ctrl & DLT645_C_CODE) == (code & DLT645_C_CODE) && f->len >= 1;
}

void dlt645_error_text(uint8_t err, char *out, size_t outsz)
{
	static const char *const bits[] = {N_("other error"),
	                                   N_("no such data item"),
	                                   N_("wrong password or not authorised"),
	                                   N_("baud rate cannot be changed"),
	                                   N_("too many time zones"),
	                                   N_("too many daily periods"),
	                                   N_("too many tariffs"),
	                                   N_("reserved error bit 7")};
	size_t o = 0;

	if (outsz)
		out[0] = '\0';
	if (!err) {
		snprintf(out, outsz, "%s", _("error word 0"));
		return;
	}
	for (int i = 0; i < 8; i++) {
		if (!(err & (1u << i)) || o >= outsz)
			continue;
		o += (size_t)snprintf(out + o, outsz - o, "%s%s", o ? ", " : "", _(bits[i]));
	}
}

void dlt645_97_di_put(uint16_t di, uint8_t *out)
{
	out[0] = (uint8_t)(di & 0xFF);
	out[1] = (uint8_t)(di >> 8);
}

uint16_t dlt645_97_di_get(const uint8_t *in)
{
	return (uint16_t)(in[0] | in[1] << 8);
}

void dlt645_97_req_read(struct dlt645_frame *f, const struct dlt645_addr *a, uint16_t di)
{
	frame_init(f, a, DLT645_97_READ);
	dlt645_97_di_put(di, f->data);
	f->len = 2;
}

bool dlt645_97_code(uint8_t code)
{
	code &= DLT645_C_CODE;
	return code >= DLT645_97_READ && code <= DLT645_97_CLEAR_DEMAND &&
	       code != DLT645_97_BROADCAST_TIME;
}

void dlt645_97_error_text(uint8_t err, char *out, size_t outsz)
{
	static const char *const bits[] = {N_("illegal data"),
	                                   N_("wrong data identifier"),
	                                   N_("wrong password or not authorised"),
	                                   N_("reserved error bit 3"),
	                                   N_("too many time zones"),
	                                   N_("too many daily periods"),
	                                   N_("too many tariffs"),
	                                   N_("reserved error bit 7")};
	size_t o = 0;

	if (outsz)
		out[0] = '\0';
	if (!err) {
		snprintf(out, outsz, "%s", _("error word 0"));
		return;
	}
	for (int i = 0; i < 8; i++) {
		if (!(err & (1u << i)) || o >= outsz)
			continue;
		o += (size_t)snprintf(out + o, outsz - o, "%s%s", o ? ", " : "", _(bits[i]));
	}
}

const char *dlt645_control_name(enum dlt645_control_type t)
{
	switch (t) {
	case DLT645_CTL_TRIP:
		return "trip";
	case DLT645_CTL_CLOSE_ALLOWED:
		return "close_allowed";
	case DLT645_CTL_CLOSE:
		return "close";
	case DLT645_CTL_ALARM:
		return "alarm";
	case DLT645_CTL_ALARM_RELEASE:
		return "alarm_release";
	case DLT645_CTL_GUARANTEE:
		return "guarantee";
	case DLT645_CTL_GUARANTEE_RELEASE:
		return "guarantee_release";
	}
	return NULL;
}

size_t dlt645_frame_chars(size_t n, int w)
{
	return (size_t)(w > 0 ? w : 0) + 12 + n;
}

void dlt645_search_init(struct dlt645_search *s)
{
	memset(s, 0, sizeof *s);
}

bool dlt645_search_next(struct dlt645_search *s, struct dlt645_addr *probe)
{
	if (s->done)
		return false;
	memset(probe->a, 0xAA, 6);
	for (int i = 0; i < s->depth; i++)
		probe->a[i] = dlt645_bcd_byte(s->value[i]);
	return true;
}

/* Move to the next value at this depth, climbing when a level is done. */
static void search_advance(struct dlt645_search *s)
{
	while (s->depth > 0 && ++s->value[s->depth - 1] > 99)
		s->depth--;
	if (s->depth == 0)
		s->done = true;
}

void dlt645_search_result(struct dlt645_search *s, enum dlt645_probe_result r,
                          const struct dlt645_addr *a)
{
	if (s->done)
		return;
	s->probes++;
	if (r == DLT645_PROBE_ONE && a) {
		bool dup = false;

		for (int i = 0; i < s->n_found; i++)
			dup |= !memcmp(s->found[i].a, a->a, 6);
		if (!dup && s->n_found < DLT645_SEARCH_MAX)
			s->found[s->n_found++] = *a;
		else if (!dup)
			s->dropped++;
	}
	if (r == DLT645_PROBE_COLLISION) {
		if (s->depth < 6) {
			s->value[s->depth++] = 0; /* one byte deeper */
			return;
		}
		if (s->n_same < 8) { /* every byte fixed and still two: one address, two meters */
			struct dlt645_addr same;

			for (int i = 0; i < 6; i++)
				same.a[i] = dlt645_bcd_byte(s->value[i]);
			s->same[s->n_same++] = same;
		}
	}
	if (s->depth == 0) { /* the AAx6 probe: none or one meter */
		s->done = true;
		return;
	}
	search_advance(s);
}
