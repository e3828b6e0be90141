/*
 * tests/fuzz/ftrace_input.c - the fuzz runner of the kernel trace text
 * reader: workloads/line_reader.c, the line parser and the kmem decoder of
 * workloads/ftrace.c (fuzz_ftrace_input(), tests/fuzz/fuzz_inputs.h).
 *
 * The rules checked on every line:
 *   - every part the parser hands out lies inside the line, the task is
 *     "COMM-PID" with the pid's digits after comm_len, the event name is
 *     not empty and holds no blank;
 *   - a bad line comes with a reason; a kmem event either decodes or gives
 *     a message that starts with the event's name;
 *   - a decoded event keeps to its kernel's ranges: orders 0..10,
 *     migratetypes 0..15, a failed allocation only for mm_page_alloc, a gfp
 *     text inside the line for mm_page_alloc.
 *
 * No kernel counterpart: test scaffolding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz_inputs.h"
#include "tests/fuzz/fuzz_util.h"
#include "workloads/ftrace.h"
#include "workloads/line_reader.h"

static bool inside(const char *p, size_t len, const char *line, size_t line_len)
{
	return p >= line && p + len <= line + line_len;
}

static const char *check_event(const struct ftrace_line *l, const char *line, size_t len)
{
	if (!inside(l->task, l->task_len, line, len) || !inside(l->event, l->event_len, line, len) ||
	    !inside(l->fields, l->fields_len, line, len))
		return "a part outside its line";
	if (l->comm_len + 2 > l->task_len || l->task[l->comm_len] != '-')
		return "the task is not COMM-PID";
	for (size_t i = 0; i < l->event_len; i++)
		if (l->event[i] == ' ' || l->event[i] == '\t')
			return "a blank in the event name";
	return l->event_len ? NULL : "an empty event name";
}

static const char *check_kmem(int name, const struct ftrace_line *l)
{
	struct ftrace_kmem k;
	char err[256] = "";
	const char *ev = ftrace_kmem_name(name);

	if (ftrace_kmem_decode(name, l->fields, l->fields_len, &k, err, sizeof(err)))
		return strncmp(err, ev, strlen(ev)) || err[strlen(ev)] != ':' ?
		       "a decoder message without the event's name" : NULL;
	if (k.order > FTRACE_MAX_ORDER || k.migratetype > 15 || k.alloc_mt > 15 ||
	    k.fallback_mt > 15 || k.alloc_order < 0 || k.alloc_order > FTRACE_MAX_ORDER ||
	    k.fallback_order < 0 || k.fallback_order > FTRACE_MAX_ORDER)
		return "a decoded value out of its range";
	if (k.failed && k.kind != KMEM_PAGE_ALLOC)
		return "a failed event other than mm_page_alloc";
	if (k.kind == KMEM_PAGE_ALLOC && (!k.gfp_len ||
	    !inside(k.gfp, k.gfp_len, l->fields, l->fields_len)))
		return "a gfp text outside the fields";
	return NULL;
}

enum fuzz_verdict fuzz_ftrace_input(const char *name, const uint8_t *data, size_t size,
				    char *msg, size_t msglen)
{
	struct line_reader *r = line_reader_open_memory(name, (const char *)data, size);
	enum fuzz_verdict v = FUZZ_ACCEPTED;
	char *line, err[512];
	size_t len;
	int ret;

	if (!r)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "out of memory");
	while (v != FUZZ_BROKEN && (ret = line_reader_next(r, &line, &len, err, sizeof(err))) == 1) {
		struct ftrace_line l;
		const char *why = NULL, *broken = NULL;
		int kmem;

		switch (ftrace_parse_line(line, len, &l, &why)) {
		case FTRACE_LINE_BAD:
			broken = why ? NULL : "a bad line without a reason";
			v = broken ? v : FUZZ_REFUSED;
			break;
		case FTRACE_LINE_EVENT:
			broken = check_event(&l, line, len);
			kmem = ftrace_kmem_name_index(l.event, l.event_len);
			if (!broken && kmem >= 0)
				broken = check_kmem(kmem, &l);
			break;
		default:
			break;
		}
		if (broken)
			v = fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "%s:%lu: %s", name,
					     line_reader_line(r), broken);
	}
	line_reader_close(r);
	return v;
}
