/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan_plan_test.c - what a scan plans before it sends anything, from the
 * shipped device files: every setting of the union of their bauds x
 * formats once, each model's factory default before any other setting,
 * the user's lists respected, --quick a prefix of the full order, the
 * presence probe a register every candidate answers, address-0 reads only
 * for models that answer them, and a timeout no shorter than the timing
 * model's 9t + T (DESIGN.md), and no DL/T645 model in the Modbus sweep.  The bus is a
 * pseudo-terminal nobody answers on; nothing is sent.
 */
#include "timing.h"
#include "config.h"

#include <pty.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devload.h"
#include "scanpriv.h"
#include "tap.h"

static int find_line(const struct mw_linecfg *l, int n, int baud, enum mw_format f)
{
	for (int i = 0; i < n; i++)
		if (l[i].baud == baud && l[i].format == f)
			return i;
	return -1;
}

static bool supports(const struct mw_model *m, int baud, enum mw_format f)
{
	bool b = false, fo = false;

	for (size_t i = 0; i < m->line.n_bauds; i++)
		b |= m->line.bauds[i] == baud;
	for (size_t i = 0; i < m->line.n_formats; i++)
		fo |= m->line.formats[i] == f;
	return b && fo;
}

static struct mw_scan *plan(struct mw_bus *b, const struct mw_catalog *cat,
                            const struct mw_scan_opts *o)
{
	char err[256];
	struct mw_scan *s = mw_scan_new(b, cat, o, err, sizeof err);

	if (!s)
		diag("mw_scan_new: %s", err);
	return s;
}

/* Union of bauds x formats: every combination once, defaults first. */
static void test_order(struct mw_bus *b, const struct mw_catalog *cat)
{
	struct mw_scan_opts o = {0};
	struct mw_scan *s = plan(b, cat, &o);
	const struct mw_linecfg *l;
	int n, n_union = 0, bauds[64], nb = 0, fmts_seen = 0, last_default = -1, n_defaults = 0;

	if (!ok(s != NULL, "plan with the catalogue's settings"))
		return;
	l = mw_scan_lines(s, &n);
	for (size_t m = 0; m < cat->n_models; m++) {
		const struct mw_line *ln = &cat->models[m]->line;

		for (size_t i = 0; i < ln->n_bauds; i++) {
			bool seen = false;

			for (int k = 0; k < nb; k++)
				seen |= bauds[k] == ln->bauds[i];
			if (!seen)
				bauds[nb++] = ln->bauds[i];
		}
		for (size_t i = 0; i < ln->n_formats; i++)
			fmts_seen |= 1 << ln->formats[i];
	}
	for (int f = 0; f < MW_FMT__COUNT; f++)
		n_union += (fmts_seen >> f & 1) * nb;
	ok(n == n_union, "%d settings planned: the union of bauds x formats has %d", n, n_union);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (l[i].baud == l[j].baud && l[i].format == l[j].format)
				ok(0, "setting %d %s planned twice", l[i].baud,
				   mw_format_name(l[i].format));
	for (size_t m = 0; m < cat->n_models; m++) {
		const struct mw_model *mod = cat->models[m];
		int at = find_line(l, n, mod->line.default_baud, mod->line.default_format);

		ok(at >= 0, "%s's factory default %d %s is planned", mod->name,
		   mod->line.default_baud, mw_format_name(mod->line.default_format));
		if (at > last_default)
			last_default = at;
	}
	for (size_t m = 0; m < cat->n_models; m++) { /* distinct defaults */
		const struct mw_line *a = &cat->models[m]->line;
		bool dup = false;

		for (size_t k = 0; k < m; k++)
			dup |= cat->models[k]->line.default_baud == a->default_baud &&
			       cat->models[k]->line.default_format == a->default_format;
		n_defaults += !dup;
	}
	ok(last_default == n_defaults - 1, "the %d factory defaults come first (last at %d)",
	   n_defaults, last_default);
	mw_scan_free(s);
}

