/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag_test.c - wiring diagnostics on per-phase pictures built from
 * physics: a supply (phase voltages at 0, -120, +120 degrees, or the
 * other way round), loads drawing a current at a load angle, and a meter
 * whose voltage terminals and CTs sit on some of those phases, maybe
 * reversed.  The meter's V, I, P, Q, S and PF come from the complex power
 * V * conj(I) on each of its inputs, as a real meter computes them, either
 * as a KPM33B reports them (signed floats, no sequence flag) or as a
 * JSY-MK-333 does (rounded magnitudes, signs from direction bits, an
 * unsigned power factor, a sequence flag).  Only kinds, phases and key
 * phrases are checked, never whole messages.
 */
#include "config.h"

#include <complex.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "phases.h"
#include "tap.h"

/* A site and how the meter is wired into it. */
struct site {
	double v[3];     /* supply phase voltage, V */
	double i[3];     /* load current, A */
	double theta[3]; /* load angle, degrees, > 0 lagging */
	int seq;         /* supply rotation: 0 L1-L2-L3, 1 L1-L3-L2 */
	int vsrc[3];     /* supply phase on meter voltage terminal k */
	int csrc[3];     /* supply phase whose conductor CT k is on */
	int sign[3];     /* 1, or -1 for a CT with S1/S2 swapped */
	double freq;     /* Hz */
	int jsy;         /* report as a JSY-MK-333 (else as a KPM33B) */
};

/* A balanced site: 230 V, 5 A, 25 degrees lagging, correctly wired. */
static struct site healthy(int jsy)
{
	struct site s = {.freq = 50.0, .jsy = jsy};

	for (int k = 0; k < 3; k++) {
		s.v[k] = 230.0;
		s.i[k] = 5.0;
		s.theta[k] = 25.0;
		s.vsrc[k] = s.csrc[k] = k;
		s.sign[k] = 1;
	}
	return s;
}

static double complex polar(double mag, double deg)
{
	return mag * cexp(I * deg * M_PI / 180.0);
}

/* Angle of supply phase k's voltage, degrees. */
static double supply_angle(const struct site *s, int k)
{
	return (s->seq ? 120.0 : -120.0) * k;
}

/* What the meter reports for this site. */
static void measure(const struct site *s, struct mw_phases *ph)
{
	double complex vt[3];

	mw_phases_init(ph);
	ph->freq = s->freq;
	for (int k = 0; k < 3; k++) {
		int a = s->vsrc[k], b = s->csrc[k];
		double complex v = polar(s->v[a], supply_angle(s, a));
		double complex cur = s->sign[k] * polar(s->i[b], supply_angle(s, b) - s->theta[b]);
		double complex pw = v * conj(cur);
		double p = creal(pw), q = cimag(pw), sa = cabs(v) * cabs(cur);

		vt[k] = v;
		if (s->jsy) {
			/* u16 magnitudes at the manual's resolution; the engine applies
			 * the direction bits; the power factor stays unsigned. */
			ph->v[k] = round(cabs(v) * 100) / 100;
			ph->i[k] = round(cabs(cur) * 100) / 100;
			ph->p[k] = copysign(round(fabs(p)), p);
			ph->q[k] = copysign(round(fabs(q)), q);
			ph->s[k] = round(sa);
			ph->pf[k] = sa > 0 ? round(fabs(p) / sa * 1000) / 1000 : 0;
			ph->overvoltage[k] = ph->overcurrent[k] = 0;
		} else {
			ph->v[k] = cabs(v);
			ph->i[k] = cabs(cur);
			ph->p[k] = p;
			ph->q[k] = q;
			ph->s[k] = sa;
			ph->pf[k] = sa > 0 ? p / sa : 0;
		}
	}
	if (s->jsy) {
		/* The meter's own sequence detector: is V2 120 degrees behind V1? */
		double d = carg(vt[1] / vt[0]) * 180.0 / M_PI;

		ph->reverse_seq = cabs(vt[0]) > 1 && cabs(vt[1]) > 1 ? d > 0 : 0;
	}
}

static int count_kind(const struct mw_diag *d, enum mw_diag_kind k, int phase)
{
	int n = 0;

	for (int i = 0; i < d->n; i++)
		if (d->item[i].kind == k && (phase == -2 || d->item[i].phase == phase))
			n++;
	return n;
}

