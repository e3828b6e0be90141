/*
 * mm/vmscan.c - page reclaim: scanning a node's LRU lists (classic
 * active/inactive LRU, no MGLRU) and direct reclaim.
 *
 * One round of reclaim on a node (shrink_node()) at a priority from
 * DEF_PRIORITY (12) down to 0: get_scan_count() decides how many pages
 * of each evictable list to scan (lru_size >> priority, split between
 * anon and file by vm.swappiness and the recent cost of each; anon only
 * when swap space is left), then shrink_lruvec() works through them in
 * batches of SWAP_CLUSTER_MAX: an active list is aged into its inactive
 * list when the inactive one is too small (inactive_is_low(): the
 * inactive:active ratio 1:sqrt(10 * GiB)), folios referenced through an
 * executable file mapping stay active; an inactive list's folios are
 * isolated from its tail (isolate_lru_folios()) and judged one by one
 * (shrink_folio_list(), mm/vmscan_folio.c).  The shrinkers run after the
 * LRU (shrink_slab(), mm/shrinker.c).
 *
 * Direct reclaim (try_to_free_pages()) runs the nodes of the allocation's
 * zonelist once per priority until SWAP_CLUSTER_MAX pages are reclaimed
 * (counting allocstall_<zone>); kswapd (mm/kswapd.c) reclaims a node
 * to its high watermarks.
 *
 * Every page scanned costs machine.migration_cost.scan_ns of simulated
 * time, as compaction's scanners do, so reclaim shows in the allocation
 * latency.
 *
 * Evicted folios leave shadow entries (mm/workingset.c): refaults that
 * activate make prepare_scan_count() age the active lists until
 * snapshot_refaults() at the end of reclaim on the node.
 *
 * Simplified: no memory cgroups, writeback throttling only for kswapd
 * (mm/kswapd.c) and for direct reclaim without progress, no per-CPU
 * pagevecs (lru_add_drain() has nothing to drain).
 *
 * Invariants: a folio isolated here is off its list, holds a reference,
 * and counts in NR_ISOLATED_ANON/FILE until it is put back or freed.
 *
 * Linux counterpart: mm/vmscan.c (v6.1): folio_isolate_lru,
 * folio_putback_lru, isolate_lru_folios, move_folios_to_lru,
 * shrink_inactive_list, shrink_active_list, shrink_list,
 * inactive_is_low, prepare_scan_count, get_scan_count, shrink_lruvec,
 * should_continue_reclaim, shrink_node, compaction_ready, shrink_zones,
 * do_try_to_free_pages, try_to_free_pages, zone_reclaimable_pages,
 * can_reclaim_anon_pages, reclaim_folio_list, reclaim_pages.
 */
#include "mm/vmscan_internal.h"

#include <errno.h>
#include <string.h>

#include "mm/bug.h"
#include "mm/compaction.h"
#include "mm/cpuset.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "mm/trace_events.h"
#include "mm/workingset.h"
#include "mm/writeback.h"

/* The reference kernel's CONFIG_HZ: reclaim_throttle() sleeps in jiffies. */
#define RECLAIM_HZ	250

/* Linux: folio_isolate_lru(), mm/vmscan.c */
int folio_isolate_lru(struct machine *m, struct page *head)
{
	MM_BUG_ON_PAGE(head->_refcount <= 0, m, head);
	if (!PageLRU(head))
		return -EBUSY;
	get_page(m, head);
	folio_del_lru(m, head);
	return 0;
}

/* Linux: isolate_lru_page(), mm/folio-compat.c: never a tail. */
int isolate_lru_page(struct machine *m, struct page *page)
{
	if (PageFlag(page, PG_tail))
		return -EBUSY;
	return folio_isolate_lru(m, page);
}

/* Linux: folio_putback_lru(), mm/vmscan.c */
void folio_putback_lru(struct machine *m, struct page *head)
{
	folio_add_lru(m, head, NULL);
	put_page(m, head);
}

/* Linux: putback_lru_page(), mm/folio-compat.c */
void putback_lru_page(struct machine *m, struct page *page)
{
	folio_putback_lru(m, compound_head(m, page));
}

/* Linux: can_reclaim_anon_pages(), mm/vmscan.c: swap space left (no demotion here). */
static bool can_reclaim_anon_pages(const struct machine *m)
{
	return get_nr_swap_pages(m) > 0;
}

/* Linux: zone_reclaimable_pages(), mm/vmscan.c */
unsigned long zone_reclaimable_pages(const struct machine *m, const struct zone *zone)
{
	unsigned long nr = zone_page_state_snapshot(zone, NR_ZONE_INACTIVE_FILE) +
			   zone_page_state_snapshot(zone, NR_ZONE_ACTIVE_FILE);

	if (can_reclaim_anon_pages(m))
		nr += zone_page_state_snapshot(zone, NR_ZONE_INACTIVE_ANON) +
		      zone_page_state_snapshot(zone, NR_ZONE_ACTIVE_ANON);
	return nr;
}