/* --baud/--format restrict the plan; --quick is a prefix of the full plan. */
static void test_lists(struct mw_bus *b, const struct mw_catalog *cat)
{
	static const int bauds[] = {19200, 4800};
	static const enum mw_format fmts[] = {MW_FMT_8O1};
	struct mw_scan_opts o = {.bauds = bauds, .n_bauds = 2, .formats = fmts, .n_formats = 1};
	struct mw_scan_opts q = {.quick = true};
	struct mw_scan_opts all = {0};
	struct mw_scan *s = plan(b, cat, &o), *sq, *sa;
	const struct mw_linecfg *l, *lq, *la;
	int n, nq, na;

	if (!ok(s != NULL, "plan with --baud 19200,4800 --format 8O1"))
		return;
	l = mw_scan_lines(s, &n);
	ok(n == 2 && find_line(l, n, 19200, MW_FMT_8O1) >= 0 &&
	       find_line(l, n, 4800, MW_FMT_8O1) >= 0,
	   "exactly 19200 8O1 and 4800 8O1 are planned (%d settings)", n);
	mw_scan_free(s);
	sq = plan(b, cat, &q);
	sa = plan(b, cat, &all);
	if (!ok(sq && sa, "plan --quick and the full plan"))
		return;
	lq = mw_scan_lines(sq, &nq);
	la = mw_scan_lines(sa, &na);
	ok(nq > 0 && nq < na, "--quick plans fewer settings (%d of %d)", nq, na);
	for (int i = 0; i < nq; i++)
		if (lq[i].baud != la[i].baud || lq[i].format != la[i].format)
			ok(0, "--quick setting %d differs from the full plan", i);
	mw_scan_free(sq);
	mw_scan_free(sa);
}

/* Probes, address-0 reads and timeouts at every planned setting. */
static void test_lines(struct mw_bus *b, const struct mw_catalog *cat)
{
	struct mw_scan_opts o = {0};
	struct mw_scan *s = plan(b, cat, &o);
	int bad_probe = 0, bad_bcast = 0, bad_tau = 0;

	if (!ok(s != NULL, "plan for the line checks"))
		return;
	for (int i = 0; i < s->n_lines; i++) {
		const struct scan_line *L = &s->lines[i];
		double t_ms = mw_timing_char_ms(L->lc.baud, L->lc.format);
		int tau = mw_scanplan_timeout(s, i);

		for (size_t m = 0; m < cat->n_models; m++) {
			const struct mw_model *mod = cat->models[m];
			bool bcast = false;

			if (!supports(mod, L->lc.baud, L->lc.format))
				continue;
			/* a model that answers no exception must hold the probed register */
			if (!mod->line.exceptions && L->probe[0].reg != mod->probes[0].reg)
				bad_probe++;
			for (int k = 0; k < L->n_bcast; k++)
				bcast |= L->bcast[k].model == mod;
			if (bcast && !mod->line.broadcast_read)
				bad_bcast++;
			if (tau < 9 * t_ms + mod->line.turnaround_ms)
				bad_tau++;
		}
	}
	ok(bad_probe == 0, "every candidate answers the presence probe (%d misses)", bad_probe);
	ok(bad_bcast == 0, "address-0 reads only for models that answer them (%d wrong)",
	   bad_bcast);
	ok(bad_tau == 0, "no timeout below 9t + T of a candidate model (%d too short)", bad_tau);
	mw_scan_free(s);
}

/* The DL/T645 pass: the standard's 2400 first, then 1200 4800 9600, all
 * 8E1; the user's bauds instead; none where the formats leave out 8E1. */
