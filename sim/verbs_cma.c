/*
 * sim/verbs_cma.c - trace verbs of the contiguous memory allocator: a
 * driver's cma_alloc() and cma_release() on the machine's CMA areas.
 *
 *   cma_alloc id=NAME [area=NAME] count=PAGES [align=ORDER]
 *       cma_alloc(area, count, align, no_warn false): count contiguous
 *       frames aligned to 2^align frames.  area defaults to the global
 *       area, "reserved" (kernel.cma_size); the per-node areas are
 *       "pernumaN" (kernel.cma_pernuma).  align 0..30.
 *   cma_release id=NAME
 *       cma_release() of what cma_alloc id=NAME got.
 *
 * A cma_alloc that finds no room, or whose range will not empty (a
 * pinned or unmovable page), is the kernel's answer: counted
 * (cma_alloc_fail, the area's alloc_pages_fail), and NAME is bound to
 * nothing, so that its cma_release is accepted and does nothing.  Bad
 * input (an unknown area, count 0, an align out of range, a NAME in use,
 * a cma_release of an unknown NAME) is an error.
 *
 * Invariants: a handler changes nothing before its whole record has been
 * checked.  No task is current: a driver allocates.
 *
 * Linux counterpart: the callers of cma_alloc() and cma_release() (the
 * DMA layer's dma_alloc_from_contiguous(), hugetlb's CMA, drivers).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/cma.h"
#include "mm/mm.h"
#include "sim/args.h"
#include "sim/verbs.h"

/* Largest align=: 2^30 frames (4 TiB) is past any area a machine can hold. */
#define CMA_VERB_MAX_ALIGN	30

/* What cma_alloc id=NAME got: NULL data when it failed. */
struct cma_grant {
	struct cma *cma;
	pfn_t pfn;
	unsigned long count;
};

static struct name_table *cma_names(const struct engine *e)
{
	return engine_family_state(e, &family_cma);
}

/* area=NAME, or the global area; ENGINE_BAD_INPUT naming what exists. */
static enum engine_status cma_parse_area(struct engine *e, const struct trace_record *rec,
					 const char *name, struct cma **out)
{
	struct machine *m = e->m;

	if (!m->cma || !m->cma->nr_areas)
		return engine_bad_input(e, rec, "the machine has no CMA area (kernel.cma with "
					"kernel.cma_size or kernel.cma_pernuma)");
	*out = cma_find(m, name ? name : "reserved");
	if (*out)
		return ENGINE_OK;
	if (!name)
		return engine_bad_input(e, rec, "no global CMA area (kernel.cma_size): name one "
					"with area= (the first is '%s')", m->cma->areas[0].name);
	return engine_bad_input(e, rec, "unknown CMA area '%s' (the first is '%s'; the global "
				"one is 'reserved', the per-node ones 'pernumaN')", name,
				m->cma->areas[0].name);
}

enum { ALLOC_ID, ALLOC_AREA, ALLOC_COUNT, ALLOC_ALIGN };

static enum engine_status do_cma_alloc(struct engine *e, const struct trace_record *rec,
				       const char *const *vals)
{
	struct machine *m = e->m;
	struct name_entry *entry;
	struct cma_grant *grant;
	uint64_t count, align = 0;
	struct cma *cma;
	pfn_t pfn;

	if (!vals[ALLOC_ID][0])
		return engine_bad_input(e, rec, "empty id");
	if (name_table_find(cma_names(e), vals[ALLOC_ID]))
		return engine_bad_input(e, rec, "id '%s' is already allocated", vals[ALLOC_ID]);
	if (cma_parse_area(e, rec, vals[ALLOC_AREA], &cma) ||
	    engine_parse_uint(e, rec, "count", vals[ALLOC_COUNT], UINT32_MAX, &count) ||
	    (vals[ALLOC_ALIGN] &&
	     engine_parse_uint(e, rec, "align", vals[ALLOC_ALIGN], CMA_VERB_MAX_ALIGN, &align)))
		return ENGINE_BAD_INPUT;
	if (count == 0)
		return engine_bad_input(e, rec, "count=0: cma_alloc needs at least one page");
	grant = malloc(sizeof(*grant));
	entry = grant ? name_table_get(cma_names(e), vals[ALLOC_ID]) : NULL;
	if (!entry) {
		free(grant);
		return engine_internal(e, "out of memory for CMA ids");
	}
	set_current(m, NULL);
	if (cma_alloc(m, cma, count, (unsigned int)align, false, &pfn)) {
		free(grant);
		return ENGINE_OK;
	}
	*grant = (struct cma_grant){ cma, pfn, count };
	entry->data = grant;
	return ENGINE_OK;
}

static const struct engine_verb verb_cma_alloc = {
	.name = "cma_alloc",
	.handler = do_cma_alloc,
	.keys = { { "id", true }, { "area", false }, { "count", true }, { "align", false } },
};

static enum engine_status do_cma_release(struct engine *e, const struct trace_record *rec,
					 const char *const *vals)
{
	struct name_entry *entry = name_table_find(cma_names(e), vals[0]);
	struct cma_grant *grant;

	if (!entry)
		return engine_bad_input(e, rec, "cma_release of unknown id '%s' (never allocated, "
					"or released already)", vals[0]);
	grant = entry->data;
	name_table_remove(cma_names(e), entry);
	if (grant)
		cma_release(e->m, grant->cma, grant->pfn, grant->count);
	free(grant);
	return ENGINE_OK;
}

static const struct engine_verb verb_cma_release = {
	.name = "cma_release",
	.handler = do_cma_release,
	.keys = { { "id", true } },
};

static void cma_verbs_release(void *state)
{
	name_table_release(state, free);
}

static const struct engine_verb *const cma_verbs[] = { &verb_cma_alloc, &verb_cma_release, NULL };

const struct engine_family family_cma = {
	.name = "cma",
	.verbs = cma_verbs,
	.state_size = sizeof(struct name_table),
	.release = cma_verbs_release,
};
