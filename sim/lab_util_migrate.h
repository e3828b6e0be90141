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

/* A base page in KiB: the commands give lengths as NK. */
#define LAB_PAGE_KIB	((unsigned int)(PAGE_SIZE / 1024))

/*
 * The machine of labs 5 and 6: two nodes of 16 MiB at distance 20, one
 * CPU each, the linux-6.1 profile.
 */
extern const char lab_two_node_config[];

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
