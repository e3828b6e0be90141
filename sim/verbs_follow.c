/*
 * sim/verbs_follow.c - the page family's records of a traced kernel's
 * choices (workloads/FORMAT.md 4.1 and 4.4), as `numasim import ftrace`
 * writes them:
 *
 *   alloc ... pfn=P|none
 *       demand replay: numasim's allocator served it (verbs_page.c); here
 *       the traced kernel's outcome and numasim's are counted side by
 *       side (struct traced_counts).  Followed replay: raw_alloc_at()
 *       places the block at P (mm/page_place.h).
 *   free pfn=P order=N [cpu=N]
 *       a block allocated before the trace: counted (demand), or taken off
 *       the free lists and freed (followed: free_pages_at()).
 *   split id=NAME
 *       split_page(): NAME's block becomes NAME.0 .. NAME.K, one order-0
 *       block each (raw_split()), in either replay.
 *   extfrag pfn=P alloc_order=N fallback_order=N alloc_mt=MT
 *           fallback_mt=MT change_ownership=0|1 [cpu=N]
 *       the kernel's mm_page_alloc_extfrag: counted by type (demand), or
 *       applied (followed: follow_extfrag()).
 *
 * An inconsistency of a followed replay (mm/ counts it and skips the
 * event) is reported here on the engine's follow_log with its record,
 * the first FOLLOW_LOG_PER_KIND of each kind.
 *
 * Invariants: as in verbs_page.c, a handler changes nothing before its
 * whole record has been checked.
 *
 * No kernel counterpart (the kernel's side is mm/page_place.c).
 */
#include <stdlib.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/page_place.h"
#include "mm/raw_alloc.h"
#include "mm/sparse.h"
#include "sim/verbs_page.h"

/* Inconsistencies shown per kind; the rest are only counted. */
#define FOLLOW_LOG_PER_KIND	5

/* A physical address of at most 64 bits has pfns below this. */
#define PFN_LIMIT		(1ull << (64 - PAGE_SHIFT))

static const char *const follow_kind_why[NR_FOLLOW_KINDS] = {
	[FOLLOW_IN_USE] = "a frame of the block is in use in the simulation",
	[FOLLOW_OUTSIDE] = "the block is not memory of one zone of this machine",
	[FOLLOW_ORDER_MISMATCH] = "pfn not aligned to the order, or the block partly free",
	[FOLLOW_FREE_IN_USE] = "the block is in use in the simulation (a followed allocation's)",
};

const struct traced_counts *page_traced_counts(const struct engine *e)
{
	struct page_verbs_state *s = page_state(e);

	return s ? &s->traced : NULL;
}

enum engine_status page_parse_pfn(struct engine *e, const struct trace_record *rec,
				  const char *text, bool none_ok, pfn_t *pfn)
{
	uint64_t v;

	if (none_ok && !strcmp(text, "none")) {
		*pfn = PFN_NONE;
		return ENGINE_OK;
	}
	if (engine_parse_uint(e, rec, "pfn", text, PFN_LIMIT - 1, &v))
		return ENGINE_BAD_INPUT;
	*pfn = v;
	return ENGINE_OK;
}

/* The record as the trace wrote it (without its time). */
static void print_record(FILE *f, const struct trace_record *rec)
{
	fputs(rec->verb, f);
	for (unsigned int a = 0; a < rec->nr_args; a++) {
		fprintf(f, " %s", rec->args[a].key);
		if (rec->args[a].value)
			fprintf(f, "=%s", rec->args[a].value);
	}
}

/* Report an inconsistency mm/ just counted, if it is among the first of its kind. */
static enum engine_status follow_report(struct engine *e, const struct trace_record *rec,
					enum follow_kind kind)
{
	FILE *f = e->opts.follow_log;
	unsigned long nr = e->m->follow.inconsistent[kind];

	if (!f || nr > FOLLOW_LOG_PER_KIND)
		return ENGINE_OK;
	fprintf(f, "%s:%lu: follow: %s (%s), skipped: ", rec->file, rec->line,
		follow_kind_names[kind], follow_kind_why[kind]);
	print_record(f, rec);
	if (nr == FOLLOW_LOG_PER_KIND)
		fprintf(f, " (further %s are counted, not shown)", follow_kind_names[kind]);
	fputc('\n', f);
	return ENGINE_OK;
}

/* The zone pfn lies in on this machine, or NULL outside its memory. */
static const struct zone *pfn_zone(const struct machine *m, pfn_t pfn)
{
	if (pfn >= m->end_pfn || !pfn_valid(m, pfn))
		return NULL;
	return page_zone(m, pfn_to_page(m, pfn));
}

