/*
 * mm/memory_offline.c - offlining a memory block: offline_pages() and what
 * it needs, the inverse of mm/memory_hotplug.c's online_pages().
 *
 * offline_pages() isolates the range (MEMORY_OFFLINE | REPORT_FAILURE:
 * an unmovable page refuses with -EBUSY), asks the memory notifiers
 * (MEM_GOING_OFFLINE; a refusal there cancels), then migrates every
 * movable page out of it (scan_movable_pages(), do_migrate_range() with
 * MR_MEMORY_HOTPLUG to the other nodes with memory, or to this one when it
 * is the last), dissolves free hugetlb pages, and checks that every frame
 * is free and isolated; the free blocks then leave the buddy, the
 * managed and present counts shrink, and the zone and node spans shrink
 * round what is left (remove_pfn_range_from_zone()).
 *
 * Invariants: on failure the range is as it was apart from what migrated
 * away (pageblocks Movable again, free pages back in NR_FREE_PAGES, the
 * block online, every checker green); on success no frame of the range is
 * in the buddy, on a pcp list or in use, its sections are offline and its
 * struct pages are placeholders of no zone, as hot-added memory is before
 * it is onlined.
 *
 * The kernel retries until it succeeds or the writer gets a signal.
 * numasim has no signals: it gives up after OFFLINE_MAX_PASSES passes of
 * the migration loop and answers -EINTR, as the writer interrupted by a
 * timeout would see (the selftest runs its writes under a timeout).
 *
 * Linux counterpart: offline_pages() and its helpers in
 * mm/memory_hotplug.c, __offline_isolated_pages() in mm/page_alloc.c,
 * dissolve_free_huge_pages() in mm/hugetlb.c (6.1).
 */
#include "mm/memory_hotplug.h"

#include <errno.h>

#include "mm/compaction.h"
#include "mm/explain.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/page_isolation.h"
#include "mm/sparse.h"
#include "mm/vmscan.h"

/* Passes of the scan-migrate loop before numasim stands in for the signal. */
#define OFFLINE_MAX_PASSES	32

/*
 * Linux: struct memory_notify, include/linux/memory.h: the range and the
 * node whose N_MEMORY / N_NORMAL_MEMORY state the offline ends.
 */
struct memory_notify {
	pfn_t start_pfn;
	unsigned long nr_pages;
	int status_change_nid_normal;
	int status_change_nid;
};

/* Linux: node_states_check_changes_offline(), mm/memory_hotplug.c */
static void node_states_check_changes_offline(unsigned long nr_pages, struct zone *zone,
					      struct memory_notify *arg)
{
	pg_data_t *pgdat = zone->zone_pgdat;
	unsigned long present_pages = 0;

	arg->status_change_nid = NUMA_NO_NODE;
	arg->status_change_nid_normal = NUMA_NO_NODE;
	for (int zt = 0; zt <= ZONE_NORMAL; zt++)
		present_pages += pgdat->node_zones[zt].present_pages;
	if (zone_idx(zone) <= ZONE_NORMAL && nr_pages >= present_pages)
		arg->status_change_nid_normal = zone->node;
	present_pages += pgdat->node_zones[ZONE_MOVABLE].present_pages;
	if (nr_pages >= present_pages)
		arg->status_change_nid = zone->node;
}

int memory_notify_going(struct machine *m, enum memory_block_state action)
{
	struct memory_hotplug *h = m->hotplug;
	int err = action == MEM_GOING_OFFLINE ? h->inject_going_offline : h->inject_going_online;

	if (err)
		h->stats.notifier_refused++;
	return err;
}

/* Linux: scan_movable_pages(), mm/memory_hotplug.c: 0 and *movable_pfn, -ENOENT or -EBUSY. */
static int scan_movable_pages(struct machine *m, pfn_t start, pfn_t end, pfn_t *movable_pfn)
{
	for (pfn_t pfn = start; pfn < end; pfn++) {
		struct page *page = pfn_to_page(m, pfn), *head;

		if (PageLRU(page) || __PageMovable(page)) {
			*movable_pfn = pfn;
			return 0;
		}
		if (PageOffline(page) && page_count(page)) {
			MM_EXPLAIN(&m->explain, "offline_page_busy", "scan_movable_pages",
				   "mm/memory_hotplug.c", { "pfn", (long)pfn },
				   { "refcount", page_count(page) }, { "rc", -EBUSY });
			return -EBUSY;
		}
		if (!PageHuge(m, page))
			continue;
		/* Every in-use hugetlb page numasim shows is installed: migratable. */
		head = compound_head(m, page);
		if (page_count(head)) {
			*movable_pfn = pfn;
			return 0;
		}
		pfn = page_to_pfn(m, head) + folio_nr_pages(head) - 1;
	}
	return -ENOENT;
}

