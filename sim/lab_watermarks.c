/*
 * sim/lab_watermarks.c - lab 3, watermarks, kswapd and direct reclaim (docs/labs/03-watermarks.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_watermarks = {
	.name = "watermarks",
	.title = "watermarks, kswapd and direct reclaim",
	.doc = "docs/labs/03-watermarks.md",
};
