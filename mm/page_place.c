/*
 * mm/page_place.c - frames taken off the buddy by choice, not by the
 * allocator's search: memory failure's take_page_off_buddy(), and a
 * followed replay's placements, pre-trace frees and pageblock steals (see
 * mm/page_place.h for the contract).
 *
 * A block the trace names is free in the simulation when every frame of
 * it lies in a free buddy block or in a block on some CPU's per-CPU list.
 * Taking it: a per-CPU block that is exactly the block is unlinked from
 * its list (as rmqueue_pcplist() hands one out); otherwise every per-CPU
 * block overlapping it goes back to the buddy first (as
 * free_pcppages_bulk() would return it, merging), and the block is then
 * cut out of the free buddy block that holds it (take_block_off_buddy(),
 * break_down_buddy_pages()'s splitting).
 *
 * Invariants: nothing changes unless the whole block was found free (or,
 * for a steal, inside the machine); NR_FREE_PAGES moves only with frames
 * that leave or enter the buddy, as everywhere else (per-CPU frames count
 * as allocated).
 *
 * Linux counterpart: is_free_buddy_page(), break_down_buddy_pages() and
 * take_page_off_buddy() of mm/page_alloc.c; the followed replay has none
 * as a whole (see mm/page_place.h).
 */
#include "mm/page_place.h"

#include "mm/bug.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/profile.h"
#include "mm/sparse.h"

/* ---- taking chosen frames off the buddy ---- */

/*
 * Where the kernel keeps these (mm/page_alloc.c), numasim keeps its
 * allocator's paths; the frames chosen in advance are this file's
 * concept: memory failure's one frame, a followed replay's block.
 */

/* The free block holding page: its head, or NULL when page is not free in the buddy. */
static struct page *free_block_head(const struct machine *m, struct page *page)
{
	pfn_t pfn = page_to_pfn(m, page);

	for (unsigned int order = 0; order < MAX_ORDER; order++) {
		struct page *head = page - (pfn & (order_to_pages(order) - 1));

		if (PageBuddy(head) && buddy_order(head) >= order)
			return head;
		if (page_count(head) > 0)
			return NULL;	/* an allocated block holds page */
	}
	return NULL;
}

bool is_free_buddy_page(const struct machine *m, struct page *page)
{
	return free_block_head(m, page) != NULL;
}

/*
 * Linux: break_down_buddy_pages(), mm/page_alloc.c: split the free block
 * of order high at page, put back every half that does not hold target,
 * and leave target's block of order low on no list.  The kernel's target
 * is a single frame (low 0); a followed allocation's is a block.
 */
static void break_down_buddy_pages(struct machine *m, struct zone *zone, struct page *page,
				   const struct page *target, unsigned int low, unsigned int high,
				   int mt)
{
	uint64_t size = order_to_pages(high);

	while (high > low) {
		struct page *half;

		high--;
		size >>= 1;
		half = target >= page + size ? page : page + size;
		if (half == page)
			page += size;
		add_to_free_list(m, half, zone, high, mt);
		set_buddy_order(half, high);
	}
}

/*
 * Linux: take_page_off_buddy(), mm/page_alloc.c.  The rest of the block
 * goes back on the lists of its pageblock's type, whatever list the block
 * sat on.
 */
bool take_page_off_buddy(struct machine *m, struct page *page)
{
	struct zone *zone = page_zone(m, page);
	struct page *head = free_block_head(m, page);
	unsigned int order;
	int mt;

	if (!head)
		return false;
	order = buddy_order(head);
	mt = get_pageblock_migratetype(m, page_to_pfn(m, head));
	del_page_from_free_list(m, head, zone, order);
	break_down_buddy_pages(m, zone, head, page, 0, order, mt);
	SetPageHWPoisonTakenOff(page);
	if (mt != MIGRATE_ISOLATE)
		mod_zone_freepage_state(zone, -1, mt);
	return true;
}

/*
 * No Linux twin: take_page_off_buddy() for a block of 2^order frames at
 * page (aligned to order) instead of one frame, without the poison mark.
 * False unless one free buddy block holds the whole block.  The block
 * comes off at refcount 0 with its pageblock's type cached, as
 * __rmqueue_smallest() leaves a block, for the caller to prepare.
 */
bool take_block_off_buddy(struct machine *m, struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(m, page);
	struct page *head = free_block_head(m, page);
	unsigned int high;
	int mt;

	if (!head || (high = buddy_order(head)) < order)
		return false;
	mt = get_pageblock_migratetype(m, page_to_pfn(m, head));
	del_page_from_free_list(m, head, zone, high);
	break_down_buddy_pages(m, zone, head, page, order, high, mt);
	set_pcppage_migratetype(page, mt);
	if (mt != MIGRATE_ISOLATE)
		mod_zone_freepage_state(zone, -(long)order_to_pages(order), mt);
	return true;
}

/* ---- a followed replay ---- */

