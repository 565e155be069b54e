/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan_test.c - the read planner: the JSY-MK-333 map (manual Table 1:
 * measurements 0x0100-0x0153 without a hole, 32-bit values high word first)
 * read in one request; bridging of holes only when allowed and cheaper
 * (2 bytes a register against 8 + 5 bytes a request); the 125-register
 * limit; no 32-bit value split between requests; sign flags pulled in.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "devload.h"
#include "plan.h"
#include "tap.h"
#include "devtest.h"

static size_t index_of(const struct mw_model *m, const char *name)
{
	const struct mw_value *v = mw_model_value(m, name);

	if (!v) {
		printf("Bail out! no value %s\n", name);
		exit(1);
	}
	return (size_t)(v - m->values);
}

/* Is request i exactly (table, start, count)? */
static int is_req(const struct mw_plan *p, size_t i, enum mw_table t, int start, int count,
                  const char *what)
{
	int r = ok(i < p->n_req && p->req[i].table == t && p->req[i].start == start &&
	               p->req[i].count == count,
	           "%s: request %zu = 0x%04X+%d", what, i, start, count);

	if (!r && i < p->n_req)
		diag("got table %d 0x%04X+%d", p->req[i].table, p->req[i].start, p->req[i].count);
	return r;
}

/* Every wanted value lies whole inside one request; no request above max. */
static int covers(const struct mw_model *m, const struct mw_plan *p, int max)
{
	for (size_t i = 0; i < p->n_req; i++)
		if (p->req[i].count > max || p->req[i].count == 0)
			return 0;
	for (size_t i = 0; i < m->n_values; i++) {
		const struct mw_value *v = &m->values[i];
		int inside = 0;

		for (size_t j = 0; j < p->n_req; j++)
			inside += p->req[j].table == v->table && v->reg >= p->req[j].start &&
			          v->reg + mw_value_words(v) <= p->req[j].start + p->req[j].count;
		if (!inside) {
			diag("%s at 0x%04X is not read whole", v->name, v->reg);
			return 0;
		}
	}
	return 1;
}

static void test_jsy(struct mw_model *m)
{
	struct mw_plan p;
	size_t want[1];

	ok(mw_plan_build(m, NULL, 0, &p) == 0, "JSY: plan every value");
	ok(p.n_req == 2, "JSY: two requests (identification, measurements)");
	is_req(&p, 0, MW_TABLE_HOLDING, 0x0000, 4, "JSY identification 0x0000-0x0003");
	is_req(&p, 1, MW_TABLE_HOLDING, 0x0100, 84, "JSY measurements 0x0100-0x0153 in one");
	ok(mw_plan_bytes(&p) == (8 + 5 + 2 * 4) + (8 + 5 + 2 * 84), "JSY: 202 bytes on the line");
	mw_plan_free(&p);

	want[0] = index_of(m, "voltage_l1");
	ok(mw_plan_build(m, want, 1, &p) == 0 && p.n_req == 1, "voltage_l1 alone: one request");
	is_req(&p, 0, MW_TABLE_HOLDING, 0x0100, 1, "voltage_l1");
	mw_plan_free(&p);

	want[0] = index_of(m, "active_power_total");
	ok(mw_plan_build(m, want, 1, &p) == 0 && p.n_req == 2,
	   "active_power_total pulls in the direction word");
	is_req(&p, 0, MW_TABLE_HOLDING, 0x0109, 2, "active_power_total u32");
	is_req(&p, 1, MW_TABLE_HOLDING, 0x0132, 1, "direction word 0x0132");
	mw_plan_free(&p);

	/* 0x0109-0x010A is a u32: a 10-register limit must stop at 0x0108. */
	m->line.max_read = 10;
	ok(mw_plan_build(m, NULL, 0, &p) == 0, "JSY with max_read 10");
	is_req(&p, 1, MW_TABLE_HOLDING, 0x0100, 9, "the u32 at 0x0109 is not split");
	is_req(&p, 2, MW_TABLE_HOLDING, 0x0109, 10, "it starts the next request");
	ok(covers(m, &p, 10), "max_read 10: every value whole, no request above 10");
	mw_plan_free(&p);
	for (int max = 2; max <= 125; max++) {
		m->line.max_read = max;
		if (mw_plan_build(m, NULL, 0, &p) < 0 || !covers(m, &p, max)) {
			ok(0, "JSY with max_read %d reads every value whole", max);
			mw_plan_free(&p);
			break;
		}
		mw_plan_free(&p);
		if (max == 125)
			ok(1, "JSY with every max_read 2..125 reads every value whole");
	}
	m->line.max_read = 125;
}

