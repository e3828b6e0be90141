/*
 * sim/args.c - parsing the values of a record's arguments (args.h).
 *
 * Every message names the key and quotes the value (cut at 64 characters
 * where a value may be long), so a trace's writer finds the culprit
 * without the format at hand.
 *
 * Invariants: no parser changes the machine or the engine, except
 * e->msg on failure and the gfp cache it is given.
 *
 * No kernel counterpart (the parsing of user input; the node list syntax
 * is the kernel's bitmap_parselist() without the ":used/group" form).
 */
#include "sim/args.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"

/* ---- numbers ---- */

/*
 * An unsigned number in [min, max].  Every integer outside the range gets
 * the same message, whether it parses to a value (pid=0), is too large
 * for 64 bits or is negative (pid=-1): the range is what the writer needs
 * to know.
 */
__attribute__((noinline))
static enum engine_status parse_uint_in(struct engine *e, const struct trace_record *rec,
					const char *key, const char *text, uint64_t min,
					uint64_t max, uint64_t *out)
{
	bool negative = text[0] == '-';
	uint64_t v;
	int rc = trace_parse_u64(text + negative, false, &v);

	if (rc == -1)
		return engine_bad_input(e, rec, "bad value '%.64s' for %s: not a number", text, key);
	if (rc == 0 && !negative && v >= min && v <= max) {
		*out = v;
		return ENGINE_OK;
	}
	if (rc == 0 && !negative)
		return engine_bad_input(e, rec, "%s %llu out of range (%llu..%llu)", key,
					(unsigned long long)v, (unsigned long long)min,
					(unsigned long long)max);
	return engine_bad_input(e, rec, "%s %.64s out of range (%llu..%llu)", key, text,
				(unsigned long long)min, (unsigned long long)max);
}

/*
 * Most values of a replay are one digit (order=0, cpu=3): taken here, in
 * a few instructions the callers inline, and the rest by parse_uint_in().
 */
static inline bool one_digit_upto(const char *text, uint64_t max, uint64_t *out)
{
	unsigned int digit = (unsigned int)(unsigned char)text[0] - '0';

	if (digit >= 10 || text[1] != '\0' || digit > max)
		return false;
	*out = digit;
	return true;
}

enum engine_status engine_parse_uint(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, uint64_t max,
				     uint64_t *out)
{
	if (one_digit_upto(text, max, out))
		return ENGINE_OK;
	return parse_uint_in(e, rec, key, text, 0, max, out);
}

enum engine_status engine_parse_long(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, long *out)
{
	const char *digits = text + (text[0] == '-');
	char *end;
	long v;

	errno = 0;
	/* Not base 0: a leading 0 is not octal here, as FORMAT.md promises. */
	v = strtol(text, &end,
		   digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') ? 16 : 10);
	if (end == text || *end || (errno && errno != ERANGE))
		return engine_bad_input(e, rec, "bad value '%.64s' for %s: not a number", text, key);
	/* the words of the callers' own range checks (the sysctl verb's) */
	if (errno == ERANGE)
		return engine_bad_input(e, rec, "value %.64s out of range for %s", text, key);
	*out = v;
	return ENGINE_OK;
}

enum engine_status engine_parse_pid(struct engine *e, const struct trace_record *rec,
				    const char *key, const char *text, int *pid)
{
	uint64_t v;

	if (parse_uint_in(e, rec, key, text, 1, INT_MAX, &v))
		return ENGINE_BAD_INPUT;
	*pid = (int)v;
	return ENGINE_OK;
}

/* ---- sizes and addresses ---- */

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
					   const struct name_table *names, const char *key,
					   const char *text, uint64_t *out)
{
	const char *plus = strchr(text, '+');
	size_t len = plus ? (size_t)(plus - text) : strlen(text);
	char name[256];
	const struct name_entry *n;
	uint64_t off = 0;

	if (len == 0 || len >= sizeof(name))
		return engine_bad_input(e, rec, "bad value '@%.64s' for %s: expected @NAME or @NAME+OFFSET",
					text, key);
	memcpy(name, text, len);
	name[len] = '\0';
	n = name_table_find(names, name);
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
				     const struct name_table *names, const char *key,
				     const char *text, uint64_t *out)
{
	if (text[0] == '@')
		return parse_named_addr(e, rec, names, key, text + 1, out);
	return engine_parse_size(e, rec, key, text, out);
}

