/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt_meter.c - one DL/T645-2007 meter: requests sized to the timing
 * model, reads by DI with blocks and follow-up frames, identification
 * from the device files, the meter's clock, and passwords.  Writes,
 * control and the broadcast time are in dlt_write.c.  A DL/T645-1997
 * meter (`protocol: dlt645-1997`) is read and identified the same way,
 * with 1997's read (0x01) and 2-byte DIs; it is not written.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec_dlt645.h"
#include "dlt_meter.h"
#include "i18n.h"
#include "timing.h"
#include "text.h"
#include "trace.h"
#include "xalloc.h"

bool mw_dlt_model(const struct mw_model *model)
{
	return model && model->protocol == MW_PROTO_DLT645;
}

int mw_dlt_meter_init(struct mw_dlt_meter *m, struct mw_bus *b, const char *addr,
                      const struct mw_model *model, char *err, size_t errsz)
{
	memset(m, 0, sizeof *m);
	m->bus = b;
	m->model = model;
	m->wakeup = model ? model->line.wakeup : DLT645_WAKEUP;
	m->v1997 = model && model->dlt_1997;
	m->t_max_ms = DLT645_TURNAROUND_MAX_MS;
	m->measured_ms = -1;
	if (!addr || strlen(addr) != 12 || dlt645_addr_parse(addr, &m->addr) < 0 ||
	    memchr(m->addr.a, 0xAA, 6)) {
		mw_text_printf(err, errsz, _("%s: a DL/T645 address is 12 decimal digits"),
		               addr ? addr : "");
		return -1;
	}
	dlt645_addr_format(&m->addr, m->addr_text);
	return 0;
}

int mw_dlt_timeout_ms(const struct mw_bus *b, size_t req_chars, double t_max_ms)
{
	const struct mw_linecfg *lc = mw_bus_line(b);
	/* The one formula's 9t holds an 8-byte request: add this one's extra characters. */
	double extra =
	    req_chars > 8 ? mw_timing_frame_ms(lc->baud, lc->format, (int)req_chars - 8) : 0;

	return mw_timing_safe_timeout_ms(lc->baud, lc->format, t_max_ms + extra,
	                                 mw_bus_is_tcp(b) ? MW_TIMING_NETWORK_MS : 0);
}

/* A read (0x11) or its follow-up frame (0x12)? */
static bool is_read(const struct dlt645_frame *req)
{
	uint8_t code = req->ctrl & DLT645_C_CODE;

	return code == DLT645_READ || code == DLT645_READ_NEXT;
}

/*
 * Turnaround of a read's timeout, ms: the slowest measured on m's read
 * replies with the margin the scan gives (1.25 T + 2 ms, plus slack_ms), never more
 * than t_max_ms; t_max_ms (the standard's 500 ms) until one was measured,
 * and for writes, which a meter may answer more slowly than reads.
 */
static double timeout_turnaround(const struct mw_dlt_meter *m, const struct dlt645_frame *req)
{
	double T;

	if (m->measured_ms < 0 || !is_read(req))
		return m->t_max_ms;
	T = m->measured_ms * 1.25 + 2.0 + m->slack_ms;
	return T < m->t_max_ms ? T : m->t_max_ms;
}

/* Note the turnaround of the reply rep to the read req of q characters:
 * the exchange's time less the line time of both frames and the line's
 * latency (a reply's own wake-up bytes are left in: a little more). */
static void measure(struct mw_dlt_meter *m, size_t q, const struct dlt645_frame *rep)
{
	const struct mw_linecfg *lc = mw_bus_line(m->bus);
	double T = mw_bus_stats(m->bus, -1)->latency_ms_last -
	           mw_timing_frame_ms(lc->baud, lc->format, (int)(q + 12 + rep->len)) -
	           mw_bus_latency_ms(m->bus);

	if (T < 0)
		T = 0;
	if (T > m->measured_ms)
		m->measured_ms = T;
}

/*
 * The password bytes of request req for the trace (trace.h), counted from
 * its 68: a write (0x14) carries PA P0 P1 P2 after the DI, a password
 * change (0x18) the old and the new after it, the clears (0x19-0x1B) and
 * control (0x1C) PA P0 P1 P2 first (data begin at byte 10).
 */
static struct mw_trace_secret secret_of(const struct dlt645_frame *req)
{
	struct mw_trace_secret t = {0, 0, 0, 0, 2, 1}; /* and the checksum */

