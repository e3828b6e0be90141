/*
 * sim/lab_thp.c - lab 11, transparent huge pages and fragmentation (docs/labs/11-thp.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_thp = {
	.name = "thp",
	.title = "transparent huge pages and fragmentation",
	.doc = "docs/labs/11-thp.md",
};