static bool is_file_lru(enum lru_list lru)
{
	return lru == LRU_INACTIVE_FILE || lru == LRU_ACTIVE_FILE;
}

/* Linux: skip_cma(), mm/vmscan.c: a non-movable direct reclaim cannot use CMA pages. */
static bool skip_cma(struct machine *m, struct page *head, const struct scan_control *sc)
{
	return m->has_cma && !sc->kswapd && gfp_migratetype(sc->gfp_mask) != MIGRATE_MOVABLE &&
	       get_pageblock_migratetype(m, page_to_pfn(m, head)) == MIGRATE_CMA;
}

static void trace_lru_isolate(struct machine *m, const struct scan_control *sc,
			      unsigned long nr_to_scan, unsigned long scanned,
			      unsigned long skipped, unsigned long taken, enum lru_list lru)
{
	struct mm_event ev = { .id = MM_EV_mm_vmscan_lru_isolate };

	if (!mm_event_enabled(&m->sink, ev.id))
		return;
	ev.mm_vmscan_lru_isolate = (struct mm_ev_mm_vmscan_lru_isolate){
		.highest_zoneidx = (int)sc->reclaim_idx, .order = sc->order,
		.nr_requested = nr_to_scan, .nr_scanned = scanned, .nr_skipped = skipped,
		.nr_taken = taken, .isolate_mode = sc->may_unmap ? 0 : 0x2 /* ISOLATE_UNMAPPED */,
		.lru = (int)lru };
	mm_event_emit(&m->sink, &ev);
}

/*
 * Put the folios skipped for their zone back at the head of the list
 * (list_splice(): at the tail the next batch would meet them again).
 */
static unsigned long splice_skipped(struct machine *m, struct page_list *src,
				    struct page_list *skipped, const unsigned long *nr_skipped)
{
	unsigned long total = 0;
	struct page *head;

	while ((head = page_list_last(m, skipped))) {
		page_list_del(m, skipped, head);
		page_list_add(m, src, head);
	}
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		__count_vm_events(m, PGSKIP_DMA + zid, nr_skipped[zid]);
		total += nr_skipped[zid];
	}
	return total;
}

/*
 * Linux: isolate_lru_folios(), mm/vmscan.c: take up to nr_to_scan pages'
 * worth of folios from the tail of lru onto dst, each with a reference.
 * Folios above sc->reclaim_idx are passed over without counting.
 * *nr_scanned gets every page looked at.  Returns the pages taken.
 */
static unsigned long isolate_lru_folios(struct machine *m, unsigned long nr_to_scan,
					pg_data_t *pgdat, struct page_list *dst,
					unsigned long *nr_scanned, struct scan_control *sc,
					enum lru_list lru)
{
	struct page_list *src = &pgdat->lruvec.lists[lru], skipped;
	unsigned long nr_skipped[MAX_NR_ZONES] = { 0 };
	unsigned long scan = 0, total_scan = 0, nr_taken = 0;
	struct page *head;

	page_list_init(&skipped);
	while (scan < nr_to_scan && (head = page_list_last(m, src))) {
		unsigned long nr_pages = folio_nr_pages(head);

		total_scan += nr_pages;
		if (page_zonenum(head) > sc->reclaim_idx || skip_cma(m, head, sc)) {
			nr_skipped[page_zonenum(head)] += nr_pages;
			page_list_del(m, src, head);
			page_list_add(m, &skipped, head);
			continue;
		}
		scan += nr_pages;
		if (!sc->may_unmap && folio_mapped(head)) {
			page_list_del(m, src, head);	/* list_move() to the head */
			page_list_add(m, src, head);
			continue;
		}
		get_page(m, head);
		folio_del_lru(m, head);
		page_list_add(m, dst, head);
		nr_taken += nr_pages;
	}
	*nr_scanned = total_scan;
	trace_lru_isolate(m, sc, nr_to_scan, total_scan,
			  splice_skipped(m, src, &skipped, nr_skipped), nr_taken, lru);
	return nr_taken;
}

/*
 * Linux: move_folios_to_lru(), mm/vmscan.c: each folio of list back on
 * the list its flags name, dropping the isolation's reference (which
 * frees a folio whose last user went meanwhile).  Returns the pages
 * moved.
 */
static unsigned long move_folios_to_lru(struct machine *m, struct page_list *list)
{
	unsigned long nr_moved = 0;
	struct page *head;

	while ((head = page_list_last(m, list))) {
		page_list_del(m, list, head);
		if (page_count(head) > 1) {
			nr_moved += folio_nr_pages(head);
			/* An activation moves the workingset clock as an eviction does. */
			if (PageFlag(head, PG_active))
				workingset_age_nonresident(NODE_DATA(m, page_to_nid(head)),
							   folio_nr_pages(head));
		}
		folio_putback_lru(m, head);
	}
	return nr_moved;
}

