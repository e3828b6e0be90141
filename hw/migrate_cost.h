/*
 * hw/migrate_cost.h - what moving one folio between nodes costs the
 * machine: the time the simulated clock advances per migration.
 *
 * Linux 6.1 migrates one folio at a time (migrate_pages() ->
 * unmap_and_move()): isolate it from the LRU, replace each mapping's PTE
 * with a migration entry and flush that mm's TLB (an IPI to every other CPU
 * that ran the mm: ptep_clear_flush() -> flush_tlb_page()), copy the data,
 * then restore each mapping.  The model charges each step:
 *
 *   t = isolate_ns
 *     + per mapping: unmap_ns + tlb_flush_ns + tlb_ipi_ns x (its mm's
 *       other CPUs)
 *     + bytes / copy bandwidth (source node -> destination node)
 *     + per mapping: remap_ns
 *
 * From 6.3 migrate_pages() unmaps a whole batch before moving any of it,
 * and in MIGRATE_ASYNC the unmap defers its flushes (TTU_BATCH_FLUSH): the
 * batch pays one TLB flush, with one IPI per other CPU that ran any of its
 * mms, at try_to_unmap_flush(); its folios then pay no flush of their own
 * (hw_migrate_folio.tlb_flush_deferred, hw_migrate_batch_flush_ns()).
 *
 * The copy bandwidth of a node pair is copy_mbps[src][dst]; by default the
 * calibrated bandwidth at SLIT distance 20 scaled by 20 / distance, so a
 * farther node copies more slowly and a local copy twice as fast.
 *
 * Calibration (docs/design.md, "What migration costs"): the published
 * single-threaded move_pages() throughput between the two sockets of an
 * AMD EPYC machine, 3.31 GB/s for 4 KiB folios and 11.02 GB/s for 2 MiB
 * folios, one mapping, one CPU, are two equations in the per-folio fixed
 * cost and the copy bandwidth: 11071 MB/s and about 868 ns.  The split of
 * the fixed cost over its steps is an assumption; the sum is what the
 * figures fix.
 *
 * No kernel counterpart: hardware timing.
 */
#ifndef HW_MIGRATE_COST_H
#define HW_MIGRATE_COST_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/types.h"

struct hw_machine;

/* The model's parameters (config: machine.migration_cost). */
struct hw_migrate_cost {
	uint32_t isolate_ns;		/* per folio: off the LRU, locked, counted */
	uint32_t unmap_ns;		/* per mapping: the rmap walk's PTE exchange */
	uint32_t tlb_flush_ns;		/* per mapping: the local TLB flush */
	uint32_t tlb_ipi_ns;		/* per mapping, per other CPU of its mm */
	uint32_t remap_ns;		/* per mapping: the entry turned back into a PTE */
	uint32_t scan_ns;		/* per pfn a compaction scanner examines */
	/* Copy bandwidth in MB/s (10^6 bytes per second) per node pair. */
	uint32_t copy_mbps[HW_MAX_NODES][HW_MAX_NODES];
};

/* One folio's migration, as the migration core saw it. */
struct hw_migrate_folio {
	unsigned int src_nid, dst_nid;
	uint64_t bytes;			/* the folio's size */
	unsigned int nr_mappings;	/* PTE or PMD mappings replaced */
	unsigned int nr_ipi_cpus;	/* other CPUs summed over those mappings' mms */
	bool tlb_flush_deferred;	/* flushed with its batch (6.3): no flush or IPI here */
};

/* Calibrated bandwidth at distance 20 (MB/s) and per-folio fixed cost parts. */
#define MIGRATE_COPY_MBPS_AT_20	11071u
#define MIGRATE_ISOLATE_NS	150u
#define MIGRATE_UNMAP_NS	200u
#define MIGRATE_TLB_FLUSH_NS	250u
#define MIGRATE_TLB_IPI_NS	1500u
#define MIGRATE_REMAP_NS	268u
/*
 * Compaction's scanners read one struct page (64 bytes) per pfn, in
 * order: 10 ns is a memmap streamed at 6.4 GB/s.  An assumption, not a
 * calibration (the published figure, a fragmented 32 GiB machine
 * compacted in under a second, only bounds it).
 */
#define MIGRATE_SCAN_NS		10u

/*
 * The defaults for hw: the fixed costs above, and every node pair's copy
 * bandwidth from copy_mbps_at_20 scaled by 20 / distance.
 */
void hw_migrate_cost_default(struct hw_migrate_cost *cost, const struct hw_machine *hw,
			     uint32_t copy_mbps_at_20);

/* Nanoseconds one folio's migration takes. */
uint64_t hw_migrate_cost_ns(const struct hw_migrate_cost *cost, const struct hw_migrate_folio *f);

/*
 * Nanoseconds of a batch's deferred flush (6.3's try_to_unmap_flush()):
 * one local flush and an IPI to each of nr_ipi_cpus other CPUs.
 */
uint64_t hw_migrate_batch_flush_ns(const struct hw_migrate_cost *cost, unsigned int nr_ipi_cpus);

#endif /* HW_MIGRATE_COST_H */
