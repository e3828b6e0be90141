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
 * The events go through a sink (sim/import_sink.h): the lines of a numasim
 * trace, or, for `numasim run --ftrace` (import_replay()), records handed
 * to the engine in batches, which name the kernel trace's lines.
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
#include <unistd.h>

#include "mm/gfp.h"
#include "sim/import_sink.h"
#include "sim/message.h"
#include "sim/names.h"
#include "sim/output.h"
#include "sim/pfn_map.h"
#include "sim/progress.h"
#include "workloads/line_reader.h"

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
	struct import_sink out;		/* text or the engine's records */
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
	struct progress *progress;	/* told every IMPORT_PROGRESS_LINES lines; may be NULL */
};

/* ---- the events ---- */

static void emit_free_id(struct importer *im, uint64_t ns, const struct pfn_block *b, uint32_t cpu)
{
	SINK_BEGIN(&im->out, ns, "free", im->n.lines, 0);
	sink_id(&im->out, b->id, b->piece);
	SINK_U64(&im->out, "cpu", cpu);
	sink_end(&im->out);
}

static void emit_pre_trace_free(struct importer *im, uint64_t ns, uint64_t pfn,
				unsigned int order, uint32_t cpu)
{
	SINK_BEGIN(&im->out, ns, "free", im->n.lines, 0);
	SINK_HEX(&im->out, "pfn", pfn);
	SINK_U64(&im->out, "order", order);
	SINK_U64(&im->out, "cpu", cpu);
	sink_end(&im->out);
	im->n.pre_trace_frees++;
}