/* Linux: reclaim_folio_list(), mm/vmscan.c: one node's share of reclaim_pages(). */
static unsigned long reclaim_folio_list(struct machine *m, struct page_list *list,
					pg_data_t *pgdat)
{
	struct scan_control sc = { .gfp_mask = GFP_KERNEL, .may_writepage = true,
				   .may_unmap = true, .may_swap = true };
	struct reclaim_stat stat;
	unsigned long nr_reclaimed = shrink_folio_list(m, list, pgdat, &sc, &stat);

	move_folios_to_lru(m, list);
	return nr_reclaimed;
}

unsigned long reclaim_pages(struct machine *m, struct page_list *list)
{
	unsigned long nr_reclaimed = 0;
	struct page_list node_list;
	struct page *head;
	int nid;

	page_list_init(&node_list);
	while ((head = page_list_last(m, list))) {
		nid = page_to_nid(head);
		/* The run of folios of one node, in list order. */
		while (head && page_to_nid(head) == nid) {
			page_list_del(m, list, head);
			ClearPageFlag(head, PG_active);
			page_list_add(m, &node_list, head);
			head = page_list_last(m, list);
		}
		nr_reclaimed += reclaim_folio_list(m, &node_list, NODE_DATA(m, nid));
	}
	return nr_reclaimed;
}

/* Which folios reclaim_clean_pages_from_list() takes: clean, file LRU, plain. */
static bool clean_file_folio(const struct machine *m, struct page *head)
{
	return !PageHuge(m, head) && folio_is_file_lru(head) && !PageFlag(head, PG_dirty) &&
	       !__PageMovable(head) && !PageFlag(head, PG_unevictable);
}

unsigned long reclaim_clean_pages_from_list(struct machine *m, struct zone *zone,
					    struct page_list *list)
{
	struct scan_control sc = { .gfp_mask = GFP_KERNEL, .may_unmap = true,
				   .ignore_references = true };
	struct page_list clean;
	struct reclaim_stat stat;
	struct page *head, *next;
	unsigned long nr_reclaimed;

	page_list_init(&clean);
	for (head = page_list_first(m, list); head; head = next) {
		next = page_list_next(m, head);
		if (!clean_file_folio(m, head))
			continue;
		ClearPageFlag(head, PG_active);
		page_list_del(m, list, head);
		page_list_add_tail(m, &clean, head);
	}
	nr_reclaimed = shrink_folio_list(m, &clean, zone->zone_pgdat, &sc, &stat);
	while ((head = page_list_first(m, &clean))) {
		page_list_del(m, &clean, head);
		page_list_add_tail(m, list, head);
	}
	__mod_node_page_state(zone->zone_pgdat, NR_ISOLATED_FILE, -(long)nr_reclaimed);
	return nr_reclaimed;
}

static void trace_shrink_inactive(struct machine *m, int nid, unsigned long nr_scanned,
				  unsigned long nr_reclaimed, const struct reclaim_stat *stat,
				  int priority, bool file)
{
	struct mm_event ev = { .id = MM_EV_mm_vmscan_lru_shrink_inactive };

	if (!mm_event_enabled(&m->sink, ev.id))
		return;
	ev.mm_vmscan_lru_shrink_inactive = (struct mm_ev_mm_vmscan_lru_shrink_inactive){
		.nid = nid, .nr_scanned = nr_scanned, .nr_reclaimed = nr_reclaimed,
		.nr_dirty = stat->nr_dirty, .nr_writeback = stat->nr_writeback,
		.nr_congested = stat->nr_congested, .nr_immediate = stat->nr_immediate,
		.nr_activate0 = stat->nr_activate[0], .nr_activate1 = stat->nr_activate[1],
		.nr_ref_keep = stat->nr_ref_keep, .nr_unmap_fail = stat->nr_unmap_fail,
		.priority = priority, .reclaim_flags = trace_reclaim_flags(file) };
	mm_event_emit(&m->sink, &ev);
}

/* What a shrink_inactive_list() pass adds to the round's tally (sc->nr). */
static void note_inactive_pass(struct scan_control *sc, const struct reclaim_stat *stat,
			       unsigned long nr_taken, bool file)
{
	sc->nr.dirty += stat->nr_dirty;
	sc->nr.congested += stat->nr_congested;
	sc->nr.unqueued_dirty += stat->nr_unqueued_dirty;
	sc->nr.writeback += stat->nr_writeback;
	sc->nr.immediate += stat->nr_immediate;
	sc->nr.taken += nr_taken;
	if (file)
		sc->nr.file_taken += nr_taken;
}