/* ---- CPUs and nodes ---- */

enum engine_status engine_parse_cpu(struct engine *e, const struct trace_record *rec,
				    const char *text, int *cpu)
{
	uint64_t v;

	if (engine_parse_uint(e, rec, "cpu", text, e->m->nr_cpus - 1, &v))
		return ENGINE_BAD_INPUT;
	*cpu = (int)v;
	return ENGINE_OK;
}

enum engine_status engine_parse_node(struct engine *e, const struct trace_record *rec,
				     const char *text, int *nid)
{
	uint64_t v;

	if (engine_parse_uint(e, rec, "node", text, e->m->nr_node_ids - 1, &v))
		return ENGINE_BAD_INPUT;
	*nid = (int)v;
	return ENGINE_OK;
}

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

/* ---- gfp masks ---- */

void gfp_cache_release(struct gfp_cache *c)
{
	for (size_t i = 0; i < GFP_CACHE_SLOTS; i++) {
		free(c->slots[i].text);
		c->slots[i].text = NULL;
	}
}

/*
 * Only a slot index: the cache compares the whole string anyway.  Flag
 * strings share long prefixes ("GFP_KERNEL|__GFP_..."), so the hash takes
 * the length and the first and last eight bytes, two loads and a multiply
 * instead of a byte-by-byte chain (measured: the byte loop cost every
 * alloc of a replay some 40 ns).
 */
static uint64_t gfp_text_hash(const char *text, size_t len)
{
	uint64_t head = 0, tail = 0;

	if (len >= sizeof(head)) {
		memcpy(&head, text, sizeof(head));
		memcpy(&tail, text + len - sizeof(tail), sizeof(tail));
	} else {
		memcpy(&head, text, len);
	}
	head = (head ^ (tail * 0x9e3779b97f4a7c15ull) ^ len) * 0xff51afd7ed558ccdull;
	return head ^ (head >> 29);
}

/* Report the '|'-separated part of text that gfp_parse() rejected. */
static enum engine_status gfp_bad_part(struct engine *e, const struct trace_record *rec,
				       const char *text, size_t bad)
{
	const char *part = text + bad;
	int part_len = (int)strcspn(part, "|");

	return engine_bad_input(e, rec, "bad gfp flags '%.64s': unknown flag '%.*s'",
				text, part_len < 64 ? part_len : 64, part);
}

/* A colliding string simply replaces the slot's previous one. */
enum engine_status engine_parse_gfp(struct engine *e, const struct trace_record *rec,
				    struct gfp_cache *cache, const char *text, gfp_t *out)
{
	size_t len = strlen(text), bad = 0;
	struct gfp_cache_entry *slot;
	gfp_t gfp;

	slot = &cache->slots[gfp_text_hash(text, len) % GFP_CACHE_SLOTS];
	if (slot->text && !strcmp(slot->text, text)) {
		*out = slot->gfp;
		return ENGINE_OK;
	}
	if (len == 0)
		return engine_bad_input(e, rec, "empty gfp flags");
	if (gfp_parse(text, len, &gfp, &bad) != 0)
		return gfp_bad_part(e, rec, text, bad);
	if (gfp_zone(gfp) < 0)
		return engine_bad_input(e, rec, "bad gfp flags '%.64s': invalid combination of zone modifiers",
					text);
	/* gfp_migratetype() has no type for both (the kernel warns, VM_WARN_ON). */
	if ((gfp & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK)
		return engine_bad_input(e, rec, "bad gfp flags '%.64s': __GFP_MOVABLE and __GFP_RECLAIMABLE together",
					text);
	free(slot->text);
	slot->text = strdup(text);
	slot->gfp = gfp;
	*out = gfp;
	return ENGINE_OK;
}

/* ---- protections ---- */

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
