/*
 * mm/trace_points.h - the one table of the memory-management tracepoints:
 * the kmem page events, compaction, migrate and vmscan of Linux 6.1, each
 * with its fields and its print format.
 *
 * A data header: macros, and the two enums they make, nothing else, so
 * that whatever needs the schema (mm/ emitting, sim/ printing, an importer
 * reading a recorded trace) can include it without knowing mm/'s types.
 *
 * MM_TRACEPOINTS(EV, F, A, K) expands EV(name, subsystem, fields, fmt, args)
 * once per event, in a fixed order (the event ids):
 *
 *   name       the event, as tracefs names it
 *   subsystem  kmem, compaction, migrate, vmscan or oom (events/<subsystem>/)
 *   fields     (F(field, KIND, "C type") ...): one per TP_STRUCT__entry
 *              field, in order; the C type spelt as the format file spells it
 *   fmt        the TP_printk format string, byte for byte
 *   args       (A(field, PRINTER) ...): one per conversion of fmt, in order,
 *              or K(PRINTER) for a conversion that prints no field
 *
 * fields and args come in parentheses so that what F and A expand to may
 * hold commas; MM_TP_UNPAREN fields opens them.
 *
 * KIND says how a field is stored and what a recorded value means:
 *   S32 U32 S64 U64 BOOL  int, unsigned int, long, unsigned long, bool
 *   MT    int: mm/ emits its enum migratetype; the record holds the number
 *         the kernel prints (migratetype_abi_number(), mm/vmstat.h)
 *   PTR   unsigned long: an address, printed by %p
 *   SYM   const char *: the text %pS prints for a function
 *   STR   const char *: a string (a task's comm), printed by %s
 *
 * PRINTER says how a conversion turns the field's recorded value into text
 * and back (mm/trace_schema.c implements them):
 *   NUM           the value itself, by the conversion (%d %u %ld %lu %lld %lx)
 *   PAGE          %p of the field's pfn as a struct page pointer
 *   PAGE_OR_NULL  the same, NULL for pfn -1 (a failed allocation)
 *   PFN_OR_ZERO   the pfn, 0 for pfn -1
 *   GFP           show_gfp_flags(): gfp_format(), mm/gfp.c
 *   PAGEBLOCK_ORDER  min(pageblock_order, MAX_ORDER - 1); K() only
 *   FRAGMENTING   field < that pageblock order
 *   SYNC_MODE     "sync" / "async"
 *   ZONE COMPACT_STATUS MIGRATE_MODE MIGRATE_REASON LRU
 *                 __print_symbolic() of ZONE_TYPE, COMPACTION_STATUS,
 *                 MIGRATE_MODE, MIGRATE_REASON, LRU_NAMES
 *   RECLAIM_FLAGS THROTTLE_FLAGS
 *                 show_reclaim_flags(), show_throttle_flags()
 *   POW2          1UL << field
 *   PTR SYMBOL    %p of an address, %pS of a function
 *   STR           %s of a string field
 *
 * Events that share a kernel event class share a class macro here
 * (MM_TPC_*), so a class is written once, as DECLARE_EVENT_CLASS does.
 *
 * Linux counterpart: include/trace/events/kmem.h (the page events),
 * compaction.h, migrate.h, vmscan.h, oom.h and the printers of mmflags.h.
 */
#ifndef MM_TRACE_POINTS_H
#define MM_TRACE_POINTS_H

/* Expands to nothing: pass it for the parts of a row a user does not need. */
#define MM_TP_NONE(...)
#define MM_TP_UNPAREN(...)	__VA_ARGS__

/* A row whose fields, fmt and args come from a class macro. */
#define MM_TP_CLASS(EV, name, subsys, ...)	EV(name, subsys, __VA_ARGS__)

#define MM_TRACE_SUBSYSTEMS(S)	S(kmem) S(compaction) S(migrate) S(vmscan) S(oom)

/* ---- event classes ------------------------------------------------------- */

