/*
 * hw/migrate_cost.c - the time one folio's migration takes (the model and
 * its calibration are described in hw/migrate_cost.h).
 *
 * Invariants: every copy bandwidth is at least 1 MB/s, so a cost is always
 * finite; the same inputs give the same nanoseconds on every host (integer
 * arithmetic only).
 *
 * No kernel counterpart: hardware timing.
 */
#include "hw/migrate_cost.h"

#include "hw/machine.h"

void hw_migrate_cost_default(struct hw_migrate_cost *cost, const struct hw_machine *hw,
			     uint32_t copy_mbps_at_20)
{
	cost->isolate_ns = MIGRATE_ISOLATE_NS;
	cost->unmap_ns = MIGRATE_UNMAP_NS;
	cost->tlb_flush_ns = MIGRATE_TLB_FLUSH_NS;
	cost->tlb_ipi_ns = MIGRATE_TLB_IPI_NS;
	cost->remap_ns = MIGRATE_REMAP_NS;
	cost->scan_ns = MIGRATE_SCAN_NS;
	for (unsigned int i = 0; i < HW_MAX_NODES; i++)
		for (unsigned int j = 0; j < HW_MAX_NODES; j++) {
			unsigned int d = i < hw->nr_nodes && j < hw->nr_nodes ? hw->distance[i][j] :
					 REMOTE_DISTANCE;
			uint64_t mbps = (uint64_t)copy_mbps_at_20 * REMOTE_DISTANCE / (d ? d : 1);

			cost->copy_mbps[i][j] = mbps ? (uint32_t)mbps : 1;
		}
}

uint64_t hw_migrate_cost_ns(const struct hw_migrate_cost *cost, const struct hw_migrate_folio *f)
{
	uint32_t mbps = cost->copy_mbps[f->src_nid][f->dst_nid];
	/* bytes / (mbps * 10^6 / 10^9 bytes per ns), rounded up */
	uint64_t copy_ns = (f->bytes * 1000 + mbps - 1) / (mbps ? mbps : 1);

	uint64_t flush_ns = f->tlb_flush_deferred ? 0 : cost->tlb_flush_ns;
	uint64_t ipi_cpus = f->tlb_flush_deferred ? 0 : f->nr_ipi_cpus;

	return cost->isolate_ns +
	       (uint64_t)f->nr_mappings * (cost->unmap_ns + flush_ns + cost->remap_ns) +
	       ipi_cpus * cost->tlb_ipi_ns + copy_ns;
}

uint64_t hw_migrate_batch_flush_ns(const struct hw_migrate_cost *cost, unsigned int nr_ipi_cpus)
{
	return cost->tlb_flush_ns + (uint64_t)nr_ipi_cpus * cost->tlb_ipi_ns;
}
