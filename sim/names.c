/*
 * sim/names.c - tables of the names a trace gives to mappings and pins
 * (names.h).
 *
 * Invariants: a table's names are unique, NUL-terminated heap copies,
 * sorted by strcmp().
 *
 * No kernel counterpart.
 */
#include "sim/names.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Index of name in t, or where it would be inserted; *found says which. */
static size_t name_slot(const struct name_table *t, const char *name, bool *found)
{
	size_t lo = 0, hi = t->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->v[mid].name, name);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

struct name_entry *name_table_find(const struct name_table *t, const char *name)
{
	bool found;
	size_t i = name_slot(t, name, &found);

	return found ? &t->v[i] : NULL;
}

struct name_entry *name_table_get(struct name_table *t, const char *name)
{
	bool found;
	size_t i = name_slot(t, name, &found);
	char *copy;

	if (found)
		return &t->v[i];
	if (t->nr == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		struct name_entry *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	copy = strdup(name);
	if (!copy)
		return NULL;
	memmove(&t->v[i + 1], &t->v[i], (t->nr - i) * sizeof(*t->v));
	t->v[i] = (struct name_entry){ .name = copy };
	t->nr++;
	return &t->v[i];
}

void name_table_remove(struct name_table *t, struct name_entry *entry)
{
	size_t i = (size_t)(entry - t->v);

	free(entry->name);
	memmove(&t->v[i], &t->v[i + 1], (t->nr - i - 1) * sizeof(*t->v));
	t->nr--;
}

void name_table_release(struct name_table *t, void (*free_data)(void *data))
{
	for (size_t i = 0; i < t->nr; i++) {
		if (free_data && t->v[i].data)
			free_data(t->v[i].data);
		free(t->v[i].name);
	}
	free(t->v);
	*t = (struct name_table){ 0 };
}
