/*
 * sim/explain_alloc.c - the sentences `explain` prints for the page
 * allocator: an allocation (zonelist walk, watermarks, per-CPU lists,
 * buddy split, fallback) and a free (per-CPU list or buddy, merges).
 *
 * A table of sim/explain.h templates, one per event mm/ emits there;
 * ended by { NULL }.  The narration appends each sentence's kernel
 * function and file.
 *
 * No kernel counterpart: each sentence names the kernel function that
 * takes the decision it tells.
 */
#include "sim/explain.h"

const struct explain_template explain_alloc_templates[] = {
	/* ---- an allocation ---- */
	{ "alloc_begin", "Allocate {nr_pages} pages (order {order}, gfp {gfp:gfp}) for a "
	  "request of type {mt:migratetype}, preferring node {nid}" },
	{ "alloc_end", "Allocated the order-{order} block at pfn {pfn} from Node {nid} "
	  "{zid:zone}" },
	{ "alloc_fail_end", "The order-{order} allocation fails: no zone could give a block" },
	{ "zonelist_walk", "Walk the zonelist from Node {nid} {zid:zone} (zones up to "
	  "{highest_zid:zone}), checking each against its {wmark:wmark} watermark (ignored: "
	  "{no_watermarks:yesno}) for order {order}; ALLOC_NOFRAGMENT (keep foreign "
	  "pageblocks whole): {nofragment:yesno}" },
	{ "zone_skip_cpuset", "Node {nid} {zid:zone}: the task's cpuset does not allow this "
	  "node, skip the zone" },
	{ "zone_skip_dirty", "Node {nid} {zid:zone}: the node holds its share of dirty pages "
	  "already, skip the zone for a page about to be written" },
	{ "zone_skip_watermark", "Node {nid} {zid:zone} fails its watermark: go on to the "
	  "next zone of the zonelist" },
	{ "zone_no_page", "Node {nid} {zid:zone} passed its watermark but had no order-{order} "
	  "block to give: go on to the next zone" },
	{ "nofragment_remote", "The next zone is on node {nid}, not the preferred node "
	  "{preferred_nid}: locality matters more than keeping pageblocks whole, so the walk "
	  "starts again without ALLOC_NOFRAGMENT" },
	{ "nofragment_retry", "No zone gave an order-{order} block without splitting a "
	  "foreign pageblock: the walk starts again without ALLOC_NOFRAGMENT" },

	/* ---- watermarks ---- */
	{ "watermark_check", "Node {nid} {zid:zone}, order {order}: {free_pages} free pages, "
	  "{unusable} of them out of reach (2^order - 1 for the order, {highatomic} in the "
	  "highatomic reserve, {cma} free CMA pages this request may not use), must stay "
	  "above the {wmark:wmark} mark {mark} (after ALLOC_HIGH/ALLOC_HARDER: {min}) plus "
	  "{reserve} pages kept for lower zones' requests: the zone {ok:okfail} the "
	  "free-pages test" },
	{ "watermark_fast_ok", "Node {nid} {zid:zone}, order 0: {free_pages} free pages less "
	  "{unusable} reserved are above the {wmark:wmark} mark {mark} plus {reserve} kept "
	  "for lower zones: the zone passes (the order-0 fast check)" },
	{ "watermark_area_empty", "Order {order}: no free block ({nr_free} on the lists) on a "
	  "list this request may take from" },
	{ "watermark_area_ok", "Order {order}: a free {mt:migratetype} block this request "
	  "may take: the zone passes" },
	{ "watermark_area_fail", "No free block of order {order} or more on a list this "
	  "request may take from: the zone fails" },
	{ "watermark_atomic_unboost", "An atomic order-0 request does not pay for the "
	  "watermark boost of {boost} pages: check again against the bare min mark {mark}" },
	{ "watermark_boost", "A fallback split a foreign pageblock: Node {nid} {zid:zone}'s "
	  "watermarks are boosted by a pageblock ({pageblock_pages} pages) to {boost} (at "
	  "most {max_boost}: watermark_boost_factor {factor} of 10000 of the high mark), so "
	  "kswapd reclaims and compacts ahead of the next one" },

	/* ---- per-CPU lists ---- */
	{ "pcp_hit", "The per-CPU {mt:migratetype} list for order {order} of Node {nid} "
	  "{zid:zone} has a block: take pfn {pfn} from its head ({pcp_count} pages stay "
	  "cached on this CPU)" },
	{ "pcp_refill_begin", "The per-CPU {mt:migratetype} list for order {order} of Node "
	  "{nid} {zid:zone} is empty: refill it from the buddy lists with {count} block(s) "
	  "(the zone's batch {batch}, scaled down for the order)" },
	{ "pcp_refill_end", "The refill got {got} of {count} block(s); the CPU now caches "
	  "{pcp_count} pages" },
	{ "pcp_take", "Take pfn {pfn} from the head of the refilled list ({pcp_count} pages "
	  "stay cached on this CPU)" },

	/* ---- the buddy lists ---- */
	{ "buddy_take", "The smallest free {mt:migratetype} block of order {order} or more on "
	  "Node {nid} {zid:zone} is order {found_order}, at pfn {pfn}: take it off its list" },
	{ "buddy_empty", "No free {mt:migratetype} block of order {order} or more" },
	{ "split", "Split: the upper half, {nr_pages} pages at pfn {pfn}, goes back on the "
	  "order-{order} {mt:migratetype} list" },

	/* ---- falling back to another migratetype ---- */
	{ "fallback_search", "Fall back: look for a free block of another type for the "
	  "request of type {start_mt:migratetype}, largest first, from order {max_order} down to "
	  "{min_order} (ALLOC_NOFRAGMENT: {nofragment:yesno})" },
	{ "fallback_found", "Order {order}: the fallback list of type {start_mt:migratetype} "
	  "reaches a free {fallback_mt:migratetype} block; may it take over the whole "
	  "pageblock (can_steal_fallback(): order {order} >= {steal_order}, or an Unmovable "
	  "or Reclaimable request)? {can_steal:yesno}" },
	{ "fallback_none", "No block of another type at order {min_order} or more: the "
	  "{start_mt:migratetype} request fails in this zone" },
	{ "fallback_smallest", "A Movable request that may not take over a pageblock takes "
	  "the smallest foreign block instead of the largest: search again upwards from order "
	  "{order} (the largest was order {found_order})" },
	{ "fallback_take", "Take the order-{order} {fallback_mt:migratetype} block at pfn "
	  "{pfn} for the request of type {start_mt:migratetype} (steal the pageblock: "
	  "{can_steal:yesno})" },
	{ "steal_highatomic", "The block lies in a HighAtomic reserve pageblock, which is "
	  "never claimed: only the order-{order} block at pfn {pfn} moves to the "
	  "{start_mt:migratetype} list" },
	{ "steal_range", "The block (order {order}) covers {nr_pageblocks} whole pageblocks: "
	  "all of them become {start_mt:migratetype} (they were {old_mt:migratetype})" },
	{ "steal_single", "Not allowed to take over the pageblock: only the order-{order} "
	  "block at pfn {pfn} moves to the {start_mt:migratetype} list; the pageblock stays "
	  "{old_mt:migratetype}" },
	{ "steal_boundary", "The pageblock crosses the zone's edge, so its free pages cannot "
	  "move together: only the order-{order} block at pfn {pfn} moves to the "
	  "{start_mt:migratetype} list" },
	{ "steal_claim", "Pageblock at pfn {pfn}: its {free_pages} free pages moved to the "
	  "{start_mt:migratetype} lists and {alike_pages} of its used pages are already of "
	  "that kind; {sum} >= {threshold} (half of {pageblock_pages}): the pageblock is "
	  "claimed, {old_mt:migratetype} becomes {start_mt:migratetype}" },
	{ "steal_no_claim", "Pageblock at pfn {pfn}: its {free_pages} free pages moved to the "
	  "{start_mt:migratetype} lists but only {alike_pages} of its used pages are of that "
	  "kind; {sum} < {threshold} (half of {pageblock_pages}): the pageblock stays "
	  "{old_mt:migratetype}" },
	/* ---- the claim and steal passes of later kernels (the linux-6.12 profile) ---- */
	{ "claim_search", "Claim pass: look for a foreign block whose whole pageblock the "
	  "request of type {start_mt:migratetype} may claim, largest first, from order "
	  "{max_order} down to {min_order}" },
	{ "claim_block", "Pageblock at pfn {pfn}: {free_pages} free pages and {alike_pages} "
	  "used pages of the request's kind; {sum} >= {threshold} (half of "
	  "{pageblock_pages}): claim it, {old_mt:migratetype} becomes "
	  "{start_mt:migratetype}, and serve the request from it" },
	{ "claim_refused", "Pageblock at pfn {pfn}: {free_pages} free pages and {alike_pages} "
	  "used pages of the request's kind; {sum} < {threshold} (half of {pageblock_pages}): "
	  "not claimed, and nothing moves (6.1 would have moved this block)" },
	{ "steal_block", "Steal pass: take the smallest foreign block that fits, the "
	  "order-{order} {fallback_mt:migratetype} block at pfn {pfn}, for the request of type "
	  "{start_mt:migratetype}; its pageblock keeps its type" },
	{ "highatomic_reserve", "A high-order atomic request succeeded: reserve its pageblock "
	  "at pfn {pfn} ({old_mt:migratetype} until now) as HighAtomic; the zone now reserves "
	  "{reserved} pages (at most {max}: 1% of the zone plus a pageblock)" },
	{ "highatomic_full", "The zone already reserves {reserved} pages for high-order "
	  "atomic requests (at most {max}): no new HighAtomic pageblock" },

	/* ---- the slow path ---- */
	{ "slowpath_begin", "The fast path found nothing: enter the slow path for order "
	  "{order} (gfp {gfp:gfp}): wake kswapd, lower the watermark to min, then compact "
	  "and reclaim if the gfp allows" },
	{ "slowpath_end", "The slow path found an order-{order} block" },
	{ "slowpath_fail_end", "The slow path gives up on order {order}" },
	{ "kswapd_wake", "Wake kswapd on node {nid} to reclaim in the background (order "
	  "{order}, zones up to {highest_zid:zone})" },
	{ "direct_compact_begin", "Direct compaction for order {order} (priority {prio}: 0 "
	  "sync full, 1 sync light, 2 async)" },
	{ "direct_compact_end", "Direct compaction ends with {result:compact}; a block was "
	  "captured as it was freed: {captured:yesno}" },
	{ "direct_reclaim_begin", "Direct reclaim for order {order}: the allocating task "
	  "frees pages itself" },
	{ "direct_reclaim_end", "Direct reclaim freed {nr_reclaimed} pages" },
	{ "direct_reclaim_drain", "Reclaim made progress but the free lists still have no "
	  "order-{order} block: give up the highatomic reserve and drain the per-CPU lists, "
	  "then try once more" },
	{ "may_oom", "Last try for order {order} at the high watermark before the OOM killer" },

	/* ---- a free ---- */
	{ "free_begin", "Free the order-{order} block at pfn {pfn} (Node {nid} {zid:zone})" },
	{ "free_end", "The order-{order} free is done" },
	{ "free_direct", "Order {order} is not cached per CPU (only orders up to {pcp_order} "
	  "and {pageblock_order}): straight back to the buddy lists" },
	{ "free_isolated", "The pageblock is isolated: the block at pfn {pfn} goes straight "
	  "to the buddy lists, never to a per-CPU list" },
	{ "free_pcp", "The block goes on the per-CPU {mt:migratetype} list for order {order}: "
	  "the CPU caches {count} pages, against a high mark of {high} (drain all of this "
	  "order at once: {free_high:yesno})" },
	{ "pcp_drain_begin", "{count} pages cached reach the high mark {high}: give {count} "
	  "pages back to the buddy lists, oldest first (batch {batch}, doubled per free in a "
	  "row: factor {free_factor})" },
	{ "pcp_drain_end", "The drain leaves {left} pages cached on this CPU" },
	{ "merge", "The buddy at pfn {buddy_pfn} is free at order {order} too: merge into the "
	  "order-{new_order} block at pfn {combined_pfn}" },
	{ "merge_buddy_busy", "The buddy of the order-{order} block at pfn {pfn}, at pfn "
	  "{buddy_pfn}, is not free at order {order}: merging stops" },
	{ "merge_type_stop", "The buddy at pfn {buddy_pfn} is a {buddy_mt:migratetype} "
	  "pageblock; {mt:migratetype} and {buddy_mt:migratetype} blocks must not merge: "
	  "merging stops at order {order}" },
	{ "merge_likely", "The order-{higher_order} block at pfn {higher_pfn} this one would "
	  "form with its buddy has a free buddy of its own (pfn {higher_buddy_pfn}): a "
	  "bigger merge is likely soon, so keep the block back" },
	{ "free_to_head", "The order-{order} block at pfn {pfn} goes to the head of the "
	  "{mt:migratetype} list, the next to be handed out (largest order reached: "
	  "{max:yesno})" },
	{ "free_to_tail", "The order-{order} block at pfn {pfn} goes to the tail of the "
	  "{mt:migratetype} list, the last to be handed out (asked for by the caller: "
	  "{fpi_tail:yesno})" },
	{ "free_captured", "A direct compactor waits for an order-{order} block in this zone: "
	  "it captures the block at pfn {pfn} before it reaches a free list" },
	{ NULL, NULL },
};
