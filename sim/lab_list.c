/*
 * sim/lab_list.c - the labs, in the order a course takes them: each
 * builds on the ones before it (docs/labs/README.md).
 *
 * No kernel counterpart.
 */
#include "sim/lab_internal.h"

extern const struct lab lab_buddy;
extern const struct lab lab_migratetypes;
extern const struct lab lab_watermarks;
extern const struct lab lab_zone_movable;
extern const struct lab lab_migration;
extern const struct lab lab_numa_api;
extern const struct lab lab_swap_migration;
extern const struct lab lab_compaction;
extern const struct lab lab_cma;
extern const struct lab lab_hotplug;
extern const struct lab lab_thp;

const struct lab *const lab_list[] = {
	&lab_buddy,
	&lab_migratetypes,
	&lab_watermarks,
	&lab_zone_movable,
	&lab_migration,
	&lab_numa_api,
	&lab_swap_migration,
	&lab_compaction,
	&lab_cma,
	&lab_hotplug,
	&lab_thp,
};

const size_t lab_list_len = sizeof(lab_list) / sizeof(lab_list[0]);
