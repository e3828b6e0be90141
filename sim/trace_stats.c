/*
 * sim/trace_stats.c - `numasim trace stats` (trace_stats.h).
 *
 * The counts are the script's, per TASK-PID:
 *   allocd          mm_page_alloc events (blocks, whatever their order)
 *   allocd under lock  mm_page_alloc_zone_locked
 *   freed direct    mm_page_free (mm_page_free_direct before 3.3)
 *   freed pagevec   mm_page_free_batched (mm_pagevec_free before 3.3)
 *   pcpu pages drained  mm_page_pcpu_drain
 *   pcpu drains     runs of the process's mm_page_pcpu_drain events: a run
 *                   ends at the process's next event of another kind (or at
 *                   the trace's end)
 *   pcpu refills    runs the same way of mm_page_alloc_zone_locked events
 *                   with percpu_refill=1 (the script, older than the
 *                   field, took every zone_locked event for a refill)
 *   fallback        mm_page_alloc_extfrag
 *   causing         those with fragmenting=1 (fallback_order < pageblock_order)
 *   changed         those with change_ownership=1
 *   severe          fragmenting ones with fallback_order <= 3
 *   moderate        fragmenting ones with fallback_order > 3
 *   unknown         any other event
 * The script's regular expression predates the flags column and the hex
 * pfn, so on a 6.1 trace it matches no line; this reads both layouts.
 * Runs are followed per TASK-PID even with --ignore-pid, which then sums
 * the rows of a name, as the script's aggregate_perprocesspid() does.  An
 * empty name is NO_PROCESS_NAME.  Rows are sorted by name (the script's
 * order is Perl's hash order).
 *
 * Memory: one row per process and one counter per event name, never per
 * line.  Lines are cut in place by workloads/ftrace.c; a process is found
 * through a hash of its column's bytes, with the last one remembered.
 *
 * No kernel counterpart but the script.
 */
#include "sim/trace_stats.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/message.h"
#include "workloads/ftrace.h"
#include "workloads/line_reader.h"

enum stat_col {
	ST_ALLOC, ST_ALLOC_LOCKED, ST_FREE, ST_FREE_BATCHED, ST_PCPU_PAGES, ST_PCPU_DRAINS,
	ST_PCPU_REFILLS, ST_FALLBACK, ST_FALLBACK_FRAG, ST_FALLBACK_CHANGED,
	ST_FALLBACK_SEVERE, ST_FALLBACK_MODERATE, ST_UNKNOWN, ST_NR
};

/* JSON keys of the columns. */
static const char *const stat_keys[ST_NR] = {
	"pages_allocd", "pages_allocd_under_lock", "pages_freed_direct", "pages_freed_pagevec",
	"pcpu_pages_drained", "pcpu_drains", "pcpu_refills", "fragment_fallback",
	"fragment_causing", "migtype_changed", "fragment_severe", "fragment_moderate",
	"unknown",
};

/* One row: a TASK-PID, or a name. */
struct stat_row {
	char *name;
	size_t len;
	uint64_t hash;
	uint64_t v[ST_NR];
	bool draining, refilling;	/* a run of drains (refills) is open */
};

/* Rows by name: open addressing over indices into rows. */
struct stat_table {
	struct stat_row *rows;
	size_t nr, cap;
	int32_t *slots;			/* -1: empty */
	size_t mask;
	size_t last;			/* the row found last, a one-entry cache */
};

struct stats {
	const struct trace_stats_opts *opts;
	struct stat_table procs;
	struct stat_table events;	/* v[0]: how many of each (kmem: at the end) */
	uint64_t kmem_events[KMEM_NR_NAMES];
	uint64_t lines, nr_events, bad, lost;
	uint64_t first_ns, last_ns, min_ns, max_ns;
};

/* ---- the table ---- */

static uint64_t name_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h;
}

static int table_init(struct stat_table *t)
{
	memset(t, 0, sizeof(*t));
	t->mask = 255;
	t->slots = malloc((t->mask + 1) * sizeof(*t->slots));
	if (!t->slots)
		return -1;
	memset(t->slots, 0xff, (t->mask + 1) * sizeof(*t->slots));
	return 0;
}

static void table_release(struct stat_table *t)
{
	for (size_t i = 0; i < t->nr; i++)
		free(t->rows[i].name);
	free(t->rows);
	free(t->slots);
}

