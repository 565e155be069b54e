/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * diag_wiring.c - which wiring best explains the per-phase angles.
 *
 * Each CT k measures the current of some phase's load, possibly reversed,
 * and the voltage terminals turn L1-L2-L3 or L1-L3-L2.  The angle the
 * meter sees on phase k, phi = atan2(Q, P), is then
 *
 *     phi_k = (alpha_k - alpha_src) + theta_src + (180 if reversed)
 *
 * where alpha are the voltage angles (0, -120, +120 degrees, or the other
 * way round) and theta the load angle, plausible between -60 (leading)
 * and +75 (lagging).  Every combination of sequence, CT source and CT
 * direction is scored: implausible load angles, unlike angles on a
 * balanced load, and each fault it assumes cost points.  The cheapest
 * explanation wins; the margin to the cheapest one that disagrees on an
 * item is that item's confidence.  What the evidence cannot separate (all
 * CTs reversed or a site that exports; the sequence when every CT matches
 * its voltage) is said, not guessed.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "diag_int.h"
#include "i18n.h"

/* Cost of each assumption, in points (a load angle 5 degrees beyond the plausible range = 1). */
#define C_FLIP      3.0  /* one CT reversed */
#define C_ALLREV    3.0  /* every loaded CT reversed (or the site exports) */
#define C_PAIR      3.0  /* two CTs swapped */
#define C_CYCLE     5.0  /* three CTs rotated */
#define C_STRAY     4.0  /* a CT on another phase's conductor, not as part of a swap */
#define C_SEQ_PRIOR 2.0  /* reversed sequence, when the meter does not say */
#define C_SEQ_FLAG  10.0 /* a sequence the meter's flag contradicts */
#define C_SIGN      10.0 /* an active power whose sign the explanation gets wrong */
#define C_SPREAD    20.0 /* degrees of angle spread per point, on a balanced load */
#define NO_MARGIN   20.0 /* margin when nothing else explains the readings */

#define N_HYP (2 * 27 * 8)

/* One explanation of the readings. */
struct hyp {
	int seq;         /* 0: L1-L2-L3 at the voltage terminals, 1: L1-L3-L2 */
	int src[3];      /* phase whose load current CT k carries */
	bool flip[3];    /* CT k reversed */
	double theta[3]; /* load angle it implies, degrees */
	double seq_cost; /* part of cost due to the sequence assumption */
	double cost;
};

struct search {
	struct hyp h[N_HYP];
	int n;
	const struct hyp *best;
};

/* Angle of voltage k for sequence seq, degrees. */
static double alpha(int seq, int k)
{
	return seq ? 120.0 * k : -120.0 * k;
}

/* Angle into (-180, 180]. */
static double wrap(double a)
{
	a = fmod(a, 360.0);
	if (a <= -180.0)
		a += 360.0;
	else if (a > 180.0)
		a -= 360.0;
	return a;
}

/* How far a load angle is from a plausible one, in points. */
static double implausible(double th)
{
	double c = 0;

	if (th < DIAG_PLAUS_LO)
		c += (DIAG_PLAUS_LO - th) / 5.0;
	else if (th > DIAG_PLAUS_HI)
		c += (th - DIAG_PLAUS_HI) / 5.0;
	/* Loads mostly lag a little: a mild preference inside the range. */
	if (th < -15.0)
		c += (-15.0 - th) / 30.0;
	else if (th > 50.0)
		c += (th - 50.0) / 30.0;
	return c;
}

static bool all_reversed(const struct diag_ctx *c, const struct hyp *h)
{
	int nflip = 0;

	for (int k = 0; k < 3; k++)
		if (c->judge[k] != DIAG_JUDGE_NONE && h->flip[k])
			nflip++;
	return c->n_judged >= 2 && nflip == c->n_judged;
}

/* Cost of the CT sources: swaps and rotations are permutations; a CT on a
 * conductor another CT already measures is a stray, and must see the same
 * current as that other CT. */
