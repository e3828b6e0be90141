/*
 * sim/explain_alloc.c - the sentences `explain` prints for the page
 * allocator: an allocation (zonelist walk, watermarks, per-CPU lists,
 * buddy split, fallback) and a free (per-CPU list or buddy, merges).
 *
 * A table of sim/explain.h templates, one per event mm/ emits there;
 * ended by { NULL }.
 *
 * No kernel counterpart: each sentence names the kernel function that
 * takes the decision it tells.
 */
#include "sim/explain.h"

const struct explain_template explain_alloc_templates[] = {
	{ NULL, NULL },
};
