/*
 * sim/explain_compact.c - the sentences `explain` prints for memory compaction (its two scanners), CMA allocation and memory offlining.
 *
 * A table of sim/explain.h templates, one per event mm/ emits there;
 * ended by { NULL }.  Compaction first (whether to compact, the run, the
 * scanners' pageblocks one line each, the rounds, why it stopped,
 * deferral), then the range isolation shared by CMA and offlining, CMA
 * and alloc_contig_range(), offlining last.
 *
 * No kernel counterpart: each sentence names the kernel function that
 * takes the decision it tells.
 */
#include "sim/explain.h"

const struct explain_template explain_compact_templates[] = {
	/* Whether to compact at all. */
	{ "compaction_not_needed",
	  "No compaction in zone {zid:zone} of node {nid}: an order-{order} page can be had "
	  "already ({free} pages free, watermark {watermark})." },
	{ "compaction_suitable",
	  "Compaction of zone {zid:zone} of node {nid} for order {order} needs free pages to "
	  "migrate into: watermark {watermark} plus a gap of {gap} (twice the request), "
	  "{free} free; worth it: {ok:yesno}." },
	{ "compaction_fragindex",
	  "Fragmentation index for order {order} is {fragindex} (-1: a page would be found; "
	  "at or below the threshold {threshold} the failure is lack of memory, not "
	  "fragmentation); worth compacting: {ok:yesno}." },
	{ "compaction_deferred",
	  "Zone {zid:zone} of node {nid}, order {order}: attempt {considered} of {defer_limit} "
	  "since the last failure (orders from {order_failed} failed); skipped: "
	  "{deferred:yesno}." },
	{ "defer_compaction",
	  "Compaction failed for order {order} in zone {zid:zone} of node {nid}: the next "
	  "{defer_limit} attempts at order {order_failed} or more are skipped "
	  "(defer shift {defer_shift})." },
	/* One run. */
	{ "compact_zone_begin",
	  "Compacting zone {zid:zone} of node {nid} (pfns {start_pfn}-{end_pfn}) for order "
	  "{order} in {mode:mode} mode: the migrate scanner starts at pfn {migrate_pfn} going "
	  "up, the free scanner at pfn {free_pfn} going down; whole zone: {whole_zone:yesno}." },
	{ "compact_zone_end",
	  "Compaction of zone {zid:zone} of node {nid} ends with {result:compact}: the migrate "
	  "scanner reached pfn {migrate_pfn} ({migrate_scanned} pages scanned), the free "
	  "scanner pfn {free_pfn} ({free_scanned} pages scanned)." },
	{ "compact_migrate_skip_hint",
	  "Migrate scanner skips the pageblock at pfn {pfn}: its skip bit says an earlier "
	  "run found nothing to take there." },
	{ "compact_migrate_unsuitable",
	  "Migrate scanner skips the {mt:migratetype} pageblock at pfn {pfn}: async direct "
	  "compaction for a {start_mt:migratetype} request only empties its own kind "
	  "(async: {async:yesno})." },
	{ "compact_migrate_block",
	  "Migrate scanner in the {mt:migratetype} pageblock at pfn {start_pfn}: scanned "
	  "{nr_scanned} pages up to pfn {end_pfn}, isolated {nr_isolated} to move." },
	{ "compact_too_many_isolated",
	  "Migrate scanner stops at pfn {pfn}: node {nid} has too many pages isolated "
	  "already ({rc:errno})." },
	{ "compact_free_unsuitable",
	  "Free scanner skips the {mt:migratetype} pageblock at pfn {pfn}: pages moved there "
	  "would mix types, or it is a free block of order {free_order} worth keeping whole." },
	{ "compact_free_skip_hint",
	  "Free scanner skips the pageblock at pfn {pfn}: its skip bit is set." },
	{ "compact_free_block",
	  "Free scanner took {nr_isolated} free pages from the pageblock at pfn {pfn}: "
	  "{nr_freepages} targets for {nr_migratepages} pages to move." },
	{ "compact_round",
	  "Round: {nr_migrated} of {nr_isolated} isolated pages migrated, {nr_freepages} "
	  "free targets left; migrate_pages() returned {rc}." },
	{ "compact_scanners_met",
	  "The scanners met (migrate at pfn {migrate_pfn}, free at pfn {free_pfn}): the run "
	  "is over (whole zone scanned: {whole_zone:yesno})." },
	{ "compact_suitable_page",
	  "A free order-{order} block is on the {mt:migratetype} list, enough for the "
	  "order-{want_order} {start_mt:migratetype} request: compaction can stop at pfn "
	  "{migrate_pfn}." },
	{ "compaction_captured",
	  "Captured the freed order-{order} page at pfn {pfn} for the allocation that asked "
	  "for compaction, before anyone else could take it." },
	{ "kcompactd_wake",
	  "kcompactd of node {nid} wakes to compact for order {order} the zones up to "
	  "{highest_zid:zone}." },
	{ "kcompactd_proactive",
	  "Proactive compaction of node {nid}: its fragmentation score {score} is above "
	  "{wmark}." },
	/* Ranges isolated for CMA and offlining. */
	{ "isolate_range",
	  "Isolating pfns {start_pfn}-{end_pfn} ({nr_blocks} pageblocks) so that nothing freed "
	  "there is handed out again: {rc:errno}." },
	{ "isolate_unmovable",
	  "The {mt:migratetype} pageblock at pfn {block_pfn} cannot be isolated: the page at "
	  "pfn {pfn} is unmovable ({rc:errno})." },
	{ "test_pages_isolated",
	  "Is every page of pfns {start_pfn}-{end_pfn} free and isolated? {rc:errno} "
	  "(first busy pfn: {busy_pfn}, -1 if none)." },
	/* CMA and alloc_contig_range(). */
	{ "cma_alloc_begin",
	  "CMA allocation of {count} pages aligned to order {align} from area {area} "
	  "({area_pages} pages from pfn {base_pfn})." },
	{ "cma_alloc_end",
	  "CMA allocation of {count} pages from area {area}: {rc:errno}, at pfn {pfn} "
	  "(0 when it failed)." },
	{ "cma_range",
	  "Bitmap bits {bit}+{nr_bits} are clear: trying pfns {start_pfn}-{end_pfn}." },
	{ "cma_busy_retry",
	  "The range at pfn {start_pfn} is busy: the next candidate starts at bit {next_bit} "
	  "(pfn {next_pfn})." },
	{ "cma_bitmap_full",
	  "No {nr_bits} clear bits left from bit {start_bit}: the area has no room, "
	  "{rc:errno}." },
	{ "alloc_contig_range_begin",
	  "Allocating pfns {start_pfn}-{end_pfn} of zone {zid:zone} of node {nid} "
	  "as {mt:migratetype}: isolate, migrate what is in use, take the free range." },
	{ "alloc_contig_range_end",
	  "Contiguous range {start_pfn}-{end_pfn}: {rc:errno}." },
	{ "contig_migrate_round",
	  "Migrating {nr_isolated} pages isolated from the range up to pfn {pfn} "
	  "(try {tries} of 5 without progress)." },
	{ "contig_migrate_busy",
	  "Gave up migrating the range at pfn {pfn} after {tries} tries: {rc:errno}." },
	{ "contig_taken",
	  "Took pfns {outer_start}-{outer_end} off the free lists and gave back what lies "
	  "outside {start_pfn}-{end_pfn}." },
	/* Offlining. */
	{ "offline_pages_begin",
	  "Offlining pfns {start_pfn}-{end_pfn} ({nr_pages:kb}) of zone {zid:zone} on node "
	  "{nid}." },
	{ "offline_pages_end",
	  "Offlining pfns {start_pfn}-{end_pfn}: {rc:errno}." },
	{ "offline_migrate_pass",
	  "Pass {pass}: moved {nr_moved} pages of pfns {start_pfn}-{end_pfn} off node {nid}; "
	  "migrate_pages() returned {rc}." },
	{ "offline_page_busy",
	  "The PageOffline frame at pfn {pfn} is still referenced ({refcount}) by its "
	  "driver: {rc:errno}." },
	{ "offline_dissolve",
	  "Dissolved {nr_huge} free huge pages of pfns {start_pfn}-{end_pfn} into the buddy: "
	  "{rc:errno}." },
	{ "offline_timeout",
	  "Gave up after {passes} passes at pfn {pfn} (the kernel waits for a signal): "
	  "{rc:errno}." },
	{ "offline_taken",
	  "Took {nr_free} free pages of pfns {start_pfn}-{end_pfn} off the isolated free "
	  "lists ({nr_other} frames were poisoned or driver-owned)." },
	{ "offline_counters",
	  "Zone {zid:zone} of node {nid} lost {nr_pages:kb}: {managed} pages managed, "
	  "{present} present now; node without memory: {node_gone:yesno}." },
	{ NULL, NULL },
};