static void slot_insert(struct stat_table *t, int32_t idx)
{
	size_t i = t->rows[idx].hash & t->mask;

	while (t->slots[i] >= 0)
		i = (i + 1) & t->mask;
	t->slots[i] = idx;
}

static int table_grow(struct stat_table *t)
{
	size_t nr_slots = 2 * (t->mask + 1);
	int32_t *slots = malloc(nr_slots * sizeof(*slots));

	if (!slots)
		return -1;
	memset(slots, 0xff, nr_slots * sizeof(*slots));
	free(t->slots);
	t->slots = slots;
	t->mask = nr_slots - 1;
	for (size_t i = 0; i < t->nr; i++)
		slot_insert(t, (int32_t)i);
	return 0;
}

static struct stat_row *table_add(struct stat_table *t, const char *name, size_t len,
				  uint64_t h)
{
	struct stat_row *row;

	if ((2 * (t->nr + 1) > t->mask + 1 && table_grow(t)) || t->nr >= INT32_MAX)
		return NULL;
	if (t->nr == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct stat_row *rows = realloc(t->rows, cap * sizeof(*rows));

		if (!rows)
			return NULL;
		t->rows = rows;
		t->cap = cap;
	}
	row = &t->rows[t->nr];
	memset(row, 0, sizeof(*row));
	row->name = malloc(len + 1);
	if (!row->name)
		return NULL;
	memcpy(row->name, name, len);
	row->name[len] = '\0';
	row->len = len;
	row->hash = h;
	slot_insert(t, (int32_t)t->nr);
	t->last = t->nr++;
	return row;
}

/* The row called name, added with zero counts if new; NULL out of memory. */
static struct stat_row *table_get(struct stat_table *t, const char *name, size_t len)
{
	struct stat_row *row = t->nr ? &t->rows[t->last] : NULL;
	uint64_t h;

	if (row && row->len == len && !memcmp(row->name, name, len))
		return row;
	h = name_hash(name, len);
	for (size_t i = h & t->mask; t->slots[i] >= 0; i = (i + 1) & t->mask) {
		row = &t->rows[t->slots[i]];
		if (row->hash == h && row->len == len && !memcmp(row->name, name, len)) {
			t->last = (size_t)t->slots[i];
			return row;
		}
	}
	return table_add(t, name, len, h);
}

/* ---- counting ---- */

/* A run of drains (refills) ends at the process's next event of another kind. */
static void close_runs(struct stat_row *p, bool drain, bool refill)
{
	if (p->draining && !drain) {
		p->v[ST_PCPU_DRAINS]++;
		p->draining = false;
	}
	if (p->refilling && !refill) {
		p->v[ST_PCPU_REFILLS]++;
		p->refilling = false;
	}
}

static void count_fallback(struct stat_row *p, const struct ftrace_kmem *k)
{
	p->v[ST_FALLBACK]++;
	if (k->fragmenting) {
		p->v[ST_FALLBACK_FRAG]++;
		p->v[k->fallback_order <= 3 ? ST_FALLBACK_SEVERE : ST_FALLBACK_MODERATE]++;
	}
	if (k->change_ownership)
		p->v[ST_FALLBACK_CHANGED]++;
}

/*
 * The percpu_refill= a zone_locked line ends with, as every kernel that
 * prints it does, without decoding the rest; false if it does not end so.
 * (Stats reads only the fields it counts: the other fields of a
 * zone_locked line are not checked here, as the script never read them.)
 */
static bool refill_flag(const struct ftrace_line *l, bool *refill)
{
	static const char key[] = " percpu_refill=";
	size_t n = sizeof(key) - 1;
	const char *end = l->fields + l->fields_len;

	if (l->fields_len < n + 1 || (end[-1] != '0' && end[-1] != '1') ||
	    memcmp(end - 1 - n, key, n))
		return false;
	*refill = end[-1] == '1';
	return true;
}

/*
 * One kmem event of process p.  Only the events whose counts need a field
 * are decoded.  Returns 0, or 1 for malformed fields (the reason in msg).
 */
