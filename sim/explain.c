/*
 * sim/explain.c - the narration: mm/'s explain events (mm/explain.h)
 * turned into sentences from the template tables (sim/explain.h), and
 * the collector that keeps them, indented by their _begin/_end nesting,
 * for `explain` in `numasim shell` and `numasim run --explain FILE`.
 *
 * This file knows formats (a migratetype's name, a zone's, kB, errno
 * names), never an area: every sentence lives in a template table.
 *
 * Invariants: a rendered line never holds a newline; depth never goes
 * below zero (an _end without its _begin prints at the outer level).
 *
 * No kernel counterpart.
 */
#include "sim/explain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hw/types.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/vmstat.h"
#include "workloads/trace.h"

#define EXPLAIN_LINE_MAX	1024
#define EXPLAIN_INDENT		"  "

/* ---- templates ---- */

const struct explain_template *explain_template_find(const char *name)
{
	static const struct explain_template *const tables[] = {
		explain_alloc_templates, explain_migrate_templates, explain_compact_templates,
	};

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct explain_template *e = tables[t]; e->name; e++)
			if (!strcmp(e->name, name))
				return e;
	return NULL;
}

/* ---- formats ---- */

/* A name from a table indexed by value, or NULL when out of range. */
static const char *name_in(const char *const *names, size_t nr, long value)
{
	return value >= 0 && (size_t)value < nr ? names[value] : NULL;
}

#define NAME_IN(table, value)	name_in(table, sizeof(table) / sizeof(table[0]), value)

static const char *const migrate_mode_names[] = {
	"MIGRATE_ASYNC", "MIGRATE_SYNC_LIGHT", "MIGRATE_SYNC", "MIGRATE_SYNC_NO_COPY",
};

/* As include/trace/events/migrate.h prints enum migrate_reason. */
static const char *const migrate_reason_names[] = {
	"compaction", "memory_failure", "memory_hotplug", "syscall_or_cpuset",
	"mempolicy_mbind", "numa_misplaced", "contig_range", "longterm_pin", "demotion",
};

/* enum compact_result, mm/compaction.h's order. */
static const char *const compact_result_names[] = {
	"COMPACT_NOT_SUITABLE_ZONE", "COMPACT_SKIPPED", "COMPACT_DEFERRED",
	"COMPACT_NO_SUITABLE_PAGE", "COMPACT_CONTINUE", "COMPACT_COMPLETE",
	"COMPACT_PARTIAL_SKIPPED", "COMPACT_CONTENDED", "COMPACT_SUCCESS",
};

static const char *const wmark_names[] = { "min", "low", "high", "promo" };

struct errno_name {
	int err;
	const char *name;
};

