/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * devload_int.h - private to the device-file loader (devload*.c).
 *
 * The loader reads a whole YAML document with libyaml's document API and
 * walks it section by section.  These helpers check node kinds, keys and
 * scalars and report the first problem as "file:line:col: message"; every
 * parse function returns 0 or -1 after recording the error.  Memory is
 * owned by the model under construction: arrays grow one zeroed element
 * at a time, so mw_model_free() can free a half-built model.
 */
#ifndef MW_DEVLOAD_INT_H
#define MW_DEVLOAD_INT_H

#include <stdbool.h>
#include <yaml.h>

#include "model.h"
#include "yamlscalar.h"

/* Loader state for one file. */
struct dl {
	yaml_document_t *doc;
	const char *path; /* for messages */
	char *err;        /* caller's buffer */
	size_t errsz;
	bool failed; /* the first error wins */
	struct mw_model *m;
};

/* The most keys any mapping in the format may hold. */
#define DL_MAX_KEYS 32

/* A checked mapping: known keys, each once. */
struct dl_map {
	yaml_node_t *node;
	size_t n;
	const char *key[DL_MAX_KEYS];
	yaml_node_t *knode[DL_MAX_KEYS];
	yaml_node_t *val[DL_MAX_KEYS];
};

/* Errors. */
struct mw_pos mw_dl_pos(const yaml_node_t *n);
__attribute__((format(printf, 3, 4))) int mw_dl_fail(struct dl *d, const yaml_node_t *at,
                                                     const char *fmt, ...);
__attribute__((format(printf, 3, 4))) int mw_dl_fail_pos(struct dl *d, struct mw_pos pos,
                                                         const char *fmt, ...);

/* Copy src into dst with control characters written as \xHH (never raw). */
void mw_dl_escape_controls(char *dst, size_t sz, const char *src);

/* Memory: abort on exhaustion (broken invariant, not a user error). */
char *mw_dl_strdup(const char *s);
/* Grow *arr by one zeroed element of `size` bytes; returns the new element.
 * The capacity is implied by *n (the next power of two), so an array
 * grown here must start empty and grow only here. */
void *mw_dl_grow(void *arr_ptr, size_t *n, size_t size);

/* Node access. */
yaml_node_t *mw_dl_item(struct dl *d, const yaml_node_t *seq, size_t i);
int mw_dl_map(struct dl *d, yaml_node_t *n, const char *what, const char *const *known,
              struct dl_map *out);
yaml_node_t *mw_dl_get(const struct dl_map *mp, const char *key);
/* The mapping's key node for `key` (for positions), or the mapping itself. */
const yaml_node_t *mw_dl_key_node(const struct dl_map *mp, const char *key);
/* Check n is a list; returns its length or -1. */
long mw_dl_list(struct dl *d, yaml_node_t *n, const char *what);
const char *mw_dl_scalar(struct dl *d, yaml_node_t *n, const char *what);

/* Scalars. */
int mw_dl_str(struct dl *d, yaml_node_t *n, const char *what, char **out);
int mw_dl_long(struct dl *d, yaml_node_t *n, const char *what, long min, long max, long *out);
int mw_dl_double(struct dl *d, yaml_node_t *n, const char *what, double *out);
int mw_dl_bool(struct dl *d, yaml_node_t *n, const char *what, bool *out);
/* One of names[] (NULL-terminated); *out is its index. */
int mw_dl_enum(struct dl *d, yaml_node_t *n, const char *what, const char *const *names, int *out);
/* [MIN, MAX] with MIN <= MAX. */
int mw_dl_range(struct dl *d, yaml_node_t *n, const char *what, double *lo, double *hi);
/* [HI, LO] bit field within a word. */
int mw_dl_field(struct dl *d, yaml_node_t *n, const char *what, struct mw_field *f);
/* Identifier [a-z][a-z0-9_]*. */
int mw_dl_check_name(struct dl *d, const yaml_node_t *at, const char *name);