static const struct mw_diag_item *find(const struct mw_diag *d, enum mw_diag_kind k, int phase)
{
	for (int i = 0; i < d->n; i++)
		if (d->item[i].kind == k && (phase == -2 || d->item[i].phase == phase))
			return &d->item[i];
	return NULL;
}

/* Items that are not OK (anything a technician would act on or read). */
static int count_problems(const struct mw_diag *d, enum mw_diag_severity min)
{
	int n = 0;

	for (int i = 0; i < d->n; i++)
		if (d->item[i].kind != MW_DIAG_OK && d->item[i].severity >= min)
			n++;
	return n;
}

static void dump(const struct mw_diag *d)
{
	for (int i = 0; i < d->n; i++)
		diag("  %s L%d %d%% sev %d: %s | %s", mw_diag_kind_name(d->item[i].kind),
		     d->item[i].phase + 1, d->item[i].confidence, (int)d->item[i].severity,
		     d->item[i].what, d->item[i].fix);
}

static void run(const struct site *s, struct mw_diag *d)
{
	struct mw_phases ph;

	measure(s, &ph);
	mw_diag_run(&ph, d);
	if (getenv("DIAG_VERBOSE")) /* show every verdict */
		dump(d);
}

static const char *style(int jsy)
{
	return jsy ? "JSY-style" : "KPM33B-style";
}

static void test_healthy(int jsy)
{
	struct site s = healthy(jsy);
	struct mw_phases ph;
	struct mw_diag d;
	int only_ok;

	measure(&s, &ph); /* the test's own physics, against the textbook formula */
	is_double(ph.p[1], round(230 * 5 * cos(25 * M_PI / 180)), jsy ? 0.0 : 0.5,
	          "P2 = V I cos(phi)");
	run(&s, &d);
	only_ok = count_problems(&d, MW_SEV_INFO) == 0;
	ok(d.healthy, "%s healthy balanced lagging load: healthy", style(jsy));
	if (!ok(only_ok, "%s healthy: only OK items", style(jsy)))
		dump(&d);
	for (int k = 0; k < 3; k++)
		ok(count_kind(&d, MW_DIAG_OK, k) == 1, "%s healthy: L%d said OK", style(jsy),
		   k + 1);
}

static void test_one_reversed(int jsy, int k)
{
	struct site s = healthy(jsy);
	struct mw_diag d;
	const struct mw_diag_item *it;
	char ct[16], pk[24];

	s.sign[k] = -1;
	run(&s, &d);
	it = find(&d, MW_DIAG_CT_REVERSED, k);
	snprintf(ct, sizeof ct, "CT%d", k + 1);
	snprintf(pk, sizeof pk, "P%d < 0", k + 1);
	if (!ok(it != NULL, "%s CT%d reversed: named on L%d", style(jsy), k + 1, k + 1))
		dump(&d);
	ok(it && it->severity == MW_SEV_FAULT, "... as a fault");
	ok(it && strstr(it->what, pk), "... saying %s", pk);
	ok(it && strstr(it->fix, ct) && strstr(it->fix, "S1/S2"), "... fix swaps S1/S2 on %s", ct);
	ok(it && it->confidence >= 70, "... confidently (%d%%)", it ? it->confidence : -1);
	ok(count_kind(&d, MW_DIAG_CT_REVERSED, -2) == 1 &&
	       count_kind(&d, MW_DIAG_CT_WRONG_PHASE, -2) == 0 &&
	       count_kind(&d, MW_DIAG_ALL_REVERSED, -2) == 0,
	   "... and no other CT fault");
	ok(!d.healthy, "... not healthy");
}

static void test_all_reversed(int jsy)
{
	struct site s = healthy(jsy);
	struct mw_diag d;
	const struct mw_diag_item *it;

	for (int k = 0; k < 3; k++)
		s.sign[k] = -1;
	run(&s, &d);
	it = find(&d, MW_DIAG_ALL_REVERSED, -1);
	if (!ok(it != NULL, "%s all CTs reversed: one whole-meter item", style(jsy)))
		dump(&d);
	ok(it && strstr(it->what, "reversed") && strstr(it->what, "export"),
	   "... saying reversed CTs or export");
	ok(it && strstr(it->what, "cannot tell"), "... and that they cannot be told apart");
	ok(count_kind(&d, MW_DIAG_CT_REVERSED, -2) == 0 &&
	       count_kind(&d, MW_DIAG_CT_WRONG_PHASE, -2) == 0,
	   "... no per-phase CT verdict");
}

