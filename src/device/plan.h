/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan.h - read planner: the fewest requests that fetch a set of values.
 *
 * Values in one table are sorted by register and merged into requests of
 * at most the model's max_read registers (<= 125).  A hole between two
 * values is bridged only when the model allows it (line.bridge_gaps) and
 * reading the hole costs fewer bytes on the line than a new request.
 */
#ifndef MW_PLAN_H
#define MW_PLAN_H

#include "model.h"

struct mw_request {
	enum mw_table table;
	uint16_t start;
	uint16_t count; /* registers (or coils) */
};

struct mw_plan {
	struct mw_request *req;
	size_t n_req;
};

/*
 * Plan reads of the values of `m` whose indices are in `want` (n_want of
 * them; want == NULL means every value).  Values a wanted value takes its
 * sign from are added.  Returns 0, or -1 on out-of-memory (errno ENOMEM)
 * or on an index past the values or a value no request can hold (EINVAL).
 */
int mw_plan_build(const struct mw_model *m, const size_t *want, size_t n_want,
                  struct mw_plan *plan);
void mw_plan_free(struct mw_plan *plan);

/* Bytes a read of n registers costs on the line: request 8 + reply 5+2n. */
int mw_plan_bytes(const struct mw_plan *plan);

#endif
