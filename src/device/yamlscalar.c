/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * yamlscalar.c - scalars of a YAML document (see yamlscalar.h).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "numfmt.h"
#include "yamlscalar.h"

struct mw_pos mw_yaml_pos(const yaml_node_t *n)
{
	struct mw_pos p = {1, 1};

	if (n) {
		p.line = (int)n->start_mark.line + 1;
		p.col = (int)n->start_mark.column + 1;
	}
	return p;
}

const char *mw_yaml_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

bool mw_yaml_parse_long(const char *s, long *out)
{
	const char *p = s;
	bool neg = false;
	unsigned long long v;
	char *end;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!(*p >= '0' && *p <= '9'))
		return false;
	errno = 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		v = strtoull(p + 2, &end, 16);
	else
		v = strtoull(p, &end, 10);
	if (errno || *end || end == p || (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && !p[2]))
		return false;
	if (v > (unsigned long long)0x7fffffffffffffffLL)
		return false;
	*out = neg ? -(long)v : (long)v;
	return true;
}

bool mw_yaml_parse_double(const char *s, double *out)
{
	long l;

	if (mw_yaml_parse_long(s, &l)) {
		*out = (double)l;
		return true;
	}
	if (!*s || strchr(s, 'x') || strchr(s, 'X'))
		return false;
	return mw_numfmt_parse(s, out) == 0 && isfinite(*out);
}

bool mw_yaml_parse_bool(const char *s, bool *out)
{
	if (strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0)
		*out = true;
	else if (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0)
		*out = false;
	else
		return false;
	return true;
}
