/*
 * sim/lab_compaction.c - lab 8, memory compaction and its two scanners (docs/labs/08-compaction.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_compaction = {
	.name = "compaction",
	.title = "memory compaction and its two scanners",
	.doc = "docs/labs/08-compaction.md",
};