/*
 * Linux: do_migrate_range(), mm/memory_hotplug.c: isolate every in-use
 * movable folio of [start_pfn, end_pfn) and migrate them, MIGRATE_SYNC,
 * to any other node with memory (this node's only when no other has any);
 * the tasks' mempolicies do not apply.  Poisoned pages stay (memory
 * failure has unmapped them already).
 */
static int do_migrate_range(struct machine *m, pfn_t start_pfn, pfn_t end_pfn,
			    unsigned int pass)
{
	struct page_list source;
	nodemask_t nmask = node_states_memory(m);
	struct migration_target_control mtc = {
		.nmask = &nmask,
		.gfp_mask = GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL,
	};
	unsigned int nr_moved = 0;
	int ret = 0;

	page_list_init(&source);
	for (pfn_t pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(m, pfn), *head = compound_head(m, page);

		if (PageHuge(m, page) || PageTransHuge(head))
			pfn = page_to_pfn(m, head) + folio_nr_pages(head) - 1;
		if (PageHWPoison(page) || !page_count(head))
			continue;
		isolate_folio_to_list(m, head, &source);
	}
	if (page_list_empty(&source))
		return 0;
	/* One zone, one node: the first page's node is the range's. */
	mtc.nid = page_to_nid(page_list_first(m, &source));
	nmask.bits &= ~(1ull << mtc.nid);
	if (!nmask.bits)
		nmask.bits = 1ull << mtc.nid;
	ret = migrate_pages(m, &source, alloc_migration_target, NULL, (unsigned long)&mtc,
			    MIGRATE_SYNC, MR_MEMORY_HOTPLUG, &nr_moved);
	MM_EXPLAIN(&m->explain, "offline_migrate_pass", "do_migrate_range", "mm/memory_hotplug.c",
		   { "pass", pass }, { "start_pfn", (long)start_pfn }, { "end_pfn", (long)end_pfn },
		   { "nr_moved", nr_moved }, { "nid", mtc.nid }, { "rc", ret });
	if (ret)
		putback_movable_pages(m, &source);
	return ret;
}

/*
 * Linux: dissolve_free_huge_pages(), mm/hugetlb.c: every free pool page of
 * the range back to the buddy, stepping by the smallest huge page size.
 */
static int dissolve_free_huge_pages(struct machine *m, pfn_t start_pfn, pfn_t end_pfn)
{
	unsigned long nr_free_huge = 0;
	int rc = 0;

	for (pfn_t pfn = start_pfn; pfn < end_pfn && !rc; pfn += HPAGE_PMD_NR) {
		struct page *page = pfn_to_page(m, pfn);

		nr_free_huge += PageHuge(m, page) && !page_count(compound_head(m, page));
		rc = dissolve_free_huge_page(m, page);
	}
	MM_EXPLAIN(&m->explain, "offline_dissolve", "dissolve_free_huge_pages", "mm/hugetlb.c",
		   { "start_pfn", (long)start_pfn }, { "end_pfn", (long)end_pfn },
		   { "nr_huge", (long)nr_free_huge }, { "rc", rc });
	return rc;
}

/*
 * The loop of offline_pages(): migrate until nothing movable is left,
 * dissolve the free huge pages, and again until every frame is free and
 * isolated.  0, -EBUSY (an unmovable page, a huge page that will not
 * dissolve) or -EINTR (numasim's stand-in for the signal, see above).
 */
static int offline_migrate_loop(struct machine *m, pfn_t start_pfn, pfn_t end_pfn)
{
	unsigned int passes = 0;
	pfn_t pfn;
	int ret;

	do {
		pfn = start_pfn;
		do {
			if (passes++ == OFFLINE_MAX_PASSES) {
				MM_EXPLAIN(&m->explain, "offline_timeout", "offline_pages",
					   "mm/memory_hotplug.c", { "passes", OFFLINE_MAX_PASSES },
					   { "pfn", (long)pfn }, { "rc", -EINTR });
				return -EINTR;
			}
			ret = scan_movable_pages(m, pfn, end_pfn, &pfn);
			if (!ret)
				do_migrate_range(m, pfn, end_pfn, passes);
		} while (!ret);
		if (ret != -ENOENT)
			return ret;
		ret = dissolve_free_huge_pages(m, start_pfn, end_pfn);
		if (ret)
			return ret;
		ret = test_pages_isolated(m, start_pfn, end_pfn, MEMORY_OFFLINE, NULL);
	} while (ret);
	return 0;
}