static void test_swap_12(int jsy)
{
	struct site s = healthy(jsy);
	struct mw_diag d;
	const struct mw_diag_item *a, *b;

	s.csrc[0] = 1;
	s.csrc[1] = 0;
	run(&s, &d);
	a = find(&d, MW_DIAG_CT_WRONG_PHASE, 0);
	b = find(&d, MW_DIAG_CT_WRONG_PHASE, 1);
	if (!ok(a && b, "%s CT1/CT2 swapped: wrong phase on L1 and L2", style(jsy)))
		dump(&d);
	ok(a && strstr(a->what, "L2"), "... L1's CT carries L2's current");
	ok(b && strstr(b->what, "L1"), "... L2's CT carries L1's current");
	ok(a && strstr(a->fix, "CT1") && strstr(a->fix, "CT2"), "... fix names CT1 and CT2");
	ok(count_kind(&d, MW_DIAG_CT_WRONG_PHASE, 2) == 0 && count_kind(&d, MW_DIAG_OK, 2) == 1,
	   "... L3 OK");
	ok(count_kind(&d, MW_DIAG_CT_REVERSED, -2) == 0, "... no reversed CT");
	ok(count_kind(&d, MW_DIAG_REVERSE_SEQUENCE, -2) == 0, "... no sequence verdict");
}

/* CT on input k sits on conductor `on`: the neighbour is named. */
static void test_stray(int jsy, int k, int on)
{
	struct site s = healthy(jsy);
	struct mw_diag d;
	const struct mw_diag_item *it;
	char from[16];

	s.csrc[k] = on;
	run(&s, &d);
	it = find(&d, MW_DIAG_CT_WRONG_PHASE, k);
	snprintf(from, sizeof from, "L%d", on + 1);
	if (!ok(it != NULL, "%s CT%d on the L%d conductor: wrong phase on L%d", style(jsy), k + 1,
	        on + 1, k + 1))
		dump(&d);
	ok(it && strstr(it->what, from), "... names %s", from);
	ok(count_kind(&d, MW_DIAG_CT_WRONG_PHASE, -2) == 1 &&
	       count_kind(&d, MW_DIAG_CT_REVERSED, -2) == 0,
	   "... and nothing else on the CTs");
}

static void test_seq_flag(void)
{
	struct site s = healthy(1);
	struct mw_diag d;
	const struct mw_diag_item *it;

	s.seq = 1; /* the supply turns L1-L3-L2; everything follows it */
	run(&s, &d);
	it = find(&d, MW_DIAG_REVERSE_SEQUENCE, -1);
	if (!ok(it != NULL, "JSY-style reversed sequence (flag): named"))
		dump(&d);
	ok(it && it->confidence >= 90, "... confidently, from the flag");
	ok(count_kind(&d, MW_DIAG_CT_REVERSED, -2) + count_kind(&d, MW_DIAG_CT_WRONG_PHASE, -2) ==
	       0,
	   "... no CT verdict: every CT matches its voltage");

	s = healthy(0);
	s.seq = 1;
	run(&s, &d);
	ok(count_problems(&d, MW_SEV_INFO) == 0, "KPM33B-style reversed supply, CTs following: "
	                                         "nothing to see, no false verdict");
	it = find(&d, MW_DIAG_OK, -1);
	ok(count_kind(&d, MW_DIAG_OK, -1) >= 1, "... and the sequence is said to be unknowable");
	for (int i = 0; i < d.n; i++)
		if (d.item[i].kind == MW_DIAG_OK && strstr(d.item[i].what, "sequence"))
			it = &d.item[i];
	ok(it && strstr(it->what, "cannot be told"), "... 'cannot be told'");
}