const char *const follow_kind_names[NR_FOLLOW_KINDS] = {
	[FOLLOW_OK] = "ok",
	[FOLLOW_IN_USE] = "in_use",
	[FOLLOW_OUTSIDE] = "outside",
	[FOLLOW_ORDER_MISMATCH] = "order_mismatch",
	[FOLLOW_FREE_IN_USE] = "free_in_use",
};

static enum follow_kind inconsistent(struct machine *m, enum follow_kind kind)
{
	m->follow.inconsistent[kind]++;
	return kind;
}

/* Is [pfn, pfn + 2^order) a naturally aligned block of one zone's memory? */
static enum follow_kind check_block(const struct machine *m, pfn_t pfn, unsigned int order)
{
	pfn_t last = pfn + order_to_pages(order) - 1;

	if (last < pfn || last >= m->end_pfn || !pfn_valid(m, pfn) || !pfn_valid(m, last))
		return FOLLOW_OUTSIDE;
	if (pfn & (order_to_pages(order) - 1))
		return FOLLOW_ORDER_MISMATCH;	/* the buddy allocator hands out none such */
	if (page_zone(m, pfn_to_page(m, pfn)) != page_zone(m, pfn_to_page(m, last)))
		return FOLLOW_OUTSIDE;
	return FOLLOW_OK;
}

static pfn_t pfn_min(pfn_t a, pfn_t b)
{
	return a < b ? a : b;
}

static pfn_t pfn_max(pfn_t a, pfn_t b)
{
	return a > b ? a : b;
}

/* Frames of [pfn, end) in blocks on zone's per-CPU lists, any CPU's. */
static unsigned long pcp_frames_in(struct machine *m, struct zone *zone, pfn_t pfn, pfn_t end)
{
	unsigned long nr = 0;
	struct page *page;

	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
			uint64_t size = order_to_pages(pindex_to_order(m, i));

			page_list_for_each(m, page, &zone->per_cpu_pageset[cpu].lists[i]) {
				pfn_t b = page_to_pfn(m, page);

				if (b < end && b + size > pfn)
					nr += pfn_min(b + size, end) - pfn_max(b, pfn);
			}
		}
	return nr;
}

/* Frames of [pfn, end) free in the buddy or on a per-CPU list. */
static unsigned long free_frames_in(struct machine *m, struct zone *zone, pfn_t pfn, pfn_t end)
{
	unsigned long nr = pcp_frames_in(m, zone, pfn, end);

	for (pfn_t q = pfn; q < end; q++)
		nr += is_free_buddy_page(m, pfn_to_page(m, q));
	return nr;
}

/*
 * Unlink every per-CPU block overlapping the block of order at pfn.  The
 * block itself, if a list holds it whole, stays off (true); the others go
 * back to the buddy as a drain returns them (free_pcppages_bulk()).
 */
static bool pcp_take(struct machine *m, struct zone *zone, pfn_t pfn, unsigned int order)
{
	pfn_t end = pfn + order_to_pages(order);
	bool exact = false;

	for (unsigned int cpu = 0; cpu < m->nr_cpus; cpu++)
		for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
			struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
			unsigned int o = pindex_to_order(m, i);
			struct page *page = page_list_first(m, &pcp->lists[i]), *next;

			for (; page; page = next) {
				pfn_t b = page_to_pfn(m, page);
				int mt = get_pcppage_migratetype(page);

				next = page_list_next(m, page);
				if (b >= end || b + order_to_pages(o) <= pfn)
					continue;
				page_list_del(m, &pcp->lists[i], page);
				pcp->count -= 1 << o;
				if (b == pfn && o == order) {
					exact = true;
					continue;
				}
				if (zone->nr_isolate_pageblock)
					mt = get_pageblock_migratetype(m, b);
				m->profile->alloc.free_one_page(m, page, b, zone, o, mt, FPI_NONE);
			}
		}
	return exact;
}

/*
 * The block of order at page, all of whose frames are free, off the free
 * lists at refcount 0.  True when a per-CPU list held it whole.
 */
static bool take_free_block(struct machine *m, struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(m, page);
	bool taken;

	if (pcp_take(m, zone, page_to_pfn(m, page), order))
		return true;
	taken = take_block_off_buddy(m, page, order);
	MM_BUG_ON_PAGE(!taken, m, page);
	return false;
}

/* The frames of the (checked) block of order at pfn that are free. */
static unsigned long block_free_frames(struct machine *m, pfn_t pfn, unsigned int order)
{
	struct zone *zone = page_zone(m, pfn_to_page(m, pfn));

	return free_frames_in(m, zone, pfn, pfn + order_to_pages(order));
}

/*
 * The frames of the block still reserved from boot (PG_reserved: the
 * configured reservations, memblock's), if every frame of the block that
 * is not free is one of them; else 0, and nothing is released.
 */
static unsigned long block_reserved_frames(struct machine *m, pfn_t pfn, unsigned int order)
{
	unsigned long nr = 0;

	for (pfn_t p = pfn; p < pfn + order_to_pages(order); p++)
		if (PageReserved(pfn_to_page(m, p)))
			nr++;
	if (nr + block_free_frames(m, pfn, order) != order_to_pages(order))
		return 0;
	return nr;
}

