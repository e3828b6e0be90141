/*
 * mm/swap.h - swap devices and the swap cache: what the rest of mm/ asks
 * of them.
 *
 * Linux counterpart: include/linux/swap.h.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

struct machine;

/* placeholder: owned by piece D */
/* Linux: total_swap_pages: swap slots over all devices (0: no swap). */
static inline long total_swap_pages(const struct machine *m)
{
	(void)m;
	return 0;
}

#endif /* MM_SWAP_H */