static int count_kmem(struct stat_row *p, int name, const struct ftrace_line *l,
		      char *msg, size_t msglen)
{
	enum ftrace_kmem_kind kind = ftrace_kmem_kind_of(name);
	struct ftrace_kmem k;
	bool refill = false;

	if (kind == KMEM_PAGE_ALLOC_ZONE_LOCKED && refill_flag(l, &refill)) {
		/* the common case read at the line's end; else the full decoder */
	} else if (kind == KMEM_PAGE_ALLOC_ZONE_LOCKED || kind == KMEM_PAGE_ALLOC_EXTFRAG) {
		if (ftrace_kmem_decode(name, l->fields, l->fields_len, &k, msg, msglen))
			return 1;
		refill = kind == KMEM_PAGE_ALLOC_ZONE_LOCKED && k.percpu_refill;
	}
	switch (kind) {
	case KMEM_PAGE_ALLOC: p->v[ST_ALLOC]++; break;
	case KMEM_PAGE_FREE: p->v[ST_FREE]++; break;
	case KMEM_PAGE_FREE_BATCHED: p->v[ST_FREE_BATCHED]++; break;
	case KMEM_PAGE_ALLOC_ZONE_LOCKED: p->v[ST_ALLOC_LOCKED]++; break;
	case KMEM_PAGE_PCPU_DRAIN: p->v[ST_PCPU_PAGES]++; break;
	default: count_fallback(p, &k); break;
	}
	close_runs(p, kind == KMEM_PAGE_PCPU_DRAIN, refill);
	p->draining |= kind == KMEM_PAGE_PCPU_DRAIN;
	p->refilling |= refill;
	return 0;
}

static void note_time(struct stats *s, uint64_t ns)
{
	if (s->nr_events == 1)
		s->first_ns = s->min_ns = s->max_ns = ns;
	s->last_ns = ns;
	if (ns < s->min_ns)
		s->min_ns = ns;
	if (ns > s->max_ns)
		s->max_ns = ns;
}

/* One event line.  Returns 0, 1 malformed (msg), -1 out of memory. */
static int count_event(struct stats *s, const struct ftrace_line *l, char *msg, size_t msglen)
{
	int name = ftrace_kmem_name_index(l->event, l->event_len);
	struct stat_row *p = table_get(&s->procs, l->task, l->task_len);
	struct stat_row *e;
	int ret;

	if (!p)
		return -1;
	if (name < 0) {
		e = table_get(&s->events, l->event, l->event_len);
		if (!e)
			return -1;
		e->v[0]++;
		p->v[ST_UNKNOWN]++;
		close_runs(p, false, false);
	} else if ((ret = count_kmem(p, name, l, msg, msglen)) != 0) {
		return ret;
	} else {
		s->kmem_events[name]++;
	}
	s->nr_events++;
	note_time(s, l->time_ns);
	return 0;
}

static int bad_line(struct stats *s, const struct line_reader *r, const char *msg,
		    char *err, size_t errlen)
{
	s->bad++;
	if (s->opts->skip_bad)
		return 0;
	snprintf(err, errlen, "%s:%lu: %s", line_reader_name(r), line_reader_line(r), msg);
	return -1;
}

static int count_lines(struct stats *s, struct line_reader *r, char *err, size_t errlen)
{
	char *line, msg[512];
	const char *why = NULL;
	struct ftrace_line l;
	size_t len;
	int ret;

	while ((ret = line_reader_next(r, &line, &len, err, errlen)) == 1) {
		s->lines++;
		switch (ftrace_parse_line(line, len, &l, &why)) {
		case FTRACE_LINE_SKIP:
			continue;
		case FTRACE_LINE_LOST:
			s->lost += l.lost;
			continue;
		case FTRACE_LINE_BAD:
			if (bad_line(s, r, why, err, errlen))
				return -1;
			continue;
		case FTRACE_LINE_EVENT:
			break;
		}
		ret = count_event(s, &l, msg, sizeof(msg));
		if (ret < 0) {
			snprintf(err, errlen, "numasim: out of memory");
			return -1;
		}
		if (ret > 0 && bad_line(s, r, msg, err, errlen))
			return -1;
	}
	return ret;
}

/* ---- the report ---- */

/* The script's dump_stats(): a run still open at the end counts. */
static void close_all_runs(struct stat_table *t)
{
	for (size_t i = 0; i < t->nr; i++)
		close_runs(&t->rows[i], false, false);
}

