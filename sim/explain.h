/*
 * sim/explain.h - sentences for the events of mm/explain.h, and the
 * narration they make: `explain` in `numasim shell`, `run --explain FILE`.
 *
 * A template is the sentence for one event name.  It names the event's
 * fields in braces, {key} for the number as it is or {key:FORMAT} for one
 * of these formats:
 *
 *   migratetype  Unmovable, Movable, Reclaimable, HighAtomic, CMA, Isolate
 *   zone         the zone's name (the field is a zone index, zid)
 *   yesno        "yes" / "no"
 *   okfail       "passes" / "fails"
 *   kb           a number of pages, printed as kB
 *   mode         a migrate_mode (MIGRATE_ASYNC ...)
 *   reason       a migrate_reason (compaction, syscall_or_cpuset ...)
 *   compact      a compact_result (COMPACT_SKIPPED ...)
 *   gfp          gfp flags, as the kernel's tracepoints print them
 *   errno        a negative errno, by its name (-EAGAIN ...)
 *   wmark        a zone watermark (enum zone_watermarks): min, low, high,
 *                promo; anything else: "given"
 *
 * The narration ends each sentence with the event's kernel function and
 * file, " [function(), file]": a template leaves them out.  A {key} the
 * event lacks prints as "{key?}", so a slip shows.
 *
 * Each area keeps its sentences in its own table, ended by a { NULL }
 * entry: allocation and free (sim/explain_alloc.c), migration
 * (sim/explain_migrate.c), compaction, CMA and offlining
 * (sim/explain_compact.c).  An event nobody wrote a sentence for prints
 * as "function(): name key=value ...".
 *
 * No kernel counterpart.
 */
#ifndef SIM_EXPLAIN_H
#define SIM_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "mm/explain.h"

struct explain_template {
	const char *name;	/* the event's name */
	const char *text;	/* its sentence, with {key} and {key:FORMAT} */
};

extern const struct explain_template explain_alloc_templates[];
extern const struct explain_template explain_migrate_templates[];
extern const struct explain_template explain_compact_templates[];

struct machine;
struct trace_record;

/* The template of an event name, from any of the three tables; NULL if none. */
const struct explain_template *explain_template_find(const char *name);

/*
 * The sentence of ev, without indentation, its function and file
 * appended; the fallback form without a template.  snprintf semantics.
 */
int explain_render(char *buf, size_t len, const struct mm_explain_event *ev);

/*
 * A narration: the rendered lines of what mm/ emitted while attached,
 * each indented by its _begin/_end nesting.  Either kept in memory (out
 * NULL: at most max_lines lines, the rest counted) or written to out as
 * they come (no cap; write errors surface when the caller closes out).
 */
struct explain_log {
	FILE *out;
	char **lines;
	size_t nr_lines, cap_lines;
	size_t max_lines;		/* in memory; beyond it, counted in dropped */
	size_t dropped;
	unsigned int depth;		/* open _begin levels */
	unsigned int base_indent;	/* levels under a record's line */
	bool out_of_memory;		/* a line was lost to malloc */
	struct machine *m;		/* attached to, or NULL */
};

#define EXPLAIN_SHELL_MAX_LINES	2000

void explain_log_init(struct explain_log *log, FILE *out, size_t max_lines);
/* Make log m's explain sink; explain_log_detach() undoes it. */
void explain_log_attach(struct explain_log *log, struct machine *m);
void explain_log_detach(struct explain_log *log);
/* Forget every line (the next operation starts afresh). */
void explain_log_clear(struct explain_log *log);
/* A trace record's "FILE:LINE: [@TIMEns] verb key=value" line; what follows is under it. */
void explain_log_record(struct explain_log *log, const struct trace_record *rec);
/* Print the kept lines to f, then "... N more lines" if some were dropped. */
void explain_log_print(const struct explain_log *log, FILE *f);
/* Detach and free everything. */
void explain_log_release(struct explain_log *log);

/* rec as "FILE:LINE: [@TIMEns] verb key=value word" (no newline); snprintf semantics. */
int explain_format_record(char *buf, size_t len, const struct trace_record *rec);

#endif /* SIM_EXPLAIN_H */
