/*
 * mm/explain.h - the narration of mm/'s decisions: what `explain` in
 * `numasim shell` and `numasim run --explain FILE` print.
 *
 * mm/ never prints.  Where a decision is taken (a watermark check, a
 * buddy split, a fallback, a merge, a migration step, a compaction
 * scanner skipping a pageblock), mm/ hands the machine's explain sink one
 * struct mm_explain_event: what happened (name), the kernel function that
 * decides it and its file, and the numbers that decided it as key/value
 * fields.  sim/explain.c turns each event into a sentence from a template
 * (sim/explain.h); an event without a template still prints, as
 * "function(): name key=value ...", so nothing mm/ says is lost.
 *
 * Nesting: an event whose name ends in "_begin" opens a level (an
 * allocation, a migration, a compaction pass) and one whose name ends in
 * "_end" closes it; the narration indents what comes between.
 *
 * Cost: with no sink attached (every run without --explain) an emit site
 * is one test of a NULL pointer; the fields are not even evaluated.
 *
 * Field conventions (the templates rely on them): nid and zid name a
 * zone; pfn, start_pfn, end_pfn are frame numbers; order an order; mt,
 * start_mt, fallback_mt migratetypes as mm/'s enum migratetype; values
 * that are yes/no are 0/1.
 *
 * No kernel counterpart: the kernel's nearest is its tracepoints, which
 * say what happened but not why.
 */
#ifndef MM_EXPLAIN_H
#define MM_EXPLAIN_H

#include <stddef.h>

#define MM_EXPLAIN_MAX_FIELDS	12

struct mm_explain_field {
	const char *key;
	long value;
};

struct mm_explain_event {
	const char *name;	/* what happened, e.g. "watermark_check" */
	const char *function;	/* the kernel function that decides it */
	const char *file;	/* its source file, e.g. "mm/page_alloc.c" */
	unsigned int nr_fields;
	struct mm_explain_field fields[MM_EXPLAIN_MAX_FIELDS];
};

struct mm_explain_sink {
	void (*emit)(void *ctx, const struct mm_explain_event *ev);
	void *ctx;
};

/* Build the event and hand it over: the body of MM_EXPLAIN(). */
static inline void mm_explain_emit(const struct mm_explain_sink *sink, const char *name,
				   const char *function, const char *file,
				   const struct mm_explain_field *fields, size_t nr)
{
	struct mm_explain_event ev = { .name = name, .function = function, .file = file };

	for (size_t i = 0; i < nr && ev.nr_fields < MM_EXPLAIN_MAX_FIELDS; i++)
		ev.fields[ev.nr_fields++] = fields[i];
	sink->emit(sink->ctx, &ev);
}

/*
 * MM_EXPLAIN(&m->explain, "buddy_split", "expand", "mm/page_alloc.c",
 *	      { "order", high }, { "mt", migratetype });
 * The fields are evaluated only when a sink is attached.
 */
#define MM_EXPLAIN(sink, name, function, file, ...)				\
	do {									\
		const struct mm_explain_sink *mm_explain_sink_ = (sink);	\
		if (mm_explain_sink_->emit) {					\
			const struct mm_explain_field mm_explain_f_[] =		\
				{ { NULL, 0 }, __VA_ARGS__ };			\
			mm_explain_emit(mm_explain_sink_, name, function, file,	\
					mm_explain_f_ + 1,			\
					sizeof(mm_explain_f_) / sizeof(mm_explain_f_[0]) - 1); \
		}								\
	} while (0)

/* Whether anyone listens: guard for work done only to explain. */
static inline int mm_explaining(const struct mm_explain_sink *sink)
{
	return sink->emit != NULL;
}

#endif /* MM_EXPLAIN_H */