static double src_cost(const struct diag_ctx *c, const struct hyp *h)
{
	int off = 0;
	bool perm = h->src[0] != h->src[1] && h->src[1] != h->src[2] && h->src[0] != h->src[2];
	double cost = 0;

	for (int k = 0; k < 3; k++)
		off += h->src[k] != k;
	if (off == 0)
		return 0;
	if (perm)
		return off == 2 ? C_PAIR : C_CYCLE;
	cost = C_STRAY * off;
	/* Two CTs on one conductor see one current, loaded or not. */
	for (int a = 0; a < 3; a++)
		for (int b = a + 1; b < 3; b++) {
			double la = c->load[a], lb = c->load[b], rel;

			if (h->src[a] != h->src[b] || c->v_lost[a] || c->v_lost[b] || isnan(la) ||
			    isnan(lb) || fmax(la, lb) <= 0)
				continue;
			rel = fabs(la - lb) / fmax(la, lb);
			cost += fmin(8.0, rel * 40.0);
		}
	return cost;
}

/* Score one explanation (fills theta, seq_cost, cost). */
static void score(const struct diag_ctx *c, struct hyp *h)
{
	double cost = 0, sum = 0, lo = INFINITY, hi = 0;
	int na = 0, nflip = 0, flag = c->ph->reverse_seq;

	for (int k = 0; k < 3; k++) {
		double th;

		h->theta[k] = NAN;
		if (c->judge[k] == DIAG_JUDGE_NONE)
			continue;
		nflip += h->flip[k];
		if (c->judge[k] == DIAG_JUDGE_SIGN) {
			if ((h->flip[k] ? -c->ph->p[k] : c->ph->p[k]) < 0)
				cost += C_SIGN;
			continue;
		}
		th = wrap(c->phi[k] - (alpha(h->seq, k) - alpha(h->seq, h->src[k])) -
		          (h->flip[k] ? 180.0 : 0.0));
		h->theta[k] = th;
		cost += implausible(th);
		sum += th;
		na++;
		if (!isnan(c->load[k])) {
			lo = fmin(lo, c->load[k]);
			hi = fmax(hi, c->load[k]);
		}
	}
	cost += all_reversed(c, h) ? C_ALLREV : C_FLIP * nflip;
	cost += src_cost(c, h);
	if (na >= 2) {
		/* Phases of a balanced load draw at about the same angle. */
		double mean = sum / na, dev = 0, bal = hi > 0 ? fmax(0.3, fmin(1.0, lo / hi)) : 1.0;

		for (int k = 0; k < 3; k++)
			if (!isnan(h->theta[k]))
				dev += fabs(h->theta[k] - mean);
		cost += dev * bal / C_SPREAD;
	}
	if (flag >= 0)
		h->seq_cost = h->seq != flag ? C_SEQ_FLAG : 0;
	else
		h->seq_cost = h->seq ? C_SEQ_PRIOR : 0;
	h->cost = cost + h->seq_cost;
}

/* Enumerate every explanation; only loaded phases vary. */
static void search_run(const struct diag_ctx *c, struct search *s)
{
	int nsrc[3], nflip[3];

	for (int k = 0; k < 3; k++) {
		nsrc[k] = c->judge[k] == DIAG_JUDGE_ANGLE ? 3 : 1;
		nflip[k] = c->judge[k] != DIAG_JUDGE_NONE ? 2 : 1;
	}
	s->n = 0;
	s->best = NULL;
	for (int seq = 0; seq < 2; seq++)
		for (int a = 0; a < nsrc[0]; a++)
			for (int b = 0; b < nsrc[1]; b++)
				for (int d = 0; d < nsrc[2]; d++)
					for (int f = 0; f < 8; f++) {
						struct hyp *h = &s->h[s->n];
						int src[3] = {nsrc[0] > 1 ? a : 0,
						              nsrc[1] > 1 ? b : 1,
						              nsrc[2] > 1 ? d : 2};
						bool skip = false;

						for (int k = 0; k < 3; k++) {
							h->src[k] = src[k];
							h->flip[k] = (f >> k) & 1;
							if (h->flip[k] && nflip[k] == 1)
								skip = true;
						}
						if (skip)
							continue;
						h->seq = seq;
						score(c, h);
						if (!s->best || h->cost < s->best->cost)
							s->best = h;
						s->n++;
					}
}

/* What an item asserts about one explanation. */
enum feature { F_FAULT, F_FLIP, F_WRONG, F_ALLREV, F_SEQ };

static int feature(const struct diag_ctx *c, const struct hyp *h, enum feature f, int k)
{
	bool allrev = all_reversed(c, h);

	switch (f) {
	case F_FAULT:
		return h->flip[k] || h->src[k] != k || allrev;
	case F_FLIP:
		return h->flip[k] && !allrev;
	case F_WRONG:
		return h->src[k] != k;
	case F_ALLREV:
		return allrev;
	case F_SEQ:
		return h->seq;
	}
	return 0;
}

