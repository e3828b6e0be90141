/*
 * sim/verbs_contig.c - trace verbs of contiguous allocation: alloc_contig
 * and free_contig.
 *
 *   alloc_contig id=NAME pages=N [node=N]
 *       a kernel user's alloc_contig_pages(N, GFP_KERNEL, ...): N
 *       contiguous frames, aligned to N when N is a power of two, found
 *       by migrating what is in use out of a candidate range (see
 *       mm/page_alloc_contig.h).  With node=, only that node's zones
 *       (__GFP_THISNODE); without, the zonelist of the current CPU's node.
 *   free_contig id=NAME
 *       free_contig_range() of what NAME got.
 *
 * A failed alloc_contig is the kernel's answer, not an input error: it
 * is counted (m->stats.contig_pages_fail, the summary's "contiguous
 * allocations") and NAME is bound to nothing, so its free_contig is
 * accepted and does nothing.
 *
 * Invariants: a handler changes nothing before its whole record has been
 * checked; every live name holds its frames with one reference each.
 *
 * Linux counterpart: the callers of alloc_contig_pages() and
 * free_contig_range() (drivers, the gigantic hugetlb pages).
 */
#include <stdint.h>
#include <stdlib.h>

#include "mm/page_alloc_contig.h"
#include "mm/mm.h"
#include "sim/args.h"
#include "sim/verbs.h"

/* What one name holds. */
struct contig_range {
	pfn_t pfn;
	unsigned long nr_pages;
};

struct contig_verbs_state {
	struct name_table names;	/* id=NAME -> struct contig_range (NULL: failed) */
};

static struct contig_verbs_state *contig_state(const struct engine *e)
{
	return engine_family_state(e, &family_contig);
}

enum { AC_ID, AC_PAGES, AC_NODE };

static enum engine_status do_alloc_contig(struct engine *e, const struct trace_record *rec,
					  const char *const *vals)
{
	struct machine *m = e->m;
	struct name_table *names = &contig_state(e)->names;
	struct contig_range *r = NULL;
	struct name_entry *n;
	gfp_t gfp = GFP_KERNEL;
	int nid = NUMA_NO_NODE;
	struct page *page;
	uint64_t nr_pages;

	if (engine_parse_uint(e, rec, "pages", vals[AC_PAGES], UINT64_MAX, &nr_pages))
		return ENGINE_BAD_INPUT;
	if (!nr_pages || nr_pages > m->end_pfn)
		return engine_bad_input(e, rec, "pages %llu out of range (1..%llu: the machine's "
					"frames)", (unsigned long long)nr_pages,
					(unsigned long long)m->end_pfn);
	if (vals[AC_NODE]) {
		if (engine_parse_node(e, rec, vals[AC_NODE], &nid))
			return ENGINE_BAD_INPUT;
		gfp |= __GFP_THISNODE;
	}
	if (name_table_find(names, vals[AC_ID]))
		return engine_bad_input(e, rec, "id '%s' is already allocated", vals[AC_ID]);
	n = name_table_get(names, vals[AC_ID]);
	if (!n)
		return engine_internal(e, "out of memory for contiguous allocation names");
	set_current(m, NULL);
	page = alloc_contig_pages(m, (unsigned long)nr_pages, gfp, nid, NULL);
	if (page) {
		r = malloc(sizeof(*r));
		if (!r) {
			free_contig_range(m, page_to_pfn(m, page), (unsigned long)nr_pages);
			return engine_internal(e, "out of memory for a contiguous range");
		}
		r->pfn = page_to_pfn(m, page);
		r->nr_pages = (unsigned long)nr_pages;
	}
	n->data = r;
	return ENGINE_OK;
}

static const struct engine_verb verb_alloc_contig = {
	.name = "alloc_contig",
	.handler = do_alloc_contig,
	.keys = { { "id", true }, { "pages", true }, { "node", false } },
};

static enum engine_status do_free_contig(struct engine *e, const struct trace_record *rec,
					 const char *const *vals)
{
	struct name_table *names = &contig_state(e)->names;
	struct name_entry *n = name_table_find(names, vals[0]);
	struct contig_range *r;

	if (!n)
		return engine_bad_input(e, rec, "free_contig of unknown id '%s' (never allocated, "
					"or freed already)", vals[0]);
	r = n->data;
	if (r)
		free_contig_range(e->m, r->pfn, r->nr_pages);
	free(r);
	name_table_remove(names, n);
	return ENGINE_OK;
}

static const struct engine_verb verb_free_contig = {
	.name = "free_contig",
	.handler = do_free_contig,
	.keys = { { "id", true } },
};

static void contig_verbs_release(void *state)
{
	struct contig_verbs_state *s = state;

	name_table_release(&s->names, free);
}

static const struct engine_verb *const contig_verbs[] = {
	&verb_alloc_contig, &verb_free_contig, NULL
};

const struct engine_family family_contig = {
	.name = "contig",
	.verbs = contig_verbs,
	.state_size = sizeof(struct contig_verbs_state),
	.release = contig_verbs_release,
};