/* Enumerations spelled in device files. */
int mw_dl_table(struct dl *d, yaml_node_t *n, enum mw_table *out);
int mw_dl_phase(struct dl *d, yaml_node_t *n, enum mw_phase *out);
int mw_dl_order(struct dl *d, yaml_node_t *n, const char *what, int *out);
/* Number of registers (or coils) a value of this type takes. */
int mw_dl_words(enum mw_type t, int length);
bool mw_dl_has_fc(const struct mw_model *m, int fc);
/* Phase names as written in files (index = enum mw_phase), NULL-terminated. */
extern const char *const mw_dl_phase_names[];
extern const char *const mw_dl_type_names[];

/* Keys both protocols share (devload_common.c). */
/* Which list an entry is in, for its messages. */
enum dl_entry { DL_VALUE, DL_SETTING, DL_ACTION };
/* A list of whole numbers in min..max, each once, into a new int array. */
int mw_dl_int_list(struct dl *d, yaml_node_t *n, const char *what, long min, long max, int **out,
                   size_t *nout);
/* The line's bauds, formats, default baud and format, turnaround_ms; *dm
 * is the checked `default` mapping, whose address is the protocol's. */
int mw_dl_line_common(struct dl *d, const struct dl_map *mp, struct dl_map *dm);
/* name (required, an identifier) and label (the name when not given). */
int mw_dl_entry_name(struct dl *d, const struct dl_map *mp, enum dl_entry kind, char **name,
                     char **label);
/* An optional text key; *out is left alone when the key is absent. */
int mw_dl_opt_str(struct dl *d, const struct dl_map *mp, const char *key, char **out);
/* A value's quantity, tariff (0..tariff_max), sim and flags (type bits only). */
int mw_dl_value_keys(struct dl *d, const struct dl_map *mp, struct mw_value *v, long tariff_max);
/* A setting's name, label, unit ("" when not given), note and gap. */
int mw_dl_setting_head(struct dl *d, const struct dl_map *mp, struct mw_setting *s);
/* The protocol's check of one choice (the raw fits, the name suits it). */
typedef int (*dl_choice_check)(struct dl *d, const struct mw_setting *s, yaml_node_t *at, long raw,
                               const char *name);
/* range [MIN, MAX] or choices {RAW: NAME} (not both); check runs per choice. */
int mw_dl_setting_domain(struct dl *d, const struct dl_map *mp, struct mw_setting *s,
                         dl_choice_check check);
/* `line:` none, address, baud or format. */
int mw_dl_setting_role(struct dl *d, yaml_node_t *n, enum mw_line_role *out);
/* needs_unlock, write_only, secret. */
int mw_dl_setting_flags(struct dl *d, const struct dl_map *mp, struct mw_setting *s);
/* An action's name, label, note, gap, confirm (default yes), effect, needs_unlock. */
int mw_dl_action_head(struct dl *d, const struct dl_map *mp, struct mw_action *a);

/* Sections. */
int mw_dl_values(struct dl *d, yaml_node_t *list);
int mw_dl_values_resolve(struct dl *d);
int mw_dl_settings(struct dl *d, yaml_node_t *list);
int mw_dl_settings_check(struct dl *d);
int mw_dl_actions(struct dl *d, yaml_node_t *list);

/* Sections of protocol dlt645 (devload_dlt645.c). */
int mw_dl_dlt_line(struct dl *d, yaml_node_t *n);
int mw_dl_dlt_identify(struct dl *d, yaml_node_t *n);
int mw_dl_dlt_values(struct dl *d, yaml_node_t *list);
int mw_dl_dlt_settings(struct dl *d, yaml_node_t *list);
int mw_dl_dlt_actions(struct dl *d, yaml_node_t *list);
int mw_dl_dlt_check(struct dl *d);
/* protocol dlt645-1997: 2-byte DIs, no blocks. */
int mw_dl_dlt_check_1997(struct dl *d);

#endif