/*
 * Linux: __offline_isolated_pages(), mm/page_alloc.c: the sections go
 * offline and the free blocks leave the isolate lists (they were never
 * in NR_FREE_PAGES while isolated); poisoned and PageOffline frames are
 * not in the buddy and are stepped over.
 */
static void __offline_isolated_pages(struct machine *m, pfn_t start_pfn, pfn_t end_pfn)
{
	struct zone *zone = page_zone(m, pfn_to_page(m, start_pfn));
	pfn_t pfn = start_pfn;

	unsigned long nr_free = 0;

	offline_mem_sections(m, start_pfn, end_pfn);
	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(m, pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		order = buddy_order(page);
		del_page_from_free_list(m, page, zone, order);
		pfn += order_to_pages(order);
		nr_free += order_to_pages(order);
	}
	MM_EXPLAIN(&m->explain, "offline_taken", "__offline_isolated_pages", "mm/page_alloc.c",
		   { "start_pfn", (long)start_pfn }, { "end_pfn", (long)end_pfn },
		   { "nr_free", (long)nr_free }, { "nr_other", (long)(end_pfn - start_pfn - nr_free) });
}

/*
 * Linux: find_smallest_section_pfn() / find_biggest_section_pfn(): the
 * first (last) online subsection of [start_pfn, end_pfn) that belongs to
 * zone, searching upwards (downwards); 0 if none.
 */
static pfn_t find_zone_subsection_pfn(struct machine *m, struct zone *zone, pfn_t start_pfn,
				      pfn_t end_pfn, bool biggest)
{
	for (pfn_t i = 0; start_pfn + i * PAGES_PER_SUBSECTION < end_pfn; i++) {
		pfn_t pfn = biggest ? end_pfn - 1 - i * PAGES_PER_SUBSECTION
				    : start_pfn + i * PAGES_PER_SUBSECTION;
		struct page *page = pfn_to_online_page(m, pfn);

		if (page && page_to_nid(page) == zone->node && page_zone(m, page) == zone)
			return pfn;
	}
	return 0;
}

/* Linux: shrink_zone_span(), mm/memory_hotplug.c: only a range at an end shrinks it. */
static void shrink_zone_span(struct machine *m, struct zone *zone, pfn_t start_pfn,
			     pfn_t end_pfn)
{
	pfn_t pfn;

	if (zone->zone_start_pfn == start_pfn) {
		pfn = find_zone_subsection_pfn(m, zone, end_pfn, zone_end_pfn(zone), false);
		zone->spanned_pages = pfn ? (unsigned long)(zone_end_pfn(zone) - pfn) : 0;
		zone->zone_start_pfn = pfn;
	} else if (zone_end_pfn(zone) == end_pfn) {
		pfn = find_zone_subsection_pfn(m, zone, zone->zone_start_pfn, start_pfn, true);
		zone->spanned_pages = pfn ? (unsigned long)(pfn - zone->zone_start_pfn + 1) : 0;
		if (!pfn)
			zone->zone_start_pfn = 0;
	}
}

/* Linux: update_pgdat_span(), mm/memory_hotplug.c: the node spans its zones. */
static void update_pgdat_span(pg_data_t *pgdat)
{
	pfn_t node_start_pfn = 0, node_end_pfn = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		const struct zone *zone = &pgdat->node_zones[zid];

		if (!zone->spanned_pages)
			continue;
		if (!node_end_pfn || zone->zone_start_pfn < node_start_pfn)
			node_start_pfn = zone->zone_start_pfn;
		if (zone_end_pfn(zone) > node_end_pfn)
			node_end_pfn = zone_end_pfn(zone);
	}
	pgdat->node_start_pfn = node_start_pfn;
	pgdat->node_spanned_pages = (unsigned long)(node_end_pfn - node_start_pfn);
}

/*
 * Linux: remove_pfn_range_from_zone(), mm/memory_hotplug.c.  The kernel
 * poisons the struct pages; numasim makes them the zoneless placeholders
 * add_memory() leaves, which every walker already steps over.
 */
void remove_pfn_range_from_zone(struct machine *m, struct zone *zone, pfn_t start_pfn,
				unsigned long nr_pages)
{
	memmap_init_range(m, start_pfn, nr_pages, zone->node, ZONE_DEVICE, -1);
	shrink_zone_span(m, zone, start_pfn, start_pfn + nr_pages);
	update_pgdat_span(zone->zone_pgdat);
}