/* Linux: shrink_inactive_list(), mm/vmscan.c */
static unsigned long shrink_inactive_list(struct machine *m, unsigned long nr_to_scan,
					  pg_data_t *pgdat, struct scan_control *sc,
					  enum lru_list lru)
{
	bool file = is_file_lru(lru);
	enum node_stat_item isolated = file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON;
	unsigned long nr_scanned, nr_taken, nr_reclaimed;
	struct reclaim_stat stat;
	struct page_list list;

	page_list_init(&list);
	nr_taken = isolate_lru_folios(m, nr_to_scan, pgdat, &list, &nr_scanned, sc, lru);
	__mod_node_page_state(pgdat, isolated, (long)nr_taken);
	__count_vm_events(m, sc->kswapd ? PGSCAN_KSWAPD : PGSCAN_DIRECT, nr_scanned);
	__count_vm_events(m, file ? PGSCAN_FILE : PGSCAN_ANON, nr_scanned);
	reclaim_charge_scan(m, nr_scanned);
	if (!nr_taken)
		return 0;
	nr_reclaimed = shrink_folio_list(m, &list, pgdat, sc, &stat);
	move_folios_to_lru(m, &list);
	__mod_node_page_state(pgdat, isolated, -(long)nr_taken);
	__count_vm_events(m, sc->kswapd ? PGSTEAL_KSWAPD : PGSTEAL_DIRECT, nr_reclaimed);
	__count_vm_events(m, file ? PGSTEAL_FILE : PGSTEAL_ANON, nr_reclaimed);
	lru_note_cost(m, pgdat, file, stat.nr_pageout);
	note_inactive_pass(sc, &stat, nr_taken, file);
	trace_shrink_inactive(m, pgdat->node_id, nr_scanned, nr_reclaimed, &stat, sc->priority,
			      file);
	return nr_reclaimed;
}

static void trace_shrink_active(struct machine *m, int nid, unsigned long nr_taken,
				unsigned long nr_activate, unsigned long nr_deactivate,
				unsigned long nr_rotated, int priority, bool file)
{
	struct mm_event ev = { .id = MM_EV_mm_vmscan_lru_shrink_active };

	if (!mm_event_enabled(&m->sink, ev.id))
		return;
	ev.mm_vmscan_lru_shrink_active = (struct mm_ev_mm_vmscan_lru_shrink_active){
		.nid = nid, .nr_taken = nr_taken, .nr_active = nr_activate,
		.nr_deactivated = nr_deactivate, .nr_referenced = nr_rotated,
		.priority = priority, .reclaim_flags = trace_reclaim_flags(file) };
	mm_event_emit(&m->sink, &ev);
}

/*
 * Linux: shrink_active_list(), mm/vmscan.c: age a batch of the active
 * list.  Folios referenced through an executable file mapping stay
 * active (their young bits were cleared: they must be used again to stay
 * next time); the rest go to the inactive list.
 */
static void shrink_active_list(struct machine *m, unsigned long nr_to_scan, pg_data_t *pgdat,
			       struct scan_control *sc, enum lru_list lru)
{
	bool file = is_file_lru(lru);
	enum node_stat_item isolated = file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON;
	unsigned long nr_scanned, nr_taken, nr_rotated = 0, nr_activate, nr_deactivate;
	struct page_list hold, active, inactive;
	struct page *head;

	page_list_init(&hold);
	page_list_init(&active);
	page_list_init(&inactive);
	nr_taken = isolate_lru_folios(m, nr_to_scan, pgdat, &hold, &nr_scanned, sc, lru);
	__mod_node_page_state(pgdat, isolated, (long)nr_taken);
	__count_vm_events(m, PGREFILL, nr_scanned);
	reclaim_charge_scan(m, nr_scanned);
	while ((head = page_list_last(m, &hold))) {
		unsigned long vm_flags;

		page_list_del(m, &hold, head);
		if (PageFlag(head, PG_unevictable) || PageFlag(head, PG_mlocked)) {
			folio_putback_lru(m, head);
			continue;
		}
		if (folio_referenced(m, head, &vm_flags) && (vm_flags & VM_EXEC) &&
		    folio_is_file_lru(head)) {
			nr_rotated += folio_nr_pages(head);
			page_list_add(m, &active, head);
			continue;
		}
		ClearPageFlag(head, PG_active);
		SetPageFlag(head, PG_workingset);	/* it was in the workingset: see workingset_refault() */
		page_list_add(m, &inactive, head);
	}
	nr_activate = move_folios_to_lru(m, &active);
	nr_deactivate = move_folios_to_lru(m, &inactive);
	__count_vm_events(m, PGDEACTIVATE, nr_deactivate);
	__mod_node_page_state(pgdat, isolated, -(long)nr_taken);
	trace_shrink_active(m, pgdat->node_id, nr_taken, nr_activate, nr_deactivate, nr_rotated,
			    sc->priority, file);
}