	switch (req->ctrl & DLT645_C_CODE) {
	case DLT645_WRITE:
		t.req_from = 14;
		t.req_n = 4;
		break;
	case DLT645_PASSWORD:
		t.req_from = 14;
		t.req_n = 8;
		break;
	case DLT645_CLEAR_DEMAND:
	case DLT645_CLEAR_METER:
	case DLT645_CLEAR_EVENTS:
	case DLT645_CONTROL:
		t.req_from = 10;
		t.req_n = 4;
		break;
	default:
		break;
	}
	return t;
}

int mw_dlt_request(struct mw_dlt_meter *m, const struct dlt645_frame *req, int tries,
                   struct dlt645_frame *rep, char *err, size_t errsz)
{
	struct dlt645_frame scratch;
	struct mw_trace_secret pw;
	size_t q = dlt645_frame_chars(req->len, m->wakeup);
	int resp, byte, rc;

	if (!rep)
		rep = &scratch;
	mw_bus_get_timeouts(m->bus, &resp, &byte);
	mw_bus_set_timeouts(m->bus,
	                    m->timeout_ms
	                        ? m->timeout_ms
	                        : mw_dlt_timeout_ms(m->bus, q, timeout_turnaround(m, req)),
	                    byte);
	pw = secret_of(req);
	if (pw.req_n)
		mw_trace_secret(&pw);
	rc = mw_bus_dlt645(m->bus, req, m->wakeup, tries, rep, err, errsz);
	if (pw.req_n)
		mw_trace_secret(NULL);
	mw_bus_set_timeouts(m->bus, resp, byte);
	if ((rc == 0 || mw_bus_last_error(m->bus) == MW_BUS_EXCEPTION) &&
	    !dlt645_addr_is_broadcast(&req->addr)) {
		/* the reply: 12 framing bytes and its data (no wake-up bytes) */
		m->n_answered++;
		m->line_chars += q + 12 + rep->len;
	}
	if (rc == 0 && is_read(req) && !dlt645_addr_is_broadcast(&req->addr))
		measure(m, q, rep);
	return rc;
}

/* DL/T645-1997: read a 2-byte DI (0x01), one reply frame. */
static int read_di_1997(struct mw_dlt_meter *m, uint32_t di, uint8_t *out, size_t outsz, size_t *n,
                        char *err, size_t errsz)
{
	struct dlt645_frame q, r;

	if (di > 0xFFFF) {
		mw_text_printf(err, errsz,
		               _("%s: DI %08X is not a DL/T645-1997 data identifier (2 bytes)"),
		               mw_bus_name(m->bus), di);
		return -1;
	}
	dlt645_97_req_read(&q, &m->addr, (uint16_t)di);
	if (mw_dlt_request(m, &q, 0, &r, err, errsz) < 0)
		return -1;
	if (r.len < 2 || dlt645_97_di_get(r.data) != di) {
		mw_text_printf(
		    err, errsz,
		    _("%s: DL/T645-1997 meter %s answered DI %04X with another data item"),
		    mw_bus_name(m->bus), m->addr_text, di);
		return -1;
	}
	if (r.ctrl & DLT645_C_MORE) {
		mw_text_printf(
		    err, errsz,
		    _("%s: DL/T645-1997 meter %s announced follow-up frames for DI %04X, "
		      "which meterwise does not read (a gap)"),
		    mw_bus_name(m->bus), m->addr_text, di);
		return -1;
	}
	if (r.len - 2u > outsz) {
		mw_text_printf(err, errsz,
		               _("%s: DL/T645 meter %s sent more data for DI %08X than %zu bytes"),
		               mw_bus_name(m->bus), m->addr_text, di, outsz);
		return -1;
	}
	memcpy(out, r.data + 2, r.len - 2u);
	*n = r.len - 2u;
	return 0;
}

