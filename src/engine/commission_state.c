/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commission_state.c - where a commissioning stands, from the journal.
 *
 * Commissioning appends its own entries (kind "commission") next to the
 * engine's writes, all tagged with the plan's path and hash and the
 * position (mw_journal_set_context): "started" before a row is written,
 * then "done", "checked" or "failed".  A later run reads them back: a
 * position done before stays done (its address is never given again); one
 * started but not finished is taken up first.  The journal is read with
 * the one journal reader (mw_journal_load), which skips corrupt lines.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commission_int.h"
#include "i18n.h"
#include "journal.h"

void mw_commission_journal(struct mw_commission *c, const char *outcome, int row, int addr,
                           const struct mw_linecfg *lc, const char *serial, const char *firmware,
                           const char *message)
{
	const struct mw_commission_plan_row *r = &c->plan->rows[row];
	struct mw_journal_entry je = {0};
	char target[128], where[96], e[256];

	if (c->o.no_journal)
		return;
	snprintf(target, sizeof target, "address=%d baud=%d format=%s", r->addr, r->final_line.baud,
	         mw_format_name(r->final_line.format));
	mw_where(c->b, addr, lc, where, sizeof where);
	je.port = mw_bus_port(c->b);
	if (!mw_bus_is_tcp(c->b))
		je.line = *lc;
	je.addr = addr;
	je.model = r->model->id;
	je.serial = serial;
	je.firmware = firmware;
	je.kind = "commission";
	je.setting = r->label;
	je.new_value = target;
	je.outcome = outcome;
	je.where = where;
	je.message = message;
	mw_journal_set_context(c->plan->abspath, c->plan->hash, r->label);
	if (mw_journal_append(&je, e, sizeof e) < 0 && c->o.on_event) {
		struct mw_commission_event ev = {.kind = MW_COMMISSION_EV_FAILED, .row = row};

		snprintf(ev.text, sizeof ev.text, "%s", e);
		c->o.on_event(c->o.ctx, &ev);
	}
}

int mw_commission_resume(struct mw_commission *c)
{
	struct mw_journal jr;
	char e[512];
	int n = 0;

	if (c->o.no_journal)
		return 0;
	if (mw_journal_load(NULL, &jr, e, sizeof e) < 0)
		return 0;
	for (size_t k = 0; k < jr.n; k++) {
		const struct mw_journal_rec *rec = &jr.rec[k];
		const char *outcome, *pos, *target;

		/* A corrupt line is no evidence of anything: skip it. */
		if (rec->corrupt || strcmp(mw_journal_field(rec, "kind"), "commission") != 0)
			continue;
		if (strcmp(mw_journal_field(rec, "plan"), c->plan->abspath) != 0 &&
		    strcmp(mw_journal_field(rec, "plan_hash"), c->plan->hash) != 0)
			continue;
		pos = mw_journal_field(rec, "position");
		outcome = mw_journal_field(rec, "outcome");
		target = mw_journal_field(rec, "new");
		for (size_t i = 0; i < c->plan->n_rows; i++) {
			const struct mw_commission_plan_row *r = &c->plan->rows[i];
			struct mw_commission_row_status *st = &c->st[i];
			char want[128];

			if (strcmp(r->label, pos) != 0 || !r->model)
				continue;
			/* The same position with another target is another plan. */
			snprintf(want, sizeof want, "address=%d baud=%d format=%s", r->addr,
			         r->final_line.baud, mw_format_name(r->final_line.format));
			if (strcmp(want, target) != 0)
				continue;
			if (!strcmp(outcome, "done") || !strcmp(outcome, "checked")) {
				st->state = !strcmp(outcome, "done") ? MW_COMMISSION_DONE
				                                     : MW_COMMISSION_CHECKED;
				st->earlier = true;
				snprintf(st->serial, sizeof st->serial, "%s",
				         mw_journal_field(rec, "serial"));
				snprintf(st->firmware, sizeof st->firmware, "%s",
				         mw_journal_field(rec, "firmware"));
				snprintf(st->message, sizeof st->message, "%s",
				         mw_journal_field(rec, "message"));
			} else if (!strcmp(outcome, "started") || !strcmp(outcome, "failed")) {
				st->state = MW_COMMISSION_STARTED;
				st->earlier = false;
				snprintf(st->message, sizeof st->message, "%s",
				         mw_journal_field(rec, "message"));
			}
		}
	}
	mw_journal_free(&jr);
	for (size_t i = 0; i < c->plan->n_rows; i++)
		if (c->st[i].state == MW_COMMISSION_DONE || c->st[i].state == MW_COMMISSION_CHECKED)
			n++;
	return n;
}
