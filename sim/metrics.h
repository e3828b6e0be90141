/*
 * sim/metrics.h - the numbers a comparison of allocator policies needs
 * (docs/metrics.md, "Metrics for comparisons"): the proactive
 * fragmentation score per node, free huge blocks, mixed pageblocks,
 * high-order allocation success, THP fault coverage, compaction effort,
 * allocation latency by the slowest step taken, migration volume and time.
 *
 * They come out twice: as columns appended to every timeseries.csv row
 * (cumulative counters and the state at that moment), and as the
 * "metrics" object at the end of results.json (the state at the end).
 * Each formula lives in one small function here, so that the tests check
 * the formula and both outputs use the same one.
 *
 * Kernel counterparts: fragmentation_score_node() (mm/compaction.c, through
 * mm/kcompactd.c), page_owner's mixed-block count
 * (pagetypeinfo_showmixedcount_print(), mm/page_owner.c), the vmstat event
 * counters thp_fault_alloc/_fallback, compact_*_scanned and
 * compact_success.  The rest is the simulator's own bookkeeping.
 */
#ifndef SIM_METRICS_H
#define SIM_METRICS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mm/mmzone.h"

/* The columns every timeseries.csv row gets after the historic ones. */
#define METRICS_TIMESERIES_COLUMNS						\
	"mixed_pageblocks,free_huge_blocks,thp_fault_alloc,thp_fault_fallback,"	\
	"alloc_success_costly,alloc_fail_costly,compact_migrate_scanned,"	\
	"compact_free_scanned,compact_success,pgmigrate_success,migrate_time_ns"

/* A share, success / (success + fail); false when there was no attempt. */
bool metrics_rate(unsigned long success, unsigned long fail, double *rate);

/*
 * Free blocks of pageblock order that the free lists hold: each free block
 * of order o >= pb_order counts 2^(o - pb_order).  What can be handed out
 * as huge pages right now, without compaction.
 */
unsigned long metrics_free_huge_blocks(const unsigned long nr_free[MAX_ORDER],
				       unsigned int pb_order);

/*
 * Compaction effort: pages the migration and free scanners examined per
 * successful direct compaction; false without a success.
 */
bool metrics_scanned_per_success(uint64_t migrate_scanned, uint64_t free_scanned,
				 uint64_t success, double *per_success);

/* The highest fragmentation_score_node() of m's nodes (0..100). */
unsigned int metrics_fragmentation_score_max(const struct machine *m);

/* The metric names of timeseries.csv for m: the fixed columns, then one score per node. */
void metrics_timeseries_header(FILE *f, const struct machine *m);

/* The values of those columns for m now, each preceded by a comma. */
void metrics_timeseries_row(FILE *f, const struct machine *m);

/* results.json's "metrics" object for m. */
json_t *metrics_json(const struct machine *m);

/* The name of an allocation path of the latency metric ("fast", ...). */
const char *metrics_path_name(enum alloc_path path);

#endif /* SIM_METRICS_H */
