/*
 * sim/names.h - the names a trace gives to things that live across
 * events: the address of an "mmap id=NAME", the pages of a "pin id=NAME".
 *
 * A table is an array kept sorted by name: lookups are binary searches,
 * and nothing depends on host addresses or hashing, so replays stay
 * deterministic.  A trace holds a handful of names at a time, which makes
 * the insertion's memmove cheap.  (The allocation names of alloc/free,
 * millions of them, have their own store: sim/alloc_ids.h.)
 *
 * No kernel counterpart.
 */
#ifndef SIM_NAMES_H
#define SIM_NAMES_H

#include <stddef.h>
#include <stdint.h>

struct name_entry {
	char *name;
	uint64_t addr;		/* address names: the mapping's start */
	void *data;		/* pins: what verbs_proc.c keeps for the pin */
};

struct name_table {
	struct name_entry *v;
	size_t nr;
	size_t cap;
};

/* The entry called name, or NULL. */
struct name_entry *name_table_find(const struct name_table *t, const char *name);
/* The entry called name, added (addr 0, data NULL) if new; NULL when out of memory. */
struct name_entry *name_table_get(struct name_table *t, const char *name);
/* Remove an entry found above (its data is the caller's to free first). */
void name_table_remove(struct name_table *t, struct name_entry *entry);
/* Free every entry, calling free_data on the data of each (if not NULL). */
void name_table_release(struct name_table *t, void (*free_data)(void *data));

#endif /* SIM_NAMES_H */