/* How much dearer the cheapest explanation that disagrees on (f, k) is. */
static double margin(const struct diag_ctx *c, const struct search *s, enum feature f, int k)
{
	int want = feature(c, s->best, f, k);
	double m = INFINITY;

	for (int i = 0; i < s->n; i++)
		if (feature(c, &s->h[i], f, k) != want)
			m = fmin(m, s->h[i].cost);
	return isinf(m) ? NO_MARGIN : m - s->best->cost;
}

/* Cheapest explanation of the other sequence, or NULL. */
static const struct hyp *other_seq(const struct search *s)
{
	const struct hyp *o = NULL;

	for (int i = 0; i < s->n; i++)
		if (s->h[i].seq != s->best->seq && (!o || s->h[i].cost < o->cost))
			o = &s->h[i];
	return o;
}

/* Evidence for a sequence from the angles alone: other minus best, without priors. */
static double seq_evidence(const struct search *s)
{
	double e[2] = {INFINITY, INFINITY};

	for (int i = 0; i < s->n; i++) {
		const struct hyp *h = &s->h[i];

		e[h->seq] = fmin(e[h->seq], h->cost - h->seq_cost);
	}
	return e[!s->best->seq] - e[s->best->seq];
}

/* Confidence, less when the load is light. */
static int conf(const struct diag_ctx *c, double m)
{
	int p = mw_diag_confidence(m);

	return c->low_load < 50.0 ? p - 10 : p;
}

static unsigned judged_mask(const struct diag_ctx *c)
{
	unsigned m = 0;

	for (int k = 0; k < 3; k++)
		if (c->judge[k] != DIAG_JUDGE_NONE)
			m |= 1u << k;
	return m;
}

static void say_all_reversed(struct diag_ctx *c, const struct search *s)
{
	struct mw_diag_item *it = mw_diag_add(c, MW_DIAG_ALL_REVERSED, MW_SEV_WARNING, -1,
	                                      conf(c, margin(c, s, F_ALLREV, 0)));
	char list[32];

	mw_diag_list(list, sizeof list, "P", judged_mask(c));
	snprintf(it->what, sizeof it->what,
	         _("All CTs reversed, or the site exports (%s < 0): the readings cannot tell "
	           "these apart"),
	         list);
	snprintf(it->fix, sizeof it->fix,
	         _("no generation on site: swap S1/S2 on every CT; site exports (solar, "
	           "generator): nothing to fix"));
	for (int k = 0; k < 3; k++)
		c->fault[k] |= c->judge[k] != DIAG_JUDGE_NONE;
}

static void say_reversed(struct diag_ctx *c, const struct search *s, int k)
{
	const struct hyp *b = s->best;
	struct mw_diag_item *it;
	unsigned others = 0;
	char list[32];
	int p = conf(c, margin(c, s, F_FLIP, k));

	for (int j = 0; j < 3; j++)
		if (j != k && c->judge[j] != DIAG_JUDGE_NONE && !b->flip[j] && c->ph->p[j] > 0)
			others |= 1u << j;
	if (c->n_judged == 1 && p > 55)
		p = 55; /* nothing to compare with: a reversed CT or export on this phase */
	it = mw_diag_add(c, MW_DIAG_CT_REVERSED, MW_SEV_FAULT, k, p);
	if (c->n_judged == 1)
		snprintf(it->what, sizeof it->what,
		         _("L%d power flows backwards (P%d < 0), no other phase loaded to compare: "
		           "CT%d reversed, or L%d exports"),
		         k + 1, k + 1, k + 1, k + 1);
	else if (c->ph->p[k] < 0 && others) {
		mw_diag_list(list, sizeof list, "P", others);
		snprintf(it->what, sizeof it->what, _("L%d CT reversed (P%d < 0 while %s > 0)"),
		         k + 1, k + 1, list);
	} else if (c->ph->p[k] < 0)
		snprintf(it->what, sizeof it->what, _("L%d CT reversed (P%d < 0)"), k + 1, k + 1);
	else
		snprintf(it->what, sizeof it->what,
		         _("L%d CT reversed: its current is opposite to the load it measures "
		           "(phi%d = %.0f°)"),
		         k + 1, k + 1, mw_diag_r0(c->phi[k]));
	snprintf(it->fix, sizeof it->fix, _("swap S1/S2 on CT%d"), k + 1);
	c->fault[k] = true;
}

