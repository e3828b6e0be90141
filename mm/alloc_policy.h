/*
 * mm/alloc_policy.h - the allocator's decision points, as data.
 *
 * The buddy mechanism (split, merge, lists, counters) is the same for every
 * profile; what differs between kernel versions and research ideas is a few
 * decisions about fallback.  They live here, behind one structure, so a new
 * profile is a new table, not an edit of mm/page_alloc.c.
 *
 * Linux counterpart: the fallbacks[] table, can_steal_fallback() and the
 * claim test inside steal_suitable_fallback() in mm/page_alloc.c (v6.1).
 */
#ifndef MM_ALLOC_POLICY_H
#define MM_ALLOC_POLICY_H

#include <stdbool.h>
#include "mm/mmzone.h"

#define MAX_FALLBACKS	(MIGRATE_PCPTYPES - 1)

struct alloc_policy {
	const char *name;
	/* The types a request falls back to, in order; MIGRATE_TYPES ends a row. */
	int fallbacks[MIGRATE_PCPTYPES][MAX_FALLBACKS + 1];
	/*
	 * May a request of start_mt, falling back at this order, take over the
	 * whole pageblock (move its free pages, maybe claim it)?
	 */
	bool (*can_steal_fallback)(const struct machine *m, unsigned int order, int start_mt);
	/*
	 * Having moved free_pages free pages of the block (alike_pages of its
	 * used pages are of the request's kind), does the block's type change?
	 */
	bool (*claim_block)(const struct machine *m, int free_pages, int alike_pages);
	/* Boost the watermark after a fragmenting fallback (boost_watermark). */
	bool boost_on_fallback;
};

extern const struct alloc_policy alloc_policy_linux_6_1;

/* Look a profile up by name ("linux-6.1"); NULL if there is none. */
const struct alloc_policy *alloc_policy_find(const char *name);

/* Names of every profile, NULL-terminated, for help texts and errors. */
extern const char *const alloc_policy_names[];

#endif /* MM_ALLOC_POLICY_H */