/* Voltage leads of L2 and L3 swapped at the meter, CTs right. */
static void test_seq_inferred(int jsy)
{
	struct site s = healthy(jsy);
	struct mw_diag d;
	const struct mw_diag_item *it;

	s.vsrc[1] = 2;
	s.vsrc[2] = 1;
	run(&s, &d);
	it = find(&d, MW_DIAG_REVERSE_SEQUENCE, -1);
	if (!ok(it != NULL, "%s L2/L3 voltage leads swapped: reversed sequence", style(jsy)))
		dump(&d);
	if (jsy)
		ok(it && it->confidence >= 90, "... confident with the meter's flag");
	else {
		ok(it && it->confidence <= 70, "... inferred: lower confidence (%d%%)",
		   it ? it->confidence : -1);
		ok(it && strstr(it->fix, "cannot tell"), "... and says what cannot be told");
	}
	ok(it && strstr(it->fix, "L2") && strstr(it->fix, "L3"), "... fix names L2 and L3");
	ok(count_kind(&d, MW_DIAG_CT_WRONG_PHASE, 0) == 0 && count_kind(&d, MW_DIAG_OK, 0) == 1,
	   "... L1 is fine");
	ok(count_kind(&d, MW_DIAG_CT_REVERSED, -2) == 0, "... no reversed CT");
}

static void test_lost_phase(int jsy)
{
	struct site s = healthy(jsy);
	struct mw_diag d;

	s.v[1] = 0; /* L2 fuse blown: no voltage and so no current */
	s.i[1] = 0;
	run(&s, &d);
	if (!ok(find(&d, MW_DIAG_LOST_VOLTAGE, 1) != NULL, "%s lost L2: named on L2", style(jsy)))
		dump(&d);
	ok(count_kind(&d, MW_DIAG_LOST_CURRENT, -2) == 0, "... not also as a lost current");
	ok(count_kind(&d, MW_DIAG_CT_REVERSED, -2) + count_kind(&d, MW_DIAG_CT_WRONG_PHASE, -2) ==
	       0,
	   "... no CT verdict");
	ok(count_kind(&d, MW_DIAG_OK, 0) == 1 && count_kind(&d, MW_DIAG_OK, 2) == 1,
	   "... L1 and L3 OK");
	ok(count_kind(&d, MW_DIAG_UNBALANCE, -2) == 0, "... no unbalance from the lost phase");
}

static void test_lost_current(void)
{
	struct site s = healthy(0);
	struct mw_diag d;
	const struct mw_diag_item *it;

	s.i[2] = 0;
	run(&s, &d);
	it = find(&d, MW_DIAG_LOST_CURRENT, 2);
	if (!ok(it != NULL, "no current on L3 with load on L1, L2: lost current on L3"))
		dump(&d);
	ok(it && it->severity == MW_SEV_WARNING && it->confidence <= 70,
	   "... a warning with moderate confidence");
	ok(it && strstr(it->what, "no load"), "... mentions that there may be no load");
}

static void test_light(int jsy)
{
	struct site s = healthy(jsy);
	struct mw_diag d;

	for (int k = 0; k < 3; k++)
		s.i[k] = 0.02;
	run(&s, &d);
	ok(d.healthy && count_problems(&d, MW_SEV_WARNING) == 0,
	   "%s 20 mA everywhere: no false alarm", style(jsy));
	if (!ok(find(&d, MW_DIAG_NO_LOAD, -1) != NULL, "... says too little load to judge"))
		dump(&d);
	if (jsy) {
		s.seq = 1;
		run(&s, &d);
		ok(find(&d, MW_DIAG_REVERSE_SEQUENCE, -1) != NULL,
		   "%s no load: the reversed-sequence flag is still reported", style(jsy));
	}

	s = healthy(jsy);
	s.i[0] = 0.3; /* a lamp on L1, nothing else */
	s.i[1] = s.i[2] = 0;
	s.theta[0] = 5;
	run(&s, &d);
	if (!ok(d.healthy && count_problems(&d, MW_SEV_WARNING) == 0,
	        "%s a light single-phase load: no false alarm", style(jsy)))
		dump(&d);
	ok(count_kind(&d, MW_DIAG_OK, 0) == 1, "... L1 judged OK");

	s = healthy(jsy);
	for (int k = 0; k < 3; k++)
		s.i[k] = 0.1; /* 23 VA a phase */
	run(&s, &d);
	if (!ok(d.healthy && count_problems(&d, MW_SEV_WARNING) == 0,
	        "%s 100 mA balanced: no false alarm", style(jsy)))
		dump(&d);
}

