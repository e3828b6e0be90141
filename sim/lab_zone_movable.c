/*
 * sim/lab_zone_movable.c - lab 4, ZONE_MOVABLE and movablecore (docs/labs/04-zone-movable.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_zone_movable = {
	.name = "zone-movable",
	.title = "ZONE_MOVABLE and movablecore",
	.doc = "docs/labs/04-zone-movable.md",
};
