/*
 * mm/debug.c - whole-structure checkers for the buddy allocator.
 *
 * buddy_check(zone) walks every free list and every frame of a zone and
 * verifies the invariants of mm/mmzone.h:
 *   - free_area[o].nr_free equals the length of free_area[o]'s lists;
 *   - each listed page heads a block: PageBuddy, buddy_order == o, the list
 *     it sits on is the one recorded in the page, naturally aligned, inside
 *     the zone, not overlapping any other free block;
 *   - a page is PageBuddy only if it was found on a list;
 *   - no two free buddies of one order are left unmerged (except across
 *     pageblocks whose types may not merge: isolate, CMA, highatomic);
 *   - NR_FREE_PAGES equals the listed pages outside MIGRATE_ISOLATE lists,
 *     and NR_FREE_CMA_PAGES those on CMA lists;
 *   - an ISOLATE (or CMA) list only holds pages of ISOLATE (CMA) pageblocks.
 * Free pages on a list other than their pageblock's type are legal in 6.1
 * (fallbacks that did not claim the block leave them); they are not errors.
 * Under a profile with freelist_accounting (6.10's freelist hygiene) they
 * are: every free block's list is the type of each pageblock it covers,
 * and zone->nr_free_highatomic equals the pages on HIGHATOMIC lists.
 *
 * pageblock_check(zone) verifies the pageblock types and the pcp lists.
 *
 * The checkers are O(zone size) and allocate a scratch bitmap; they are for
 * tests and --check=N (through the registry of mm/check.c), never for the
 * allocation paths.
 *
 * Linux counterpart: the CONFIG_DEBUG_VM checks (bad_range, check_free_page,
 * VM_BUG_ON_PAGE) spread over mm/page_alloc.c; there is no single kernel
 * function that checks a whole zone.
 */
#include "mm/debug.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/vmstat.h"

/* Collects violations: the first message is kept, the rest only counted. */
struct check_report {
	char *msg;
	size_t msglen;
	int nr;
};

static void report(struct check_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void report(struct check_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->nr++ == 0 && r->msg && r->msglen) {
		va_start(ap, fmt);
		vsnprintf(r->msg, r->msglen, fmt, ap);
		va_end(ap);
	}
}

struct bitmap {
	uint64_t *bits;
	pfn_t base;
};

static bool bitmap_test_and_set(struct bitmap *b, pfn_t pfn)
{
	uint64_t i = pfn - b->base, mask = 1ull << (i % 64);
	bool was = b->bits[i / 64] & mask;

	b->bits[i / 64] |= mask;
	return was;
}

static bool bitmap_test(const struct bitmap *b, pfn_t pfn)
{
	uint64_t i = pfn - b->base;

	return b->bits[i / 64] & (1ull << (i % 64));
}

/*
 * 6.10's freelist hygiene: the free block at pfn lies, on list mt, in
 * pageblocks of type mt only (each pageblock of a larger block).
 */
static void check_block_hygiene(const struct machine *m, const struct zone *zone, pfn_t pfn,
				unsigned int order, int mt, struct check_report *r)
{
	pfn_t end = pfn + order_to_pages(order);

	for (pfn_t p = pfn; p < end; p += pageblock_nr_pages(m)) {
		int block_mt = get_pageblock_migratetype(m, p);

		if (block_mt != mt) {
			report(r, "%s: free block pfn 0x%llx order %u on the %s list covers a %s "
			       "pageblock at 0x%llx", zone->name, (unsigned long long)pfn, order,
			       migratetype_names[mt], migratetype_names[block_mt],
			       (unsigned long long)p);
			return;
		}
	}
}

/* Check one listed block; mark its frames. Returns its page count. */
static uint64_t check_listed_block(const struct machine *m, const struct zone *zone,
				   const struct page *page, unsigned int order, int mt,
				   struct bitmap *seen, struct check_report *r)
{
	pfn_t pfn = page_to_pfn(m, page);
	uint64_t nr_pages = order_to_pages(order);
	int block_mt;

