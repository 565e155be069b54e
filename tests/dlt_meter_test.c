/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * dlt_meter_test.c - the pure parts of the DL/T645 engine: the password
 * option (plain levels, encrypted ones refused; the TUI's masked messages),
 * the safe timeout of a request from the timing model (the standard's
 * 500 ms turnaround plus the request's own line time), the single-phase
 * check, and the per-phase picture of a meter that gives its power in kW.
 */
#include "config.h"

#include <math.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devload.h"
#include "diag.h"
#include "dlt_meter.h"
#include "engine.h"
#include "tap.h"

static void test_auth(void)
{
	struct dlt645_auth a;
	char err[512];

	ok(mw_dlt_auth(2, NULL, &a, err, sizeof err) == 0 && a.level == 2 && a.password == 0,
	   "no --password: the file's level, password 000000");
	ok(mw_dlt_auth(2, "4:12ab56", &a, err, sizeof err) == 0 && a.level == 4 &&
	       a.password == 0x12AB56,
	   "4:12ab56: level 4, password 0x12AB56");
	ok(mw_dlt_auth(2, "98:000000", &a, err, sizeof err) < 0 && strstr(err, "encrypted"),
	   "98: an encrypted level is refused, named as such");
	ok(mw_dlt_auth(99, NULL, &a, err, sizeof err) < 0 && strstr(err, "ESAM"),
	   "a file that needs level 99: refused, the gap named");
	ok(mw_dlt_auth(2, "2:12345", &a, err, sizeof err) < 0, "five password digits: refused");
	ok(mw_dlt_auth(2, "2123456", &a, err, sizeof err) < 0, "no colon: refused");
	ok(mw_dlt_auth(2, "x:123456", &a, err, sizeof err) < 0,
	   "a level that is no number: refused");
	ok(mw_dlt_auth(2, "10:000000", &a, err, sizeof err) < 0, "level 10: refused (plain 0-9)");
}

/* The TUI's entry: the same parser, its messages naming the entry masked. */
static void test_auth_masked(void)
{
	struct dlt645_auth a;
	char err[512], shown[32];

	mw_dlt_auth_mask("2:123456", shown, sizeof shown);
	is_str(shown, "2:******", "mask: the level stays, the password is *");
	mw_dlt_auth_mask("99:12", shown, sizeof shown);
	is_str(shown, "99:**", "mask: as many * as characters typed");
	mw_dlt_auth_mask("123456", shown, sizeof shown);
	is_str(shown, "******", "mask: no colon, every character *");
	mw_dlt_auth_mask("2:123456", shown, 5);
	is_str(shown, "2:**", "mask: cut to the buffer");
	ok(mw_dlt_auth_parse(2, "2:12345", "2:*****", &a, err, sizeof err) < 0 &&
	       strstr(err, "--password 2:*****: give the DL/T645 level") && !strstr(err, "12345"),
	   "2:12345: the format message, the digits masked");
	ok(mw_dlt_auth_parse(2, "99:123456", "99:******", &a, err, sizeof err) < 0 &&
	       strstr(err, "level 99 is an encrypted one") && !strstr(err, "123456"),
	   "99:123456: the encrypted-level message, the digits masked");
	ok(mw_dlt_auth_parse(2, "12:123456", "12:******", &a, err, sizeof err) < 0 &&
	       strstr(err, "0 to 9") && !strstr(err, "123456"),
	   "12:123456: the plain-levels message, the digits masked");
	ok(mw_dlt_auth_parse(2, "3:123456", "3:******", &a, err, sizeof err) == 0 && a.level == 3 &&
	       a.password == 0x123456,
	   "3:123456: level 3, password 0x123456");
}

static void test_timeout(void)
{
	struct mw_linecfg lc = {2400, MW_FMT_8E1};
	struct mw_bus *b;
	char name[64], err[512];
	int mfd, sfd;

	if (openpty(&mfd, &sfd, name, NULL, NULL) < 0) {
		ok(0, "openpty");
		return;
	}
	b = mw_bus_open(name, &lc, err, sizeof err);
	ok(b != NULL, "bus on a pty at 2400 8E1");
	if (b) {
		/* A read with 4 wake-up bytes: 20 characters, t = 11/2400 s; the
		 * first reply byte after (20 + 1)t + 500 ms, + 30 ms for the host. */
		is_double(mw_dlt_timeout_ms(b, 20, DLT645_TURNAROUND_MAX_MS),
		          ceil(21 * 11000.0 / 2400 + 500 + 30), 0, "read at 2400 8E1: 627 ms");
		is_double(mw_dlt_timeout_ms(b, 8, 50), ceil(9 * 11000.0 / 2400 + 50 + 30), 0,
		          "an 8-character request: the one formula's 9t + T + H");
		mw_bus_close(b);
	}
	close(mfd);
	close(sfd);
}

/* Phases of a single-phase meter: v, i on L1, p and pf as totals. */
static void ac1(struct mw_phases *ph, double v, double i, double p, double pf)
{
	mw_phases_init(ph);
	ph->v[0] = v;
	ph->i[0] = i;
	ph->p_total = p;
	ph->pf_total = pf;
	ph->freq = 50;
}

static int has(const struct mw_diag *d, enum mw_diag_kind k)
{
	for (int i = 0; i < d->n; i++)
		if (d->item[i].kind == k)
			return 1;
	return 0;
}

static void test_ac1(void)
{
	struct mw_phases ph;
	struct mw_diag d;

	ac1(&ph, 230, 4.2, 230 * 4.2 * 0.98, 0.98);
	mw_diag_run_ac1(&ph, &d);
	ok(d.healthy && !has(&d, MW_DIAG_ALL_REVERSED) && !has(&d, MW_DIAG_IMPLAUSIBLE),
	   "import, P = V x I x PF: healthy");
	ok(d.n == 2 && strstr(d.item[1].what, "import"), "says import");
	ac1(&ph, 230, 4.2, -230 * 4.2 * 0.98, -0.98);
	mw_diag_run_ac1(&ph, &d);
	ok(!d.healthy && has(&d, MW_DIAG_ALL_REVERSED), "P < 0: export named, not healthy");
	ac1(&ph, 230, 4.2, 230 * 4.2 * 0.98 * 1000, 0.98);
	mw_diag_run_ac1(&ph, &d);
	ok(!d.healthy && has(&d, MW_DIAG_IMPLAUSIBLE), "P a thousand times V x I: implausible");
	ac1(&ph, 230, 4.2, 900, 1.2);
	mw_diag_run_ac1(&ph, &d);
	ok(!d.healthy && has(&d, MW_DIAG_IMPLAUSIBLE) && d.item[0].severity == MW_SEV_FAULT,
	   "PF 1.2: a fault");
	ac1(&ph, 230, 0.01, 0, 1);
	mw_diag_run_ac1(&ph, &d);
	ok(d.healthy && has(&d, MW_DIAG_NO_LOAD), "no current: cannot judge, said so");
	ac1(&ph, 0, 0, 0, NAN);
	mw_diag_run_ac1(&ph, &d);
	ok(!d.healthy && has(&d, MW_DIAG_LOST_VOLTAGE), "no voltage: a fault");
}

/* The prepaid meter gives its power in kW: the picture has it in W. */
static void test_kw(void)
{
	const char *src = getenv("top_srcdir");
	char path[1024], err[512];
	struct mw_model *m;
	struct mw_reading r;
	struct mw_phases ph;

	snprintf(path, sizeof path, "%s/devices/prepaid-dlt645.yaml", src ? src : ".");
	m = mw_devload_file(path, err, sizeof err);
	ok(m != NULL, "prepaid-dlt645.yaml loads");
	if (!m)
		return;
	mw_reading_init(&r, m, -1);
	for (size_t i = 0; i < m->n_values; i++)
		if (!strcmp(m->values[i].name, "active_power")) {
			r.values[i] = 0.9419;
			r.have[i] = true;
		}
	mw_reading_phases(&r, &ph);
	is_double(ph.p_total, 941.9, 1e-6, "0.9419 kW enters the picture as 941.9 W");
	mw_reading_free(&r);
	mw_model_free(m);
}

int main(void)
{
	test_auth();
	test_auth_masked();
	test_timeout();
	test_ac1();
	test_kw();
	return done_testing();
}