int mw_dlt_read_di(struct mw_dlt_meter *m, uint32_t di, uint8_t *out, size_t outsz, size_t *n,
                   char *err, size_t errsz)
{
	struct dlt645_frame q, r;
	size_t got = 0;
	int seq = 0, late = 0;

	if (m->v1997)
		return read_di_1997(m, di, out, outsz, n, err, errsz);
	dlt645_req_read(&q, &m->addr, di);
	for (;;) {
		size_t dl;

		if (mw_dlt_request(m, &q, 0, &r, err, errsz) < 0)
			return -1;
		if (r.len >= 4 && dlt645_di_get(r.data) != di && m->measured_ms >= 0 && !late++) {
			/* another item's reply: the late answer to an earlier read
			 * whose timeout was sized too short (the meter was slower
			 * than measured); allow that and ask again, once */
			m->slack_ms += m->measured_ms * 1.25 + 2.0 + m->slack_ms;
			continue;
		}
		if (r.len < 4 || dlt645_di_get(r.data) != di) {
			mw_text_printf(
			    err, errsz,
			    _("%s: DL/T645 meter %s answered DI %08X with another data item"),
			    mw_bus_name(m->bus), m->addr_text, di);
			return -1;
		}
		dl = r.len - 4u;
		if (seq > 0) { /* a follow-up frame ends with its sequence number */
			if (dl < 1 || r.data[r.len - 1] != (uint8_t)seq) {
				mw_text_printf(
				    err, errsz,
				    _("%s: DL/T645 meter %s sent follow-up frame %d of DI %08X "
				      "out of sequence"),
				    mw_bus_name(m->bus), m->addr_text, seq, di);
				return -1;
			}
			dl--;
		}
		if (got + dl > outsz) {
			mw_text_printf(
			    err, errsz,
			    _("%s: DL/T645 meter %s sent more data for DI %08X than %zu bytes"),
			    mw_bus_name(m->bus), m->addr_text, di, outsz);
			return -1;
		}
		memcpy(out + got, r.data + 4, dl);
		got += dl;
		if (!(r.ctrl & DLT645_C_MORE))
			break;
		if (++seq > 255) {
			mw_text_printf(err, errsz, _("%s: DL/T645 meter %s sent no end to DI %08X"),
			               mw_bus_name(m->bus), m->addr_text, di);
			return -1;
		}
		dlt645_req_read_next(&q, &m->addr, di, (uint8_t)seq);
	}
	*n = got;
	return 0;
}

const struct mw_model *mw_dlt_identify(struct mw_dlt_meter *m, const struct mw_catalog *cat,
                                       char *what, size_t whatsz)
{
	bool answered = false;
	bool silent[2] = {false, false}; /* a version found silent: 2007, 1997 */
	char e[512];

	mw_text_printf(what, whatsz, "%s", _("no DL/T645 device file can be recognised"));
	/* The 2007 files first (pass 0), then the 1997 ones (pass 1). */
	for (size_t k = 0; k < 2 * cat->n_models; k++) {
		const struct mw_model *md = cat->models[k % cat->n_models];
		uint8_t data[DLT645_DATA_MAX];
		uint32_t di;
		size_t n;

		if (!mw_dlt_model(md) || md->dlt_1997 != (k >= cat->n_models) ||
		    silent[md->dlt_1997])
			continue;
		if (md->dlt_id_di)
			di = md->dlt_id_di;
		else if (md->n_values)
			di = md->values[0].dlt.di;
		else
			continue; /* nothing it could be told by */
		m->wakeup = md->line.wakeup;
		m->v1997 = md->dlt_1997;
		if (mw_dlt_read_di(m, di, data, sizeof data, &n, e, sizeof e) == 0) {
			struct dlt645_addr a;

			if (md->dlt_id_di && md->dlt_id_di_match &&
			    (n < 6 || (memcpy(a.a, data, 6), memcmp(a.a, m->addr.a, 6) != 0))) {
				answered = true;
				continue;
			}
			m->model = md;
			mw_text_printf(what, whatsz, "%s", md->name);
			return md;
		}
		if (mw_bus_last_error(m->bus) == MW_BUS_EXCEPTION) {
			answered = true;
			continue;
		}
		mw_text_printf(what, whatsz, "%s", e);
		/* Silence: asking this version further costs a timeout each; a
		 * 1997 meter is silent to 2007 frames, so the other version is
		 * still asked. */
		silent[md->dlt_1997] = true;
		if (!answered && silent[0] && silent[1])
			return NULL;
	}
	if (answered)
		mw_text_printf(
		    what, whatsz, "%s",
		    _("the meter answers, but refuses every device file's identifying data "
		      "item"));
	return NULL;
}

void mw_dlt_where(const struct mw_dlt_meter *m, char *buf, size_t bufsz)
{
	const struct mw_linecfg *lc = mw_bus_line(m->bus);

	if (mw_bus_is_tcp(m->bus))
		snprintf(buf, bufsz, _("meter %s"), m->addr_text);
	else
		snprintf(buf, bufsz, _("meter %s, %d %s"), m->addr_text, lc->baud,
		         mw_format_name(lc->format));
}

/* Store value i from its data. */
static void decode_into(const struct mw_model *md, size_t i, const uint8_t *d, size_t n,
                        struct mw_reading *r)
{
	const struct mw_value *v = &md->values[i];
	char text[512];
	double x;