/*
 * Linux: inactive_is_low(), mm/vmscan.c: the inactive list should hold
 * 1 / (1 + sqrt(10 * GiB)) of the two (1:1 below 1 GiB, 1:3 at 1 GiB,
 * 1:10 at 10 GiB).
 */
bool inactive_is_low(const pg_data_t *pgdat, enum lru_list inactive_lru)
{
	unsigned long inactive = node_page_state(pgdat, NR_INACTIVE_ANON + inactive_lru);
	unsigned long active = node_page_state(pgdat, NR_INACTIVE_ANON + inactive_lru + 1);
	unsigned long gb = (inactive + active) >> (30 - PAGE_SHIFT);
	unsigned long inactive_ratio = gb ? int_sqrt(10 * gb) : 1;

	return inactive * inactive_ratio < active;
}

/*
 * Linux: age_active_anon(), mm/vmscan.c (and the end of
 * shrink_lruvec()): while swap exists, keep the anon lists aged so that
 * folios get a chance to be referenced before reclaim reaches them.
 */
void age_active_anon(struct machine *m, pg_data_t *pgdat, struct scan_control *sc)
{
	if (total_swap_pages(m) > 0 && inactive_is_low(pgdat, LRU_INACTIVE_ANON))
		shrink_active_list(m, SWAP_CLUSTER_MAX, pgdat, sc, LRU_ACTIVE_ANON);
}

/* Linux: shrink_list(), mm/vmscan.c */
static unsigned long shrink_list(struct machine *m, enum lru_list lru, unsigned long nr_to_scan,
				 pg_data_t *pgdat, struct scan_control *sc)
{
	if (lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE) {
		bool may = is_file_lru(lru) ? sc->may_deactivate_file : sc->may_deactivate_anon;

		if (may)
			shrink_active_list(m, nr_to_scan, pgdat, sc, lru);
		else
			sc->skipped_deactivate = true;
		return 0;
	}
	return shrink_inactive_list(m, nr_to_scan, pgdat, sc, lru);
}

/*
 * Linux: prepare_scan_count(), mm/vmscan.c: which active lists to age
 * (a low inactive list, or workingset activations since reclaim last
 * finished here: a new workingset is forming, so stale active folios
 * should make room), whether there is enough inactive file to trim alone
 * (cache_trim_mode), and whether file memory is nearly gone (file_is_tiny).
 */
static void prepare_scan_count(pg_data_t *pgdat, struct scan_control *sc)
{
	unsigned long file, free = 0, total_high_wmark = 0;

	sc->anon_cost = pgdat->lruvec.anon_cost;
	sc->file_cost = pgdat->lruvec.file_cost;
	if (sc->force_deactivate) {
		sc->may_deactivate_anon = sc->may_deactivate_file = true;
	} else {
		sc->may_deactivate_anon =
			node_page_state(pgdat, WORKINGSET_ACTIVATE_ANON) != pgdat->lruvec.refaults[0] ||
			inactive_is_low(pgdat, LRU_INACTIVE_ANON);
		sc->may_deactivate_file =
			node_page_state(pgdat, WORKINGSET_ACTIVATE_FILE) != pgdat->lruvec.refaults[1] ||
			inactive_is_low(pgdat, LRU_INACTIVE_FILE);
	}
	file = node_page_state(pgdat, NR_INACTIVE_FILE);
	sc->cache_trim_mode = (file >> sc->priority) && !sc->may_deactivate_file;
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct zone *zone = &pgdat->node_zones[z];

		if (!managed_zone(zone))
			continue;
		free += zone_page_state(zone, NR_FREE_PAGES);
		total_high_wmark += high_wmark_pages(zone);
	}
	file += node_page_state(pgdat, NR_ACTIVE_FILE);
	sc->file_is_tiny = file + free <= total_high_wmark && !sc->may_deactivate_anon &&
			   (node_page_state(pgdat, NR_INACTIVE_ANON) >> sc->priority);
}

/* Linux: enum scan_balance, mm/vmscan.c */
enum scan_balance { SCAN_EQUAL, SCAN_FRACT, SCAN_ANON, SCAN_FILE };

/* Linux: lruvec_lru_size(), mm/vmscan.c: the list's pages in zones up to zone_idx. */
static unsigned long lruvec_lru_size(const pg_data_t *pgdat, enum lru_list lru, int zone_idx)
{
	unsigned long size = 0;

	for (int zid = 0; zid <= zone_idx && zid < MAX_NR_ZONES; zid++)
		if (managed_zone(&pgdat->node_zones[zid]))
			size += zone_page_state(&pgdat->node_zones[zid],
						(enum zone_stat_item)(NR_ZONE_INACTIVE_ANON + lru));
	return size;
}

