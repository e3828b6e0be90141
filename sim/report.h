/*
 * sim/report.h - what a run reports: the summary table on stdout,
 * OUTDIR/results.json, and the /proc views of each snapshot.
 *
 * results.json (keys in a fixed order, see docs/cli.md for every field):
 *   numasim   {version, profile, seed}
 *   machine   {nodes, cpus, memory_bytes, pageblock_order, max_order, node: [...]}
 *   events    records replayed
 *   counters  every /proc/vmstat counter by name (machine-wide sums)
 *   stats     the simulator's own totals (struct mm_sim_stats)
 *   zones     per populated zone: sizes, free pages, watermarks, free blocks
 *             per order and migratetype, pageblocks per migratetype and the
 *             unusable / fragmentation indices per order
 *   snapshots the snapshot names, in the order they were taken
 *
 * Linux counterpart: none (the views come from sim/procfs.c).
 */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "mm/mmzone.h"
#include "sim/output.h"

struct report_info {
	const char *version;
	const char *profile;
	uint64_t seed;
	unsigned long nr_events;
	char *const *snapshot_names;
	size_t nr_snapshots;
};

/* Write results.json into the staged output.  Returns 0 or -1 with err. */
int report_write_results(struct output *o, const struct machine *m,
			 const struct report_info *ri, char *err, size_t errlen);

/* The summary table. */
void report_print_summary(FILE *f, const struct machine *m, const struct report_info *ri);

/*
 * An engine_snapshot_fn (ctx: the struct output): write
 * snapshots/NAME/{buddyinfo,pagetypeinfo,vmstat,zoneinfo,extfrag_index,
 * unusable_index}.
 */
int report_snapshot(void *ctx, const char *name, const struct machine *m,
		    char *err, size_t errlen);

#endif /* SIM_REPORT_H */