	if (mw_dlt_decode_value(v, d, n, &x, text, sizeof text) < 0)
		return;
	r->have[i] = true;
	r->values[i] = x;
	if (v->type == MW_T_BITS)
		r->raw_flags[i] = (long)x;
	if (v->type == MW_T_STRING) {
		free(r->texts[i]);
		r->texts[i] = mw_xstrdup(text);
	}
}

static int cmp_di(const void *a, const void *b, void *ctx)
{
	const struct mw_model *md = ctx;
	uint32_t x = md->values[*(const size_t *)a].dlt.di,
	         y = md->values[*(const size_t *)b].dlt.di;

	return x < y ? -1 : x > y;
}

/* Insertion sort of idx[0..n) by DI (qsort_r is not everywhere). */
static void sort_by_di(const struct mw_model *md, size_t *idx, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cmp_di(&idx[j - 1], &idx[j], (void *)md) > 0; j--) {
			size_t t = idx[j];

			idx[j] = idx[j - 1];
			idx[j - 1] = t;
		}
}

int mw_dlt_read_all(struct mw_dlt_meter *m, struct mw_reading *r, char *err, size_t errsz)
{
	return mw_dlt_read_values(m, NULL, 0, r, err, errsz);
}

int mw_dlt_read_values(struct mw_dlt_meter *m, const size_t *want_idx, size_t n_want,
                       struct mw_reading *r, char *err, size_t errsz)
{
	const struct mw_model *md = m->model;
	bool *done = mw_xcalloc(md->n_values + 1, sizeof *done);
	bool *no_block = mw_xcalloc(md->n_values + 1, sizeof *no_block);
	size_t *idx = mw_xcalloc(md->n_values + 1, sizeof *idx);
	uint8_t data[1024];
	struct timespec t0, t1;
	int answered = 0;
	bool first_err = true;
	char e[512];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (want_idx) {
		/* only these, each by its own DI (a block would bring the others) */
		for (size_t i = 0; i < md->n_values; i++)
			done[i] = no_block[i] = true;
		for (size_t k = 0; k < n_want; k++)
			if (want_idx[k] < md->n_values)
				done[want_idx[k]] = false;
	}
	for (size_t i = 0; i < r->n_values; i++) {
		r->values[i] = NAN;
		r->raw_flags[i] = -1;
		r->have[i] = false;
		free(r->texts[i]);
		r->texts[i] = NULL;
	}
	r->n_requests = r->n_failed = 0;
	r->line = *mw_bus_line(m->bus);
	snprintf(r->dlt_addr, sizeof r->dlt_addr, "%s", m->addr_text);
	if (err && errsz)
		err[0] = '\0';
	for (size_t i = 0; i < md->n_values; i++) {
		const struct mw_value *v = &md->values[i];
		size_t n = 0, ni = 0, want = 0, off = 0;
		bool block_ok = false;

		if (done[i])
			continue;
		if (v->dlt.block && !no_block[i]) {
			for (size_t j = i; j < md->n_values; j++)
				if (!done[j] && md->values[j].dlt.block == v->dlt.block) {
					idx[ni++] = j;
					want += (size_t)mw_dlt_len(&md->values[j].dlt);
				}
		}
		if (ni >= 2) {
			int rc =
			    mw_dlt_read_di(m, v->dlt.block, data, sizeof data, &n, e, sizeof e);

			r->n_requests++;
			if (rc == 0 && n == want) {
				sort_by_di(md, idx, ni);
				for (size_t k = 0; k < ni; k++) {
					size_t len = (size_t)mw_dlt_len(&md->values[idx[k]].dlt);

					decode_into(md, idx[k], data + off, len, r);
					done[idx[k]] = true;
					off += len;
				}
				answered++;
				block_ok = true;
			} else if (rc == 0 || mw_bus_last_error(m->bus) == MW_BUS_EXCEPTION) {
				/* The block is not as the file lists it: item by item. */
				for (size_t k = 0; k < ni; k++)
					no_block[idx[k]] = true;
				r->n_requests--; /* not a failure of the meter */
				answered++;
			} else {
				r->n_failed++;
				if (first_err)
					mw_text_printf(err, errsz, "%s", e);
				first_err = false;
				if (!answered)
					break; /* nothing answers: do not wait out every item */
			}
		}
		if (block_ok)
			continue;
		r->n_requests++;
		if (mw_dlt_read_di(m, v->dlt.di, data, sizeof data, &n, e, sizeof e) == 0) {
			decode_into(md, i, data, n, r);
			answered++;
		} else {
			r->n_failed++;
			if (first_err)
				mw_text_printf(err, errsz, "%s", e);
			first_err = false;
			if (mw_bus_last_error(m->bus) == MW_BUS_EXCEPTION)
				answered++;
			else if (!answered)
				break;
		}
		done[i] = true;
	}
	/* Requests never sent because nothing answered count as failed. */
	for (size_t i = 0; i < md->n_values; i++)
		if (!done[i] && !r->have[i]) {
			r->n_failed++;
			r->n_requests++;
			done[i] = true;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_REALTIME, &r->when);
	r->elapsed_ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	free(done);
	free(no_block);
	free(idx);
	return r->n_failed ? -1 : 0;
}