static const struct errno_name errno_names[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { ESRCH, "ESRCH" }, { EINTR, "EINTR" },
	{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
	{ EXDEV, "EXDEV" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" },
	{ ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" }, { ENODATA, "ENODATA" },
	{ EOVERFLOW, "EOVERFLOW" }, { EHWPOISON, "EHWPOISON" },
	{ 524, "ENOTSUPP" },	/* kernel-internal, include/linux/errno.h */
};

static int format_errno(char *buf, size_t len, long value)
{
	for (size_t i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (-value == errno_names[i].err)
			return snprintf(buf, len, "-%s", errno_names[i].name);
	return snprintf(buf, len, "%ld", value);
}

/* value as FORMAT into buf; an unknown format or value prints the number. */
static int format_value(char *buf, size_t len, const char *fmt, size_t fmt_len, long value)
{
	const char *name = NULL;

#define IS(f)	(fmt_len == sizeof(f) - 1 && !memcmp(fmt, f, fmt_len))
	if (IS("migratetype"))
		name = NAME_IN(migratetype_names, value);
	else if (IS("zone"))
		name = NAME_IN(zone_names, value);
	else if (IS("yesno"))
		name = value ? "yes" : "no";
	else if (IS("okfail"))
		name = value ? "passes" : "fails";
	else if (IS("kb"))
		return snprintf(buf, len, "%ld kB", value * (long)(PAGE_SIZE / 1024));
	else if (IS("mode"))
		name = NAME_IN(migrate_mode_names, value);
	else if (IS("reason"))
		name = NAME_IN(migrate_reason_names, value);
	else if (IS("compact"))
		name = NAME_IN(compact_result_names, value);
	else if (IS("wmark"))
		name = value >= 0 && value < NR_WMARK ? wmark_names[value] : "given";
	else if (IS("gfp"))
		return gfp_format(buf, len, (gfp_t)value);
	else if (IS("errno"))
		return format_errno(buf, len, value);
#undef IS
	if (name)
		return snprintf(buf, len, "%s", name);
	return snprintf(buf, len, "%ld", value);
}

/* ---- rendering ---- */

/* Appends to a bounded buffer, counting what would not fit. */
struct text {
	char *buf;
	size_t len, pos;
};

static void text_add(struct text *t, const char *s, size_t n)
{
	if (t->pos < t->len) {
		size_t room = t->len - t->pos - 1, k = n < room ? n : room;

		memcpy(t->buf + t->pos, s, k);
		t->buf[t->pos + k] = '\0';
	}
	t->pos += n;
}

static void text_str(struct text *t, const char *s)
{
	text_add(t, s, strlen(s));
}

static const struct mm_explain_field *field_of(const struct mm_explain_event *ev,
					       const char *key, size_t key_len)
{
	for (unsigned int i = 0; i < ev->nr_fields; i++)
		if (strlen(ev->fields[i].key) == key_len && !memcmp(ev->fields[i].key, key, key_len))
			return &ev->fields[i];
	return NULL;
}

/* One placeholder's body, "key" or "key:FORMAT", len bytes at p. */
static void render_placeholder(struct text *t, const struct mm_explain_event *ev,
			       const char *p, size_t len)
{
	const char *colon = memchr(p, ':', len);
	size_t key_len = colon ? (size_t)(colon - p) : len;
	const struct mm_explain_field *f = field_of(ev, p, key_len);
	char val[256];
	int n;

	if (!f) {
		text_str(t, "{");
		text_add(t, p, key_len);
		text_str(t, "?}");
		return;
	}
	if (colon)
		n = format_value(val, sizeof(val), colon + 1, len - key_len - 1, f->value);
	else
		n = snprintf(val, sizeof(val), "%ld", f->value);
	text_add(t, val, n < (int)sizeof(val) ? (size_t)n : sizeof(val) - 1);
}

static void render_template(struct text *t, const struct mm_explain_event *ev, const char *s)
{
	while (*s) {
		const char *open = strchr(s, '{'), *close;

		if (!open || !(close = strchr(open, '}'))) {
			text_str(t, s);
			return;
		}
		text_add(t, s, (size_t)(open - s));
		render_placeholder(t, ev, open + 1, (size_t)(close - open - 1));
		s = close + 1;
	}
}

int explain_render(char *buf, size_t len, const struct mm_explain_event *ev)
{
	const struct explain_template *tpl = explain_template_find(ev->name);
	struct text t = { buf, len, 0 };
	char num[32];

	if (len)
		buf[0] = '\0';
	if (!tpl) {
		text_str(&t, ev->function);
		text_str(&t, "(): ");
		text_str(&t, ev->name);
		for (unsigned int i = 0; i < ev->nr_fields; i++) {
			snprintf(num, sizeof(num), "=%ld", ev->fields[i].value);
			text_str(&t, " ");
			text_str(&t, ev->fields[i].key);
			text_str(&t, num);
		}
		return (int)t.pos;
	}
	render_template(&t, ev, tpl->text);
	text_str(&t, " [");
	text_str(&t, ev->function);
	text_str(&t, "(), ");
	text_str(&t, ev->file);
	text_str(&t, "]");
	return (int)t.pos;
}

/* ---- the collector ---- */

void explain_log_init(struct explain_log *log, FILE *out, size_t max_lines)
{
	memset(log, 0, sizeof(*log));
	log->out = out;
	log->max_lines = max_lines;
}

/* Keep or write one line, indented by levels. */
static void explain_log_add(struct explain_log *log, unsigned int levels, const char *text)
{
	char *line;
	size_t n;

	if (log->out) {
		for (unsigned int i = 0; i < levels; i++)
			fputs(EXPLAIN_INDENT, log->out);
		fprintf(log->out, "%s\n", text);
		return;
	}
	if (log->nr_lines >= log->max_lines) {
		log->dropped++;
		return;
	}
	if (log->nr_lines == log->cap_lines) {
		size_t cap = log->cap_lines ? 2 * log->cap_lines : 64;
		char **v = realloc(log->lines, cap * sizeof(*v));

		if (!v) {
			log->out_of_memory = true;
			return;
		}
		log->lines = v;
		log->cap_lines = cap;
	}
	n = levels * strlen(EXPLAIN_INDENT);
	line = malloc(n + strlen(text) + 1);
	if (!line) {
		log->out_of_memory = true;
		return;
	}
	for (unsigned int i = 0; i < levels; i++)
		memcpy(line + i * strlen(EXPLAIN_INDENT), EXPLAIN_INDENT, strlen(EXPLAIN_INDENT));
	strcpy(line + n, text);
	log->lines[log->nr_lines++] = line;
}

static bool name_ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n >= k && !memcmp(name + n - k, suffix, k);
}

/* The sink: an _end closes its level before it prints, a _begin opens one after. */
static void explain_log_emit(void *ctx, const struct mm_explain_event *ev)
{
	struct explain_log *log = ctx;
	char text[EXPLAIN_LINE_MAX];

	if (name_ends_with(ev->name, "_end") && log->depth)
		log->depth--;
	explain_render(text, sizeof(text), ev);
	explain_log_add(log, log->base_indent + log->depth, text);
	if (name_ends_with(ev->name, "_begin"))
		log->depth++;
}

void explain_log_attach(struct explain_log *log, struct machine *m)
{
	log->m = m;
	m->explain.emit = explain_log_emit;
	m->explain.ctx = log;
}

void explain_log_detach(struct explain_log *log)
{
	if (!log->m)
		return;
	log->m->explain.emit = NULL;
	log->m->explain.ctx = NULL;
	log->m = NULL;
}

void explain_log_clear(struct explain_log *log)
{
	for (size_t i = 0; i < log->nr_lines; i++)
		free(log->lines[i]);
	log->nr_lines = 0;
	log->dropped = 0;
	log->depth = 0;
	log->base_indent = 0;
	log->out_of_memory = false;
}

int explain_format_record(char *buf, size_t len, const struct trace_record *rec)
{
	struct text t = { buf, len, 0 };
	char num[48];

	if (len)
		buf[0] = '\0';
	snprintf(num, sizeof(num), ":%lu: ", rec->line);
	text_str(&t, rec->file);
	text_str(&t, num);
	if (rec->has_time) {
		snprintf(num, sizeof(num), "@%lluns ", (unsigned long long)rec->time_ns);
		text_str(&t, num);
	}
	text_str(&t, rec->verb);
	for (unsigned int i = 0; i < rec->nr_args; i++) {
		text_str(&t, " ");
		text_str(&t, rec->args[i].key);
		if (rec->args[i].value) {
			text_str(&t, "=");
			text_str(&t, rec->args[i].value);
		}
	}
	return (int)t.pos;
}

void explain_log_record(struct explain_log *log, const struct trace_record *rec)
{
	char text[EXPLAIN_LINE_MAX];

	explain_format_record(text, sizeof(text), rec);
	log->depth = 0;
	log->base_indent = 0;
	explain_log_add(log, 0, text);
	log->base_indent = 1;
}

void explain_log_print(const struct explain_log *log, FILE *f)
{
	for (size_t i = 0; i < log->nr_lines; i++)
		fprintf(f, "%s\n", log->lines[i]);
	if (log->dropped)
		fprintf(f, "... %zu more lines\n", log->dropped);
	if (log->out_of_memory)
		fprintf(f, "... (some lines lost: out of memory)\n");
}

void explain_log_release(struct explain_log *log)
{
	explain_log_detach(log);
	explain_log_clear(log);
	free(log->lines);
	log->lines = NULL;
	log->cap_lines = 0;
}
