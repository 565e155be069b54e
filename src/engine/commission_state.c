/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * commission_state.c - where a commissioning stands, from the journal.
 *
 * Commissioning appends its own entries (kind "commission") next to the
 * engine's writes, all tagged with the plan's path and hash and the
 * position (mw_journal_set_context): "started" before a row is written,
 * then "done", "checked" or "failed".  A later run reads them back: a
 * position done before stays done (its address is never given again); one
 * started but not finished is taken up first.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commission_int.h"
#include "i18n.h"
#include "journal.h"

/*
 * The string (or number) value of "key" in one flat JSON object line as
 * journal.c writes it; "" when absent.
 */
static void jfield(const char *line, const char *key, char *out, size_t sz)
{
	char pat[64];
	const char *p = line;
	size_t n = 0;

	out[0] = '\0';
	snprintf(pat, sizeof pat, "\"%s\":", key);
	for (;;) {
		p = strstr(p, pat);
		if (!p)
			return;
		/* A key follows '{' or ',' (a match inside a string follows other text). */
		if (p > line && (p[-1] == '{' || p[-1] == ','))
			break;
		p++;
	}
	p += strlen(pat);
	if (*p != '"') {
		for (; *p && *p != ',' && *p != '}' && n + 1 < sz; p++)
			out[n++] = *p;
		out[n] = '\0';
		return;
	}
	for (p++; *p && *p != '"' && n + 1 < sz; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			if (*p == 'u' && strlen(p) >= 5) {
				unsigned c = (unsigned)strtoul((char[]){p[1], p[2], p[3], p[4], 0},
				                               NULL, 16);

				out[n++] = c < 0x80 ? (char)c : '?';
				p += 4;
				continue;
			}
			out[n++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
			continue;
		}
		out[n++] = *p;
	}
	out[n] = '\0';
}

void mw_cm_journal(struct mw_commission *c, const char *outcome, int row, int addr,
                   const struct mw_linecfg *lc, const char *serial, const char *firmware,
                   const char *message)
{
	const struct mw_cplan_row *r = &c->plan->rows[row];
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
		struct mw_cm_event ev = {.kind = MW_CM_EV_FAILED, .row = row};

		snprintf(ev.text, sizeof ev.text, "%s", e);
		c->o.on_event(c->o.ctx, &ev);
	}
}

int mw_cm_resume(struct mw_commission *c)
{
	FILE *f;
	char *line = NULL, kind[32], plan[4096], hash[32], pos[128], outcome[32], target[128],
	     serial[64], firmware[64], msg[512];
	size_t lsz = 0;
	int n = 0;

	if (c->o.no_journal)
		return 0;
	f = fopen(mw_journal_path(), "r");
	if (!f)
		return 0;
	while (getline(&line, &lsz, f) > 0) {
		jfield(line, "kind", kind, sizeof kind);
		if (strcmp(kind, "commission") != 0)
			continue;
		jfield(line, "plan", plan, sizeof plan);
		jfield(line, "plan_hash", hash, sizeof hash);
		if (strcmp(plan, c->plan->abspath) != 0 && strcmp(hash, c->plan->hash) != 0)
			continue;
		jfield(line, "position", pos, sizeof pos);
		jfield(line, "outcome", outcome, sizeof outcome);
		jfield(line, "new", target, sizeof target);
		for (size_t i = 0; i < c->plan->n_rows; i++) {
			const struct mw_cplan_row *r = &c->plan->rows[i];
			struct mw_cm_row_status *st = &c->st[i];
			char want[128];

			if (strcmp(r->label, pos) != 0 || !r->model)
				continue;
			/* The same position with another target is another plan. */
			snprintf(want, sizeof want, "address=%d baud=%d format=%s", r->addr,
			         r->final_line.baud, mw_format_name(r->final_line.format));
			if (strcmp(want, target) != 0)
				continue;
			jfield(line, "serial", serial, sizeof serial);
			jfield(line, "firmware", firmware, sizeof firmware);
			jfield(line, "message", msg, sizeof msg);
			if (!strcmp(outcome, "done") || !strcmp(outcome, "checked")) {
				st->state = !strcmp(outcome, "done") ? MW_CM_DONE : MW_CM_CHECKED;
				st->earlier = true;
				snprintf(st->serial, sizeof st->serial, "%s", serial);
				snprintf(st->firmware, sizeof st->firmware, "%s", firmware);
				snprintf(st->message, sizeof st->message, "%s", msg);
			} else if (!strcmp(outcome, "started") || !strcmp(outcome, "failed")) {
				st->state = MW_CM_STARTED;
				st->earlier = false;
				snprintf(st->message, sizeof st->message, "%s", msg);
			}
		}
	}
	free(line);
	fclose(f);
	for (size_t i = 0; i < c->plan->n_rows; i++)
		if (c->st[i].state == MW_CM_DONE || c->st[i].state == MW_CM_CHECKED)
			n++;
	return n;
}