int mw_dlt_auth(int file_level, const char *text, struct dlt645_auth *auth, char *err, size_t errsz)
{
	return mw_dlt_auth_parse(file_level, text, NULL, auth, err, errsz);
}

void mw_dlt_auth_mask(const char *text, char *buf, size_t bufsz)
{
	const char *colon = strchr(text, ':');
	size_t keep = colon ? (size_t)(colon - text) + 1 : 0, n = 0;

	if (!bufsz)
		return;
	for (; text[n] && n + 1 < bufsz; n++)
		buf[n] = n < keep ? text[n] : '*';
	buf[n] = '\0';
}

int mw_dlt_auth_parse(int file_level, const char *text, const char *shown, struct dlt645_auth *auth,
                      char *err, size_t errsz)
{
	unsigned long level = file_level < 0 ? 2 : (unsigned long)file_level;
	unsigned long pw = 0;

	memset(auth, 0, sizeof *auth);
	if (file_level >= 98) {
		mw_text_printf(
		    err, errsz,
		    _("this needs the encrypted password level %d (ESAM, with a MAC), which "
		      "meterwise does not send; see the gaps of the device file"),
		    file_level);
		return -1;
	}
	if (text) {
		const char *colon = strchr(text, ':');
		char *end;

		if (!shown)
			shown = text;
		if (!colon || colon == text || strlen(colon + 1) != 6 ||
		    strspn(text, "0123456789") != (size_t)(colon - text) ||
		    strspn(colon + 1, "0123456789abcdefABCDEF") != 6) {
			mw_text_printf(err, errsz,
			               _("--password %s: give the DL/T645 level and password as "
			                 "LEVEL:PPPPPP, e.g. 2:000000"),
			               shown);
			return -1;
		}
		level = strtoul(text, &end, 10);
		pw = strtoul(colon + 1, &end, 16);
		if (level >= 98) {
			mw_text_printf(
			    err, errsz,
			    _("--password %s: level %lu is an encrypted one (ESAM, with a MAC), "
			      "which meterwise does not send; give a plain level 0-9"),
			    shown, level);
			return -1;
		}
		if (level > 9) {
			mw_text_printf(err, errsz,
			               _("--password %s: the plain DL/T645 levels are 0 to 9"),
			               shown);
			return -1;
		}
	}
	auth->level = (uint8_t)level;
	auth->password = (uint32_t)pw;
	return 0;
}

/* Seconds since the epoch of t, read as the host's local time. */
static double epoch_of(const struct dlt645_time *t)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = t->year - 1900;
	tm.tm_mon = t->month - 1;
	tm.tm_mday = t->day;
	tm.tm_hour = t->hour;
	tm.tm_min = t->min;
	tm.tm_sec = t->sec;
	tm.tm_isdst = -1;
	return (double)mktime(&tm);
}

int mw_dlt_read_clock(struct mw_dlt_meter *m, double *t, char *err, size_t errsz)
{
	uint8_t d[64], h[64];
	size_t nd, nh;
	struct dlt645_time td, th;

	/* the same formats in both versions: 1997's C010 and C011 */
	if (mw_dlt_read_di(m, m->v1997 ? DLT645_97_DI_DATE : DLT645_DI_DATE, d, sizeof d, &nd, err,
	                   errsz) < 0 ||
	    mw_dlt_read_di(m, m->v1997 ? DLT645_97_DI_TIME : DLT645_DI_TIME, h, sizeof h, &nh, err,
	                   errsz) < 0)
		return -1;
	if (nd < 4 || nh < 3 || dlt645_time_decode("YYMMDDWW", d, &td) < 0 ||
	    dlt645_time_decode("hhmmss", h, &th) < 0) {
		mw_text_printf(err, errsz, _("%s: DL/T645 meter %s: its date or time is not BCD"),
		               mw_bus_name(m->bus), m->addr_text);
		return -1;
	}
	td.hour = th.hour;
	td.min = th.min;
	td.sec = th.sec;
	*t = epoch_of(&td);
	return 0;
}
