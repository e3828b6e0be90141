/*
 * sim/import.c - `numasim import ftrace` (import.h): the page allocator's
 * kmem events of a kernel trace, as a numasim trace of demands.
 *
 * Each mm_page_alloc becomes an `alloc` with a fresh id (a1, a2, ...) and
 * the traced pfn; the importer remembers the live blocks by first frame
 * (sim/pfn_map.h) so that each mm_page_free finds its id:
 *   - a free of a whole live block: `free id=`;
 *   - a free of part of a live block (a THP split by split_huge_page() and
 *     freed page by page, a split_page() block): `split id=` once, then
 *     `free id=ID.K` of each frame freed (FORMAT.md, split);
 *   - a free of a frame never seen allocated: it was allocated before
 *     tracing began, `free pfn= order=` ("pre-trace frees").
 * Since 3.3 the kernel traces every free through mm_page_free
 * (free_pages_prepare()); mm_page_free_batched is a second record of the
 * pages freed as a list (free_unref_page_list()) and is only counted.
 * Before 3.3 the batched free (mm_pagevec_free) was the only record of its
 * page, beside mm_page_free_direct: for --kernel older than 3.3, and for
 * the event named mm_pagevec_free, a batched free is a free.
 * mm_page_alloc_zone_locked and mm_page_pcpu_drain move pages between the
 * buddy and per-CPU lists, no demand: counted only.  mm_page_alloc_extfrag
 * becomes an `extfrag` line, before its `alloc` as in the trace.  Every
 * other event is counted by name and skipped.
 *
 * Times must not decrease in a numasim trace: a time below the previous
 * one (trace-cmd's merge, concatenated files) is raised to it and counted.
 *
 * The output is staged (sim/output.h) and moved into place only when the
 * whole input was read, so a bad line leaves nothing behind.  The header
 * comment's counts line is written as blanks first and filled in at the
 * end when the output can seek (a file); on standard output the counts
 * follow the events instead.
 *
 * No kernel counterpart.
 */
#include "sim/import.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/gfp.h"
#include "sim/message.h"
#include "sim/names.h"
#include "sim/output.h"
#include "sim/pfn_map.h"
#include "workloads/line_reader.h"

#define IMPORT_OUT_BYTES	(64u << 10)
#define IMPORT_COUNTS_BYTES	320	/* the header's counts line, LF included */
#define IMPORT_GFP_CACHE	16

/* Distinct gfp texts seen lately, with their masks: a trace has few. */
struct gfp_cache_entry {
	char text[160];
	size_t len;
};

struct import_counts {
	uint64_t lines, events;
	uint64_t alloc, alloc_failed, free, split, split_frees, extfrag;
	uint64_t pre_trace_frees, order_mismatch, alloc_over_live;
	uint64_t batched_counted, zone_locked, pcpu_drain;
	uint64_t skipped, bad, clamped, lost;
};

struct importer {
	const struct import_opts *opts;
	FILE *f;
	char out[IMPORT_OUT_BYTES];
	size_t out_len;
	bool write_error;
	struct pfn_map live;
	uint64_t next_id;
	uint64_t last_ns;
	bool have_time;
	uint64_t first_ns;
	struct name_table skipped;	/* event name -> count (in addr) */
	struct gfp_cache_entry gfp_cache[IMPORT_GFP_CACHE];
	unsigned int gfp_next;
	struct import_counts n;
	uint64_t kmem_by_name[KMEM_NR_NAMES];
	long header_counts_at;		/* offset of the counts line, -1: none */
};

/* ---- output ---- */

static void out_flush(struct importer *im)
{
	if (im->out_len && fwrite(im->out, 1, im->out_len, im->f) != im->out_len)
		im->write_error = true;
	im->out_len = 0;
}

static void out_mem(struct importer *im, const char *s, size_t len)
{
	if (im->out_len + len > sizeof(im->out))
		out_flush(im);
	memcpy(im->out + im->out_len, s, len);
	im->out_len += len;
}