	if (!PageBuddy(page) || buddy_order(page) != order || buddy_list_mt(page) != mt)
		report(r, "%s: pfn 0x%llx on order-%u %s list: buddy=%d order=%u list=%d",
		       zone->name, (unsigned long long)pfn, order, migratetype_names[mt],
		       PageBuddy(page), buddy_order(page), buddy_list_mt(page));
	if ((pfn & (nr_pages - 1)) || pfn < zone->zone_start_pfn ||
	    pfn + nr_pages > zone_end_pfn(zone) || page_zone(m, page) != zone) {
		report(r, "%s: free block pfn 0x%llx order %u is misaligned or outside the zone",
		       zone->name, (unsigned long long)pfn, order);
		return nr_pages;
	}
	for (uint64_t i = 0; i < nr_pages; i++)
		if (bitmap_test_and_set(seen, pfn + i)) {
			report(r, "%s: free block pfn 0x%llx order %u overlaps another free block",
			       zone->name, (unsigned long long)pfn, order);
			break;
		}
	block_mt = get_pageblock_migratetype(m, pfn);
	if ((mt == MIGRATE_ISOLATE || mt == MIGRATE_CMA) && block_mt != mt)
		report(r, "%s: pfn 0x%llx on the %s list lies in a %s pageblock", zone->name,
		       (unsigned long long)pfn, migratetype_names[mt], migratetype_names[block_mt]);
	if (m->profile->alloc.freelist_accounting)
		check_block_hygiene(m, zone, pfn, order, mt, r);
	if (page->_refcount != 0)
		report(r, "%s: free pfn 0x%llx has refcount %d", zone->name,
		       (unsigned long long)pfn, page->_refcount);
	return nr_pages;
}

/* Walk the free lists: counts, per-block checks, free-page totals. */
static void check_free_lists(const struct machine *m, const struct zone *zone,
			     struct bitmap *seen, struct check_report *r)
{
	uint64_t free_pages = 0, cma_pages = 0, highatomic_pages = 0;

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		const struct free_area *area = &zone->free_area[order];
		unsigned long nr = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct page *page;

			page_list_for_each(m, page, &area->free_list[mt]) {
				uint64_t n = check_listed_block(m, zone, page, order, mt, seen, r);

				nr++;
				if (mt != MIGRATE_ISOLATE)
					free_pages += n;
				if (mt == MIGRATE_CMA)
					cma_pages += n;
				if (mt == MIGRATE_HIGHATOMIC)
					highatomic_pages += n;
			}
		}
		if (nr != area->nr_free)
			report(r, "%s: order %u: nr_free %lu but the lists hold %lu blocks",
			       zone->name, order, area->nr_free, nr);
	}
	if ((long)free_pages != __zone_page_state_snapshot(zone, NR_FREE_PAGES))
		report(r, "%s: NR_FREE_PAGES %ld but the lists hold %llu pages", zone->name,
		       __zone_page_state_snapshot(zone, NR_FREE_PAGES),
		       (unsigned long long)free_pages);
	if ((long)cma_pages != __zone_page_state_snapshot(zone, NR_FREE_CMA_PAGES))
		report(r, "%s: NR_FREE_CMA_PAGES %ld but CMA lists hold %llu pages", zone->name,
		       __zone_page_state_snapshot(zone, NR_FREE_CMA_PAGES),
		       (unsigned long long)cma_pages);
	if (m->profile->alloc.freelist_accounting && zone->nr_free_highatomic != highatomic_pages)
		report(r, "%s: nr_free_highatomic %lu but HIGHATOMIC lists hold %llu pages",
		       zone->name, zone->nr_free_highatomic, (unsigned long long)highatomic_pages);
}

/* One frame: PageBuddy only on a listed head; no unmerged pair. */
static void check_frame(const struct machine *m, const struct zone *zone, pfn_t pfn,
			const struct bitmap *seen, struct check_report *r)
{
	const struct page *page = pfn_to_page(m, pfn);
	unsigned int order;
	pfn_t buddy_pfn;
	const struct page *buddy;

	/* Zone spans may overlap after memory hotplug: another zone's frame is not ours. */
	if (!PageBuddy(page) || page_zone(m, page) != zone)
		return;
	if (!bitmap_test(seen, pfn)) {
		report(r, "%s: pfn 0x%llx is PageBuddy but on no free list", zone->name,
		       (unsigned long long)pfn);
		return;
	}
	order = buddy_order(page);
	if (order >= MAX_ORDER - 1)
		return;
	buddy_pfn = __find_buddy_pfn(pfn, order);
	if (buddy_pfn < zone->zone_start_pfn || buddy_pfn >= zone_end_pfn(zone))
		return;
	buddy = pfn_to_page(m, buddy_pfn);
	if (PageBuddy(buddy) && buddy_order(buddy) == order &&
	    buddies_would_merge(m, pfn, buddy_pfn, order) && pfn < buddy_pfn)
		report(r, "%s: free buddies 0x%llx and 0x%llx of order %u were not merged",
		       zone->name, (unsigned long long)pfn, (unsigned long long)buddy_pfn, order);
}