/* The balance between anon and file of get_scan_count(); fraction[] for SCAN_FRACT. */
static enum scan_balance scan_balance(const struct machine *m, const struct scan_control *sc,
				      uint64_t *fraction)
{
	uint64_t swappiness = (uint64_t)m->vm.swappiness, total, anon_cost, file_cost;

	if (!sc->may_swap || !can_reclaim_anon_pages(m))
		return SCAN_FILE;
	if (!sc->priority && swappiness)
		return SCAN_EQUAL;	/* close to OOM: no cleverness */
	if (sc->file_is_tiny)
		return SCAN_ANON;
	if (sc->cache_trim_mode)
		return SCAN_FILE;
	/* Each kind's cost counts its own recent cost twice and the other's once. */
	total = sc->anon_cost + sc->file_cost;
	anon_cost = total + sc->anon_cost;
	file_cost = total + sc->file_cost;
	total = anon_cost + file_cost;
	fraction[0] = swappiness * (total + 1) / (anon_cost + 1);
	fraction[1] = (200 - swappiness) * (total + 1) / (file_cost + 1);
	return SCAN_FRACT;
}

/* Linux: get_scan_count(), mm/vmscan.c: how many pages of each evictable list to scan. */
static void get_scan_count(struct machine *m, pg_data_t *pgdat, struct scan_control *sc,
			   unsigned long *nr)
{
	uint64_t fraction[2] = { 0, 0 };
	enum scan_balance balance = scan_balance(m, sc, fraction);

	for (int lru = 0; lru < LRU_UNEVICTABLE; lru++) {
		bool file = is_file_lru((enum lru_list)lru);
		uint64_t scan = lruvec_lru_size(pgdat, (enum lru_list)lru, (int)sc->reclaim_idx) >>
				sc->priority;

		if (balance == SCAN_FRACT)
			scan = scan * fraction[file] / (fraction[0] + fraction[1]);
		else if ((balance == SCAN_FILE && !file) || (balance == SCAN_ANON && file))
			scan = 0;
		nr[lru] = (unsigned long)scan;
	}
}

/*
 * Linux: the end of shrink_lruvec()'s loop: once enough is reclaimed,
 * stop the kind with less left to scan and cut the other's remaining scan
 * to the share the first had left.  false: stop the loop.
 */
static bool rebalance_scan(unsigned long *nr, const unsigned long *targets)
{
	unsigned long nr_file = nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE];
	unsigned long nr_anon = nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON];
	unsigned long percentage;
	int stop, other;

	if (!nr_file || !nr_anon)
		return false;
	if (nr_file > nr_anon) {
		stop = LRU_INACTIVE_ANON, other = LRU_INACTIVE_FILE;
		percentage = nr_anon * 100 / (targets[LRU_INACTIVE_ANON] +
					      targets[LRU_ACTIVE_ANON] + 1);
	} else {
		stop = LRU_INACTIVE_FILE, other = LRU_INACTIVE_ANON;
		percentage = nr_file * 100 / (targets[LRU_INACTIVE_FILE] +
					      targets[LRU_ACTIVE_FILE] + 1);
	}
	nr[stop] = nr[stop + 1] = 0;
	for (int lru = other; lru <= other + 1; lru++) {
		unsigned long scanned = targets[lru] - nr[lru];

		nr[lru] = targets[lru] * (100 - percentage) / 100;
		nr[lru] -= nr[lru] < scanned ? nr[lru] : scanned;
	}
	return true;
}

/* Linux: shrink_lruvec(), mm/vmscan.c (classic LRU) */
static void shrink_lruvec(struct machine *m, pg_data_t *pgdat, struct scan_control *sc)
{
	unsigned long nr[NR_LRU_LISTS] = { 0 }, targets[NR_LRU_LISTS], nr_reclaimed = 0;
	/* Direct reclaim at the first priority scans everything get_scan_count() asked. */
	bool proportional = !sc->kswapd && sc->priority == DEF_PRIORITY;

	get_scan_count(m, pgdat, sc, nr);
	for (int lru = 0; lru < NR_LRU_LISTS; lru++)
		targets[lru] = nr[lru];
	while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE]) {
		for (int lru = 0; lru < LRU_UNEVICTABLE; lru++) {
			unsigned long batch = nr[lru] < SWAP_CLUSTER_MAX ? nr[lru] : SWAP_CLUSTER_MAX;

			if (!batch)
				continue;
			nr[lru] -= batch;
			nr_reclaimed += shrink_list(m, (enum lru_list)lru, batch, pgdat, sc);
		}
		if (nr_reclaimed < sc->nr_to_reclaim || proportional)
			continue;
		if (!rebalance_scan(nr, targets))
			break;
	}
	sc->nr_reclaimed += nr_reclaimed;
	/* Age the anon lists even when anon was not scanned. */
	age_active_anon(m, pgdat, sc);
}

/* Linux: in_reclaim_compaction(), mm/vmscan.c */
static bool in_reclaim_compaction(const struct scan_control *sc)
{
	return sc->order && (sc->order > PAGE_ALLOC_COSTLY_ORDER ||
			     sc->priority < DEF_PRIORITY - 2);
}

