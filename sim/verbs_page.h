/*
 * sim/verbs_page.h - what the page allocator's verbs share between
 * sim/verbs_page.c (alloc, free, drain, sysctl) and sim/verbs_follow.c
 * (the records of a traced kernel's choices: alloc pfn=, free pfn=,
 * split, extfrag): the family's state and the follow side's entry points.
 *
 * No kernel counterpart.
 */
#ifndef SIM_VERBS_PAGE_H
#define SIM_VERBS_PAGE_H

#include "sim/alloc_ids.h"
#include "sim/args.h"
#include "sim/verbs.h"

struct page_verbs_state {
	struct alloc_ids ids;		/* alloc id=NAME -> the block */
	struct gfp_cache gfp_cache;
	struct traced_counts traced;	/* the comparison of a demand replay */
};

static inline struct page_verbs_state *page_state(const struct engine *e)
{
	return engine_family_state(e, &family_page);
}

/* An alloc record, checked: what the allocation asks for. */
struct page_alloc_req {
	struct alloc_key key;
	unsigned int order;
	gfp_t gfp;
	int nid;		/* NUMA_NO_NODE: the CPU's */
};

/* A pfn= value: a number, or with none_ok "none" (*pfn PFN_NONE). */
enum engine_status page_parse_pfn(struct engine *e, const struct trace_record *rec,
				  const char *text, bool none_ok, pfn_t *pfn);

/*
 * alloc ... pfn=P in a followed replay: place the block at P (pfn
 * PFN_NONE: the traced kernel's allocation failed, nothing is allocated)
 * and bind the id; an inconsistency binds it to nothing.
 */
enum engine_status follow_alloc(struct engine *e, const struct trace_record *rec,
				const struct page_alloc_req *req, pfn_t pfn);

/* Count an alloc pfn= record and numasim's outcome of it (handle) for the comparison. */
void traced_count_alloc(struct engine *e, const struct page_alloc_req *req, pfn_t pfn,
			raw_handle_t handle);

/* free pfn=P order=N on CPU cpu: the values of those keys, unparsed. */
enum engine_status page_free_pfn(struct engine *e, const struct trace_record *rec,
				 const char *pfn_text, const char *order_text, int cpu);

extern const struct engine_verb verb_split, verb_extfrag;

#endif /* SIM_VERBS_PAGE_H */