/* A hand-built model: name, register, type. */
#define V(n, r, t)                                                                                 \
	{                                                                                          \
		.name = n, .table = MW_TABLE_HOLDING, .reg = r, .type = t, .scale = 1              \
	}

static void test_gaps(void)
{
	struct mw_value vals[] = {
	    V("a", 10, MW_T_U16), V("b", 16, MW_T_U16), /* hole 5: bridge */
	    V("c", 30, MW_T_U16),                       /* hole 13: never */
	    V("d", 37, MW_T_U32),                       /* hole 6: bridge */
	    V("e", 46, MW_T_U16),                       /* hole 7 (39..45): no */
	    V("f", 47, MW_T_S32), V("g", 48, MW_T_U16), /* overlap */
	};
	struct mw_model m = {.id = "gaps",
	                     .values = vals,
	                     .n_values = sizeof vals / sizeof vals[0],
	                     .line = {.max_read = 125, .bridge_gaps = false}};
	struct mw_plan p;

	ok(mw_plan_build(&m, NULL, 0, &p) == 0 && p.n_req == 5,
	   "no bridging allowed: every hole splits (5 requests)");
	is_req(&p, 0, MW_TABLE_HOLDING, 10, 1, "no bridge");
	is_req(&p, 1, MW_TABLE_HOLDING, 16, 1, "no bridge");
	is_req(&p, 4, MW_TABLE_HOLDING, 46, 3, "overlapping values share a request");
	ok(mw_plan_bytes(&p) == 5 * 13 + 2 * (1 + 1 + 1 + 2 + 3), "unbridged bytes");
	mw_plan_free(&p);

	m.line.bridge_gaps = true;
	ok(mw_plan_build(&m, NULL, 0, &p) == 0 && p.n_req == 3, "bridging allowed: 3 requests");
	is_req(&p, 0, MW_TABLE_HOLDING, 10, 7, "hole of 5 bridged (10 bytes < 13)");
	is_req(&p, 1, MW_TABLE_HOLDING, 30, 9, "hole of 6 bridged (12 bytes < 13)");
	is_req(&p, 2, MW_TABLE_HOLDING, 46, 3, "hole of 7 not bridged (14 bytes > 13)");
	ok(mw_plan_bytes(&p) == 3 * 13 + 2 * (7 + 9 + 3), "bridged bytes: fewer than unbridged");
	mw_plan_free(&p);

	/* A bridge must still respect the limit. */
	m.line.max_read = 8;
	ok(mw_plan_build(&m, NULL, 0, &p) == 0 && p.n_req == 4,
	   "max_read 8 breaks the 30..38 bridge");
	is_req(&p, 0, MW_TABLE_HOLDING, 10, 7, "10..16 fits 8");
	is_req(&p, 1, MW_TABLE_HOLDING, 30, 1, "30 alone");
	is_req(&p, 2, MW_TABLE_HOLDING, 37, 2, "the u32 at 37 alone");
	mw_plan_free(&p);
}