/* The two CTs of a swap, or -1 when src is not a single swap. */
static int swap_partner(const struct hyp *h, int k)
{
	int j = h->src[k];

	return j != k && h->src[j] == k ? j : -1;
}

static void say_wrong_phase(struct diag_ctx *c, const struct search *s, int k)
{
	const struct hyp *b = s->best, *o = other_seq(s);
	int j = b->src[k], partner = swap_partner(b, k);
	double off = wrap(alpha(b->seq, k) - alpha(b->seq, j));
	struct mw_diag_item *it = mw_diag_add(c, MW_DIAG_CT_WRONG_PHASE, MW_SEV_FAULT, k,
	                                      conf(c, margin(c, s, F_WRONG, k)));
	/* Is the neighbour only a guess from the assumed sequence? */
	bool unsure = partner < 0 && c->ph->reverse_seq < 0 && o && o->cost - b->cost < 3.0 &&
	              o->src[k] != k && o->src[k] != j;

	if (unsure)
		snprintf(
		    it->what, sizeof it->what,
		    _("L%d CT on the wrong phase (phi%d = %.0f°, %+.0f° off): L%d's current if "
		      "the sequence is L1-L2-L3, L%d's if reversed"),
		    k + 1, k + 1, c->phi[k], off, (b->seq ? o->src[k] : j) + 1,
		    (b->seq ? j : o->src[k]) + 1);
	else
		snprintf(
		    it->what, sizeof it->what,
		    _("L%d CT on the wrong phase: it carries L%d's current (phi%d = %.0f°, %+.0f° "
		      "off its voltage)"),
		    k + 1, j + 1, k + 1, c->phi[k], off);
	if (partner >= 0 && b->seq)
		snprintf(
		    it->fix, sizeof it->fix,
		    _("swap the L%d and L%d voltage leads at the meter (or CT%d and CT%d if the "
		      "supply itself turns L1-L3-L2)"),
		    k < partner ? k + 1 : partner + 1, k < partner ? partner + 1 : k + 1,
		    k < partner ? k + 1 : partner + 1, k < partner ? partner + 1 : k + 1);
	else if (partner >= 0)
		snprintf(it->fix, sizeof it->fix,
		         _("swap CT%d and CT%d (or their leads at the meter)"),
		         k < partner ? k + 1 : partner + 1, k < partner ? partner + 1 : k + 1);
	else if (unsure)
		snprintf(it->fix, sizeof it->fix, _("move CT%d onto the L%d conductor"), k + 1,
		         k + 1);
	else
		snprintf(it->fix, sizeof it->fix, _("move CT%d from the L%d conductor to L%d"),
		         k + 1, j + 1, k + 1);
	c->fault[k] = true;
}

/* The swapped pair of the best explanation, in *a < *b; false if none. */
static bool swapped_pair(const struct hyp *h, int *a, int *b)
{
	for (int k = 0; k < 3; k++) {
		int j = swap_partner(h, k);

		if (j > k) {
			*a = k;
			*b = j;
			return true;
		}
	}
	return false;
}

