/*
 * sim/lab_cma.c - lab 9, the contiguous memory allocator (CMA) (docs/labs/09-cma.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_cma = {
	.name = "cma",
	.title = "the contiguous memory allocator (CMA)",
	.doc = "docs/labs/09-cma.md",
};