static void out_str(struct importer *im, const char *s)
{
	out_mem(im, s, strlen(s));
}

/*
 * An event's line is written through a cursor into the buffer: out_room()
 * makes room for the longest line of fixed fields once, the put_*()
 * helpers write and return the cursor, out_done() keeps what they wrote.
 * A gfp text, of any length, goes through out_mem() between two such runs.
 */
#define IMPORT_LINE_BYTES	256

static char *out_room(struct importer *im)
{
	if (im->out_len + IMPORT_LINE_BYTES > sizeof(im->out))
		out_flush(im);
	return im->out + im->out_len;
}

static void out_done(struct importer *im, char *p)
{
	im->out_len = (size_t)(p - im->out);
}

/* A string literal, its length known to the compiler. */
#define PUT(p, lit)	(memcpy((p), (lit), sizeof(lit) - 1), (p) + sizeof(lit) - 1)

static char *put_u64(char *p, uint64_t v)
{
	char buf[24], *d = buf + sizeof(buf);
	size_t n;

	do {
		*--d = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	n = (size_t)(buf + sizeof(buf) - d);
	memcpy(p, d, n);
	return p + n;
}

static char *put_hex(char *p, uint64_t v)
{
	int nr_digits = v ? (64 - __builtin_clzll(v) + 3) / 4 : 1;

	*p++ = '0';
	*p++ = 'x';
	for (int i = nr_digits - 1; i >= 0; i--, v >>= 4)
		p[i] = "0123456789abcdef"[v & 15];
	return p + nr_digits;
}

/* "@SECONDS.FRACTION " with 6 digits (tracefs' microseconds) or 9 when needed. */
static char *put_time(char *p, uint64_t ns)
{
	uint64_t sub = ns % 1000000000u;
	int digits = sub % 1000 ? 9 : 6;

	if (digits == 6)
		sub /= 1000;
	*p++ = '@';
	p = put_u64(p, ns / 1000000000u);
	*p = '.';
	for (int i = digits; i > 0; i--) {
		p[i] = (char)('0' + sub % 10);
		sub /= 10;
	}
	p += digits + 1;
	*p++ = ' ';
	return p;
}

static char *put_id(char *p, uint64_t id, int32_t piece)
{
	p = PUT(p, "id=a");
	p = put_u64(p, id);
	if (piece >= 0) {
		*p++ = '.';
		p = put_u64(p, (uint64_t)piece);
	}
	return p;
}

static char *put_cpu_end(char *p, uint32_t cpu)
{
	p = PUT(p, " cpu=");
	p = put_u64(p, cpu);
	*p++ = '\n';
	return p;
}

/* ---- the events ---- */

static void emit_free_id(struct importer *im, uint64_t ns, const struct pfn_block *b, uint32_t cpu)
{
	char *p = put_time(out_room(im), ns);

	p = PUT(p, "free ");
	p = put_id(p, b->id, b->piece);
	out_done(im, put_cpu_end(p, cpu));
}

static void emit_pre_trace_free(struct importer *im, uint64_t ns, uint64_t pfn,
				unsigned int order, uint32_t cpu)
{
	char *p = put_time(out_room(im), ns);

	p = PUT(p, "free pfn=");
	p = put_hex(p, pfn);
	p = PUT(p, " order=");
	p = put_u64(p, order);
	out_done(im, put_cpu_end(p, cpu));
	im->n.pre_trace_frees++;
}

/* Replace the whole block b by its 2^order frames, each a piece. */
static int split_block(struct importer *im, uint64_t ns, struct pfn_block *b)
{
	struct pfn_block whole = *b;
	char *p = put_time(out_room(im), ns);

	p = PUT(p, "split ");
	p = put_id(p, whole.id, -1);
	*p++ = '\n';
	out_done(im, p);
	im->n.split++;
	pfn_map_remove(&im->live, b);
	for (uint64_t k = 0; k < (UINT64_C(1) << whole.order); k++) {
		struct pfn_block piece = { whole.pfn + k, whole.id, (int32_t)k, 0 };

		if (pfn_map_put(&im->live, &piece))
			return -1;
	}
	return 0;
}

/* Free the pieces of [pfn, pfn + 2^order) if every frame is one; else false. */
static bool free_pieces(struct importer *im, uint64_t ns, uint64_t pfn, unsigned int order,
			uint32_t cpu)
{
	uint64_t nr = UINT64_C(1) << order;

	for (uint64_t k = 0; k < nr; k++) {
		struct pfn_block *b = pfn_map_find(&im->live, pfn + k);

		if (!b || b->piece < 0)
			return false;
	}
	for (uint64_t k = 0; k < nr; k++) {
		struct pfn_block *b = pfn_map_find(&im->live, pfn + k);

		emit_free_id(im, ns, b, cpu);
		im->n.split_frees++;
		pfn_map_remove(&im->live, b);
	}
	return true;
}

/* An mm_page_free of 2^order frames at pfn. */
static int import_free(struct importer *im, uint64_t ns, uint64_t pfn, unsigned int order,
		       uint32_t cpu)
{
	struct pfn_block *b = pfn_map_find(&im->live, pfn);

	im->n.free++;
	if (b && b->piece < 0) {
		if (b->order != order)	/* freed with another order than allocated */
			im->n.order_mismatch++;
		if (b->order <= order) {
			emit_free_id(im, ns, b, cpu);
			pfn_map_remove(&im->live, b);
			return 0;
		}
	}
	if (b && b->piece >= 0 && free_pieces(im, ns, pfn, order, cpu))
		return 0;
	b = pfn_map_find_covering(&im->live, pfn, order, FTRACE_MAX_ORDER);
	if (b) {
		if (split_block(im, ns, b))
			return -1;
		if (free_pieces(im, ns, pfn, order, cpu))
			return 0;
	}
	emit_pre_trace_free(im, ns, pfn, order, cpu);
	return 0;
}

static int import_alloc(struct importer *im, uint64_t ns, const struct ftrace_kmem *k,
			uint32_t cpu)
{
	struct pfn_block b = { k->pfn, ++im->next_id, -1, (uint8_t)k->order };
	struct pfn_block *old;
	char *p;

	im->n.alloc++;
	p = put_time(out_room(im), ns);
	p = PUT(p, "alloc ");
	p = put_id(p, b.id, -1);
	p = PUT(p, " order=");
	p = put_u64(p, k->order);
	p = PUT(p, " gfp=");
	out_done(im, p);
	out_mem(im, k->gfp, k->gfp_len);
	p = PUT(out_room(im), " cpu=");
	p = put_u64(p, cpu);
	p = PUT(p, " pfn=");
	if (k->failed) {
		out_done(im, PUT(p, "none\n"));
		im->n.alloc_failed++;
		return 0;
	}
	p = put_hex(p, k->pfn);
	*p++ = '\n';
	out_done(im, p);
	old = pfn_map_find(&im->live, k->pfn);
	if (old) {	/* its free was not traced (lost events?): forget it */
		im->n.alloc_over_live++;
		pfn_map_remove(&im->live, old);
	}
	return pfn_map_put(&im->live, &b);
}

static void import_extfrag(struct importer *im, uint64_t ns, const struct ftrace_kmem *k,
			   uint32_t cpu)
{
	const struct ftrace_kernel *kv = &im->opts->kernel;
	char *p;

	im->n.extfrag++;
	p = put_time(out_room(im), ns);
	p = PUT(p, "extfrag pfn=");
	p = put_hex(p, k->pfn);
	p = PUT(p, " alloc_order=");
	p = put_u64(p, (uint64_t)k->alloc_order);
	p = PUT(p, " fallback_order=");
	p = put_u64(p, (uint64_t)k->fallback_order);
	p = PUT(p, " alloc_mt=");
	p = put_u64(p, (uint64_t)ftrace_migratetype_61(kv, k->alloc_mt));
	p = PUT(p, " fallback_mt=");
	p = put_u64(p, (uint64_t)ftrace_migratetype_61(kv, k->fallback_mt));
	p = PUT(p, " change_ownership=");
	p = put_u64(p, k->change_ownership);
	out_done(im, put_cpu_end(p, cpu));
}

/* ---- gfp ---- */

/*
 * Is the gfp text one gfp_parse() reads (so the engine will)?  The last
 * IMPORT_GFP_CACHE texts that passed are remembered: a trace repeats a
 * handful of masks millions of times.
 */
static bool gfp_text_ok(struct importer *im, const char *text, size_t len, size_t *bad)
{
	struct gfp_cache_entry *e;
	gfp_t mask;

	for (unsigned int i = 0; i < IMPORT_GFP_CACHE; i++) {
		e = &im->gfp_cache[i];
		if (e->len == len && !memcmp(e->text, text, len))
			return true;
	}
	if (gfp_parse(text, len, &mask, bad))
		return false;
	e = &im->gfp_cache[im->gfp_next++ % IMPORT_GFP_CACHE];
	if (len < sizeof(e->text)) {
		memcpy(e->text, text, len);
		e->len = len;
	}
	return true;
}

/* ---- lines ---- */

/* A malformed line: stop with FILE:LINE: message, or count it (--skip-bad). */
static int bad_line(struct importer *im, const struct line_reader *r, const char *msg,
		    char *err, size_t errlen)
{
	im->n.bad++;
	if (im->opts->skip_bad)
		return 0;
	snprintf(err, errlen, "%s:%lu: %s", line_reader_name(r), line_reader_line(r), msg);
	return -1;
}

static int count_skipped(struct importer *im, const char *event, size_t len)
{
	char name[128];
	struct name_entry *e;

	im->n.skipped++;
	snprintf(name, sizeof(name), "%.*s", (int)(len < 127 ? len : 127), event);
	e = name_table_get(&im->skipped, name);
	if (!e)
		return -1;
	e->addr++;
	return 0;
}

/* The event's time, never below the one before. */
static uint64_t event_time(struct importer *im, uint64_t ns)
{
	if (!im->have_time) {
		im->have_time = true;
		im->first_ns = ns;
	} else if (ns < im->last_ns) {
		im->n.clamped++;
		ns = im->last_ns;
	}
	im->last_ns = ns;
	return ns;
}

/* One kmem event.  Returns 0, 1 for a malformed one (message in msg), -1 out of memory. */
static int import_kmem(struct importer *im, int name, const struct ftrace_line *l,
		       char *msg, size_t msglen)
{
	const struct ftrace_kernel *kv = &im->opts->kernel;
	struct ftrace_kmem k;
	uint64_t ns;
	size_t bad = 0;

	if (ftrace_kmem_decode(name, l->fields, l->fields_len, &k, msg, msglen))
		return 1;
	if (k.kind == KMEM_PAGE_ALLOC && !gfp_text_ok(im, k.gfp, k.gfp_len, &bad)) {
		snprintf(msg, msglen, "mm_page_alloc: unknown gfp flag in gfp_flags='%.*s' "
			 "(at column %zu of it)", (int)(k.gfp_len > 64 ? 64 : k.gfp_len), k.gfp,
			 bad + 1);
		return 1;
	}
	im->kmem_by_name[name]++;
	ns = event_time(im, l->time_ns);
	switch (k.kind) {
	case KMEM_PAGE_ALLOC:
		return import_alloc(im, ns, &k, l->cpu);
	case KMEM_PAGE_FREE_BATCHED:
		if (kv->batched_also_freed && name != KMEM_NAME_PAGEVEC_FREE) {
			im->n.batched_counted++;
			return 0;
		}
		return import_free(im, ns, k.pfn, 0, l->cpu);
	case KMEM_PAGE_FREE:
		return import_free(im, ns, k.pfn, k.order, l->cpu);
	case KMEM_PAGE_ALLOC_EXTFRAG:
		import_extfrag(im, ns, &k, l->cpu);
		return 0;
	case KMEM_PAGE_ALLOC_ZONE_LOCKED:
		im->n.zone_locked++;
		return 0;
	default:
		im->n.pcpu_drain++;
		return 0;
	}
}

/* Every line of r.  Returns 0, or -1 with the message in err. */
static int import_lines(struct importer *im, struct line_reader *r, char *err, size_t errlen)
{
	char *line, msg[512];
	const char *why = NULL;
	struct ftrace_line l;
	size_t len;
	int ret, name;

	while ((ret = line_reader_next(r, &line, &len, err, errlen)) == 1) {
		im->n.lines++;
		switch (ftrace_parse_line(line, len, &l, &why)) {
		case FTRACE_LINE_SKIP:
			continue;
		case FTRACE_LINE_LOST:
			im->n.lost += l.lost;
			continue;
		case FTRACE_LINE_BAD:
			if (bad_line(im, r, why, err, errlen))
				return -1;
			continue;
		case FTRACE_LINE_EVENT:
			break;
		}
		im->n.events++;
		name = ftrace_kmem_name_index(l.event, l.event_len);
		ret = name < 0 ? count_skipped(im, l.event, l.event_len)
			       : import_kmem(im, name, &l, msg, sizeof(msg));
		if (ret < 0) {
			snprintf(err, errlen, "numasim: out of memory");
			return -1;
		}
		if (ret > 0 && bad_line(im, r, msg, err, errlen))
			return -1;
	}
	return ret;
}

/* ---- header, counts and summary ---- */

static void write_header(struct importer *im, const char *input_name)
{
	out_str(im, "numasim-trace v1\n# Imported by numasim import ftrace from ");
	out_str(im, input_name);
	out_str(im, " (kernel ");
	out_str(im, im->opts->kernel.version);
	out_str(im, "; migratetypes as 6.1 numbers them).\n"
		"# mm_page_alloc -> alloc (pfn=none: it failed), mm_page_free -> free, or split\n"
		"# and free of the pieces for part of a block, or free pfn= for a frame\n"
		"# allocated before the trace began; mm_page_alloc_extfrag -> extfrag.\n");
	out_flush(im);
	im->header_counts_at = ftell(im->f);
	if (im->header_counts_at >= 0) {	/* blanks now, the counts at the end */
		char blanks[IMPORT_COUNTS_BYTES];

		memset(blanks, ' ', sizeof(blanks));
		blanks[0] = '#';
		blanks[sizeof(blanks) - 1] = '\n';
		out_mem(im, blanks, sizeof(blanks));
	}
}

static int format_counts(const struct importer *im, char *buf, size_t len)
{
	const struct import_counts *n = &im->n;

	return snprintf(buf, len, "# counts: %" PRIu64 " lines, %" PRIu64 " events; %" PRIu64
			" alloc (%" PRIu64 " failed), %" PRIu64 " frees, %" PRIu64 " pre-trace frees, %"
			PRIu64 " splits, %" PRIu64 " extfrag; counted only: %" PRIu64 " batched, %"
			PRIu64 " zone_locked, %" PRIu64 " pcpu_drain, %" PRIu64 " other events; %"
			PRIu64 " bad lines, %" PRIu64 " times clamped, %" PRIu64 " lost events",
			n->lines, n->events, n->alloc, n->alloc_failed, n->free, n->pre_trace_frees,
			n->split, n->extfrag, n->batched_counted, n->zone_locked, n->pcpu_drain,
			n->skipped, n->bad, n->clamped, n->lost);
}

/* The counts into the header's blank line, or after the events when it cannot seek. */
static void write_counts(struct importer *im)
{
	char line[IMPORT_COUNTS_BYTES + 64];
	int len = format_counts(im, line, sizeof(line));

	out_flush(im);
	if (im->header_counts_at >= 0 && len < IMPORT_COUNTS_BYTES &&
	    fseek(im->f, im->header_counts_at, SEEK_SET) == 0) {
		if (fwrite(line, 1, (size_t)len, im->f) != (size_t)len)
			im->write_error = true;
		fseek(im->f, 0, SEEK_END);
		return;
	}
	out_str(im, line);
	out_mem(im, "\n", 1);
	out_flush(im);
}

static void print_summary(const struct importer *im, const char *input_name)
{
	const struct import_counts *n = &im->n;
	char line[IMPORT_COUNTS_BYTES + 64];

	format_counts(im, line, sizeof(line));
	fprintf(stderr, "numasim import ftrace: %s: %s\n", input_name, line + 10);
	fprintf(stderr, "numasim import ftrace: kmem events:");
	for (int i = 0; i < KMEM_NR_NAMES; i++)
		if (im->kmem_by_name[i])
			fprintf(stderr, " %s %" PRIu64, ftrace_kmem_name(i), im->kmem_by_name[i]);
	fprintf(stderr, "\nnumasim import ftrace: %" PRIu64 " frees of split pieces, %" PRIu64
		" frees of another order than allocated, %" PRIu64 " allocations of a frame "
		"still live, %zu blocks live at the end\n", n->split_frees, n->order_mismatch,
		n->alloc_over_live, im->live.nr);
	if (im->skipped.nr) {
		fprintf(stderr, "numasim import ftrace: skipped:");
		for (size_t i = 0; i < im->skipped.nr; i++)
			fprintf(stderr, " %s %" PRIu64, im->skipped.v[i].name, im->skipped.v[i].addr);
		fprintf(stderr, "\n");
	}
}

/* ---- the command ---- */

static int import_run(struct importer *im, struct line_reader *r, const char *outpath)
{
	struct output_spec spec = { .inputs = { im->opts->input } };
	struct output *out;
	char err[1024];

	out = output_begin(&spec, err, sizeof(err));
	im->f = out ? output_stage_file(out, outpath, err, sizeof(err)) : NULL;
	if (!im->f) {
		output_abort(out);
		return sim_fail(EXIT_BAD_INPUT, err);
	}
	write_header(im, line_reader_name(r));
	if (import_lines(im, r, err, sizeof(err))) {
		output_abort(out);
		return sim_fail(EXIT_BAD_INPUT, err);
	}
	write_counts(im);
	if (im->write_error || ferror(im->f)) {
		output_abort(out);
		snprintf(err, sizeof(err), "numasim: %s: write error",
			 strcmp(outpath, "-") ? outpath : "standard output");
		return sim_fail(EXIT_HOST, err);
	}
	if (output_commit(out, err, sizeof(err)))
		return sim_fail(EXIT_HOST, err);
	print_summary(im, line_reader_name(r));
	return EXIT_OK;
}

int sim_import_ftrace(const struct import_opts *o)
{
	struct importer *im = calloc(1, sizeof(*im));
	struct line_reader *r;
	char err[1024];
	int ret;

	if (!im || pfn_map_init(&im->live)) {
		free(im);
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	}
	im->opts = o;
	r = line_reader_open(o->input, err, sizeof(err));
	if (!r) {
		ret = sim_fail(EXIT_BAD_INPUT, err);
	} else {
		ret = import_run(im, r, o->output ? o->output : "-");
		line_reader_close(r);
	}
	pfn_map_release(&im->live);
	name_table_release(&im->skipped, NULL);
	free(im);
	return ret;
}
