/*
 * sim/tracefs.c - mm/'s trace events as the text of the tracefs "trace"
 * file (see tracefs.h for the contract).
 *
 * Each event becomes one line in the kernel's layout,
 *
 *          numasim-1       [001] .....     0.000042: mm_page_free: page=... pfn=0x1a2 order=0
 *
 * i.e. the task name right-aligned in 16 columns, "-PID" left-aligned in 8,
 * the CPU in three digits, the five latency-flag characters (none apply to
 * a simulated event, hence "....."), seconds.microseconds of the virtual
 * clock, the event name and the event's TP_printk text, which the event's
 * row of the tracepoint table prints (mm/trace_schema.h).
 *
 * Invariant: nr_entries equals the number of lines in body.
 *
 * Linux counterpart: trace_print_context()/print_event_info() in
 * kernel/trace/trace_output.c and trace.c.
 */
#include "sim/tracefs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/trace_events.h"
#include "mm/trace_schema.h"

#define TRACEFS_COMM		"numasim"
#define TRACEFS_PID		1
#define NSEC_PER_SEC		1000000000ull
#define NSEC_PER_USEC		1000ull
#define BODY_BUFFER_BYTES	(1u << 20)

struct tracefs {
	struct machine *m;
	const uint64_t *clock_ns;
	FILE *body;			/* the event lines, header not yet known */
	unsigned long nr_entries;
	int pageblock_order;		/* as the extfrag event prints it */
};

/* The header block tracefs prints above the lines (the nop tracer, irq info on). */
static const char tracefs_legend[] =
	"#\n"
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                               / _----=> need-resched\n"
	"#                              | / _---=> hardirq/softirq\n"
	"#                              || / _--=> preempt-depth\n"
	"#                              ||| / _-=> migrate-disable\n"
	"#                              |||| /     delay\n"
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#              | |         |   |||||     |         |\n";

/* The sink's emit(): one line per event, its text from the event's row. */
static void tracefs_emit(void *ctx, const struct mm_event *ev)
{
	struct tracefs *t = ctx;
	const struct tp_row *row = tp_row(ev->id);
	uint64_t now = *t->clock_ns, vals[TP_MAX_FIELDS];
	char text[768];

	if (!row)
		return;
	mm_event_record(t->m, ev, vals);
	tp_format(text, sizeof(text), row, vals, t->pageblock_order);
	fprintf(t->body, "%16s-%-7d [%03d] ..... %5llu.%06llu: %s: %s\n",
		TRACEFS_COMM, TRACEFS_PID, t->m->current_cpu,
		(unsigned long long)(now / NSEC_PER_SEC),
		(unsigned long long)(now % NSEC_PER_SEC / NSEC_PER_USEC),
		row->name, text);
	t->nr_entries++;
}

struct tracefs *tracefs_attach(struct machine *m, const uint64_t *clock_ns, uint64_t events,
			       char *err, size_t errlen)
{
	struct tracefs *t = calloc(1, sizeof(*t));

	if (!t) {
		snprintf(err, errlen, "numasim: out of memory");
		return NULL;
	}
	t->body = tmpfile();
	if (!t->body) {
		snprintf(err, errlen, "numasim: cannot create a temporary file: %s",
			 strerror(errno));
		free(t);
		return NULL;
	}
	setvbuf(t->body, NULL, _IOFBF, BODY_BUFFER_BYTES);
	t->m = m;
	t->clock_ns = clock_ns;
	/* Linux 6.1 prints min(pageblock_order, MAX_ORDER - 1). */
	t->pageblock_order = (int)m->pageblock_order < MAX_ORDER - 1 ?
			     (int)m->pageblock_order : MAX_ORDER - 1;
	m->sink.emit = tracefs_emit;
	m->sink.ctx = t;
	m->sink.enabled = events;
	return t;
}

unsigned long tracefs_nr_entries(const struct tracefs *t)
{
	return t->nr_entries;
}

void tracefs_discard(struct tracefs *t)
{
	if (!t)
		return;
	if (t->m->sink.ctx == t)
		memset(&t->m->sink, 0, sizeof(t->m->sink));
	if (t->body)
		fclose(t->body);
	free(t);
}

/* Copy the buffered lines behind the header. */
static int tracefs_copy_body(struct tracefs *t, FILE *out)
{
	char buf[1 << 16];
	size_t n;

	if (fflush(t->body) != 0 || fseek(t->body, 0, SEEK_SET) != 0)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), t->body)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return -1;
	return ferror(t->body) ? -1 : 0;
}

int tracefs_finish(struct tracefs *t, FILE *out, char *err, size_t errlen)
{
	int ret = 0;

	fprintf(out, "# tracer: nop\n#\n");
	fprintf(out, "# entries-in-buffer/entries-written: %lu/%lu   #P:%u\n",
		t->nr_entries, t->nr_entries, t->m->nr_cpus);
	fputs(tracefs_legend, out);
	if (tracefs_copy_body(t, out) != 0 || ferror(out)) {
		snprintf(err, errlen, "numasim: writing the trace events: %s", strerror(errno));
		ret = -1;
	}
	tracefs_discard(t);
	return ret;
}