void traced_count_alloc(struct engine *e, const struct page_alloc_req *req, pfn_t pfn,
			raw_handle_t handle)
{
	struct traced_counts *t = &page_state(e)->traced;
	unsigned long nr_pages = 1ul << req->order;
	const struct zone *zone;

	t->present = true;
	if (pfn == PFN_NONE) {
		t->fail[req->order]++;
	} else {
		t->alloc[req->order]++;
		zone = pfn_zone(e->m, pfn);
		if (zone)
			t->zone_pages[zone->node][zone_idx(zone)] += nr_pages;
		else
			t->outside_pages += nr_pages;
	}
	if (handle == RAW_HANDLE_NONE) {
		t->sim_fail[req->order]++;
		return;
	}
	t->sim_alloc[req->order]++;
	zone = page_zone(e->m, raw_alloc_page(e->m, handle));
	t->sim_zone_pages[zone->node][zone_idx(zone)] += nr_pages;
}

enum engine_status follow_alloc(struct engine *e, const struct trace_record *rec,
				const struct page_alloc_req *req, pfn_t pfn)
{
	raw_handle_t handle = RAW_HANDLE_NONE;
	int ret = 0;

	if (pfn != PFN_NONE)
		ret = raw_alloc_at(e->m, pfn, req->nid, req->gfp, req->order, &handle);
	if (ret < 0)
		return engine_internal(e, "out of memory for allocation handles");
	if (alloc_ids_bind(&page_state(e)->ids, &req->key, handle, req->order) != 0)
		return engine_internal(e, "out of memory for allocation ids");
	return ret ? follow_report(e, rec, (enum follow_kind)ret) : ENGINE_OK;
}

enum engine_status page_free_pfn(struct engine *e, const struct trace_record *rec,
				 const char *pfn_text, const char *order_text, int cpu)
{
	enum follow_kind kind;
	uint64_t order;
	pfn_t pfn;

	if (page_parse_pfn(e, rec, pfn_text, false, &pfn) ||
	    engine_parse_uint(e, rec, "order", order_text, MAX_ORDER - 1, &order))
		return ENGINE_BAD_INPUT;
	if (!e->opts.follow) {
		page_state(e)->traced.present = true;
		page_state(e)->traced.pretrace_frees++;
		return ENGINE_OK;
	}
	e->m->current_cpu = cpu;
	kind = free_pages_at(e->m, pfn, (unsigned int)order);
	return kind == FOLLOW_OK ? ENGINE_OK : follow_report(e, rec, kind);
}

/* ---- split ---- */

/* NAME.i into buf (of len + 8 bytes at least). */
static void piece_name(char *buf, const char *name, size_t len, unsigned long i)
{
	memcpy(buf, name, len);
	snprintf(buf + len, 8, ".%lu", i);
}

/* Is some piece name of NAME (nr pieces) live?  Its name is left in buf. */
static bool piece_live(struct engine *e, char *buf, const char *name, size_t len,
		       unsigned long nr)
{
	struct alloc_key key;

	for (unsigned long i = 0; i < nr; i++) {
		piece_name(buf, name, len, i);
		alloc_key_init(&key, buf);
		if (alloc_ids_get(&page_state(e)->ids, &key, NULL))
			return true;
	}
	return false;
}

/* Bind NAME.0 .. NAME.(nr-1) to pieces (NULL: to nothing). */
static enum engine_status bind_pieces(struct engine *e, char *buf, const char *name, size_t len,
				      unsigned long nr, const raw_handle_t *pieces)
{
	struct alloc_key key;

	for (unsigned long i = 0; i < nr; i++) {
		piece_name(buf, name, len, i);
		alloc_key_init(&key, buf);
		if (alloc_ids_bind(&page_state(e)->ids, &key, pieces ? pieces[i] : RAW_HANDLE_NONE,
				   0) != 0)
			return engine_internal(e, "out of memory for allocation ids");
	}
	return ENGINE_OK;
}

/* Split the block of the live name key into pieces and name them. */
static enum engine_status split_block(struct engine *e, const struct alloc_key *key,
				      raw_handle_t handle, unsigned long nr, char *buf)
{
	raw_handle_t pieces[1ul << (MAX_ORDER - 1)];

	if (handle != RAW_HANDLE_NONE && raw_split(e->m, handle, pieces) != 0)
		return engine_internal(e, "out of memory for allocation handles");
	alloc_ids_take(&page_state(e)->ids, key, NULL);
	return bind_pieces(e, buf, key->name, key->len, nr,
			   handle != RAW_HANDLE_NONE ? pieces : NULL);
}