/* "TASK-PID" without "-PID": the script's s/-([0-9])*$//. */
static size_t name_without_pid(const struct stat_row *row)
{
	size_t n = row->len;

	while (n > 0 && row->name[n - 1] >= '0' && row->name[n - 1] <= '9')
		n--;
	return n > 0 && row->name[n - 1] == '-' ? n - 1 : row->len;
}

/* --ignore-pid: the rows of each name summed into by_name. */
static int aggregate_names(const struct stat_table *procs, struct stat_table *by_name)
{
	for (size_t i = 0; i < procs->nr; i++) {
		const struct stat_row *p = &procs->rows[i];
		size_t n = name_without_pid(p);
		struct stat_row *row = n ? table_get(by_name, p->name, n)
					 : table_get(by_name, "NO_PROCESS_NAME", 15);

		if (!row)
			return -1;
		for (int c = 0; c < ST_NR; c++)
			row->v[c] += p->v[c];
	}
	return 0;
}

static int row_cmp(const void *a, const void *b)
{
	const struct stat_row *x = *(const struct stat_row *const *)a;
	const struct stat_row *y = *(const struct stat_row *const *)b;

	return strcmp(x->name, y->name);
}

/* The rows of t sorted by name (malloc'ed), and their sum into total. */
static const struct stat_row **sorted_rows(const struct stat_table *t, struct stat_row *total)
{
	const struct stat_row **v = malloc((t->nr + 1) * sizeof(*v));

	memset(total, 0, sizeof(*total));
	total->name = "Total";
	if (!v)
		return NULL;
	for (size_t i = 0; i < t->nr; i++) {
		v[i] = &t->rows[i];
		for (int c = 0; c < ST_NR; c++)
			total->v[c] += t->rows[i].v[c];
	}
	qsort(v, t->nr, sizeof(*v), row_cmp);
	return v;
}

static void print_time(FILE *f, uint64_t ns)
{
	fprintf(f, "%" PRIu64 ".%06" PRIu64, ns / 1000000000u, ns % 1000000000u / 1000);
}

#define ROW_FMT	"%-*s %8s %10s   %8s %8s   %8s %8s %8s   %8s %8s %8s %8s %8s %8s\n"

static void print_row(int width, const struct stat_row *r)
{
	printf("%-*s", width, r->name);
	for (int c = 0; c < ST_NR; c++)
		printf(c == ST_ALLOC_LOCKED ? " %10" PRIu64 : c == ST_FREE || c == ST_PCPU_PAGES ||
		       c == ST_FALLBACK ? "   %8" PRIu64 : " %8" PRIu64, r->v[c]);
	printf("\n");
}

/* The script's table (its three header lines and columns), then ours. */
static void print_text(const struct stats *s, const struct stat_table *t)
{
	struct stat_row total;
	const struct stat_row **v = sorted_rows(t, &total);
	const struct stat_row **ev;
	struct stat_row ev_total;
	int width = 7;

	for (size_t i = 0; i < t->nr; i++)
		if ((int)t->rows[i].len > width)
			width = (int)t->rows[i].len;
	width += 2;
	printf("\n" ROW_FMT, width, "Process", "Pages", "Pages", "Pages", "Pages", "PCPU", "PCPU",
	       "PCPU", "Fragment", "Fragment", "MigType", "Fragment", "Fragment", "Unknown");
	printf(ROW_FMT, width, "details", "allocd", "allocd", "freed", "freed", "pages", "drains",
	       "refills", "Fallback", "Causing", "Changed", "Severe", "Moderate", "");
	printf(ROW_FMT, width, "", "", "under lock", "direct", "pagevec", "drain", "", "", "", "",
	       "", "", "", "");
	for (size_t i = 0; v && i < t->nr; i++)
		print_row(width, v[i]);
	print_row(width, &total);
	printf("\nEvents:\n");
	ev = sorted_rows(&s->events, &ev_total);
	for (size_t i = 0; ev && i < s->events.nr; i++)
		printf("  %-32s %10" PRIu64 "\n", ev[i]->name, ev[i]->v[0]);
	printf("  %-32s %10" PRIu64 "\n", "total", s->nr_events);
	printf("\nLines: %" PRIu64 ", bad lines: %" PRIu64 ", lost events: %" PRIu64 "\n",
	       s->lines, s->bad, s->lost);
	printf("Time: ");
	print_time(stdout, s->min_ns);
	printf(" to ");
	print_time(stdout, s->max_ns);
	printf(" (");
	print_time(stdout, s->max_ns - s->min_ns);
	printf(" s)\n");
	free(v);
	free(ev);
}

