/*
 * workloads/gen_fragmenter.h - `numasim gen fragmenter`: fragment a machine
 * on purpose.
 *
 * The classic recipe: allocate blocks of one order until a fraction of
 * memory is in use, then free every other block.  Each freed block's buddy
 * is still allocated, so the buddy allocator cannot merge it
 * (__free_one_page(), mm/page_alloc.c, merges only with a free buddy): the
 * free memory the frees give back stays in blocks of exactly that order.
 *
 * The output is a pure function of the parameters (integer arithmetic).
 */
#ifndef WORKLOADS_GEN_FRAGMENTER_H
#define WORKLOADS_GEN_FRAGMENTER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define GEN_FRAGMENTER_PPM	1000000u	/* fraction_ppm of all of memory */

struct gen_fragmenter_params {
	unsigned int order;		/* 0..MAX_ORDER-1 */
	const char *gfp;		/* the alloc events' gfp= */
	uint32_t fraction_ppm;		/* of free_pages, in millionths: 1..1000000 */
	uint64_t free_pages;		/* the machine's free memory after boot */
	bool has_node;
	unsigned int node;		/* node= of every alloc, when has_node */
};

/* Blocks the trace allocates: fraction_ppm of free_pages, in whole blocks. */
uint64_t gen_fragmenter_nr_blocks(const struct gen_fragmenter_params *p);

/* NULL if p is usable, else a message naming the bad parameter. */
const char *gen_fragmenter_check(const struct gen_fragmenter_params *p);

/* Write the trace to out (params is a struct gen_fragmenter_params): 0, or -1. */
int gen_fragmenter_writer(FILE *out, const void *params);

#endif /* WORKLOADS_GEN_FRAGMENTER_H */
