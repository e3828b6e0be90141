/*
 * sim/metrics.c - the comparison metrics (sim/metrics.h; formulas and
 * sources in docs/metrics.md): their timeseries.csv columns and
 * results.json's "metrics" object.
 *
 * Invariants: every number is read from the machine as it stands (free
 * lists, pageblock bitmap, memmap, vmstat events, the simulator's stats);
 * nothing here changes it.  Output is deterministic: fixed column and key
 * order, reals dumped by the caller with a fixed precision.  A share with
 * no attempt behind it is null in JSON and empty in CSV, never 0, so a
 * policy that never tried does not look like one that always failed.
 *
 * Kernel counterparts: see sim/metrics.h.
 */
#include "sim/metrics.h"

#include "mm/compaction.h"
#include "mm/latency_hist.h"
#include "mm/vmstat.h"
#include "sim/engine.h"	/* NR_ELEMS */
#include "sim/report_internal.h"

static const char *const path_names[NR_ALLOC_PATHS] = {
	[ALLOC_PATH_FAST] = "fast", [ALLOC_PATH_SLOW] = "slow",
	[ALLOC_PATH_COMPACT] = "compact", [ALLOC_PATH_RECLAIM] = "reclaim",
};

/* The latency percentiles a comparison shows. */
static const unsigned int path_pcts[] = { 50, 90, 99 };

const char *metrics_path_name(enum alloc_path path)
{
	return path_names[path];
}

bool metrics_rate(unsigned long success, unsigned long fail, double *rate)
{
	if (!success && !fail)
		return false;
	*rate = (double)success / ((double)success + (double)fail);
	return true;
}

unsigned long metrics_free_huge_blocks(const unsigned long nr_free[MAX_ORDER],
				       unsigned int pb_order)
{
	unsigned long blocks = 0;

	for (unsigned int order = pb_order; order < MAX_ORDER; order++)
		blocks += nr_free[order] << (order - pb_order);
	return blocks;
}

bool metrics_scanned_per_success(uint64_t migrate_scanned, uint64_t free_scanned,
				 uint64_t success, double *per_success)
{
	if (!success)
		return false;
	*per_success = (double)(migrate_scanned + free_scanned) / (double)success;
	return true;
}

unsigned int metrics_fragmentation_score_max(const struct machine *m)
{
	unsigned int max = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		unsigned int score;

		if (!m->node_data[nid])
			continue;
		score = fragmentation_score_node(m, m->node_data[nid]);
		if (score > max)
			max = score;
	}
	return max;
}

/* Successful and failed allocations above PAGE_ALLOC_COSTLY_ORDER. */
static void costly_allocs(const struct machine *m, unsigned long *success, unsigned long *fail)
{
	*success = *fail = 0;
	for (int order = PAGE_ALLOC_COSTLY_ORDER + 1; order < MAX_ORDER; order++) {
		*success += m->stats.alloc_success[order];
		*fail += m->stats.alloc_fail[order];
	}
}

static unsigned long free_huge_blocks(const struct machine *m)
{
	unsigned long nr_free[MAX_ORDER];

	report_free_blocks(m, nr_free);
	return metrics_free_huge_blocks(nr_free, m->pageblock_order);
}

/* ---- timeseries.csv ---- */

void metrics_timeseries_header(FILE *f, const struct machine *m)
{
	fputs("," METRICS_TIMESERIES_COLUMNS, f);
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		if (m->node_data[nid])
			fprintf(f, ",fragmentation_score_node%u", nid);
}

void metrics_timeseries_row(FILE *f, const struct machine *m)
{
	const unsigned long *ev = m->vm_events;
	unsigned long success, fail;

	costly_allocs(m, &success, &fail);
	fprintf(f, ",%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%lu,%llu",
		report_mixed_pageblocks(m), free_huge_blocks(m), ev[THP_FAULT_ALLOC],
		ev[THP_FAULT_FALLBACK], success, fail, ev[COMPACTMIGRATE_SCANNED],
		ev[COMPACTFREE_SCANNED], ev[COMPACTSUCCESS], ev[PGMIGRATE_SUCCESS],
		(unsigned long long)m->migrate_time.time_ns);
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		if (m->node_data[nid])
			fprintf(f, ",%u", fragmentation_score_node(m, m->node_data[nid]));
}

