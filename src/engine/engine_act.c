/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_act.c - the actions of a device file (clear energy, relay on and
 * off, forced power on and off...): validated with no I/O, then sent with
 * the model's function code (FC05 for a coil) and journaled.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "engine.h"
#include "engine_int.h"
#include "i18n.h"
#include "numfmt.h"
#include "journal.h"

int mw_act_prepare(const struct mw_model *m, const char *name, const char *param,
                   struct mw_act_plan *p, char *err, size_t errsz)
{
	const struct mw_action *a = mw_model_action(m, name);

	memset(p, 0, sizeof *p);
	p->model = m;
	if (!a) {
		char names[1024];
		size_t len = 0;

		names[0] = '\0';
		for (size_t i = 0; i < m->n_actions && len < sizeof names; i++)
			len += (size_t)snprintf(names + len, sizeof names - len, "%s%s",
			                        len ? ", " : "", m->actions[i].name);
		if (mw_model_setting(m, name))
			snprintf(err, errsz,
			         _("%s: is a setting, not an action; use `meterwise set %s=VALUE`"),
			         name, name);
		else
			snprintf(err, errsz,
			         _("%s: the %s has no such action; its actions are: %s"), name,
			         m->name, m->n_actions ? names : _("(none)"));
		return -1;
	}
	if (a->gap) {
		snprintf(err, errsz, _("%s: cannot be sent: the manual does not say how (%s)"),
		         name, a->gap);
		return -1;
	}
	p->action = a;
	if (a->has_param) {
		char *end;
		double x;

		if (!param || !*param) {
			snprintf(err, errsz, _("%s: needs a value: %s, %g to %g"), name,
			         a->param_label ? a->param_label : _("parameter"), a->param_min,
			         a->param_max);
			return -1;
		}
		if (mw_numfmt_comma_message(name, param, NULL, err, errsz))
			return -1;
		x = mw_numfmt_strtod(param, &end);
		if (*end || end == param || !isfinite(x) || x != floor(x) || x < a->param_min ||
		    x > a->param_max || x < 0 || x > 65535) {
			snprintf(err, errsz,
			         _("%s: %s is out of range; enter a whole number from %g to %g"),
			         name, param, a->param_min, a->param_max);
			return -1;
		}
		p->has_param = true;
		p->param = (uint16_t)x;
	} else if (param) {
		snprintf(err, errsz, _("%s: takes no value"), name);
		return -1;
	}
	if (a->n_words + (p->has_param ? 1 : 0) > MW_SET_WORDS || a->n_words < 1) {
		snprintf(err, errsz, _("%s: the device file gives no words to write"), name);
		return -1;
	}
	return 0;
}

int mw_act_run(struct mw_bus *b, int addr, const struct mw_act_plan *p, const struct mw_set_opts *o,
               struct mw_set_result *res)
{
	const struct mw_model *m = p->model;
	const struct mw_action *a = p->action;
	uint16_t w[MW_SET_WORDS];
	int n = (int)a->n_words, rc, retries;
	char e[256], where[64], param[16], serial[64], firmware[64], op[64];
	struct mw_journal_entry je = {0};