/* Walk the frames that have a memmap: a zone may span sections without one. */
static void check_frames(const struct machine *m, const struct zone *zone,
			 const struct bitmap *seen, struct check_report *r)
{
	for_each_valid_pfn_run(m, run, run_end, zone->zone_start_pfn, zone_end_pfn(zone))
		for (pfn_t pfn = run; pfn < run_end; pfn++)
			check_frame(m, zone, pfn, seen, r);
}

int buddy_check(const struct machine *m, const struct zone *zone, char *msg, size_t msglen)
{
	struct check_report r = { msg, msglen, 0 };
	struct bitmap seen;

	if (!zone->spanned_pages)
		return 0;
	seen.base = zone->zone_start_pfn;
	seen.bits = calloc(zone->spanned_pages / 64 + 1, sizeof(uint64_t));
	if (!seen.bits) {
		report(&r, "%s: out of memory for the checker", zone->name);
		return r.nr;
	}
	check_free_lists(m, zone, &seen, &r);
	check_frames(m, zone, &seen, &r);
	free(seen.bits);
	return r.nr;
}

static void check_pcp_lists(const struct machine *m, const struct zone *zone,
			    struct check_report *r)
{
	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		long pages = 0;

		for (int i = 0; i < NR_PCP_LISTS; i++) {
			unsigned int order = i == NR_LOWORDER_PCP_LISTS ? m->pageblock_order
									: (unsigned int)i / MIGRATE_PCPTYPES;
			const struct page *page;

			page_list_for_each(m, page, &pcp->lists[i]) {
				pages += 1l << order;
				if (PageBuddy(page) || page->_refcount != 0 || page_zone(m, page) != zone)
					report(r, "%s: cpu %u pcp list %d: pfn 0x%llx is not a free frame of this zone",
					       zone->name, cpu, i,
					       (unsigned long long)page_to_pfn(m, page));
			}
		}
		if (pages != pcp->count)
			report(r, "%s: cpu %u pcp count %d but the lists hold %ld pages",
			       zone->name, cpu, pcp->count, pages);
	}
}

int pageblock_check(const struct machine *m, const struct zone *zone, char *msg, size_t msglen)
{
	struct check_report r = { msg, msglen, 0 };
	int isolated = 0;

	if (!zone->spanned_pages)
		return 0;
	for (pfn_t pfn = pageblock_start_pfn(m, zone->zone_start_pfn); pfn < zone_end_pfn(zone);
	     pfn += pageblock_nr_pages(m)) {
		int mt;

		if (!pfn_valid(m, pfn))
			continue;	/* no section usage, no pageblock flags */
		mt = get_pageblock_migratetype(m, pfn);
		if (mt >= MIGRATE_TYPES || (mt == MIGRATE_CMA && !m->has_cma))
			report(&r, "%s: pageblock 0x%llx has invalid type %d", zone->name,
			       (unsigned long long)pfn, mt);
		if (zone_spans_pfn(zone, pfn) && mt == MIGRATE_ISOLATE &&
		    page_zone(m, pfn_to_page(m, pfn)) == zone)
			isolated++;
	}
	if (isolated != zone->nr_isolate_pageblock)
		report(&r, "%s: %d ISOLATE pageblocks but nr_isolate_pageblock is %d",
		       zone->name, isolated, zone->nr_isolate_pageblock);
	check_pcp_lists(m, zone, &r);
	return r.nr;
}

int buddy_check_all(const struct machine *m, char *msg, size_t msglen)
{
	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &m->node_data[nid]->node_zones[z];
			int nr = buddy_check(m, zone, msg, msglen);

			if (!nr)
				nr = pageblock_check(m, zone, msg, msglen);
			if (nr)
				return nr;
		}
	}
	return 0;
}