/* ---- results.json ---- */

static json_t *json_rate(unsigned long success, unsigned long fail)
{
	double rate;

	return metrics_rate(success, fail, &rate) ? json_real(rate) : json_null();
}

static json_t *fragmentation_scores(const struct machine *m)
{
	json_t *a = json_array();

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		if (m->node_data[nid])
			json_array_append_new(a, json_integer(fragmentation_score_node(m,
							      m->node_data[nid])));
	return a;
}

/* The success rate of each order: null where nothing of that order was asked. */
static json_t *high_order_success(const struct machine *m)
{
	const struct mm_sim_stats *s = &m->stats;
	unsigned long success, fail;
	json_t *by_order = json_array();

	for (int order = 0; order < MAX_ORDER; order++)
		json_array_append_new(by_order, json_rate(s->alloc_success[order],
							  s->alloc_fail[order]));
	costly_allocs(m, &success, &fail);
	return json_pack("{s:o, s:o}", "by_order", by_order, "costly", json_rate(success, fail));
}

static json_t *compaction_effort(const struct machine *m)
{
	const unsigned long *ev = m->vm_events;
	double per_success;

	return json_pack("{s:I, s:I, s:I, s:o}",
			 "migrate_scanned", (json_int_t)ev[COMPACTMIGRATE_SCANNED],
			 "free_scanned", (json_int_t)ev[COMPACTFREE_SCANNED],
			 "success", (json_int_t)ev[COMPACTSUCCESS],
			 "scanned_per_success",
			 metrics_scanned_per_success(ev[COMPACTMIGRATE_SCANNED],
						     ev[COMPACTFREE_SCANNED], ev[COMPACTSUCCESS],
						     &per_success) ?
			 json_real(per_success) : json_null());
}

static json_t *path_latency(const struct latency_hist *h)
{
	json_t *o = json_pack("{s:I}", "count", (json_int_t)h->count);

	for (size_t i = 0; i < NR_ELEMS(path_pcts); i++) {
		char key[8];

		snprintf(key, sizeof(key), "p%u", path_pcts[i]);
		json_object_set_new(o, key, json_integer((json_int_t)
							 latency_hist_percentile(h, path_pcts[i])));
	}
	json_object_set_new(o, "max", json_integer((json_int_t)h->max_ns));
	return o;
}

static json_t *alloc_latency_by_path(const struct machine *m)
{
	json_t *o = json_object();

	for (int path = 0; path < NR_ALLOC_PATHS; path++)
		json_object_set_new(o, path_names[path],
				    path_latency(&m->stats.alloc_path_latency[path]));
	return o;
}

json_t *metrics_json(const struct machine *m)
{
	const unsigned long *ev = m->vm_events;
	unsigned long nr_free[MAX_ORDER];
	struct contig_page_info info;

	report_free_blocks(m, nr_free);
	fill_contig_info_from_counts(nr_free, m->pageblock_order, &info);
	return json_pack("{s:o, s:i, s:I, s:f, s:I, s:o, s:{s:I, s:I, s:o}, s:o, s:o}",
			 "fragmentation_score", fragmentation_scores(m),
			 "fragmentation_score_max", (int)metrics_fragmentation_score_max(m),
			 "free_huge_blocks",
			 (json_int_t)metrics_free_huge_blocks(nr_free, m->pageblock_order),
			 "unusable_index_pb",
			 __unusable_free_index(m->pageblock_order, &info) / 1000.0,
			 "mixed_pageblocks", (json_int_t)report_mixed_pageblocks(m),
			 "high_order_success", high_order_success(m),
			 "thp_fault", "alloc", (json_int_t)ev[THP_FAULT_ALLOC],
			 "fallback", (json_int_t)ev[THP_FAULT_FALLBACK],
			 "coverage", json_rate(ev[THP_FAULT_ALLOC], ev[THP_FAULT_FALLBACK]),
			 "compaction", compaction_effort(m),
			 "alloc_latency_ns", alloc_latency_by_path(m));
}
