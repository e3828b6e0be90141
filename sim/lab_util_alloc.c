/*
 * sim/lab_util_alloc.c - the views the allocator labs read their answers
 * from (sim/lab_util_alloc.h): /proc/vmstat lines, buddyinfo and
 * pagetypeinfo counts, `show block` and `show page` states.
 *
 * Invariant: read only; each value is what the shell would print.
 *
 * No kernel counterpart.
 */
#include "sim/lab_util_alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/page_inspect.h"
#include "mm/sparse.h"
#include "mm/vmstat.h"

unsigned long lab_buddy_free_pages(const struct zone *zone)
{
	unsigned long nr_pages = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++)
		nr_pages += zone->free_area[order].nr_free << order;
	return nr_pages;
}

unsigned long lab_free_blocks_at_least(const struct zone *zone, unsigned int order)
{
	unsigned long nr = 0;

	for (unsigned int o = order; o < MAX_ORDER; o++)
		nr += zone->free_area[o].nr_free << (o - order);
	return nr;
}

void lab_block_types_row(struct lab_session *s, const struct zone *zone, char *buf, size_t len)
{
	unsigned long counts[MIGRATE_TYPES];

	pageblock_type_counts(&s->m, zone, counts);
	snprintf(buf, len, "%lu %lu %lu", counts[MIGRATE_UNMOVABLE], counts[MIGRATE_MOVABLE],
		 counts[MIGRATE_RECLAIMABLE]);
}

struct census_fill {
	struct pageblock_census *out;
	size_t nr, max;
};

static void census_fill_one(void *arg, const struct pageblock_census *b)
{
	struct census_fill *f = arg;

	if (f->nr < f->max)
		f->out[f->nr] = *b;
	f->nr++;
}

size_t lab_census(struct lab_session *s, const struct zone *zone,
		  struct pageblock_census *out, size_t max)
{
	struct census_fill f = { .out = out, .max = max };

	pageblock_census_walk(&s->m, zone, census_fill_one, &f);
	return f.nr < max ? f.nr : max;
}

int lab_largest_free_order(struct lab_session *s, const struct zone *zone, size_t b)
{
	unsigned long nr_pages = pageblock_nr_pages(&s->m);
	pfn_t start = zone->zone_start_pfn - zone->zone_start_pfn % nr_pages + b * nr_pages;
	int largest = -1;

	for (pfn_t pfn = start; pfn < start + nr_pages; pfn++) {
		struct page *page = pfn_to_online_page(&s->m, pfn);
		struct page_info info;

		if (!page)
			continue;
		page_inspect(&s->m, page, &info);
		if (info.buddy && (int)info.buddy_order > largest)
			largest = (int)info.buddy_order;
		if (info.buddy)
			pfn += (1ul << info.buddy_order) - 1;
	}
	return largest;
}

static void extfrag_watch_emit(void *ctx, const struct mm_event *ev)
{
	struct lab_extfrag *w = ctx;

	if (w->saved.emit && mm_event_enabled(&w->saved, ev->id))
		w->saved.emit(w->saved.ctx, ev);
	if (ev->id != MM_EV_mm_page_alloc_extfrag)
		return;
	w->nr++;
	w->pfn = ev->mm_page_alloc_extfrag.pfn;
	w->fallback_order = ev->mm_page_alloc_extfrag.fallback_order;
	w->fallback_mt = ev->mm_page_alloc_extfrag.fallback_migratetype;
	w->change_ownership = ev->mm_page_alloc_extfrag.change_ownership;
}

void lab_extfrag_watch(struct lab_session *s, struct lab_extfrag *w)
{
	memset(w, 0, sizeof(*w));
	w->saved = s->m.sink;
	s->m.sink.emit = extfrag_watch_emit;
	s->m.sink.ctx = w;
	mm_event_enable(&s->m.sink, MM_EV_mm_page_alloc_extfrag);
}

void lab_extfrag_unwatch(struct lab_session *s, struct lab_extfrag *w)
{
	s->m.sink = w->saved;
}