/*
 * The trace allocates or frees frames the simulated boot still holds
 * reserved: the traced kernel had given them to the buddy before the
 * trace began (free_reserved_area() of memory memblock held: the initrd,
 * init sections, unused memmap or per-CPU chunks), where the configured
 * reservation could only guess.  Release them as free_reserved_page()
 * does, so the block is free as the trace shows it.
 */
static void release_reserved_frames(struct machine *m, pfn_t pfn, unsigned int order)
{
	for (pfn_t p = pfn; p < pfn + order_to_pages(order); p++) {
		struct page *page = pfn_to_page(m, p);

		if (!PageReserved(page))
			continue;
		free_reserved_page(m, page);
		m->follow.reserved_released++;
	}
}

/* No Linux twin: see mm/page_place.h. */
enum follow_kind alloc_pages_at(struct machine *m, pfn_t pfn, unsigned int order, gfp_t gfp,
				int nid, struct page **pagep)
{
	enum follow_kind kind = check_block(m, pfn, order);
	struct page *page;

	*pagep = NULL;
	if (kind != FOLLOW_OK)
		return inconsistent(m, kind);
	if (block_reserved_frames(m, pfn, order))
		release_reserved_frames(m, pfn, order);
	if (block_free_frames(m, pfn, order) != order_to_pages(order))
		return inconsistent(m, FOLLOW_IN_USE);
	page = pfn_to_page(m, pfn);
	if (take_free_block(m, page, order)) {
		/* As rmqueue_pcplist(): an allocation ends the CPU's free streak. */
		page_zone(m, page)->per_cpu_pageset[m->current_cpu].free_factor >>= 1;
		m->follow.placed_pcp++;
	} else {
		m->follow.placed_buddy++;
	}
	account_alloc_at(m, page, order, gfp, nid);
	*pagep = page;
	return FOLLOW_OK;
}

/* No Linux twin: see mm/page_place.h. */
enum follow_kind free_pages_at(struct machine *m, pfn_t pfn, unsigned int order)
{
	enum follow_kind kind = check_block(m, pfn, order);
	unsigned long nr_free;
	struct page *page;

	if (kind != FOLLOW_OK)
		return inconsistent(m, kind);
	if (block_reserved_frames(m, pfn, order)) {
		/* Reserved since boot in the simulation: that is in use, now freed. */
		release_reserved_frames(m, pfn, order);
		m->follow.pretrace_frees++;
		return FOLLOW_OK;
	}
	nr_free = block_free_frames(m, pfn, order);
	if (nr_free == 0)
		return inconsistent(m, FOLLOW_FREE_IN_USE);
	if (nr_free != order_to_pages(order))
		return inconsistent(m, FOLLOW_ORDER_MISMATCH);
	page = pfn_to_page(m, pfn);
	take_free_block(m, page, order);
	/* In use since before the trace, by whom the trace does not say. */
	prep_new_page(m, page, order, 0);
	m->follow.pretrace_frees++;
	__free_pages(m, page, order);
	return FOLLOW_OK;
}

/*
 * Linux: the claim in steal_suitable_fallback(), mm/page_alloc.c, as its
 * event reported it: a fallback block of pageblock order or more retypes
 * every pageblock it spans (change_pageblock_range()), a smaller one its
 * own pageblock, whose free pages move along (move_freepages_block()).
 */
static void claim_pageblocks(struct machine *m, pfn_t pfn, unsigned int fallback_order, int mt)
{
	unsigned int span = fallback_order > m->pageblock_order ? fallback_order : m->pageblock_order;
	pfn_t start = pfn & ~(pfn_t)(order_to_pages(span) - 1);

	for (pfn_t b = start; b < start + order_to_pages(span); b += pageblock_nr_pages(m)) {
		struct page *page;

		if (b >= m->end_pfn || !pfn_valid(m, b))
			break;
		page = pfn_to_page(m, b);
		if (get_pageblock_migratetype(m, b) == MIGRATE_ISOLATE)
			continue;	/* isolation owns the block until it ends */
		move_freepages_block(m, page_zone(m, page), page, mt, NULL);
		if (get_pageblock_migratetype(m, b) != mt) {
			set_pageblock_migratetype(m, b, mt);
			m->stats.pageblock_steals++;
		}
	}
	m->follow.extfrag_applied++;
}

/* No Linux twin: see mm/page_place.h. */
enum follow_kind follow_extfrag(struct machine *m, pfn_t pfn, unsigned int alloc_order,
				unsigned int fallback_order, int alloc_mt, int fallback_mt,
				bool change_ownership)
{
	if (pfn >= m->end_pfn || !pfn_valid(m, pfn))
		return inconsistent(m, FOLLOW_OUTSIDE);
	if (change_ownership)
		claim_pageblocks(m, pfn, fallback_order, alloc_mt);
	extfrag_record(m, pfn, alloc_order, fallback_order, alloc_mt, fallback_mt,
		       change_ownership);
	return FOLLOW_OK;
}
