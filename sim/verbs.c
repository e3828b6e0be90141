/*
 * sim/verbs.c - the registry: every verb family the engine serves.
 *
 * The order is the dispatch order within a first letter and the order in
 * which engine_family_state() searches, so the page allocator's family,
 * whose alloc and free are most of a replay, comes first.
 *
 * Invariants: no two families register the same verb name (engine_init()
 * refuses it, and a test checks this table).
 *
 * No kernel counterpart.
 */
#include "sim/verbs.h"

const struct engine_family *const engine_families[] = {
	&family_page,
	&family_snapshot,
	&family_proc,
	&family_sysfs,
	&family_balloon,
	&family_numa,
	&family_oom,
	&family_slab,
	&family_file,
	&family_contig,
	&family_hotplug,
	&family_cma,
};

const size_t engine_nr_families = NR_ELEMS(engine_families);