/*
 * Linux: should_continue_reclaim(), mm/vmscan.c: reclaim for a high
 * order goes on while the last round freed something, no zone could
 * compact for the order yet, and the inactive lists hold more than
 * compaction's gap.
 */
static bool should_continue_reclaim(struct machine *m, pg_data_t *pgdat,
				    unsigned long nr_reclaimed, const struct scan_control *sc)
{
	unsigned long inactive;

	if (!in_reclaim_compaction(sc) || !nr_reclaimed)
		return false;
	for (int z = 0; z <= (int)sc->reclaim_idx; z++) {
		struct zone *zone = &pgdat->node_zones[z];
		enum compact_result r;

		if (!managed_zone(zone))
			continue;
		r = compaction_suitable(m, zone, sc->order, 0, (int)sc->reclaim_idx);
		if (r == COMPACT_SUCCESS || r == COMPACT_CONTINUE)
			return false;
	}
	inactive = node_page_state(pgdat, NR_INACTIVE_FILE);
	if (can_reclaim_anon_pages(m))
		inactive += node_page_state(pgdat, NR_INACTIVE_ANON);
	return inactive > compact_gap((unsigned int)sc->order);
}

/*
 * kswapd's view of the round (shrink_node()): all it took was under
 * writeback (PGDAT_WRITEBACK), or every file folio it took was dirty and
 * not queued (PGDAT_DIRTY: from now on it writes them itself).
 */
static void note_kswapd_round(pg_data_t *pgdat, const struct scan_control *sc)
{
	if (sc->nr.writeback && sc->nr.writeback == sc->nr.taken)
		pgdat->reclaim_flags |= 1ul << PGDAT_WRITEBACK;
	if (sc->nr.unqueued_dirty == sc->nr.file_taken)
		pgdat->reclaim_flags |= 1ul << PGDAT_DIRTY;
}

void shrink_node(struct machine *m, pg_data_t *pgdat, struct scan_control *sc)
{
	unsigned long nr_reclaimed;
	bool reclaimable = false;

	do {
		memset(&sc->nr, 0, sizeof(sc->nr));
		nr_reclaimed = sc->nr_reclaimed;
		prepare_scan_count(pgdat, sc);
		shrink_lruvec(m, pgdat, sc);
		shrink_slab(m, sc->gfp_mask, pgdat->node_id, sc->priority);
		nr_reclaimed = sc->nr_reclaimed - nr_reclaimed;
		if (nr_reclaimed)
			reclaimable = true;
		if (sc->kswapd)
			note_kswapd_round(pgdat, sc);
		/* Folios cycle through the LRU faster than they are written: wait. */
		if (sc->kswapd && sc->nr.immediate)
			kswapd_throttle_writeback(m, pgdat);
	} while (should_continue_reclaim(m, pgdat, nr_reclaimed, sc));
	/* Progress revives a kswapd that gave the node up. */
	if (reclaimable)
		pgdat->kswapd_failures = 0;
}

/*
 * Linux: compaction_ready(), mm/vmscan.c: compaction can already run
 * for sc->order in zone with a gap of free pages above the high mark,
 * so reclaim would only waste work.
 */
static bool compaction_ready(struct machine *m, struct zone *zone, const struct scan_control *sc)
{
	enum compact_result r = compaction_suitable(m, zone, sc->order, 0, (int)sc->reclaim_idx);

	if (r == COMPACT_SUCCESS)
		return true;
	if (r == COMPACT_SKIPPED)
		return false;
	return zone_watermark_ok_safe(m, zone, 0, high_wmark_pages(zone) + compact_gap((unsigned int)sc->order),
				      (int)sc->reclaim_idx);
}

/*
 * Linux: reclaim_throttle(), mm/vmscan.c: a reclaimer that found only
 * folios still being written sleeps a while.  numasim moves the clock on
 * and completes the writes due by then (the block device's and the swap
 * devices'), so what the kernel would have written meanwhile is clean
 * when reclaim looks again; the other daemons run at the event's end.
 */
static void reclaim_throttle(struct machine *m, uint64_t timeout_ns)
{
	uint64_t until_ns = m->clock_ns + timeout_ns;

	mm_run_daemon_until(m, &m->wb.end_io, until_ns);
	mm_run_daemon_until(m, &m->swap.io_done, until_ns);
	if (m->clock_ns < until_ns)
		m->clock_ns = until_ns;
	m->stats.reclaim_throttled++;
}

/*
 * Linux: consider_reclaim_throttle(), mm/vmscan.c: direct reclaim that
 * got nothing back even at priority 1 waits a jiffy
 * (VMSCAN_THROTTLE_NOPROGRESS) before its last pass; reclaim that frees
 * more than an eighth of what it scans never waits.
 */