static void test_leading(int jsy)
{
	struct site s = healthy(jsy);
	struct mw_diag d;

	for (int k = 0; k < 3; k++)
		s.theta[k] = -45; /* over-compensated: capacitive */
	run(&s, &d);
	if (!ok(d.healthy && count_problems(&d, MW_SEV_INFO) == 0,
	        "%s leading load at -45 degrees: no fault", style(jsy)))
		dump(&d);
	s = healthy(jsy);
	s.theta[0] = 0;  /* heater */
	s.theta[1] = 40; /* motor */
	s.theta[2] = -20;
	run(&s, &d);
	if (!ok(d.healthy, "%s unlike but plausible loads (0, 40, -20 degrees): no fault",
	        style(jsy)))
		dump(&d);
}

/* CTs rotated by one phase on a lagging load read exactly like all CTs
 * reversed on a leading load: both must be said. */
static void test_rotation(int jsy)
{
	struct site s = healthy(jsy);
	struct mw_diag d;

	s.csrc[0] = 1;
	s.csrc[1] = 2;
	s.csrc[2] = 0;
	run(&s, &d);
	if (!ok(find(&d, MW_DIAG_ALL_REVERSED, -2) && find(&d, MW_DIAG_CT_WRONG_PHASE, -2),
	        "%s CTs rotated: rotation and all-reversed both said", style(jsy)))
		dump(&d);
	ok(!d.healthy, "... not healthy");

	s = healthy(jsy);
	s.csrc[0] = 2;
	s.csrc[1] = 0;
	s.csrc[2] = 1;
	run(&s, &d);
	ok(count_kind(&d, MW_DIAG_CT_WRONG_PHASE, 0) == 1 &&
	       count_kind(&d, MW_DIAG_CT_WRONG_PHASE, 1) == 1 &&
	       count_kind(&d, MW_DIAG_CT_WRONG_PHASE, 2) == 1 &&
	       count_kind(&d, MW_DIAG_ALL_REVERSED, -2) == 0,
	   "%s CTs rotated the other way: wrong phase on L1, L2, L3", style(jsy));
}

static void test_combined(int jsy)
{
	struct site s = healthy(jsy);
	struct mw_diag d;

	s.sign[0] = s.sign[2] = -1;
	run(&s, &d);
	ok(count_kind(&d, MW_DIAG_CT_REVERSED, 0) == 1 &&
	       count_kind(&d, MW_DIAG_CT_REVERSED, 2) == 1 &&
	       count_kind(&d, MW_DIAG_CT_REVERSED, 1) == 0 && count_kind(&d, MW_DIAG_OK, 1) == 1,
	   "%s CT1 and CT3 reversed: both named, L2 OK", style(jsy));

	s = healthy(jsy);
	s.csrc[1] = 2;
	s.csrc[2] = 1;
	s.sign[1] = -1;
	run(&s, &d);
	if (!ok(find(&d, MW_DIAG_CT_REVERSED, 1) && find(&d, MW_DIAG_CT_WRONG_PHASE, 1) &&
	            find(&d, MW_DIAG_CT_WRONG_PHASE, 2) && !find(&d, MW_DIAG_CT_REVERSED, 2),
	        "%s CT2/CT3 swapped and CT2 reversed: all three faults named", style(jsy)))
		dump(&d);

	s = healthy(jsy);
	s.v[1] = 0; /* the L2 voltage lead is off, the load still runs */
	run(&s, &d);
	ok(find(&d, MW_DIAG_LOST_VOLTAGE, 1) &&
	       strstr(find(&d, MW_DIAG_LOST_VOLTAGE, 1)->what, "I2"),
	   "%s L2 voltage lead lost with current flowing: said with the current", style(jsy));

	s = healthy(jsy);
	s.i[1] = s.i[2] = 0; /* one phase loaded, and backwards */
	s.sign[0] = -1;
	run(&s, &d);
	ok(find(&d, MW_DIAG_CT_REVERSED, 0) && find(&d, MW_DIAG_CT_REVERSED, 0)->confidence <= 60 &&
	       strstr(find(&d, MW_DIAG_CT_REVERSED, 0)->what, "export"),
	   "%s lone loaded phase backwards: reversed CT or export, low confidence", style(jsy));
}

