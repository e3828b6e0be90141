/*
 * mm/vmscan.c - reclaim.  Only the part that needs no LRU scanning exists
 * yet: drop_slab(), which runs every shrinker once.  The one shrinker
 * numasim has is THP's deferred split queue, so `vm.drop_caches=2`
 * splits the THPs that partial munmap or MADV_DONTNEED left half mapped
 * and frees their unmapped pages, as on the kernel.
 *
 * Linux counterpart: mm/vmscan.c (drop_slab, shrink_slab).
 */
#include "mm/huge_mm.h"
#include "mm/internal.h"
#include "mm/vmscan.h"

/* Linux: drop_slab() -> shrink_slab() for every node. */
unsigned long drop_slab(struct machine *m)
{
	__count_vm_events(m, DROP_SLAB, 1);
	return deferred_split_scan(m);
}
