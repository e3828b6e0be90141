/*
 * sim/init_from.h - "numasim run --init-from SNAPDIR": start the booted
 * machine from a recorded state, and say how exactly it matched.
 *
 * SNAPDIR is a folder of the kernel's zoneinfo and pagetypeinfo (and
 * buddyinfo, if there), copied from a machine or written by numasim as
 * OUTDIR/snapshots/NAME/.  init_from_apply() reads it (sim/procsnap.h),
 * checks that it is of the booted machine's shape, hands each zone's
 * pageblock, free-list and per-CPU counts to mm/zone_restore.h, and reads
 * back what the zones hold, for the report (sim/init_from_report.c: the
 * summary's lines and results.json's "init_from").
 *
 * No kernel counterpart.
 */
#ifndef SIM_INIT_FROM_H
#define SIM_INIT_FROM_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "mm/mmzone.h"
#include "mm/zone_restore.h"

/* The files read: zoneinfo and pagetypeinfo are needed, buddyinfo helps. */
#define INIT_FROM_MAX_FILES	3

/* One populated zone: what the snapshot recorded, what the zone holds now. */
struct init_from_zone {
	int nid;
	enum zone_type zid;
	/* recorded, with the file lines they came from */
	unsigned long free[MAX_ORDER][MIGRATE_TYPES];	/* pagetypeinfo, capped ones resolved */
	bool capped[MAX_ORDER][MIGRATE_TYPES];		/* printed as ">100000" */
	bool resolved[MAX_ORDER][MIGRATE_TYPES];	/* ... and buddyinfo gave the count */
	unsigned long buddy[MAX_ORDER];			/* buddyinfo, if has_buddy */
	bool has_buddy;
	unsigned long blocks[MIGRATE_TYPES];		/* "Number of blocks type" */
	bool has_free_rows, has_blocks_row;
	unsigned int free_line;				/* pagetypeinfo: first free row */
	unsigned int blocks_line;
	unsigned long pcp[HW_MAX_CPUS];			/* zoneinfo: cpuN count */
	bool pcp_seen[HW_MAX_CPUS];
	unsigned long drift;				/* zoneinfo: vm stats thresholds */
	long zoneinfo_free;				/* zoneinfo: nr_free_pages (or pages free) */
	bool has_zoneinfo_free;
	long boost;
	unsigned long lru_pages;			/* zoneinfo: nr_zone_* LRU counters */
	unsigned int lru_items;				/* ... how many of the five were seen */
	unsigned int line;				/* zoneinfo: "managed", 0: absent */
	/* reconstructed: read back from the zone */
	unsigned long got_free[MAX_ORDER][MIGRATE_TYPES];
	unsigned long got_blocks[MIGRATE_TYPES];
	unsigned long got_pcp[HW_MAX_CPUS];
	unsigned long got_free_pages;
	struct zone_restore_result res;
};

struct init_from_report {
	char *dir;
	char *files[INIT_FROM_MAX_FILES];		/* names read, sorted */
	char *paths[INIT_FROM_MAX_FILES];		/* dir/name: inputs of the run */
	size_t nr_files;
	unsigned int nr_cpus;
	bool type_in_abi[MIGRATE_TYPES];		/* the machine's pagetypeinfo columns */
	struct init_from_zone *zones;			/* by node, then zone index */
	size_t nr_zones;
};

/*
 * Start the booted machine m (booted from config_name, for messages) from
 * the snapshot folder dir and fill rep.  Returns an exit status
 * (sim/message.h): 0, or 2 for a folder that cannot be read, lacks
 * zoneinfo or pagetypeinfo, is of another machine or contradicts itself
 * (one message line printed; m must then be released), 1 out of memory.
 */
int init_from_apply(const char *dir, const char *config_name, struct machine *m,
		    struct init_from_report *rep);

void init_from_release(struct init_from_report *rep);

/* ---- the report (sim/init_from_report.c) ---- */

/* Counts of the zone that differ from the snapshot's (capped ones unresolved count). */
unsigned long init_from_zone_differs(const struct init_from_report *rep,
				     const struct init_from_zone *z);

/* The summary's lines: per zone, recorded against reconstructed, and the notes. */
void init_from_print(FILE *f, const struct init_from_report *rep);

/* results.json's "init_from" object (a new reference), NULL when out of memory. */
json_t *init_from_json(const struct init_from_report *rep);

#endif /* SIM_INIT_FROM_H */