static void say_sequence(struct diag_ctx *c, const struct search *s)
{
	const struct hyp *b = s->best;
	int flag = c->ph->reverse_seq, x = 0, y = 0;
	bool pair = swapped_pair(b, &x, &y);
	struct mw_diag_item *it;

	if (b->seq == 0 && flag == 1) {
		/* The flag stands, though the angles fit L1-L2-L3 better. */
		it = mw_diag_add(c, MW_DIAG_REVERSE_SEQUENCE, MW_SEV_WARNING, -1, 80);
		snprintf(it->what, sizeof it->what,
		         _("Phase sequence reversed (L1-L3-L2) by the meter's flag, though the CT "
		           "angles fit L1-L2-L3"));
		snprintf(it->fix, sizeof it->fix,
		         _("check the order of the voltage leads at the meter"));
		return;
	}
	if (b->seq == 0) {
		double ev = seq_evidence(s);

		if (flag == 0) {
			it = mw_diag_add(c, MW_DIAG_OK, MW_SEV_INFO, -1, 95);
			snprintf(it->what, sizeof it->what,
			         _("Phase sequence L1-L2-L3 (meter's flag)"));
		} else if (ev >= 3.0) {
			it = mw_diag_add(c, MW_DIAG_OK, MW_SEV_INFO, -1, conf(c, ev));
			snprintf(
			    it->what, sizeof it->what,
			    _("Phase sequence L1-L2-L3, inferred from the CT angles (the meter "
			      "has no sequence flag)"));
		} else {
			it = mw_diag_add(c, MW_DIAG_OK, MW_SEV_INFO, -1, 100);
			snprintf(
			    it->what, sizeof it->what,
			    _("Phase sequence not reported by this meter; it cannot be told from "
			      "the powers while each CT matches its voltage"));
			c->seq_unchecked = true;
		}
		return;
	}
	if (flag == 1 && !pair) {
		it = mw_diag_add(c, MW_DIAG_REVERSE_SEQUENCE, MW_SEV_WARNING, -1, 95);
		snprintf(it->what, sizeof it->what,
		         _("Phase sequence reversed (L1-L3-L2, meter's flag); each CT matches its "
		           "voltage, so the powers are right"));
		snprintf(it->fix, sizeof it->fix,
		         _("swap two phases upstream if motors must turn forward; metering needs "
		           "no change"));
	} else if (flag == 1) {
		it = mw_diag_add(c, MW_DIAG_REVERSE_SEQUENCE, MW_SEV_FAULT, -1, 95);
		snprintf(it->what, sizeof it->what,
		         _("Phase sequence reversed (L1-L3-L2, meter's flag) and L%d, L%d currents "
		           "match each other's voltage: L%d, L%d voltage leads swapped"),
		         x + 1, y + 1, x + 1, y + 1);
		snprintf(it->fix, sizeof it->fix,
		         _("swap the L%d and L%d voltage leads at the meter"), x + 1, y + 1);
	} else if (flag == 0) {
		/* The angles outweigh the flag: say both. */
		it = mw_diag_add(c, MW_DIAG_REVERSE_SEQUENCE, MW_SEV_FAULT, -1, 60);
		snprintf(
		    it->what, sizeof it->what,
		    _("The CT angles fit a reversed sequence (L1-L3-L2), though the meter's flag "
		      "says L1-L2-L3"));
		snprintf(it->fix, sizeof it->fix,
		         _("check the order of the voltage leads and of the CTs at the meter"));
	} else {
		int p = conf(c, margin(c, s, F_SEQ, 0));

		it = mw_diag_add(c, MW_DIAG_REVERSE_SEQUENCE, MW_SEV_FAULT, -1, p > 70 ? 70 : p);
		if (pair) {
			snprintf(
			    it->what, sizeof it->what,
			    _("Phase sequence probably reversed (L1-L3-L2): inferred from L%d, L%d "
			      "currents 120° off in opposite senses; no sequence flag"),
			    x + 1, y + 1);
			snprintf(
			    it->fix, sizeof it->fix,
			    _("swap the L%d and L%d voltage leads; cannot tell whether the leads "
			      "or CT%d, CT%d are the swapped pair"),
			    x + 1, y + 1, x + 1, y + 1);
		} else {
			snprintf(
			    it->what, sizeof it->what,
			    _("Phase sequence probably reversed (L1-L3-L2), inferred from the CT "
			      "angles; the meter has no sequence flag"));
			snprintf(it->fix, sizeof it->fix,
			         _("check the order of the voltage leads at the meter"));
		}
	}
}

static void say_ok(struct diag_ctx *c, const struct search *s, int k)
{
	struct mw_diag_item *it =
	    mw_diag_add(c, MW_DIAG_OK, MW_SEV_INFO, k, conf(c, margin(c, s, F_FAULT, k)));
	double phi = c->phi[k];

	if (c->judge[k] == DIAG_JUDGE_SIGN)
		snprintf(it->what, sizeof it->what,
		         _("L%d OK: P%d = %.0f W forward (no reactive power reported: the CT's "
		           "phase cannot be checked)"),
		         k + 1, k + 1, mw_diag_r0(c->ph->p[k]));
	else
		snprintf(it->what, sizeof it->what,
		         _("L%d OK: P%d = %.0f W, Q%d = %.0f var, phi%d = %.0f° (%s), a plausible "
		           "load"),
		         k + 1, k + 1, mw_diag_r0(c->ph->p[k]), k + 1, mw_diag_r0(c->ph->q[k]),
		         k + 1, mw_diag_r0(phi),
		         phi > 2.0    ? _("lagging")
		         : phi < -2.0 ? _("leading")
		                      : _("in phase"));
}

