/*
 * sim/verbs_proc_parse.c - the values of the process verbs: sizes,
 * addresses (with @NAME), CPUs, protections, node lists and enumerated
 * words, and the tables of names a trace gives to mappings and pins.
 *
 * A name table is an array sorted by name: lookups are binary searches,
 * and nothing depends on host addresses or hashing, so replays stay
 * deterministic.  A trace holds a handful of names at a time, which makes
 * the insertion's memmove cheap.
 *
 * Invariants: a table's names are unique, NUL-terminated heap copies,
 * sorted by strcmp().
 *
 * Linux counterpart: none (the parsing of user input; the node list syntax
 * is the kernel's bitmap_parselist() without the ":used/group" form).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"
#include "sim/engine.h"

/* ---- numbers ---- */

enum engine_status engine_parse_size(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, uint64_t *out)
{
	if (trace_parse_u64(text, true, out) != 0)
		return engine_bad_input(e, rec, "bad value '%.64s' for %s: not a number (decimal or 0x hex, optional K, M, G or T)",
					text, key);
	return ENGINE_OK;
}

/* "@NAME" or "@NAME+SIZE": the address of an earlier "mmap id=NAME". */
static enum engine_status parse_named_addr(struct engine *e, const struct trace_record *rec,
					   const char *key, const char *text, uint64_t *out)
{
	const char *plus = strchr(text, '+');
	size_t len = plus ? (size_t)(plus - text) : strlen(text);
	char name[256];
	const struct engine_name *n;
	uint64_t off = 0;

	if (len == 0 || len >= sizeof(name))
		return engine_bad_input(e, rec, "bad value '@%.64s' for %s: expected @NAME or @NAME+OFFSET",
					text, key);
	memcpy(name, text, len);
	name[len] = '\0';
	n = engine_name_find(&e->addr_names, name);
	if (!n)
		return engine_bad_input(e, rec, "unknown address name '@%.64s' (no earlier mmap with id=%.64s)",
					name, name);
	if (plus && engine_parse_size(e, rec, key, plus + 1, &off))
		return ENGINE_BAD_INPUT;
	if (n->addr + off < off)
		return engine_bad_input(e, rec, "address '@%.64s' overflows", text);
	*out = n->addr + off;
	return ENGINE_OK;
}

enum engine_status engine_parse_addr(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, uint64_t *out)
{
	if (text[0] == '@')
		return parse_named_addr(e, rec, key, text + 1, out);
	return engine_parse_size(e, rec, key, text, out);
}

enum engine_status engine_parse_cpu(struct engine *e, const struct trace_record *rec,
				    const char *text, int *cpu)
{
	uint64_t v;

	if (engine_parse_uint(e, rec, "cpu", text, e->m->nr_cpus - 1, &v))
		return ENGINE_BAD_INPUT;
	*cpu = (int)v;
	return ENGINE_OK;
}

/* The letters of prot=, in the order of their PROT_* bits. */
static const char prot_letters[] = "rwx";

enum engine_status engine_parse_prot(struct engine *e, const struct trace_record *rec,
				     const char *text, unsigned long *prot)
{
	*prot = PROT_NONE;
	if (!strcmp(text, "none"))
		return ENGINE_OK;
	for (const char *p = text; *p; p++) {
		const char *l = strchr(prot_letters, *p);
		unsigned long bit = l ? 1ul << (l - prot_letters) : 0;

		if (!bit || (*prot & bit))
			return engine_bad_input(e, rec, "bad value '%.64s' for prot (none, or r, w and x each at most once, like rw)",
						text);
		*prot |= bit;
	}
	return ENGINE_OK;
}

/* ---- node lists ---- */

/* One decimal node number at *p: advances *p; -1 if none or too large. */
static int parse_node_number(const char **p)
{
	const char *s = *p;
	int nid = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		nid = nid * 10 + (*s - '0');
		if (nid >= MAX_NUMNODES)
			return -1;
	}
	*p = s;
	return nid;
}

static enum engine_status bad_nodelist(struct engine *e, const struct trace_record *rec,
				       const char *text)
{
	return engine_bad_input(e, rec, "bad value '%.64s' for nodes: expected a node list like 0-1,3",
				text);
}

/* "A" or "A-B", each separated by ',': the syntax of /sys/.../node/online. */
enum engine_status engine_parse_nodelist(struct engine *e, const struct trace_record *rec,
					 const char *text, nodemask_t *out)
{
	const char *p = text;

	out->bits = 0;
	for (;;) {
		int first = parse_node_number(&p), last = first;

		if (first >= 0 && *p == '-') {
			p++;
			last = parse_node_number(&p);
		}
		if (first < 0 || last < first)
			return bad_nodelist(e, rec, text);
		if ((unsigned int)last >= e->m->nr_node_ids)
			return engine_bad_input(e, rec, "node %d does not exist (the machine has nodes 0-%u)",
						last, e->m->nr_node_ids - 1);
		for (int nid = first; nid <= last; nid++)
			out->bits |= (uint64_t)1 << nid;
		if (*p == '\0')
			return ENGINE_OK;
		if (*p++ != ',')
			return bad_nodelist(e, rec, text);
	}
}

/* ---- enumerated words ---- */

enum engine_status engine_parse_word(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text,
				     const char *const *words, unsigned int nr, unsigned int *out)
{
	char list[256] = "";
	size_t used = 0;

	for (unsigned int i = 0; i < nr; i++) {
		if (!strcmp(text, words[i])) {
			*out = i;
			return ENGINE_OK;
		}
	}
	for (unsigned int i = 0; i < nr && used < sizeof(list); i++) {
		const char *sep = i == 0 ? "" : i + 1 == nr ? " or " : ", ";
		int n = snprintf(list + used, sizeof(list) - used, "%s%s", sep, words[i]);

		used += n > 0 ? (size_t)n : 0;
	}
	return engine_bad_input(e, rec, "bad value '%.64s' for %s (%s)", text, key, list);
}

/* ---- name tables ---- */

/* Index of name in t, or where it would be inserted; *found says which. */
static size_t name_slot(const struct engine_names *t, const char *name, bool *found)
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

struct engine_name *engine_name_find(const struct engine_names *t, const char *name)
{
	bool found;
	size_t i = name_slot(t, name, &found);

	return found ? &t->v[i] : NULL;
}

struct engine_name *engine_name_get(struct engine_names *t, const char *name)
{
	bool found;
	size_t i = name_slot(t, name, &found);
	char *copy;

	if (found)
		return &t->v[i];
	if (t->nr == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		struct engine_name *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	copy = strdup(name);
	if (!copy)
		return NULL;
	memmove(&t->v[i + 1], &t->v[i], (t->nr - i) * sizeof(*t->v));
	t->v[i] = (struct engine_name){ .name = copy };
	t->nr++;
	return &t->v[i];
}

void engine_name_remove(struct engine_names *t, struct engine_name *entry)
{
	size_t i = (size_t)(entry - t->v);

	free(entry->name);
	memmove(&t->v[i], &t->v[i + 1], (t->nr - i - 1) * sizeof(*t->v));
	t->nr--;
}

void engine_names_release(struct engine_names *t, void (*free_data)(void *data))
{
	for (size_t i = 0; i < t->nr; i++) {
		if (free_data && t->v[i].data)
			free_data(t->v[i].data);
		free(t->v[i].name);
	}
	free(t->v);
	*t = (struct engine_names){ 0 };
}