/* wake_reaper, start_task_reaping, finish_task_reaping, skip_task_reaping (oom.h) */
#define MM_TPC_OOM_PID(F, A, K)						\
	(F(pid, S32, "int")),						\
	"pid=%d",							\
	(A(pid, NUM))

/* mm_compaction_isolate_template */
#define MM_TPC_ISOLATE(F, A, K)						\
	(F(start_pfn, U64, "unsigned long")				\
	 F(end_pfn, U64, "unsigned long")				\
	 F(nr_scanned, U64, "unsigned long")				\
	 F(nr_taken, U64, "unsigned long")),				\
	"range=(0x%lx ~ 0x%lx) nr_scanned=%lu nr_taken=%lu",		\
	(A(start_pfn, NUM) A(end_pfn, NUM) A(nr_scanned, NUM) A(nr_taken, NUM))

/* mm_compaction_suitable_template */
#define MM_TPC_SUITABLE(F, A, K)					\
	(F(nid, S32, "int")						\
	 F(idx, U32, "enum zone_type")					\
	 F(order, S32, "int")						\
	 F(ret, S32, "int")),						\
	"node=%d zone=%-8s order=%d ret=%s",				\
	(A(nid, NUM) A(idx, ZONE) A(order, NUM) A(ret, COMPACT_STATUS))

/* mm_compaction_defer_template */
#define MM_TPC_DEFER(F, A, K)						\
	(F(nid, S32, "int")						\
	 F(idx, U32, "enum zone_type")					\
	 F(order, S32, "int")						\
	 F(considered, U32, "unsigned int")				\
	 F(defer_shift, U32, "unsigned int")				\
	 F(order_failed, S32, "int")),					\
	"node=%d zone=%-8s order=%d order_failed=%d consider=%u limit=%lu", \
	(A(nid, NUM) A(idx, ZONE) A(order, NUM) A(order_failed, NUM)	\
	 A(considered, NUM) A(defer_shift, POW2))

/* kcompactd_wake_template */
#define MM_TPC_KCOMPACTD_WAKE(F, A, K)					\
	(F(nid, S32, "int")						\
	 F(order, S32, "int")						\
	 F(highest_zoneidx, U32, "enum zone_type")),			\
	"nid=%d order=%d classzone_idx=%-8s",				\
	(A(nid, NUM) A(order, NUM) A(highest_zoneidx, ZONE))

/* migration_pte */
#define MM_TPC_MIGRATION_PTE(F, A, K)					\
	(F(addr, U64, "unsigned long")					\
	 F(pte, U64, "unsigned long")					\
	 F(order, S32, "int")),						\
	"addr=%lx, pte=%lx order=%d",					\
	(A(addr, NUM) A(pte, NUM) A(order, NUM))

/* mm_vmscan_direct_reclaim_begin_template */
#define MM_TPC_RECLAIM_BEGIN(F, A, K)					\
	(F(order, S32, "int")						\
	 F(gfp_flags, U64, "unsigned long")),				\
	"order=%d gfp_flags=%s",					\
	(A(order, NUM) A(gfp_flags, GFP))

/* mm_vmscan_direct_reclaim_end_template */
#define MM_TPC_RECLAIM_END(F, A, K)					\
	(F(nr_reclaimed, U64, "unsigned long")),			\
	"nr_reclaimed=%lu",						\
	(A(nr_reclaimed, NUM))

/* ---- the table ----------------------------------------------------------- */