/* No CT can be judged: the meter's sequence flag is all there is. */
static void say_flag_only(struct diag_ctx *c)
{
	struct mw_diag_item *it;

	if (c->ph->reverse_seq == 1) {
		it = mw_diag_add(c, MW_DIAG_REVERSE_SEQUENCE, MW_SEV_WARNING, -1, 95);
		snprintf(
		    it->what, sizeof it->what,
		    _("Phase sequence reversed (L1-L3-L2, meter's flag); with no load, whether "
		      "the CTs match their voltages cannot be checked"));
		snprintf(
		    it->fix, sizeof it->fix,
		    _("check the order of the voltage leads; switch on a load to check the CTs"));
	} else if (c->ph->reverse_seq == 0) {
		it = mw_diag_add(c, MW_DIAG_OK, MW_SEV_INFO, -1, 95);
		snprintf(it->what, sizeof it->what, _("Phase sequence L1-L2-L3 (meter's flag)"));
	}
}

/* What a technician would be told to change: reversed and misplaced CTs. */
static unsigned signature(const struct diag_ctx *c, const struct hyp *h)
{
	unsigned sig = all_reversed(c, h) ? 1u : 0u;

	for (int k = 0; k < 3; k++)
		if (c->judge[k] != DIAG_JUDGE_NONE)
			sig |= (h->flip[k] ? 2u : 0u) << k | (h->src[k] != k ? 16u : 0u) << k;
	return sig;
}

/* When another diagnosis fits almost as well, say it (information only). */
static void say_alternative(struct diag_ctx *c, const struct search *s)
{
	const struct hyp *b = s->best, *alt = NULL;
	unsigned sig = signature(c, b);
	enum mw_diag_kind kind = MW_DIAG_OK;
	struct mw_diag_item *it;
	char text[128] = "";
	size_t len = 0;
	double m;

	for (int i = 0; i < s->n; i++)
		if (signature(c, &s->h[i]) != sig && (!alt || s->h[i].cost < alt->cost))
			alt = &s->h[i];
	if (!alt || (m = alt->cost - b->cost) >= 2.0)
		return;
	if (all_reversed(c, alt)) {
		len += (size_t)snprintf(text + len, sizeof text - len, "%s",
		                        _("all CTs reversed (or the site exports)"));
		kind = MW_DIAG_ALL_REVERSED;
	}
	for (int k = 0; k < 3 && len < sizeof text; k++) {
		if (c->judge[k] == DIAG_JUDGE_NONE)
			continue;
		if (alt->flip[k] && !all_reversed(c, alt)) {
			len += (size_t)snprintf(text + len, sizeof text - len, _("%sCT%d reversed"),
			                        len ? "; " : "", k + 1);
			kind = kind == MW_DIAG_OK ? MW_DIAG_CT_REVERSED : kind;
		}
		if (alt->src[k] != k && len < sizeof text) {
			len += (size_t)snprintf(text + len, sizeof text - len,
			                        _("%sCT%d carrying L%d's current"), len ? "; " : "",
			                        k + 1, alt->src[k] + 1);
			kind = kind == MW_DIAG_OK ? MW_DIAG_CT_WRONG_PHASE : kind;
		}
	}
	it = mw_diag_add(c, kind, MW_SEV_INFO, -1, 100 - mw_diag_confidence(m));
	if (kind == MW_DIAG_OK)
		snprintf(it->what, sizeof it->what,
		         _("Almost as likely: correct wiring, with unusual load angles"));
	else
		snprintf(it->what, sizeof it->what, _("Almost as likely: %s"), text);
	snprintf(it->fix, sizeof it->fix,
	         _("to tell them apart, switch on a load of known power factor (a heater) on "
	           "every phase"));
}

void mw_diag_wiring(struct diag_ctx *c)
{
	struct search s; /* ~28 kB */
	const struct hyp *b;

	if (c->n_judged == 0) {
		c->seq_unchecked = c->ph->reverse_seq < 0;
		say_flag_only(c);
		return;
	}
	search_run(c, &s);
	b = s.best;
	if (all_reversed(c, b))
		say_all_reversed(c, &s);
	for (int k = 0; k < 3; k++) {
		if (c->judge[k] == DIAG_JUDGE_NONE)
			continue;
		if (b->flip[k] && !all_reversed(c, b))
			say_reversed(c, &s, k);
		if (b->src[k] != k)
			say_wrong_phase(c, &s, k);
	}
	say_sequence(c, &s);
	say_alternative(c, &s);
	for (int k = 0; k < 3; k++)
		if (c->judge[k] != DIAG_JUDGE_NONE && !c->fault[k])
			say_ok(c, &s, k);
}
