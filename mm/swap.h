/*
 * mm/swap.h - swap space and the swap cache, as reclaim sees them.
 *
 * Linux counterpart: include/linux/swap.h, mm/swap.h.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include <stdbool.h>

#include "mm/writeback.h"

struct machine;
struct page;

/* placeholder: owned by piece D */
/* Linux: get_nr_swap_pages(): free swap slots over all devices (0: no swap). */
static inline long get_nr_swap_pages(const struct machine *m)
{
	(void)m;
	return 0;
}

/* placeholder: owned by piece D */
/* Linux: total_swap_pages. */
static inline long total_swap_pages(const struct machine *m)
{
	(void)m;
	return 0;
}

/* placeholder: owned by piece D */
/* Linux: folio_test_swapcache(). */
static inline bool folio_test_swapcache(const struct page *folio)
{
	(void)folio;
	return false;
}

/* placeholder: owned by piece D */
/* Linux: add_to_swap(), mm/swap_state.c: false: no slot (no swap). */
static inline bool add_to_swap(struct machine *m, struct page *folio)
{
	(void)m;
	(void)folio;
	return false;
}

/* placeholder: owned by piece D */
/* Linux: swap_writepage(), mm/page_io.c: never reached without a swap cache. */
static inline int swap_writepage(struct machine *m, struct page *folio,
				 struct writeback_control *wbc)
{
	(void)m;
	(void)folio;
	(void)wbc;
	return AOP_WRITEPAGE_ACTIVATE;
}

/* placeholder: owned by piece D */
/* Linux: __remove_mapping()'s swap cache part: never reached without a swap cache. */
static inline void delete_from_swap_cache(struct machine *m, struct page *folio)
{
	(void)m;
	(void)folio;
}

/* placeholder: owned by piece D */
/* Linux: folio_free_swap(): never reached without a swap cache. */
static inline bool folio_free_swap(struct machine *m, struct page *folio)
{
	(void)m;
	(void)folio;
	return false;
}

#endif /* MM_SWAP_H */
