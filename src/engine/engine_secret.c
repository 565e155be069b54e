/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine_secret.c - Modbus reads and writes that keep passwords out of the
 * frame trace: the words of the settings a device file marks secret (and
 * its unlock setting) print as ** (trace.h), with the CRC that would give
 * them away.  The bus moves words and cannot tell; the engine, which
 * knows the model, says which bytes of the next frames are secret.
 */
#include "config.h"

#include <string.h>

#include "codec.h"
#include "engine_int.h"
#include "trace.h"

/*
 * The words of m's secret settings (and unlock setting) among the n words
 * at reg of table t: [*lo, *hi) as offsets into the block; false if none.
 */
static bool secret_words(const struct mw_model *m, enum mw_table t, uint16_t reg, int n, int *lo,
                         int *hi)
{
	*lo = n;
	*hi = 0;
	for (size_t i = 0; m && i < m->n_settings; i++) {
		const struct mw_setting *s = &m->settings[i];
		int a, z;

		if (s->gap || s->table != t ||
		    !(s->secret || (m->unlock.setting && strcmp(s->name, m->unlock.setting) == 0)))
			continue;
		a = s->reg - reg;
		z = a + mw_setting_words(s);
		if (z <= 0 || a >= n)
			continue;
		a = a < 0 ? 0 : a;
		z = z > n ? n : z;
		*lo = a < *lo ? a : *lo;
		*hi = z > *hi ? z : *hi;
	}
	return *lo < *hi;
}

int mw_engine_write(struct mw_bus *b, int addr, const struct mw_model *m, int fc, uint16_t reg,
                    const uint16_t *w, int n, char *err, size_t errsz)
{
	struct mw_trace_secret pw;
	int lo, hi, rc;

	if (!secret_words(m, MW_TABLE_HOLDING, reg, n, &lo, &hi))
		return mw_bus_write(b, addr, fc, reg, w, n, err, errsz);
	if (fc == 6 && n == 1) /* addr 06 reg(2) value(2): the reply echoes it */
		pw = (struct mw_trace_secret){4, 2, 4, 2, 0, 0};
	else /* addr 10 reg(2) n(2) bytes(1) values */
		pw =
		    (struct mw_trace_secret){7 + 2 * (size_t)lo, 2 * (size_t)(hi - lo), 0, 0, 0, 0};
	if (mw_bus_is_rtu_framed(b)) /* the CRC would give the words away */
		pw.check_back = pw.check_n = 2;
	mw_trace_secret(&pw);
	rc = mw_bus_write(b, addr, fc, reg, w, n, err, errsz);
	mw_trace_secret(NULL);
	return rc;
}

int mw_engine_read(struct mw_bus *b, int addr, const struct mw_model *m, enum mw_table t,
                   uint16_t reg, int n, uint16_t *out, char *err, size_t errsz)
{
	struct mw_trace_secret pw;
	int lo, hi, rc;

	if (!secret_words(m, t, reg, n, &lo, &hi))
		return mw_bus_read(b, addr, t, reg, n, out, err, errsz);
	/* addr 03 bytes(1) values */
	pw = (struct mw_trace_secret){0, 0, 3 + 2 * (size_t)lo, 2 * (size_t)(hi - lo), 0, 0};
	if (mw_bus_is_rtu_framed(b))
		pw.check_back = pw.check_n = 2;
	mw_trace_secret(&pw);
	rc = mw_bus_read(b, addr, t, reg, n, out, err, errsz);
	mw_trace_secret(NULL);
	return rc;
}
