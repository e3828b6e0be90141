/*
 * sim/lab_migratetypes.c - lab 2, migratetypes, pageblocks and fallback (docs/labs/02-migratetypes.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_migratetypes = {
	.name = "migratetypes",
	.title = "migratetypes, pageblocks and fallback",
	.doc = "docs/labs/02-migratetypes.md",
};
