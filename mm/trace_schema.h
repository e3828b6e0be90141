/*
 * mm/trace_schema.h - the tracepoint table (mm/trace_points.h) as data a
 * program can walk: one row per event with its fields and its print format,
 * the text of an event as TP_printk prints it, and that text read back.
 *
 * A record is what the kernel's ring buffer holds for one event: one
 * uint64_t per field of the row, in field order, signed fields sign-extended
 * (so an int -1 is UINT64_MAX), pfn -1 for "no page", migratetypes as the
 * kernel numbers them.  tp_format() prints a record; tp_parse() reads the
 * text back into one, so parse(format(r)) == r for every field the format
 * prints (a SYM field reads back as a pointer to its word), and
 * format(parse(t)) == t for text the kernel printed (with page=%p as a
 * kernel booted with no_hash_pointers prints it).
 *
 * The header needs nothing of mm/ but the table, so an importer of recorded
 * traces can use it as well as sim/'s tracefs writer.
 *
 * Linux counterpart: the events' format files (events/<sys>/<name>/format)
 * and trace_event_printf()/trace_print_flags_seq()/trace_print_symbols_seq()
 * in kernel/trace/trace_output.c.
 */
#ifndef MM_TRACE_SCHEMA_H
#define MM_TRACE_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "mm/trace_points.h"

/* The most fields of any row (mm_vmscan_lru_shrink_inactive). */
#define TP_MAX_FIELDS	13

/* Field kinds: see mm/trace_points.h. */
enum tp_kind {
	TP_KIND_S32, TP_KIND_U32, TP_KIND_S64, TP_KIND_U64, TP_KIND_BOOL,
	TP_KIND_MT, TP_KIND_PTR, TP_KIND_SYM, TP_KIND_STR,
};

/* Printers: see mm/trace_points.h. */
enum tp_printer {
	TP_PR_NUM, TP_PR_PAGE, TP_PR_PAGE_OR_NULL, TP_PR_PFN_OR_ZERO, TP_PR_GFP,
	TP_PR_PAGEBLOCK_ORDER, TP_PR_FRAGMENTING, TP_PR_SYNC_MODE, TP_PR_ZONE,
	TP_PR_COMPACT_STATUS, TP_PR_MIGRATE_MODE, TP_PR_MIGRATE_REASON, TP_PR_LRU,
	TP_PR_RECLAIM_FLAGS, TP_PR_THROTTLE_FLAGS, TP_PR_POW2, TP_PR_PTR, TP_PR_SYMBOL,
	TP_PR_STR,
	TP_PR_NR
};

struct tp_field {
	const char *name;
	const char *ctype;		/* as the format file spells it */
	enum tp_kind kind;
};

/* One conversion of the format: which field it prints, and how. */
struct tp_arg {
	int field;			/* index in fields; -1: none (K() in the table) */
	enum tp_printer printer;
};

struct tp_row {
	const char *name;
	enum mm_event_id id;
	enum mm_trace_subsys subsys;
	const char *fmt;		/* TP_printk's format string */
	const struct tp_field *fields;
	unsigned int nr_fields;
	const struct tp_arg *args;	/* one per conversion of fmt */
	unsigned int nr_args;
};

/* A value a symbolic printer names (or, for flags, a bit mask). */
struct tp_sym {
	uint64_t value;
	const char *name;
};

/* The row of an event id (NULL past MM_EV_NR), or of an event name. */
const struct tp_row *tp_row(enum mm_event_id id);
const struct tp_row *tp_row_by_name(const char *name, size_t len);

/* A field's index in its row, or -1. */
int tp_field_index(const struct tp_row *row, const char *name);

/* "kmem", "compaction", ...; the subsystem of a name, or -1. */
const char *tp_subsys_name(enum mm_trace_subsys sys);
int tp_subsys_by_name(const char *name, size_t len);

/*
 * The names a symbolic or flags printer uses, in the kernel's order; NULL
 * (and *nr 0) for the others.  GFP's names are mm/gfp.c's gfp_names.
 */
const struct tp_sym *tp_printer_symbols(enum tp_printer pr, size_t *nr);

/*
 * Print a record of row as its TP_printk does.  pageblock_order is the
 * value the kernel prints for it: min(pageblock_order, MAX_ORDER - 1).
 * Returns the length of the text (snprintf semantics: may exceed len).
 */
int tp_format(char *buf, size_t len, const struct tp_row *row, const uint64_t *vals,
	      int pageblock_order);

/*
 * Read the fields text of an event line (what follows "name: ", without
 * the newline) into vals[nr_fields].  Fields the format does not print
 * read as 0; a SYM field's value points at its word in text.  Returns 0,
 * or -1 with *bad (if bad is not NULL) the offset in text where it stopped
 * matching.
 */
int tp_parse(const struct tp_row *row, const char *text, uint64_t *vals, size_t *bad);

/* ---- for sinks of mm/'s events ---- */

struct machine;
struct mm_event;

/* The record of an event mm/ emitted (its migratetypes renumbered for m). */
void mm_event_record(const struct machine *m, const struct mm_event *ev, uint64_t *vals);

#endif /* MM_TRACE_SCHEMA_H */
