/*
 * mm/vmscan.h - reclaim entry points (so far: dropping the shrinkable
 * caches).
 *
 * Linux counterpart: mm/vmscan.c.
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include "mm/mmzone.h"

/* Run every shrinker once (vm.drop_caches=2); counts drop_slab.  Returns the THPs split. */
unsigned long drop_slab(struct machine *m);

#endif /* MM_VMSCAN_H */