/* Replace the whole block b by its 2^order frames, each a piece. */
static int split_block(struct importer *im, uint64_t ns, struct pfn_block *b)
{
	struct pfn_block whole = *b;

	SINK_BEGIN(&im->out, ns, "split", im->n.lines, 0);
	sink_id(&im->out, whole.id, -1);
	sink_end(&im->out);
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

	im->n.alloc++;
	SINK_BEGIN(&im->out, ns, "alloc", im->n.lines, k->gfp_len);
	sink_id(&im->out, b.id, -1);
	SINK_U64(&im->out, "order", k->order);
	SINK_WORD(&im->out, "gfp", k->gfp, k->gfp_len);
	SINK_U64(&im->out, "cpu", cpu);
	if (k->failed) {
		SINK_WORD(&im->out, "pfn", "none", 4);
		sink_end(&im->out);
		im->n.alloc_failed++;
		return 0;
	}
	SINK_HEX(&im->out, "pfn", k->pfn);
	sink_end(&im->out);
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
	struct import_sink *s = &im->out;

	im->n.extfrag++;
	SINK_BEGIN(s, ns, "extfrag", im->n.lines, 0);
	SINK_HEX(s, "pfn", k->pfn);
	SINK_U64(s, "alloc_order", (uint64_t)k->alloc_order);
	SINK_U64(s, "fallback_order", (uint64_t)k->fallback_order);
	SINK_U64(s, "alloc_mt", (uint64_t)ftrace_migratetype_61(kv, k->alloc_mt));
	SINK_U64(s, "fallback_mt", (uint64_t)ftrace_migratetype_61(kv, k->fallback_mt));
	SINK_U64(s, "change_ownership", k->change_ownership);
	SINK_U64(s, "cpu", cpu);
	sink_end(s);
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

/* Does the gfp text hold a raw part ("0x..."), bits without a name? */
static bool gfp_has_raw_bits(const char *text, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if ((i == 0 || text[i - 1] == '|') && text[i] == '0' &&
		    (text[i + 1] == 'x' || text[i + 1] == 'X'))
			return true;
	return false;
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
	if (k.kind == KMEM_PAGE_ALLOC && !kv->gfp_bits_as_6_1 && gfp_has_raw_bits(k.gfp, k.gfp_len)) {
		snprintf(msg, msglen, "mm_page_alloc: gfp_flags='%.*s' has raw bits, which kernel "
			 "%s numbers differently from 6.1 (numasim reads raw gfp bits of 6.1 "
			 "traces only)", (int)(k.gfp_len > 64 ? 64 : k.gfp_len), k.gfp,
			 kv->version);
		return 1;
	}
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

/* The exit status of an engine's failure. */
static int engine_exit_status(enum engine_status st)
{
	return st == ENGINE_BAD_INPUT ? EXIT_BAD_INPUT : st == ENGINE_OUTPUT ? EXIT_HOST :
	       EXIT_INTERNAL;
}

/* The import's progress is told every this many lines (it reads the clock far less often). */
#define IMPORT_PROGRESS_LINES	4096

/*
 * Every line of r.  Returns EXIT_OK, or the exit status with the message
 * in err: EXIT_BAD_INPUT for a bad line (and out of memory), the engine's
 * failure when its records go to an engine.
 */
static int import_lines(struct importer *im, struct line_reader *r, char *err, size_t errlen)
{
	char *line, msg[512];
	const char *why = NULL;
	struct ftrace_line l;
	size_t len;
	int ret, name;

	while ((ret = line_reader_next(r, &line, &len, err, errlen)) == 1) {
		if (++im->n.lines % IMPORT_PROGRESS_LINES == 0 && im->progress)
			progress_tick(im->progress, im->n.events);
		switch (ftrace_parse_line(line, len, &l, &why)) {
		case FTRACE_LINE_SKIP:
			continue;
		case FTRACE_LINE_LOST:
			im->n.lost += l.lost;
			continue;
		case FTRACE_LINE_BAD:
			if (bad_line(im, r, why, err, errlen))
				return EXIT_BAD_INPUT;
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
			return EXIT_BAD_INPUT;
		}
		if (ret > 0 && bad_line(im, r, msg, err, errlen))
			return EXIT_BAD_INPUT;
		if (im->out.status != ENGINE_OK) {
			snprintf(err, errlen, "%s", im->out.engine->msg);
			return engine_exit_status(im->out.status);
		}
	}
	return ret < 0 ? EXIT_BAD_INPUT : EXIT_OK;
}

/* ---- header, counts and summary ---- */

static void out_str(struct importer *im, const char *text)
{
	sink_write(&im->out, text, strlen(text));
}

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
	sink_flush(&im->out);
	im->header_counts_at = ftell(im->out.f);
	if (im->header_counts_at >= 0) {	/* blanks now, the counts at the end */
		char blanks[IMPORT_COUNTS_BYTES];

		memset(blanks, ' ', sizeof(blanks));
		blanks[0] = '#';
		blanks[sizeof(blanks) - 1] = '\n';
		sink_write(&im->out, blanks, sizeof(blanks));
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

	sink_flush(&im->out);
	if (im->header_counts_at >= 0 && len < IMPORT_COUNTS_BYTES &&
	    fseek(im->out.f, im->header_counts_at, SEEK_SET) == 0) {
		if (fwrite(line, 1, (size_t)len, im->out.f) != (size_t)len)
			im->out.write_error = true;
		fseek(im->out.f, 0, SEEK_END);
		return;
	}
	out_str(im, line);
	sink_write(&im->out, "\n", 1);
	sink_flush(&im->out);
}

static void print_summary(const struct importer *im, const char *input_name, FILE *f)
{
	const struct import_counts *n = &im->n;
	char line[IMPORT_COUNTS_BYTES + 64];

	format_counts(im, line, sizeof(line));
	fprintf(f, "numasim import ftrace: %s: %s\n", input_name, line + 10);
	fprintf(f, "numasim import ftrace: kmem events:");
	for (int i = 0; i < KMEM_NR_NAMES; i++)
		if (im->kmem_by_name[i])
			fprintf(f, " %s %" PRIu64, ftrace_kmem_name(i), im->kmem_by_name[i]);
	fprintf(f, "\nnumasim import ftrace: %" PRIu64 " frees of split pieces, %" PRIu64
		" frees of another order than allocated, %" PRIu64 " allocations of a frame "
		"still live, %zu blocks live at the end\n", n->split_frees, n->order_mismatch,
		n->alloc_over_live, im->live.nr);
	if (im->skipped.nr) {
		fprintf(f, "numasim import ftrace: skipped:");
		for (size_t i = 0; i < im->skipped.nr; i++)
			fprintf(f, " %s %" PRIu64, im->skipped.v[i].name, im->skipped.v[i].addr);
		fprintf(f, "\n");
	}
}

/* ---- the commands ---- */

static int import_run(struct importer *im, struct line_reader *r, const char *outpath)
{
	struct output_spec spec = { .inputs = { im->opts->input } };
	struct output *out;
	struct progress progress;
	char err[1024];
	FILE *f;
	int ret;

	out = output_begin(&spec, err, sizeof(err));
	f = out ? output_stage_file(out, outpath, err, sizeof(err)) : NULL;
	if (!f) {
		output_abort(out);
		return sim_fail(EXIT_BAD_INPUT, err);
	}
	if (sink_init_text(&im->out, f)) {
		output_abort(out);
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	}
	write_header(im, line_reader_name(r));
	progress_start_lines(&progress, STDERR_FILENO, "import", r);
	im->progress = &progress;
	ret = import_lines(im, r, err, sizeof(err));
	progress_finish(&progress);
	if (ret != EXIT_OK) {
		output_abort(out);
		return sim_fail(ret, err);
	}
	write_counts(im);
	if (im->out.write_error || ferror(f)) {
		output_abort(out);
		snprintf(err, sizeof(err), "numasim: %s: write error",
			 strcmp(outpath, "-") ? outpath : "standard output");
		return sim_fail(EXIT_HOST, err);
	}
	if (output_commit(out, err, sizeof(err)))
		return sim_fail(EXIT_HOST, err);
	print_summary(im, line_reader_name(r), stderr);
	return EXIT_OK;
}

static struct importer *importer_new(const struct import_opts *o)
{
	struct importer *im = calloc(1, sizeof(*im));

	if (im && pfn_map_init(&im->live)) {
		free(im);
		return NULL;
	}
	if (im)
		im->opts = o;
	return im;
}

static void importer_free(struct importer *im)
{
	sink_release(&im->out);
	pfn_map_release(&im->live);
	name_table_release(&im->skipped, NULL);
	free(im);
}

int sim_import_ftrace(const struct import_opts *o)
{
	struct importer *im = importer_new(o);
	struct line_reader *r;
	char err[1024];
	int ret;

	if (!im)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	r = line_reader_open(o->input, err, sizeof(err));
	if (!r) {
		ret = sim_fail(EXIT_BAD_INPUT, err);
	} else {
		ret = import_run(im, r, o->output ? o->output : "-");
		line_reader_close(r);
	}
	importer_free(im);
	return ret;
}

int import_replay(const struct import_opts *o, struct line_reader *r, struct engine *e,
		  FILE *summary, char *err, size_t errlen)
{
	struct importer *im = importer_new(o);
	int ret;

	if (!im || sink_init_engine(&im->out, e, line_reader_name(r))) {
		if (im)
			importer_free(im);
		snprintf(err, errlen, "numasim: out of memory");
		return EXIT_HOST;
	}
	ret = import_lines(im, r, err, errlen);
	if (ret == EXIT_OK) {
		sink_flush(&im->out);
		if (im->out.status == ENGINE_OK)
			im->out.status = engine_replay_end(e);
		if (im->out.status != ENGINE_OK) {
			snprintf(err, errlen, "%s", e->msg);
			ret = engine_exit_status(im->out.status);
		}
	}
	if (ret == EXIT_OK && summary)
		print_summary(im, line_reader_name(r), summary);
	importer_free(im);
	return ret;
}