#define MM_TRACEPOINTS(EV, F, A, K)					\
	/* kmem (the page allocator's events of include/trace/events/kmem.h) */ \
	EV(mm_page_alloc, kmem,						\
	   (F(pfn, U64, "unsigned long")				\
	    F(order, U32, "unsigned int")				\
	    F(gfp_flags, U64, "unsigned long")				\
	    F(migratetype, MT, "int")),					\
	   "page=%p pfn=0x%lx order=%d migratetype=%d gfp_flags=%s",	\
	   (A(pfn, PAGE_OR_NULL) A(pfn, PFN_OR_ZERO) A(order, NUM)	\
	    A(migratetype, NUM) A(gfp_flags, GFP)))			\
	EV(mm_page_free, kmem,						\
	   (F(pfn, U64, "unsigned long")				\
	    F(order, U32, "unsigned int")),				\
	   "page=%p pfn=0x%lx order=%d",				\
	   (A(pfn, PAGE) A(pfn, NUM) A(order, NUM)))			\
	EV(mm_page_free_batched, kmem,					\
	   (F(pfn, U64, "unsigned long")),				\
	   "page=%p pfn=0x%lx order=0",					\
	   (A(pfn, PAGE) A(pfn, NUM)))					\
	EV(mm_page_alloc_zone_locked, kmem,				\
	   (F(pfn, U64, "unsigned long")				\
	    F(order, U32, "unsigned int")				\
	    F(migratetype, MT, "int")					\
	    F(percpu_refill, S32, "int")),				\
	   "page=%p pfn=0x%lx order=%u migratetype=%d percpu_refill=%d", \
	   (A(pfn, PAGE_OR_NULL) A(pfn, PFN_OR_ZERO) A(order, NUM)	\
	    A(migratetype, NUM) A(percpu_refill, NUM)))			\
	EV(mm_page_pcpu_drain, kmem,					\
	   (F(pfn, U64, "unsigned long")				\
	    F(order, U32, "unsigned int")				\
	    F(migratetype, MT, "int")),					\
	   "page=%p pfn=0x%lx order=%d migratetype=%d",			\
	   (A(pfn, PAGE) A(pfn, NUM) A(order, NUM) A(migratetype, NUM))) \
	EV(mm_page_alloc_extfrag, kmem,					\
	   (F(pfn, U64, "unsigned long")				\
	    F(alloc_order, S32, "int")					\
	    F(fallback_order, S32, "int")				\
	    F(alloc_migratetype, MT, "int")				\
	    F(fallback_migratetype, MT, "int")				\
	    F(change_ownership, S32, "int")),				\
	   "page=%p pfn=0x%lx alloc_order=%d fallback_order=%d pageblock_order=%d alloc_migratetype=%d fallback_migratetype=%d fragmenting=%d change_ownership=%d", \
	   (A(pfn, PAGE) A(pfn, NUM) A(alloc_order, NUM)		\
	    A(fallback_order, NUM) K(PAGEBLOCK_ORDER)			\
	    A(alloc_migratetype, NUM) A(fallback_migratetype, NUM)	\
	    A(fallback_order, FRAGMENTING) A(change_ownership, NUM)))	\
	/* compaction (include/trace/events/compaction.h) */		\
	MM_TP_CLASS(EV, mm_compaction_isolate_migratepages, compaction,	\
		    MM_TPC_ISOLATE(F, A, K))				\
	MM_TP_CLASS(EV, mm_compaction_isolate_freepages, compaction,	\
		    MM_TPC_ISOLATE(F, A, K))				\
	EV(mm_compaction_migratepages, compaction,			\
	   (F(nr_migrated, U64, "unsigned long")			\
	    F(nr_failed, U64, "unsigned long")),			\
	   "nr_migrated=%lu nr_failed=%lu",				\
	   (A(nr_migrated, NUM) A(nr_failed, NUM)))			\
	EV(mm_compaction_begin, compaction,				\
	   (F(zone_start, U64, "unsigned long")				\
	    F(migrate_pfn, U64, "unsigned long")			\
	    F(free_pfn, U64, "unsigned long")				\
	    F(zone_end, U64, "unsigned long")				\
	    F(sync, BOOL, "bool")),					\
	   "zone_start=0x%lx migrate_pfn=0x%lx free_pfn=0x%lx zone_end=0x%lx, mode=%s", \
	   (A(zone_start, NUM) A(migrate_pfn, NUM) A(free_pfn, NUM)	\
	    A(zone_end, NUM) A(sync, SYNC_MODE)))			\
	EV(mm_compaction_end, compaction,				\
	   (F(zone_start, U64, "unsigned long")				\
	    F(migrate_pfn, U64, "unsigned long")			\
	    F(free_pfn, U64, "unsigned long")				\
	    F(zone_end, U64, "unsigned long")				\
	    F(sync, BOOL, "bool")					\
	    F(status, S32, "int")),					\
	   "zone_start=0x%lx migrate_pfn=0x%lx free_pfn=0x%lx zone_end=0x%lx, mode=%s status=%s", \
	   (A(zone_start, NUM) A(migrate_pfn, NUM) A(free_pfn, NUM)	\
	    A(zone_end, NUM) A(sync, SYNC_MODE) A(status, COMPACT_STATUS))) \
	EV(mm_compaction_try_to_compact_pages, compaction,		\
	   (F(order, S32, "int")					\
	    F(gfp_mask, U64, "unsigned long")				\
	    F(prio, S32, "int")),					\
	   "order=%d gfp_mask=%s priority=%d",				\
	   (A(order, NUM) A(gfp_mask, GFP) A(prio, NUM)))		\
	MM_TP_CLASS(EV, mm_compaction_finished, compaction,		\
		    MM_TPC_SUITABLE(F, A, K))				\
	MM_TP_CLASS(EV, mm_compaction_suitable, compaction,		\
		    MM_TPC_SUITABLE(F, A, K))				\
	MM_TP_CLASS(EV, mm_compaction_deferred, compaction,		\
		    MM_TPC_DEFER(F, A, K))				\
	MM_TP_CLASS(EV, mm_compaction_defer_compaction, compaction,	\
		    MM_TPC_DEFER(F, A, K))				\
	MM_TP_CLASS(EV, mm_compaction_defer_reset, compaction,		\
		    MM_TPC_DEFER(F, A, K))				\
	EV(mm_compaction_kcompactd_sleep, compaction,			\
	   (F(nid, S32, "int")),					\
	   "nid=%d",							\
	   (A(nid, NUM)))						\
	MM_TP_CLASS(EV, mm_compaction_wakeup_kcompactd, compaction,	\
		    MM_TPC_KCOMPACTD_WAKE(F, A, K))			\
	MM_TP_CLASS(EV, mm_compaction_kcompactd_wake, compaction,	\
		    MM_TPC_KCOMPACTD_WAKE(F, A, K))			\
	/* migrate (include/trace/events/migrate.h) */			\
	EV(mm_migrate_pages, migrate,					\
	   (F(succeeded, U64, "unsigned long")				\
	    F(failed, U64, "unsigned long")				\
	    F(thp_succeeded, U64, "unsigned long")			\
	    F(thp_failed, U64, "unsigned long")				\
	    F(thp_split, U64, "unsigned long")				\
	    F(mode, U32, "enum migrate_mode")				\
	    F(reason, S32, "int")),					\
	   "nr_succeeded=%lu nr_failed=%lu nr_thp_succeeded=%lu nr_thp_failed=%lu nr_thp_split=%lu mode=%s reason=%s", \
	   (A(succeeded, NUM) A(failed, NUM) A(thp_succeeded, NUM)	\
	    A(thp_failed, NUM) A(thp_split, NUM) A(mode, MIGRATE_MODE)	\
	    A(reason, MIGRATE_REASON)))					\
	EV(mm_migrate_pages_start, migrate,				\
	   (F(mode, U32, "enum migrate_mode")				\
	    F(reason, S32, "int")),					\
	   "mode=%s reason=%s",						\
	   (A(mode, MIGRATE_MODE) A(reason, MIGRATE_REASON)))		\
	MM_TP_CLASS(EV, set_migration_pte, migrate,			\
		    MM_TPC_MIGRATION_PTE(F, A, K))			\
	MM_TP_CLASS(EV, remove_migration_pte, migrate,			\
		    MM_TPC_MIGRATION_PTE(F, A, K))			\
	/* vmscan (include/trace/events/vmscan.h) */			\
	EV(mm_vmscan_kswapd_sleep, vmscan,				\
	   (F(nid, S32, "int")),					\
	   "nid=%d",							\
	   (A(nid, NUM)))						\
	EV(mm_vmscan_kswapd_wake, vmscan,				\
	   (F(nid, S32, "int")						\
	    F(zid, S32, "int")						\
	    F(order, S32, "int")),					\
	   "nid=%d order=%d",						\
	   (A(nid, NUM) A(order, NUM)))					\
	EV(mm_vmscan_wakeup_kswapd, vmscan,				\
	   (F(nid, S32, "int")						\
	    F(zid, S32, "int")						\
	    F(order, S32, "int")					\
	    F(gfp_flags, U64, "unsigned long")),			\
	   "nid=%d order=%d gfp_flags=%s",				\
	   (A(nid, NUM) A(order, NUM) A(gfp_flags, GFP)))		\
	MM_TP_CLASS(EV, mm_vmscan_direct_reclaim_begin, vmscan,		\
		    MM_TPC_RECLAIM_BEGIN(F, A, K))			\
	MM_TP_CLASS(EV, mm_vmscan_memcg_reclaim_begin, vmscan,		\
		    MM_TPC_RECLAIM_BEGIN(F, A, K))			\
	MM_TP_CLASS(EV, mm_vmscan_memcg_softlimit_reclaim_begin, vmscan, \
		    MM_TPC_RECLAIM_BEGIN(F, A, K))			\
	MM_TP_CLASS(EV, mm_vmscan_direct_reclaim_end, vmscan,		\
		    MM_TPC_RECLAIM_END(F, A, K))			\
	MM_TP_CLASS(EV, mm_vmscan_memcg_reclaim_end, vmscan,		\
		    MM_TPC_RECLAIM_END(F, A, K))			\
	MM_TP_CLASS(EV, mm_vmscan_memcg_softlimit_reclaim_end, vmscan,	\
		    MM_TPC_RECLAIM_END(F, A, K))			\
	EV(mm_shrink_slab_start, vmscan,				\
	   (F(shr, PTR, "struct shrinker *")				\
	    F(shrink, SYM, "void *")					\
	    F(nid, S32, "int")						\
	    F(nr_objects_to_shrink, S64, "long")			\
	    F(gfp_flags, U64, "unsigned long")				\
	    F(cache_items, U64, "unsigned long")			\
	    F(delta, U64, "unsigned long long")				\
	    F(total_scan, U64, "unsigned long")				\
	    F(priority, S32, "int")),					\
	   "%pS %p: nid: %d objects to shrink %ld gfp_flags %s cache items %ld delta %lld total_scan %ld priority %d", \
	   (A(shrink, SYMBOL) A(shr, PTR) A(nid, NUM)			\
	    A(nr_objects_to_shrink, NUM) A(gfp_flags, GFP)		\
	    A(cache_items, NUM) A(delta, NUM) A(total_scan, NUM)	\
	    A(priority, NUM)))						\
	EV(mm_shrink_slab_end, vmscan,					\
	   (F(shr, PTR, "struct shrinker *")				\
	    F(nid, S32, "int")						\
	    F(shrink, SYM, "void *")					\
	    F(unused_scan, S64, "long")					\
	    F(new_scan, S64, "long")					\
	    F(retval, S32, "int")					\
	    F(total_scan, S64, "long")),				\
	   "%pS %p: nid: %d unused scan count %ld new scan count %ld total_scan %ld last shrinker return val %d", \
	   (A(shrink, SYMBOL) A(shr, PTR) A(nid, NUM) A(unused_scan, NUM) \
	    A(new_scan, NUM) A(total_scan, NUM) A(retval, NUM)))	\
	EV(mm_vmscan_lru_isolate, vmscan,				\
	   (F(highest_zoneidx, S32, "int")				\
	    F(order, S32, "int")					\
	    F(nr_requested, U64, "unsigned long")			\
	    F(nr_scanned, U64, "unsigned long")				\
	    F(nr_skipped, U64, "unsigned long")				\
	    F(nr_taken, U64, "unsigned long")				\
	    F(isolate_mode, U32, "unsigned int")			\
	    F(lru, S32, "int")),					\
	   "isolate_mode=%d classzone=%d order=%d nr_requested=%lu nr_scanned=%lu nr_skipped=%lu nr_taken=%lu lru=%s", \
	   (A(isolate_mode, NUM) A(highest_zoneidx, NUM) A(order, NUM)	\
	    A(nr_requested, NUM) A(nr_scanned, NUM) A(nr_skipped, NUM)	\
	    A(nr_taken, NUM) A(lru, LRU)))				\
	EV(mm_vmscan_write_folio, vmscan,				\
	   (F(pfn, U64, "unsigned long")				\
	    F(reclaim_flags, S32, "int")),				\
	   "page=%p pfn=0x%lx flags=%s",				\
	   (A(pfn, PAGE) A(pfn, NUM) A(reclaim_flags, RECLAIM_FLAGS)))	\
	EV(mm_vmscan_lru_shrink_inactive, vmscan,			\
	   (F(nid, S32, "int")						\
	    F(nr_scanned, U64, "unsigned long")				\
	    F(nr_reclaimed, U64, "unsigned long")			\
	    F(nr_dirty, U64, "unsigned long")				\
	    F(nr_writeback, U64, "unsigned long")			\
	    F(nr_congested, U64, "unsigned long")			\
	    F(nr_immediate, U64, "unsigned long")			\
	    F(nr_activate0, U32, "unsigned int")			\
	    F(nr_activate1, U32, "unsigned int")			\
	    F(nr_ref_keep, U64, "unsigned long")			\
	    F(nr_unmap_fail, U64, "unsigned long")			\
	    F(priority, S32, "int")					\
	    F(reclaim_flags, S32, "int")),				\
	   "nid=%d nr_scanned=%ld nr_reclaimed=%ld nr_dirty=%ld nr_writeback=%ld nr_congested=%ld nr_immediate=%ld nr_activate_anon=%d nr_activate_file=%d nr_ref_keep=%ld nr_unmap_fail=%ld priority=%d flags=%s", \
	   (A(nid, NUM) A(nr_scanned, NUM) A(nr_reclaimed, NUM)		\
	    A(nr_dirty, NUM) A(nr_writeback, NUM) A(nr_congested, NUM)	\
	    A(nr_immediate, NUM) A(nr_activate0, NUM) A(nr_activate1, NUM) \
	    A(nr_ref_keep, NUM) A(nr_unmap_fail, NUM) A(priority, NUM)	\
	    A(reclaim_flags, RECLAIM_FLAGS)))				\
	EV(mm_vmscan_lru_shrink_active, vmscan,				\
	   (F(nid, S32, "int")						\
	    F(nr_taken, U64, "unsigned long")				\
	    F(nr_active, U64, "unsigned long")				\
	    F(nr_deactivated, U64, "unsigned long")			\
	    F(nr_referenced, U64, "unsigned long")			\
	    F(priority, S32, "int")					\
	    F(reclaim_flags, S32, "int")),				\
	   "nid=%d nr_taken=%ld nr_active=%ld nr_deactivated=%ld nr_referenced=%ld priority=%d flags=%s", \
	   (A(nid, NUM) A(nr_taken, NUM) A(nr_active, NUM)		\
	    A(nr_deactivated, NUM) A(nr_referenced, NUM) A(priority, NUM) \
	    A(reclaim_flags, RECLAIM_FLAGS)))				\
	EV(mm_vmscan_node_reclaim_begin, vmscan,			\
	   (F(nid, S32, "int")						\
	    F(order, S32, "int")					\
	    F(gfp_flags, U64, "unsigned long")),			\
	   "nid=%d order=%d gfp_flags=%s",				\
	   (A(nid, NUM) A(order, NUM) A(gfp_flags, GFP)))		\
	MM_TP_CLASS(EV, mm_vmscan_node_reclaim_end, vmscan,		\
		    MM_TPC_RECLAIM_END(F, A, K))			\
	/* reason holds 1 << enum vmscan_throttle_state, as TP_fast_assign stores it */ \
	EV(mm_vmscan_throttled, vmscan,					\
	   (F(nid, S32, "int")						\
	    F(usec_timeout, S32, "int")					\
	    F(usec_delayed, S32, "int")					\
	    F(reason, S32, "int")),					\
	   "nid=%d usec_timeout=%d usect_delayed=%d reason=%s",		\
	   (A(nid, NUM) A(usec_timeout, NUM) A(usec_delayed, NUM)	\
	    A(reason, THROTTLE_FLAGS)))				\
	/* oom: include/trace/events/oom.h; a short is kept as an int */ \
	EV(oom_score_adj_update, oom,					\
	   (F(pid, S32, "pid_t")					\
	    F(comm, STR, "char[16]")					\
	    F(oom_score_adj, S32, "short")),				\
	   "pid=%d comm=%s oom_score_adj=%hd",				\
	   (A(pid, NUM) A(comm, STR) A(oom_score_adj, NUM)))		\
	EV(reclaim_retry_zone, oom,					\
	   (F(node, S32, "int")						\
	    F(zone_idx, S32, "int")					\
	    F(order, S32, "int")					\
	    F(reclaimable, U64, "unsigned long")			\
	    F(available, U64, "unsigned long")				\
	    F(min_wmark, U64, "unsigned long")				\
	    F(no_progress_loops, S32, "int")				\
	    F(wmark_check, BOOL, "bool")),				\
	   "node=%d zone=%-8s order=%d reclaimable=%lu available=%lu min_wmark=%lu no_progress_loops=%d wmark_check=%d", \
	   (A(node, NUM) A(zone_idx, ZONE) A(order, NUM)		\
	    A(reclaimable, NUM) A(available, NUM) A(min_wmark, NUM)	\
	    A(no_progress_loops, NUM) A(wmark_check, NUM)))		\
	EV(mark_victim, oom,						\
	   (F(pid, S32, "int")						\
	    F(comm, STR, "__data_loc char[]")				\
	    F(total_vm, U64, "unsigned long")				\
	    F(anon_rss, U64, "unsigned long")				\
	    F(file_rss, U64, "unsigned long")				\
	    F(shmem_rss, U64, "unsigned long")				\
	    F(uid, U32, "uid_t")					\
	    F(pgtables, U64, "unsigned long")				\
	    F(oom_score_adj, S32, "short")),				\
	   "pid=%d comm=%s total-vm=%lukB anon-rss=%lukB file-rss:%lukB shmem-rss:%lukB uid=%u pgtables=%lukB oom_score_adj=%hd", \
	   (A(pid, NUM) A(comm, STR) A(total_vm, NUM) A(anon_rss, NUM)	\
	    A(file_rss, NUM) A(shmem_rss, NUM) A(uid, NUM)		\
	    A(pgtables, NUM) A(oom_score_adj, NUM)))			\
	MM_TP_CLASS(EV, wake_reaper, oom, MM_TPC_OOM_PID(F, A, K))	\
	MM_TP_CLASS(EV, start_task_reaping, oom, MM_TPC_OOM_PID(F, A, K)) \
	MM_TP_CLASS(EV, finish_task_reaping, oom, MM_TPC_OOM_PID(F, A, K)) \
	MM_TP_CLASS(EV, skip_task_reaping, oom, MM_TPC_OOM_PID(F, A, K))

/* ---- what the table defines ------------------------------------------------ */

#define MM_TP_ID(name, ...)	MM_EV_##name,
/* One id per event, in table order; MM_EV_NR counts them. */
enum mm_event_id {
	MM_TRACEPOINTS(MM_TP_ID, MM_TP_NONE, MM_TP_NONE, MM_TP_NONE)
	MM_EV_NR
};
#undef MM_TP_ID

#define MM_TP_SUBSYS_ID(sys)	MM_SYS_##sys,
enum mm_trace_subsys {
	MM_TRACE_SUBSYSTEMS(MM_TP_SUBSYS_ID)
	MM_SYS_NR
};
#undef MM_TP_SUBSYS_ID

#endif /* MM_TRACE_POINTS_H */
