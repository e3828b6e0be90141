/*
 * sim/lab_migration.c - lab 5, page migration and its steps (docs/labs/05-migration.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_migration = {
	.name = "migration",
	.title = "page migration and its steps",
	.doc = "docs/labs/05-migration.md",
};
