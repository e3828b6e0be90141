/*
 * sim/report_internal.h - what sim/report.c shares with the parts of the
 * report kept in files of their own (sim/report_trace.c: a traced
 * kernel's records), and those parts' entry points.
 *
 * No kernel counterpart.
 */
#ifndef SIM_REPORT_INTERNAL_H
#define SIM_REPORT_INTERNAL_H

#include <jansson.h>
#include <stdio.h>

#include "mm/mmzone.h"

struct traced_counts;

/* Iterate over the populated zones of m. */
#define for_each_report_zone(m, nid, zidx, zone)					\
	for (int nid = 0; nid < (int)(m)->nr_node_ids; nid++)				\
		for (int zidx = 0; zidx < MAX_NR_ZONES; zidx++)				\
			if (!(m)->node_data[nid] ||					\
			    !populated_zone(zone = &(m)->node_data[nid]->node_zones[zidx])) \
				continue;						\
			else

/* Free blocks per order, all populated zones and migratetypes together. */
void report_free_blocks(const struct machine *m, unsigned long nr_free[MAX_ORDER]);

/* Mixed pageblocks of every type and zone: a walk over the whole memmap. */
unsigned long report_mixed_pageblocks(const struct machine *m);

/* A JSON array of one number per order. */
json_t *report_json_order_array(const unsigned long v[MAX_ORDER]);

/* The summary's rows per order: "LABEL  0 1 ... 10", "  LABEL  n n ... n". */
void report_order_header(FILE *f, const char *label);
void report_order_row(FILE *f, const char *label, const unsigned long v[MAX_ORDER]);

/*
 * "numasim vs the traced kernel" of a demand replay whose trace carried
 * the kernel's choices: results.json's "comparison" and its summary.
 */
json_t *report_comparison_json(const struct machine *m, const struct traced_counts *t);
void report_comparison_print(FILE *f, const struct machine *m, const struct traced_counts *t);

/* What a followed replay did: results.json's "follow" and its summary. */
json_t *report_follow_json(const struct machine *m);

/* What the OOM killer did (sim/report_oom.c): results.json's "oom" and its summary. */
struct oom_kill;
int report_oom_kill_message(char *buf, size_t len, const struct oom_kill *k);
json_t *report_oom_json(const struct machine *m, unsigned long skipped_events);
void report_oom_print(FILE *f, const struct machine *m, unsigned long skipped_events);
void report_follow_print(FILE *f, const struct machine *m);

/* The CMA areas (sim/report_cma.c): results.json's "cma" (m->cma set) and a summary line. */
json_t *report_cma_json(const struct machine *m);
void report_cma_print(FILE *f, const struct machine *m);

#endif /* SIM_REPORT_INTERNAL_H */
