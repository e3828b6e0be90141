/*
 * sim/lab_hotplug.c - lab 10, memory hotplug: offlining and onlining (docs/labs/10-hotplug.md): its seeded
 * exercise.
 *
 * No kernel counterpart: the exercise's answers come from running its
 * commands on the lab's machine.
 */
#include "sim/lab_internal.h"

const struct lab lab_hotplug = {
	.name = "hotplug",
	.title = "memory hotplug: offlining and onlining",
	.doc = "docs/labs/10-hotplug.md",
};