static void consider_reclaim_throttle(struct machine *m, struct scan_control *sc)
{
	if (sc->nr_reclaimed > (sc->nr_scanned >> 3) || sc->kswapd)
		return;
	if (sc->priority == 1 && !sc->nr_reclaimed)
		reclaim_throttle(m, NSEC_PER_SEC / RECLAIM_HZ);
}

/* Linux: shrink_zones(), mm/vmscan.c: each node of the zonelist once. */
static void shrink_zones(struct machine *m, struct zonelist *zonelist, struct scan_control *sc)
{
	struct zoneref *z = zonelist->_zonerefs;
	pg_data_t *last_pgdat = NULL;
	struct zone *zone;

	for_next_zone_zonelist_nodemask(zone, z, sc->reclaim_idx, sc->nodemask) {
		if (!cpuset_zone_allowed(m, zone, GFP_KERNEL | __GFP_HARDWALL))
			continue;
		if (sc->order > PAGE_ALLOC_COSTLY_ORDER && compaction_ready(m, zone, sc)) {
			sc->compaction_ready = true;
			continue;
		}
		if (zone->zone_pgdat == last_pgdat)
			continue;
		last_pgdat = zone->zone_pgdat;
		shrink_node(m, zone->zone_pgdat, sc);
	}
	if (last_pgdat)
		consider_reclaim_throttle(m, sc);
}

/* Linux: the snapshot_refaults() walk of do_try_to_free_pages(): each node once. */
static void snapshot_zonelist_refaults(struct zonelist *zonelist, const struct scan_control *sc)
{
	struct zoneref *z = zonelist->_zonerefs;
	pg_data_t *last_pgdat = NULL;
	struct zone *zone;

	for_next_zone_zonelist_nodemask(zone, z, sc->reclaim_idx, sc->nodemask) {
		if (zone->zone_pgdat == last_pgdat)
			continue;
		last_pgdat = zone->zone_pgdat;
		snapshot_refaults(last_pgdat);
	}
}

/*
 * Linux: do_try_to_free_pages(), mm/vmscan.c: priorities from
 * DEF_PRIORITY down until enough is reclaimed or compaction can go
 * ahead; once more with every active list aged if that found nothing
 * because it skipped them.
 */
static unsigned long do_try_to_free_pages(struct machine *m, struct zonelist *zonelist,
					  struct scan_control *sc)
{
	int initial_priority = sc->priority;

	for (;;) {
		__count_vm_events(m, ALLOCSTALL_DMA + sc->reclaim_idx, 1);
		do {
			sc->nr_scanned = 0;
			shrink_zones(m, zonelist, sc);
			if (sc->nr_reclaimed >= sc->nr_to_reclaim || sc->compaction_ready)
				break;
			if (sc->priority < DEF_PRIORITY - 2)
				sc->may_writepage = true;
		} while (--sc->priority >= 0);
		snapshot_zonelist_refaults(zonelist, sc);
		if (sc->nr_reclaimed)
			return sc->nr_reclaimed;
		if (sc->compaction_ready)
			return 1;	/* reclaim stood aside for compaction: no OOM */
		if (!sc->skipped_deactivate)
			return 0;
		sc->priority = initial_priority;
		sc->force_deactivate = true;
		sc->skipped_deactivate = false;
	}
}

static void trace_direct_reclaim(struct machine *m, enum mm_event_id id, int order, gfp_t gfp,
				 unsigned long nr_reclaimed)
{
	struct mm_event ev = { .id = id };

	if (!mm_event_enabled(&m->sink, id))
		return;
	if (id == MM_EV_mm_vmscan_direct_reclaim_begin)
		ev.mm_vmscan_direct_reclaim_begin = (struct mm_ev_mm_vmscan_direct_reclaim_begin){
			.order = order, .gfp_flags = gfp };
	else
		ev.mm_vmscan_direct_reclaim_end.nr_reclaimed = nr_reclaimed;
	mm_event_emit(&m->sink, &ev);
}

unsigned long try_to_free_pages(struct machine *m, struct zonelist *zonelist, int order,
				gfp_t gfp, const nodemask_t *nodemask, enum zone_type reclaim_idx)
{
	struct scan_control sc = {
		.nr_to_reclaim = SWAP_CLUSTER_MAX, .gfp_mask = gfp, .reclaim_idx = reclaim_idx,
		.order = order, .nodemask = nodemask, .priority = DEF_PRIORITY,
		.may_writepage = true, .may_unmap = true, .may_swap = true,
	};
	unsigned long nr_reclaimed;

	trace_direct_reclaim(m, MM_EV_mm_vmscan_direct_reclaim_begin, order, gfp, 0);
	nr_reclaimed = do_try_to_free_pages(m, zonelist, &sc);
	trace_direct_reclaim(m, MM_EV_mm_vmscan_direct_reclaim_end, order, gfp, nr_reclaimed);
	return nr_reclaimed;
}