static void test_limit(void)
{
	struct mw_value vals[130];
	struct mw_model m = {.id = "long", .values = vals, .line = {.max_read = 0}};
	struct mw_plan p;
	size_t want[3];

	for (int i = 0; i < 130; i++)
		vals[i] = (struct mw_value)V("u", (uint16_t)(1000 + i), MW_T_U16);
	m.n_values = 130;
	ok(mw_plan_build(&m, NULL, 0, &p) == 0 && p.n_req == 2, "130 registers: 2 requests");
	is_req(&p, 0, MW_TABLE_HOLDING, 1000, 125, "first 125");
	is_req(&p, 1, MW_TABLE_HOLDING, 1125, 5, "last 5");
	mw_plan_free(&p);

	m.line.max_read = 500;
	ok(mw_plan_build(&m, NULL, 0, &p) == 0 && p.n_req == 2 && p.req[0].count == 125,
	   "a max_read above 125 is held to 125");
	mw_plan_free(&p);

	for (int i = 0; i < 65; i++)
		vals[i] = (struct mw_value)V("w", (uint16_t)(2000 + 2 * i), MW_T_FLOAT32);
	m.n_values = 65;
	m.line.max_read = 125;
	ok(mw_plan_build(&m, NULL, 0, &p) == 0 && p.n_req == 2, "65 float32: 2 requests");
	is_req(&p, 0, MW_TABLE_HOLDING, 2000, 124, "124 registers (125 would split a float)");
	is_req(&p, 1, MW_TABLE_HOLDING, 2124, 6, "the remaining 3 floats");
	ok(covers(&m, &p, 125), "every float whole");
	mw_plan_free(&p);

	want[0] = 64;
	want[1] = 0;
	want[2] = 64;
	ok(mw_plan_build(&m, want, 3, &p) == 0 && p.n_req == 2, "want (unsorted, repeated)");
	is_req(&p, 0, MW_TABLE_HOLDING, 2000, 2, "first float");
	is_req(&p, 1, MW_TABLE_HOLDING, 2128, 2, "last float");
	mw_plan_free(&p);

	ok(mw_plan_build(&m, want, 0, &p) == 0 && p.n_req == 0 && mw_plan_bytes(&p) == 0,
	   "nothing wanted: no request");
	mw_plan_free(&p);
	want[0] = 65;
	ok(mw_plan_build(&m, want, 1, &p) == -1, "an index past the values is an error");
}

static void test_tables(void)
{
	struct mw_flag fl[] = {{.name = "rev", .bit = 2}};
	struct mw_value vals[] = {
	    {.name = "h", .table = MW_TABLE_HOLDING, .reg = 5, .type = MW_T_U16},
	    {.name = "i", .table = MW_TABLE_INPUT, .reg = 5, .type = MW_T_U16},
	    {.name = "i2", .table = MW_TABLE_INPUT, .reg = 6, .type = MW_T_U16},
	    {.name = "c0", .table = MW_TABLE_COIL, .reg = 0, .type = MW_T_BOOL},
	    {.name = "c1", .table = MW_TABLE_COIL, .reg = 1, .type = MW_T_BOOL},
	    {.name = "p",
	     .table = MW_TABLE_HOLDING,
	     .reg = 0x40,
	     .type = MW_T_U16,
	     .sign = {.value = "dir", .bit = 2, .index = -1}},
	    {.name = "dir",
	     .table = MW_TABLE_HOLDING,
	     .reg = 0x90,
	     .type = MW_T_BITS,
	     .flags = fl,
	     .n_flags = 1},
	};
	struct mw_model m = {
	    .id = "tables", .values = vals, .n_values = 7, .line = {.max_read = 125}};
	struct mw_plan p;
	size_t want = 5;

	ok(mw_plan_build(&m, NULL, 0, &p) == 0 && p.n_req == 5, "tables apart: 5 requests");
	is_req(&p, 0, MW_TABLE_HOLDING, 5, 1, "holding 5");
	is_req(&p, 3, MW_TABLE_INPUT, 5, 2, "input 5-6 together");
	is_req(&p, 4, MW_TABLE_COIL, 0, 2, "coils 0-1 together");
	ok(mw_plan_bytes(&p) == 13 + 2 + 13 + 2 + 13 + 2 + 13 + 4 + 13 + 1,
	   "two coils cost one data byte");
	mw_plan_free(&p);

	ok(mw_plan_build(&m, &want, 1, &p) == 0 && p.n_req == 2,
	   "a signed value pulls in its flags (found by name)");
	is_req(&p, 1, MW_TABLE_HOLDING, 0x90, 1, "dir");
	mw_plan_free(&p);
}

int main(void)
{
	struct mw_model *m = load("jsy-mk-333.yaml");

	(void)is_str; /* tap.h helpers this test does not need */
	(void)is_double;
	test_jsy(m);
	mw_model_free(m);
	test_gaps();
	test_limit();
	test_tables();
	return done_testing();
}
