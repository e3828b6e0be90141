/*
 * sim/report.h - what a run reports: the summary table on stdout,
 * OUTDIR/results.json, and the /proc views of each snapshot.
 *
 * results.json (keys in a fixed order, see docs/cli.md for every field):
 *   numasim   {version, profile, seed}
 *   machine   {nodes, cpus, memory_bytes, pageblock_order, max_order, node: [...]}
 *   init_from with --init-from only: the snapshot's numbers against the
 *             reconstruction's, per zone (sim/init_from.h)
 *   events    records replayed
 *   counters  every /proc/vmstat counter by name (machine-wide sums)
 *   stats     the simulator's own totals (struct mm_sim_stats)
 *   zones     per populated zone: sizes, free pages, watermarks, free blocks
 *             per order and migratetype, pageblocks and mixed pageblocks per
 *             migratetype and the unusable / fragmentation indices per order
 *   snapshots the snapshot names, in the order they were taken
 *   snapshot_summary
 *             per snapshot: machine-wide free blocks per order, free pages,
 *             mixed pageblocks and the extfrag totals at that moment
 *   processes the live tasks (pid, comm, RSS by kind, page tables, faults)
 *             and the machine's totals of what processes did
 *   move_pages, migrate_pages
 *             the calls named with id=, by id: what they returned (and the
 *             count of each status move_pages stored)
 *   comparison a demand replay of a trace with the traced kernel's records
 *             (pfn=, free pfn=, extfrag) only: numasim vs the traced kernel
 *   follow    with --follow only: placements, pre-trace frees, claims and
 *             the inconsistencies by kind (sim/report_trace.c)
 *   metrics   (last) the comparison metrics (sim/metrics.h)
 *
 * OUTDIR/timeseries.csv (with --sample-every N): one row of machine-wide
 * numbers every N events and after the last one; REPORT_TIMESERIES_HEADER
 * names the first columns, sim/metrics.h the ones after them.  A row
 * costs a pass over the pageblock bitmap and one over the memmap (the
 * mixed pageblocks).
 *
 * Linux counterpart: none (the views come from sim/procfs.c).
 */
#ifndef SIM_REPORT_H
#define SIM_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "mm/mmzone.h"
#include "sim/output.h"

/* What the run remembers of one snapshot for the summary (machine-wide). */
struct report_snapshot {
	char *name;
	unsigned long free_blocks[MAX_ORDER];	/* sum of nr_free per order */
	unsigned long free_pages;		/* pages in those blocks */
	unsigned long mixed_pageblocks;		/* all types */
	unsigned long extfrag_events;
	unsigned long extfrag_fragmenting;
	unsigned long extfrag_change_ownership;
};

/*
 * The context of the engine's snapshot and sample callbacks: the staged
 * output, the staged timeseries.csv, and the snapshots seen so far.
 */
struct report_run {
	struct output *out;
	FILE *timeseries;		/* NULL: not written; owned by out */
	struct report_snapshot *snaps;
	size_t nr_snaps;
	size_t snap_cap;
};

struct init_from_report;
struct numa_call;
struct traced_counts;

struct report_info {
	const char *version;
	const char *profile;
	uint64_t seed;
	const struct sim_config_sets *sets;		/* --set, in order; NULL: none */
	unsigned long nr_events;
	char *const *snapshot_names;
	size_t nr_snapshots;
	const struct report_snapshot *snapshot_summary;	/* in snapshot order */
	size_t nr_snapshot_summary;
	const struct init_from_report *init_from;	/* NULL: started from the boot */
	const struct numa_call *numa_calls;		/* named move_pages / migrate_pages */
	size_t nr_numa_calls;
	bool follow;					/* a followed replay (--follow) */
	const struct traced_counts *traced;		/* NULL: no page family */
	unsigned long oom_skipped_events;		/* events of OOM-killed tasks dropped */
};

#define REPORT_TIMESERIES_FILE	"timeseries.csv"
#define REPORT_TIMESERIES_HEADER						\
	"events,time_s,free_pages,"						\
	"free_blocks_o0,free_blocks_o1,free_blocks_o2,free_blocks_o3,"		\
	"free_blocks_o4,free_blocks_o5,free_blocks_o6,free_blocks_o7,"		\
	"free_blocks_o8,free_blocks_o9,free_blocks_o10,"			\
	"pageblocks_unmovable,pageblocks_movable,pageblocks_reclaimable,"	\
	"pageblocks_highatomic,pageblocks_isolate,"				\
	"extfrag_events,extfrag_fragmenting,extfrag_change_ownership,"		\
	"alloc_fail,kswapd_wakeups,unusable_index_pb"

void report_run_init(struct report_run *rr, struct output *out);
void report_run_release(struct report_run *rr);

/*
 * What a run writes into OUTDIR (results.json, snapshots/ and, if
 * timeseries, timeseries.csv), and which files below it are its own
 * (report_snapshot_file()): the spec of output_begin(), without inputs.
 */
void report_output_spec(struct output_spec *spec, const char *outdir, bool timeseries);

/*
 * Is relpath (below OUTDIR) a file report_snapshot() writes into a
 * snapshot's folder: snapshots/NAME/VIEW, .../nodeN.meminfo, .../PID or
 * .../PID/numa_maps?  An older run's such file may be replaced or removed.
 */
bool report_snapshot_file(const char *relpath);

/*
 * Stage OUTDIR/timeseries.csv and write its header.  Returns 0, or -1 with
 * "numasim: ..." in err.
 */
int report_timeseries_open(struct report_run *rr, const struct machine *m, char *err,
			   size_t errlen);

/*
 * An engine_sample_fn (ctx: the struct report_run): append one row of
 * timeseries.csv for the machine after nr_events events at virtual time
 * now_ns.  Write errors surface when the output is committed.
 */
void report_sample(void *ctx, const struct machine *m, unsigned long nr_events,
		   uint64_t now_ns);

/* Write results.json into the staged output.  Returns 0 or -1 with err. */
int report_write_results(struct output *o, const struct machine *m,
			 const struct report_info *ri, char *err, size_t errlen);

/* The summary table. */
void report_print_summary(FILE *f, const struct machine *m, const struct report_info *ri);

/*
 * An engine_snapshot_fn (ctx: the struct report_run): write
 * snapshots/NAME/{buddyinfo,pagetypeinfo,vmstat,zoneinfo,meminfo,
 * nodeN.meminfo,extfrag_index,unusable_index} and PID/numa_maps for each
 * live task, and remember the snapshot's summary numbers.
 */
int report_snapshot(void *ctx, const char *name, const struct machine *m,
		    char *err, size_t errlen);

#endif /* SIM_REPORT_H */
