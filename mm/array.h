/*
 * mm/array.h - growable arrays of fixed-size elements, kept in an order
 * the caller decides (the task table by pid, an mm's VMAs by address, the
 * named files by creation).  The kernel uses a pid hash, the maple tree
 * and a list for these; numasim's tables are small and sorted arrays keep
 * lookups a binary search.
 *
 * An array is three variables of the owner's: the element pointer, the
 * count and the capacity.  array_insert() takes the element pointer's
 * address, so it can grow the storage.
 *
 * Linux counterpart: none.
 */
#ifndef MM_ARRAY_H
#define MM_ARRAY_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_FIRST_CAP	8

/*
 * Insert the elem_size bytes at elem before index at of the array whose
 * element pointer is *arrayp (nr elements, room for *cap).  0 or -ENOMEM.
 */
static inline int array_insert(void *arrayp, size_t elem_size, size_t *nr, size_t *cap,
			       size_t at, const void *elem)
{
	char *base;

	memcpy(&base, arrayp, sizeof(base));
	if (*nr == *cap) {
		size_t new_cap = *cap ? *cap * 2 : ARRAY_FIRST_CAP;
		char *grown = realloc(base, new_cap * elem_size);

		if (!grown)
			return -ENOMEM;
		base = grown;
		*cap = new_cap;
		memcpy(arrayp, &base, sizeof(base));
	}
	memmove(base + (at + 1) * elem_size, base + at * elem_size, (*nr - at) * elem_size);
	memcpy(base + at * elem_size, elem, elem_size);
	(*nr)++;
	return 0;
}

/* Remove the element at index at of array (nr elements). */
static inline void array_remove(void *array, size_t elem_size, size_t *nr, size_t at)
{
	char *base = array;

	memmove(base + at * elem_size, base + (at + 1) * elem_size, (*nr - at - 1) * elem_size);
	(*nr)--;
}

#endif /* MM_ARRAY_H */