static json_t *row_json(const struct stat_row *r, const char *key)
{
	json_t *o = json_object();

	if (key)
		json_object_set_new(o, key, json_string(r->name));
	for (int c = 0; c < ST_NR; c++)
		json_object_set_new(o, stat_keys[c], json_integer((json_int_t)r->v[c]));
	return o;
}

static json_t *seconds_json(uint64_t ns)
{
	return json_real((double)ns / 1e9);
}

static int print_json(const struct stats *s, const struct stat_table *t)
{
	struct stat_row total, ev_total;
	const struct stat_row **v = sorted_rows(t, &total);
	const struct stat_row **ev = sorted_rows(&s->events, &ev_total);
	json_t *root = json_object(), *rows = json_array(), *events = json_object();
	json_t *time = json_object();
	int ret;

	for (size_t i = 0; v && i < t->nr; i++)
		json_array_append_new(rows, row_json(v[i], "process"));
	for (size_t i = 0; ev && i < s->events.nr; i++)
		json_object_set_new(events, ev[i]->name, json_integer((json_int_t)ev[i]->v[0]));
	json_object_set_new(time, "first", seconds_json(s->min_ns));
	json_object_set_new(time, "last", seconds_json(s->max_ns));
	json_object_set_new(time, "span", seconds_json(s->max_ns - s->min_ns));
	json_object_set_new(root, "file", json_string(s->opts->input));
	json_object_set_new(root, "ignore_pid", json_boolean(s->opts->ignore_pid));
	json_object_set_new(root, "lines", json_integer((json_int_t)s->lines));
	json_object_set_new(root, "events", json_integer((json_int_t)s->nr_events));
	json_object_set_new(root, "bad_lines", json_integer((json_int_t)s->bad));
	json_object_set_new(root, "lost_events", json_integer((json_int_t)s->lost));
	json_object_set_new(root, "time", time);
	json_object_set_new(root, "processes", rows);
	json_object_set_new(root, "totals", row_json(&total, NULL));
	json_object_set_new(root, "events_by_name", events);
	ret = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	printf("\n");
	json_decref(root);
	free(v);
	free(ev);
	return ret;
}

/* The status of the printing: 1 with a message if stdout could not take it. */
static int ret_or_stdout_error(int json_ret)
{
	if (json_ret || fflush(stdout) || ferror(stdout))
		return sim_fail(EXIT_HOST, "numasim: standard output: write error");
	return EXIT_OK;
}

static int report(struct stats *s)
{
	struct stat_table by_name;
	const struct stat_table *t = &s->procs;
	int ret = 0;

	close_all_runs(&s->procs);
	for (int i = 0; i < KMEM_NR_NAMES; i++) {
		const char *name = ftrace_kmem_name(i);
		struct stat_row *e = s->kmem_events[i] ?
				     table_get(&s->events, name, strlen(name)) : NULL;

		if (e)
			e->v[0] = s->kmem_events[i];
	}
	if (table_init(&by_name))
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	if (s->opts->ignore_pid) {
		if (aggregate_names(&s->procs, &by_name)) {
			table_release(&by_name);
			return sim_fail(EXIT_HOST, "numasim: out of memory");
		}
		t = &by_name;
	}
	if (s->opts->json)
		ret = print_json(s, t);
	else
		print_text(s, t);
	ret = ret_or_stdout_error(ret);
	table_release(&by_name);
	return ret;
}

int sim_trace_stats(const struct trace_stats_opts *o)
{
	struct stats s;
	struct line_reader *r;
	char err[1024];
	int ret;

	memset(&s, 0, sizeof(s));
	s.opts = o;
	if (table_init(&s.procs) || table_init(&s.events)) {
		table_release(&s.procs);
		table_release(&s.events);
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	}
	r = line_reader_open(o->input, err, sizeof(err));
	if (!r)
		ret = sim_fail(EXIT_BAD_INPUT, err);
	else if (count_lines(&s, r, err, sizeof(err)))
		ret = sim_fail(EXIT_BAD_INPUT, err);
	else
		ret = report(&s);
	line_reader_close(r);
	table_release(&s.procs);
	table_release(&s.events);
	return ret;
}