static enum engine_status do_split(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	struct alloc_ids *ids = &page_state(e)->ids;
	raw_handle_t handle;
	struct alloc_key key;
	unsigned int order;
	enum engine_status st;
	char *buf;

	alloc_key_init(&key, vals[0]);
	if (!alloc_ids_get(ids, &key, &handle))
		return engine_bad_input(e, rec, "split of unknown id '%.64s' (never allocated, or freed already)",
					vals[0]);
	if (handle != RAW_HANDLE_NONE)
		order = raw_alloc_order(e->m, handle);
	else
		alloc_ids_order(ids, &key, &order);
	if (order == 0)
		return engine_bad_input(e, rec, "split of '%.64s', an order-0 block", vals[0]);
	buf = malloc(key.len + 8);
	if (!buf)
		return engine_internal(e, "out of memory for allocation ids");
	if (piece_live(e, buf, key.name, key.len, 1ul << order))
		st = engine_bad_input(e, rec, "split of '%.64s': piece '%.64s' is already allocated",
				      vals[0], buf);
	else
		st = split_block(e, &key, handle, 1ul << order, buf);
	free(buf);
	return st;
}

const struct engine_verb verb_split = {
	.name = "split",
	.handler = do_split,
	.keys = { { "id", true } },
};

/* ---- extfrag ---- */

enum { EXT_PFN, EXT_ALLOC_ORDER, EXT_FALLBACK_ORDER, EXT_ALLOC_MT, EXT_FALLBACK_MT,
       EXT_CHANGE_OWNERSHIP, EXT_CPU, NR_EXT };

/* The values of an extfrag record, parsed (v[EXT_CPU] stays the current CPU if absent). */
static enum engine_status extfrag_parse(struct engine *e, const struct trace_record *rec,
					const char *const *vals, uint64_t v[NR_EXT])
{
	static const char *const keys[] = { "pfn", "alloc_order", "fallback_order", "alloc_mt",
					    "fallback_mt", "change_ownership" };
	const uint64_t max[] = { PFN_LIMIT - 1, MAX_ORDER - 1, MAX_ORDER - 1, MIGRATE_HIGHATOMIC,
				 MIGRATE_HIGHATOMIC, 1 };
	int cpu = e->m->current_cpu;

	for (int i = 0; i < EXT_CPU; i++)
		if (engine_parse_uint(e, rec, keys[i], vals[i], max[i], &v[i]))
			return ENGINE_BAD_INPUT;
	if (vals[EXT_CPU] && engine_parse_cpu(e, rec, vals[EXT_CPU], &cpu))
		return ENGINE_BAD_INPUT;
	v[EXT_CPU] = (uint64_t)cpu;
	return ENGINE_OK;
}

static void traced_count_extfrag(struct engine *e, const uint64_t v[NR_EXT])
{
	struct traced_counts *t = &page_state(e)->traced;

	t->present = true;
	t->extfrag[v[EXT_ALLOC_MT]][v[EXT_FALLBACK_MT]]++;
	t->extfrag_fragmenting += v[EXT_FALLBACK_ORDER] < e->m->pageblock_order;
	t->extfrag_change_ownership += v[EXT_CHANGE_OWNERSHIP];
}

static enum engine_status do_extfrag(struct engine *e, const struct trace_record *rec,
				     const char *const *vals)
{
	uint64_t v[NR_EXT];
	enum follow_kind kind;

	if (extfrag_parse(e, rec, vals, v))
		return ENGINE_BAD_INPUT;
	e->m->current_cpu = (int)v[EXT_CPU];
	if (!e->opts.follow) {
		traced_count_extfrag(e, v);
		return ENGINE_OK;
	}
	kind = follow_extfrag(e->m, v[EXT_PFN], (unsigned int)v[EXT_ALLOC_ORDER],
			      (unsigned int)v[EXT_FALLBACK_ORDER], (int)v[EXT_ALLOC_MT],
			      (int)v[EXT_FALLBACK_MT], v[EXT_CHANGE_OWNERSHIP]);
	return kind == FOLLOW_OK ? ENGINE_OK : follow_report(e, rec, kind);
}

const struct engine_verb verb_extfrag = {
	.name = "extfrag",
	.handler = do_extfrag,
	.keys = { { "pfn", true }, { "alloc_order", true }, { "fallback_order", true },
		  { "alloc_mt", true }, { "fallback_mt", true }, { "change_ownership", true },
		  { "cpu", false } },
};
