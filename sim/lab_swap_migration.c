/*
 * sim/lab_swap_migration.c - lab 7, swap-based versus direct migration (docs/labs/07-swap-migration.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_swap_migration = {
	.name = "swap-migration",
	.title = "swap-based versus direct migration",
	.doc = "docs/labs/07-swap-migration.md",
};
