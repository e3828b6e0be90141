/*
 * sim/explain_compact.c - the sentences `explain` prints for memory compaction (its two scanners), CMA allocation and memory offlining.
 *
 * A table of sim/explain.h templates, one per event mm/ emits there;
 * ended by { NULL }.
 *
 * No kernel counterpart: each sentence names the kernel function that
 * takes the decision it tells.
 */
#include "sim/explain.h"

const struct explain_template explain_compact_templates[] = {
	{ NULL, NULL },
};
