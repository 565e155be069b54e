/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan.c - the read planner: which requests fetch a set of values in the
 * fewest bytes on the line.
 *
 * The wanted values (and the flag words their signs come from) become
 * spans of registers; spans are grouped by table, sorted, and merged
 * greedily into requests of at most max_read registers (2000 coils).
 * A value is never split between two requests.  A hole between spans is
 * read through only when the device file allows it and doing so costs
 * fewer bytes than a request of its own.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include "codec.h"
#include "codec_int.h"
#include "plan.h"
#include "xalloc.h"

/* Request and reply overhead of one read: 8 bytes out, 5 back. */
enum { REQ_BYTES = 8, REPLY_BYTES = 5, MAX_REGS = 125, MAX_BITS = 2000 };

struct span {
	enum mw_table table;
	uint32_t start, end; /* registers [start, end) */
};

static bool table_is_bits(enum mw_table t)
{
	return t == MW_TABLE_COIL || t == MW_TABLE_DISCRETE;
}

/* Data bytes of a reply carrying n registers or bits. */
static int payload(enum mw_table t, int n)
{
	return table_is_bits(t) ? (n + 7) / 8 : 2 * n;
}

static int request_bytes(enum mw_table t, int n)
{
	return REQ_BYTES + REPLY_BYTES + payload(t, n);
}

static int table_limit(const struct mw_model *m, enum mw_table t)
{
	if (table_is_bits(t))
		return MAX_BITS;
	return m->line.max_read > 0 && m->line.max_read < MAX_REGS ? m->line.max_read : MAX_REGS;
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->table != y->table)
		return (int)x->table - (int)y->table;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* Append request [start, end) of table t. */
static int push(struct mw_plan *plan, size_t *cap, enum mw_table t, uint32_t start, uint32_t end)
{
	if (plan->n_req == *cap) {
		size_t n = *cap ? *cap * 2 : 8;
		plan->req = mw_xrealloc(plan->req, n * sizeof *plan->req);
		*cap = n;
	}
	plan->req[plan->n_req++] = (struct mw_request){
	    .table = t, .start = (uint16_t)start, .count = (uint16_t)(end - start)};
	return 0;
}

/* Merge sorted spans into requests. */
static int merge(const struct mw_model *m, const struct span *sp, size_t n, struct mw_plan *plan)
{
	size_t cap = 0;
	struct span cur;

	if (n == 0)
		return 0;
	cur = sp[0];
	for (size_t i = 1; i < n; i++) {
		const struct span *s = &sp[i];
		uint32_t end = s->end > cur.end ? s->end : cur.end;
		bool join = false;

		if (s->table == cur.table &&
		    end - cur.start <= (uint32_t)table_limit(m, s->table)) {
			if (s->start <= cur.end)
				join = true; /* adjacent or overlapping */
			else if (m->line.bridge_gaps)
				join = request_bytes(s->table, (int)(end - cur.start)) <
				       request_bytes(s->table, (int)(cur.end - cur.start)) +
				           request_bytes(s->table, (int)(s->end - s->start));
		}
		if (join) {
			cur.end = end;
			continue;
		}
		if (push(plan, &cap, cur.table, cur.start, cur.end) < 0)
			return -1;
		cur = *s;
	}
	return push(plan, &cap, cur.table, cur.start, cur.end);
}

int mw_plan_build(const struct mw_model *m, const size_t *want, size_t n_want, struct mw_plan *plan)
{
	bool *need;
	struct span *sp;
	size_t n = 0, count = want ? n_want : m->n_values;
	int rc;

	plan->req = NULL;
	plan->n_req = 0;
	if (m->n_values == 0)
		return 0;
	need = mw_xcalloc(m->n_values, sizeof *need);
	sp = mw_xcalloc(m->n_values, sizeof *sp);
	for (size_t i = 0; i < count; i++) {
		size_t k = want ? want[i] : i;
		int si;

		if (k >= m->n_values)
			goto invalid;
		need[k] = true;
		si = mw_codec_sign_index(m, &m->values[k]);
		if (si >= 0)
			need[si] = true;
	}
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		int w = mw_value_words(v);

		if (!need[i])
			continue;
		if (w <= 0 || w > table_limit(m, v->table) ||
		    (uint32_t)v->reg + (uint32_t)w > 0x10000)
			goto invalid;
		sp[n++] = (struct span){v->table, v->reg, (uint32_t)v->reg + (uint32_t)w};
	}
	qsort(sp, n, sizeof *sp, span_cmp);
	rc = merge(m, sp, n, plan);
	free(need);
	free(sp);
	if (rc < 0) {
		mw_plan_free(plan);
		errno = ENOMEM;
	}
	return rc;
invalid:
	free(need);
	free(sp);
	errno = EINVAL;
	return -1;
}

void mw_plan_free(struct mw_plan *plan)
{
	free(plan->req);
	plan->req = NULL;
	plan->n_req = 0;
}

int mw_plan_bytes(const struct mw_plan *plan)
{
	int b = 0;

	for (size_t i = 0; i < plan->n_req; i++)
		b += request_bytes(plan->req[i].table, plan->req[i].count);
	return b;
}