static void test_dlt645_plan(struct mw_bus *b, const struct mw_catalog *cat)
{
	static const int want[] = {2400, 1200, 4800, 9600};
	static const int only9600[] = {9600};
	static const enum mw_format n1[] = {MW_FMT_8N1};
	struct mw_scan_opts o = {.protocols = MW_SCAN_DLT645};
	struct mw_scan_progress p;
	struct mw_scan *s = plan(b, cat, &o);
	char err[256];
	int n;

	if (!ok(s != NULL, "a DL/T645-only plan"))
		return;
	mw_scan_progress(s, &p);
	mw_scan_lines(s, &n);
	ok(n == 0 && p.n_lines == 4 && p.protocol == MW_PROTO_DLT645 && p.line.baud == want[0] &&
	       p.line.format == MW_FMT_8E1,
	   "--protocol dlt645: no Modbus setting, 4 DL/T645 ones, 2400 8E1 first (%d, %d, %d %s)",
	   n, p.n_lines, p.line.baud, mw_format_name(p.line.format));
	mw_scan_free(s);
	o.bauds = only9600;
	o.n_bauds = 1;
	s = plan(b, cat, &o);
	if (s)
		mw_scan_progress(s, &p);
	ok(s && p.n_lines == 1 && p.line.baud == 9600 && p.line.format == MW_FMT_8E1,
	   "--baud 9600: DL/T645 at 9600 8E1 only");
	mw_scan_free(s);
	o.formats = n1;
	o.n_formats = 1;
	s = mw_scan_new(b, cat, &o, err, sizeof err);
	ok(!s && strstr(err, "8E1"), "--format 8N1 leaves DL/T645 nothing to scan: %s", err);
	mw_scan_free(s);
	o = (struct mw_scan_opts){.protocols = MW_SCAN_MODBUS};
	s = plan(b, cat, &o);
	n = -1;
	if (s) {
		mw_scan_progress(s, &p);
		mw_scan_lines(s, &n);
	}
	ok(s && p.n_lines == n && p.protocol == MW_PROTO_MODBUS,
	   "--protocol modbus: no DL/T645 setting (%d, %d)", n, p.n_lines);
	mw_scan_free(s);
}

/* The Modbus sweep ignores DL/T645 models: their 2400 8E1 is not planned. */
static void test_dlt645_ignored(struct mw_bus *b)
{
	struct mw_scan_opts o = {0};
	struct mw_catalog one = {NULL, 0}, two = {NULL, 0};
	struct mw_model *m[2];
	struct mw_scan *s0, *s1;
	const struct mw_linecfg *l0, *l1;
	static const char *const files[] = {"jsy-mk-333", "prepaid-dlt645"};
	char path[4096], err[512];
	int n0 = 0, n1 = 0;
	bool same;

	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "%s/devices/%s.yaml", MW_SRCDIR, files[i]);
		if (!(m[i] = mw_devload_file(path, err, sizeof err))) {
			ok(0, "load %s: %s", path, err);
			return;
		}
	}
	one.models = m;
	one.n_models = 1;
	two.models = m;
	two.n_models = 2;
	s0 = plan(b, &one, &o);
	s1 = plan(b, &two, &o);
	if (ok(s0 && s1, "plans for the JSY-MK-333 alone and beside a DL/T645 model")) {
		l0 = mw_scan_lines(s0, &n0);
		l1 = mw_scan_lines(s1, &n1);
		same = n0 == n1;
		for (int i = 0; same && i < n0; i++)
			same = l0[i].baud == l1[i].baud && l0[i].format == l1[i].format;
		ok(same && find_line(l1, n1, 2400, MW_FMT_8E1) < 0,
		   "a DL/T645 model adds nothing to the Modbus sweep (%d and %d settings)", n0, n1);
	}
	mw_scan_free(s0);
	mw_scan_free(s1);
	test_dlt645_plan(b, &two);
	mw_model_free(m[0]);
	mw_model_free(m[1]);
}

int main(void)
{
	struct mw_catalog cat = {NULL, 0};
	struct mw_linecfg lc = {9600, MW_FMT_8N1};
	struct mw_bus *b;
	char err[256], name[64];
	int master, slave;

	if (mw_devload_all(&cat, NULL) < 1 || openpty(&master, &slave, name, NULL, NULL) < 0) {
		printf("1..0 # SKIP no device files or no pseudo-terminal\n");
		return 0;
	}
	/* The sweep plans Modbus lines only: keep the Modbus models. */
	{
		size_t k = 0;

		for (size_t i = 0; i < cat.n_models; i++) {
			if (cat.models[i]->protocol == MW_PROTO_MODBUS)
				cat.models[k++] = cat.models[i];
			else
				mw_model_free(cat.models[i]);
		}
		cat.n_models = k;
	}
	b = mw_bus_open(name, &lc, err, sizeof err);
	if (!ok(b != NULL, "open the bus on %s", name)) {
		diag("%s", err);
		return 1;
	}
	test_order(b, &cat);
	test_lists(b, &cat);
	test_lines(b, &cat);
	test_dlt645_ignored(b);
	mw_bus_close(b);
	close(slave);
	close(master);
	mw_catalog_free(&cat);
	return done_testing();
}
