/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * yamlscalar.h - reading scalars of a libyaml document, shared by the
 * device-file loader (devload*.c) and the simulator's scenarios
 * (sim/scenario.c), so that both spell numbers and booleans one way:
 * whole numbers in decimal or 0x hex (never octal), decimals with '.'
 * whatever the locale, true/false/yes/no.
 */
#ifndef MW_YAMLSCALAR_H
#define MW_YAMLSCALAR_H

#include <stdbool.h>
#include <yaml.h>

#include "model.h"

/* Where node n starts, 1-based ({1, 1} for NULL). */
struct mw_pos mw_yaml_pos(const yaml_node_t *n);
/* Text of a scalar node, NULL for anything else (or NULL). */
const char *mw_yaml_scalar(const yaml_node_t *n);
/* Whole number, decimal or 0x hex, with an optional sign. */
bool mw_yaml_parse_long(const char *s, long *out);
/* A finite number: a whole number as above, or a decimal. */
bool mw_yaml_parse_double(const char *s, double *out);
/* true/yes or false/no, any case. */
bool mw_yaml_parse_bool(const char *s, bool *out);

#endif
