/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scenario_keys.h - the keys of a scenario's devices and bus
 * (scenario_keys.c), for the scenario loader and the control socket's
 * "set" (scenario.c).  Every call returns 0, or -1 with the message in
 * the context's err.
 */
#ifndef MW_SIM_SCENARIO_KEYS_H
#define MW_SIM_SCENARIO_KEYS_H

#include <yaml.h>

#include "sim.h"

/* A scenario (or a "set" value) being read. */
struct sim_parse {
	yaml_document_t *doc;
	const char *path; /* for messages: the scenario file, or "set" */
	const char *devices_dir;
	struct sim_bus *bus;
	char *err; /* caller's buffer */
	size_t errsz;
};

/* Report an error at node n; always returns -1. */
__attribute__((format(printf, 3, 4))) int sim_keys_fail(struct sim_parse *c, const yaml_node_t *n,
                                                        const char *fmt, ...);
yaml_node_t *sim_keys_node(struct sim_parse *c, int id);
/* Text of a scalar node, NULL otherwise. */
const char *sim_keys_scalar(const yaml_node_t *n);
int sim_keys_double(struct sim_parse *c, yaml_node_t *n, double *x);
int sim_keys_int(struct sim_parse *c, yaml_node_t *n, int *x);
/* One fault key of a device (wiring or line) or of the bus (d == NULL). */
int sim_keys_fault(struct sim_parse *c, struct sim_device *d, struct sim_faults *f, yaml_node_t *k,
                   yaml_node_t *v);
/* A mapping of fault keys. */
int sim_keys_faults(struct sim_parse *c, struct sim_device *d, struct sim_faults *f,
                    yaml_node_t *n);
/* One key of a device that may also be set at run time. */
int sim_keys_device(struct sim_parse *c, struct sim_device *d, yaml_node_t *k, yaml_node_t *v);
/* Line settings of d against its model's lists; errors at node n. */
int sim_keys_check_line(struct sim_parse *c, struct sim_device *d, yaml_node_t *n);

#endif
