/*
 * sim/report_cma.c - what the CMA areas did, in results.json ("cma") and
 * the summary: each area as boot placed it, with the pages its
 * cma_alloc() calls got and were refused, and the vm events.  Written
 * only when the machine has an area.
 *
 * Linux counterpart: /sys/kernel/mm/cma/<name>/alloc_pages_{success,fail}
 * (CONFIG_CMA_SYSFS, mm/cma_sysfs.c) and the cma_alloc_* lines of
 * /proc/vmstat.
 */
#include <stdio.h>

#include "mm/cma.h"
#include "mm/mmzone.h"
#include "mm/vmstat_counters.h"
#include "sim/report_internal.h"

static json_t *cma_area_json(const struct machine *m, const struct cma *cma)
{
	int nid = cma->count ? page_to_nid(pfn_to_page(m, cma->base_pfn)) : -1;

	return json_pack("{s:s, s:i, s:I, s:I, s:i, s:I, s:I}", "name", cma->name,
			 "node", nid, "base_pfn", (json_int_t)cma->base_pfn,
			 "pages", (json_int_t)cma->count, "order_per_bit", (int)cma->order_per_bit,
			 "alloc_pages_success", (json_int_t)cma->nr_pages_succeeded,
			 "alloc_pages_fail", (json_int_t)cma->nr_pages_failed);
}

json_t *report_cma_json(const struct machine *m)
{
	json_t *areas = json_array();

	for (unsigned int i = 0; i < m->cma->nr_areas; i++)
		json_array_append_new(areas, cma_area_json(m, &m->cma->areas[i]));
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:i, s:i, s:o}",
			 "total_pages", (json_int_t)m->cma->totalcma_pages,
			 "free_pages", (json_int_t)global_zone_page_state(m, NR_FREE_CMA_PAGES),
			 "cma_alloc_success", (json_int_t)m->vm_events[CMA_ALLOC_SUCCESS],
			 "cma_alloc_fail", (json_int_t)m->vm_events[CMA_ALLOC_FAIL],
			 "busy_retries", (json_int_t)m->cma->busy_retries,
			 "reserve_failed", (int)m->cma->nr_reserve_failed,
			 "activate_failed", (int)m->cma->nr_activate_failed, "areas", areas);
}

void report_cma_print(FILE *f, const struct machine *m)
{
	if (!m->cma)
		return;
	fprintf(f, "cma: %u area%s, %lu pages; cma_alloc ok %lu, failed %lu (busy retries %lu)\n\n",
		m->cma->nr_areas, m->cma->nr_areas == 1 ? "" : "s", m->cma->totalcma_pages,
		m->vm_events[CMA_ALLOC_SUCCESS], m->vm_events[CMA_ALLOC_FAIL],
		m->cma->busy_retries);
}