/*
 * What follows a successful offline in offline_pages(): counts, marks,
 * zonelists, the node's daemons, the MEM_OFFLINE notifiers, the spans.
 */
static void offline_pages_finish(struct machine *m, struct zone *zone, pfn_t start_pfn,
				 unsigned long nr_pages, const struct memory_notify *arg)
{
	zone->nr_isolate_pageblock -= nr_pages / pageblock_nr_pages(m);
	zone_pcp_enable(m, zone);
	adjust_managed_page_count(m, pfn_to_page(m, start_pfn), -(long)nr_pages);
	adjust_present_page_count(zone, -(long)nr_pages);
	init_per_zone_wmark_min(m);
	refresh_zone_stat_thresholds(m);
	if (m->thp_enabled)
		start_stop_khugepaged(m);
	/* zone_pcp_reset() has nothing to free: the drained lists are empty. */
	if (!populated_zone(zone))
		build_all_zonelists(m);
	/* node_states_clear_node(): N_MEMORY is computed from the zones. */
	if (arg->status_change_nid >= 0) {
		kcompactd_stop(m, zone->node);
		kswapd_stop(m, zone->node);
	}
	reserve_mem_notifier(m, MEM_OFFLINE);
	remove_pfn_range_from_zone(m, zone, start_pfn, nr_pages);
	MM_EXPLAIN(&m->explain, "offline_counters", "offline_pages", "mm/memory_hotplug.c",
		   { "nid", zone->node }, { "zid", zone_idx(zone) }, { "nr_pages", (long)nr_pages },
		   { "managed", (long)zone->managed_pages },
		   { "present", (long)zone->present_pages },
		   { "node_gone", arg->status_change_nid >= 0 });
}

/* The steps of offline_pages(), between its narration's begin and end. */
static int offline_pages_range(struct machine *m, pfn_t start_pfn, unsigned long nr_pages,
			       struct zone *zone)
{
	const pfn_t end_pfn = start_pfn + nr_pages;
	struct memory_notify arg = { start_pfn, nr_pages, NUMA_NO_NODE, NUMA_NO_NODE };
	int ret;

	if (!nr_pages || (start_pfn & (pageblock_nr_pages(m) - 1)) ||
	    (end_pfn & (PAGES_PER_SECTION - 1)))
		return -EINVAL;
	if (page_zone(m, pfn_to_page(m, start_pfn)) != zone ||
	    page_zone(m, pfn_to_page(m, end_pfn - 1)) != zone)
		return -EINVAL;
	zone_pcp_disable(m, zone);
	ret = start_isolate_page_range(m, start_pfn, end_pfn, MIGRATE_MOVABLE,
				       MEMORY_OFFLINE | REPORT_FAILURE,
				       GFP_USER | __GFP_MOVABLE | __GFP_RETRY_MAYFAIL);
	if (ret)
		goto failed_pcplists_disabled;
	node_states_check_changes_offline(nr_pages, zone, &arg);
	ret = memory_notify_going(m, MEM_GOING_OFFLINE);
	if (!ret)
		ret = offline_migrate_loop(m, start_pfn, end_pfn);
	if (ret)
		goto failed_isolated;
	__offline_isolated_pages(m, start_pfn, end_pfn);
	offline_pages_finish(m, zone, start_pfn, nr_pages, &arg);
	return 0;

failed_isolated:
	undo_isolate_page_range(m, start_pfn, end_pfn, MIGRATE_MOVABLE);
	/* MEM_CANCEL_OFFLINE: no notifier numasim has keeps state to undo. */
failed_pcplists_disabled:
	zone_pcp_enable(m, zone);
	return ret;
}

/* Linux: offline_pages(), mm/memory_hotplug.c (no memory groups, no holes in a block). */
int offline_pages(struct machine *m, pfn_t start_pfn, unsigned long nr_pages, struct zone *zone)
{
	const pfn_t end_pfn = start_pfn + nr_pages;
	int ret;

	MM_EXPLAIN(&m->explain, "offline_pages_begin", "offline_pages", "mm/memory_hotplug.c",
		   { "start_pfn", (long)start_pfn }, { "end_pfn", (long)end_pfn },
		   { "nr_pages", (long)nr_pages }, { "nid", zone->node }, { "zid", zone_idx(zone) });
	ret = offline_pages_range(m, start_pfn, nr_pages, zone);
	MM_EXPLAIN(&m->explain, "offline_pages_end", "offline_pages", "mm/memory_hotplug.c",
		   { "start_pfn", (long)start_pfn }, { "end_pfn", (long)end_pfn }, { "rc", ret });
	return ret;
}
