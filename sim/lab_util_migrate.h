/*
 * sim/lab_util_migrate.h - what the migration labs (5 to 7) read off a
 * lab session's machine, as the shell's views show it: a /proc/vmstat
 * line, the node counts of one numa_maps line, a named migrate_pages or
 * move_pages call's result.
 *
 * No kernel counterpart.
 */
#ifndef SIM_LAB_UTIL_MIGRATE_H
#define SIM_LAB_UTIL_MIGRATE_H

#include "sim/lab_internal.h"
#include "sim/verbs.h"

/* The value /proc/vmstat shows on the line called name; 0 if there is none. */
unsigned long lab_vmstat(const struct lab_session *s, const char *name);

/*
 * Pages of task pid's mapping named id (mmap ... id=NAME) on each node,
 * the N0= N1= ... counts of its numa_maps line, into node[].  Returns 0,
 * or -1 (the reason in s->msg) when the task or the mapping is gone.
 */
int lab_numa_maps_nodes(struct lab_session *s, int pid, const char *id,
			unsigned long node[MAX_NUMNODES]);

/* The call made with id=NAME (the last one of that name), NULL if none. */
const struct numa_call *lab_numa_call(const struct lab_session *s, const char *id);

/* The node whose count of c's entries is not 0 for a one-entry move_pages; -1 if none. */
int lab_numa_call_node(const struct numa_call *c);

#endif /* SIM_LAB_UTIL_MIGRATE_H */
