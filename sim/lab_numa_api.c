/*
 * sim/lab_numa_api.c - lab 6, migrate_pages, move_pages, mbind and numa_maps (docs/labs/06-numa-api.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_numa_api = {
	.name = "numa-api",
	.title = "migrate_pages, move_pages, mbind and numa_maps",
	.doc = "docs/labs/06-numa-api.md",
};
