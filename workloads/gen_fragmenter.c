/*
 * workloads/gen_fragmenter.c - the fragmenter trace (gen_fragmenter.h).
 *
 * The trace: a header comment with the parameters, then
 *
 *   alloc id=f0 order=N gfp=G [node=M]      for each block, f0 .. f(B-1)
 *   free id=f0, free id=f2, ...            every other block (even index)
 *   snapshot name=fragmented
 *
 * where B = free_pages * fraction / 2^order, rounded down.  The allocator
 * hands out neighbouring blocks one after the other while a free area of
 * a larger order is split (expand(), mm/page_alloc.c), so f(2k) and
 * f(2k+1) are mostly buddies: freeing only the even ones leaves each freed
 * block beside an allocated one.  Small orders come through the per-CPU
 * lists, which hand blocks out in their own order; the frees go back
 * through them too, so a replay may end with some freed pages still on
 * those lists (as on a real machine until drain_all_pages()).
 *
 * Invariants: every id is allocated once and freed at most once; the
 * output depends on the parameters alone.
 *
 * Kernel counterpart: none; the events stand for a driver's
 * alloc_pages_node() and __free_pages() calls.
 */
#include "workloads/gen_fragmenter.h"

#include <inttypes.h>
#include <string.h>

#include "mm/mmzone.h"		/* MAX_ORDER */

uint64_t gen_fragmenter_nr_blocks(const struct gen_fragmenter_params *p)
{
	/* free_pages < 2^52 on any machine numasim boots: no overflow. */
	return p->free_pages * p->fraction_ppm / GEN_FRAGMENTER_PPM >> p->order;
}

const char *gen_fragmenter_check(const struct gen_fragmenter_params *p)
{
	if (p->order >= MAX_ORDER)
		return "order out of range (0..10)";
	if (!p->gfp || !p->gfp[0] || strpbrk(p->gfp, " \t\n#"))
		return "gfp must be one token of gfp flag names";
	if (!p->fraction_ppm || p->fraction_ppm > GEN_FRAGMENTER_PPM)
		return "fraction out of range (above 0, at most 1)";
	if (p->free_pages >= (1ull << 52))
		return "free memory out of range";
	if (!gen_fragmenter_nr_blocks(p))
		return "fraction of free memory holds no block of that order";
	return NULL;
}

static void write_header(FILE *out, const struct gen_fragmenter_params *p, uint64_t nr)
{
	fprintf(out, "numasim-trace v1\n"
		"# numasim gen fragmenter: allocate %" PRIu64 " blocks of order %u (%u.%06u of\n"
		"# %" PRIu64 " free pages), then free every other one, so that each freed\n"
		"# block's buddy stays allocated and the free memory cannot merge.\n",
		nr, p->order, p->fraction_ppm / GEN_FRAGMENTER_PPM,
		p->fraction_ppm % GEN_FRAGMENTER_PPM, p->free_pages);
}

int gen_fragmenter_writer(FILE *out, const void *params)
{
	const struct gen_fragmenter_params *p = params;
	uint64_t nr;

	if (gen_fragmenter_check(p))
		return -1;
	nr = gen_fragmenter_nr_blocks(p);
	write_header(out, p, nr);
	for (uint64_t i = 0; i < nr; i++) {
		fprintf(out, "alloc id=f%" PRIu64 " order=%u gfp=%s", i, p->order, p->gfp);
		if (p->has_node)
			fprintf(out, " node=%u", p->node);
		fputc('\n', out);
	}
	for (uint64_t i = 0; i < nr; i += 2)
		fprintf(out, "free id=f%" PRIu64 "\n", i);
	fputs("snapshot name=fragmented\n", out);
	return ferror(out) ? -1 : 0;
}