static void test_supply(void)
{
	struct site s = healthy(0);
	struct mw_phases ph;
	struct mw_diag d;

	s.v[2] = 212; /* 7.8% low: out of 230 V ±10%? no; unbalanced: yes */
	run(&s, &d);
	ok(find(&d, MW_DIAG_UNBALANCE, 2) != NULL && count_kind(&d, MW_DIAG_VOLTAGE_RANGE, -2) == 0,
	   "V3 212 V: voltage unbalance on L3, in range");
	s = healthy(0);
	s.v[0] = 260;
	run(&s, &d);
	ok(find(&d, MW_DIAG_VOLTAGE_RANGE, 0) != NULL, "V1 260 V: out of range on L1");
	s = healthy(0);
	s.freq = 48.5;
	run(&s, &d);
	ok(find(&d, MW_DIAG_FREQUENCY_RANGE, -1) != NULL, "48.5 Hz: frequency out of range");
	s.freq = 50.4;
	run(&s, &d);
	ok(count_kind(&d, MW_DIAG_FREQUENCY_RANGE, -2) == 0, "50.4 Hz: in range");
	s = healthy(0);
	s.i[1] = 3.0;
	run(&s, &d);
	ok(find(&d, MW_DIAG_UNBALANCE, 1) != NULL && d.healthy,
	   "I2 3 A of 5: current unbalance on L2, for information");
	s = healthy(1);
	measure(&s, &ph);
	ph.overcurrent[2] = 1;
	mw_diag_run(&ph, &d);
	ok(find(&d, MW_DIAG_METER_ALARM, 2) != NULL && !d.healthy, "meter's L3 overcurrent alarm");
}

static void test_robust(void)
{
	struct mw_phases ph;
	struct mw_diag d;
	const char *names[12];
	int bad = 0, dup = 0;

	mw_phases_init(&ph);
	mw_diag_run(&ph, &d);
	ok(d.n >= 0 && d.n <= MW_DIAG_MAX && d.healthy, "nothing reported: no verdict, no crash");
	srand(7);
	for (int r = 0; r < 2000; r++) {
		for (int k = 0; k < 3; k++) {
			ph.v[k] = rand() % 5 ? 260.0 * rand() / RAND_MAX : NAN;
			ph.i[k] = rand() % 5 ? 10.0 * rand() / RAND_MAX : NAN;
			ph.p[k] = rand() % 5 ? 4000.0 * rand() / RAND_MAX - 2000 : NAN;
			ph.q[k] = rand() % 5 ? 4000.0 * rand() / RAND_MAX - 2000 : NAN;
			ph.overvoltage[k] = rand() % 3 - 1;
			ph.overcurrent[k] = rand() % 3 - 1;
		}
		ph.reverse_seq = rand() % 3 - 1;
		ph.freq = 45 + 10.0 * rand() / RAND_MAX;
		mw_diag_run(&ph, &d);
		for (int i = 0; i < d.n; i++)
			if (!d.item[i].what[0] || d.item[i].confidence < 0 ||
			    d.item[i].confidence > 100 || d.item[i].phase < -1 ||
			    d.item[i].phase > 2)
				bad++;
		if (d.n < 1 || d.n > MW_DIAG_MAX)
			bad++;
	}
	ok(bad == 0, "random readings: every item well-formed");
	for (int k = 0; k < 12; k++) {
		names[k] = mw_diag_kind_name((enum mw_diag_kind)k);
		for (int j = 0; j < k; j++)
			dup += strcmp(names[j], names[k]) == 0;
	}
	ok(dup == 0, "kind names are distinct ids");
	is_str(mw_diag_kind_name(MW_DIAG_CT_WRONG_PHASE), "ct_wrong_phase",
	       "kind name of a wrong-phase CT");
}

int main(void)
{
	for (int jsy = 0; jsy < 2; jsy++) {
		test_healthy(jsy);
		for (int k = 0; k < 3; k++)
			test_one_reversed(jsy, k);
		test_all_reversed(jsy);
		test_swap_12(jsy);
		test_stray(jsy, 1, 2);
		test_stray(jsy, 0, 2);
		test_seq_inferred(jsy);
		test_lost_phase(jsy);
		test_light(jsy);
		test_leading(jsy);
		test_rotation(jsy);
		test_combined(jsy);
	}
	test_seq_flag();
	test_lost_current();
	test_supply();
	test_robust();
	return done_testing();
}