	memset(res, 0, sizeof *res);
	memcpy(w, a->words, a->n_words * sizeof *w);
	if (p->has_param)
		w[n++] = p->param;
	mw_where(b, addr, mw_bus_line(b), where, sizeof where);
	serial[0] = firmware[0] = '\0';
	if (!o || !o->no_journal)
		mw_read_identity(b, addr, m, serial, sizeof serial, firmware, sizeof firmware);
	rc = 0;
	je.port = mw_bus_port(b);
	if (!mw_bus_is_tcp(b))
		je.line = *mw_bus_line(b);
	je.addr = addr;
	je.model = m->id;
	je.serial = serial;
	je.firmware = firmware;
	je.kind = "intent";
	je.setting = a->name;
	if (p->has_param) {
		snprintf(param, sizeof param, "%u", p->param);
		je.new_value = param;
	}
	mw_journal_op_id(op, sizeof op);
	je.op = op;
	je.last_seen = where;
	je.target = where;
	res->found = true;
	res->addr = addr;
	res->line = *mw_bus_line(b);
	/* No record, no write: the intent is on disk before anything is sent. */
	if ((!o || !o->no_journal) &&
	    mw_journal_append(&je, res->journal_error, sizeof res->journal_error) < 0) {
		res->outcome = MW_OUT_FAILED;
		snprintf(res->message, sizeof res->message,
		         _("%s; nothing was sent to the meter. Free space or fix the journal's "
		           "directory (or set XDG_STATE_HOME), or give --no-journal to act "
		           "without a record"),
		         res->journal_error);
		res->journal_error[0] = '\0';
		return mw_outcome_exit(res->outcome);
	}
	if ((o && o->stop && *o->stop) || mw_bus_port_gone(b)) {
		res->outcome = MW_OUT_FAILED;
		if (o && o->stop && *o->stop)
			snprintf(res->message, sizeof res->message, "%s",
			         _("interrupted before the write: nothing was sent"));
		else
			snprintf(res->message, sizeof res->message,
			         _("%s: the port is gone (unplugged?): nothing was sent"),
			         mw_bus_port(b));
		rc = -1;
	}
	if (rc == 0 && a->needs_unlock && m->unlock.present && m->unlock.setting) {
		const struct mw_setting *s = mw_model_setting(m, m->unlock.setting);
		const char *pw = o && o->password ? o->password : s ? s->default_text : NULL;
		uint16_t pwords[4] = {0};
		uint32_t raw;

		if (!s || !pw || mw_setting_parse(s, pw, &raw, e, sizeof e) < 0 ||
		    mw_setting_encode(s, raw, pwords) < 0) {
			snprintf(res->message, sizeof res->message,
			         _("the %s needs a valid password for this action; give it with "
			           "--password"),
			         m->name);
			rc = -1;
		} else if (mw_engine_write(b, addr, m, m->line.write_fc, s->reg, pwords,
		                           mw_setting_words(s), e, sizeof e) < 0) {
			snprintf(res->message, sizeof res->message,
			         _("unlocking with the password failed: %s"), e);
			rc = -1;
		}
		if (rc < 0)
			res->outcome = MW_OUT_FAILED;
	}
	/* Sent once: an action cannot be read back, so a lost reply is never
	 * followed by a blind second send. */
	retries = mw_bus_retries(b);
	mw_bus_set_retries(b, 1);
	if (rc < 0)
		; /* nothing sent: journal why below */
	else if (a->table == MW_TABLE_COIL)
		rc = mw_bus_write_coil(b, addr, a->reg, w[0], e, sizeof e);
	else if (n == 1 || m->line.write_fc == 16)
		rc = mw_bus_write(b, addr, m->line.write_fc, a->reg, w, n, e, sizeof e);
	else
		for (int k = 0; k < n && rc == 0; k++)
			rc =
			    mw_bus_write(b, addr, 6, (uint16_t)(a->reg + k), &w[k], 1, e, sizeof e);
	mw_bus_set_retries(b, retries);
	if (rc < 0 && mw_bus_last_error(b) == MW_BUS_IO && res->outcome != MW_OUT_FAILED)
		snprintf(e, sizeof e,
		         _("%s: the port vanished while the action was sent (unplugged?): it may "
		           "or may not have reached the meter; outcome unknown"),
		         mw_bus_port(b));
	if (res->outcome == MW_OUT_FAILED) {
		/* unlock refused or nothing sent: the message says why */
	} else if (rc == 0) {
		res->outcome = MW_OUT_WRITTEN;
		snprintf(res->message, sizeof res->message, _("%s: done at %s"), a->name, where);
	} else {
		res->outcome =
		    mw_bus_last_error(b) == MW_BUS_EXCEPTION ? MW_OUT_FAILED : MW_OUT_UNCERTAIN;
		snprintf(res->message, sizeof res->message, "%s", e);
	}
	if (!o || !o->no_journal) {
		je.kind = "act";
		je.target = NULL;
		je.outcome = mw_outcome_name(res->outcome);
		je.where = where;
		je.message = res->message;
		(void)mw_journal_append(&je, res->journal_error, sizeof res->journal_error);
	}
	return mw_outcome_exit(res->outcome);
}
