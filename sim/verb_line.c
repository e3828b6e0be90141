/*
 * sim/verb_line.c - one line of trace text, read and replayed on an
 * engine (sim/verb_line.h).
 *
 * The line goes through the trace reader as a one-record trace, so it is
 * checked exactly as a line of a trace file is, then its record is
 * renamed to the caller's file and line before the engine sees it: the
 * engine's messages then point at the caller's line.
 *
 * No kernel counterpart.
 */
#include "sim/verb_line.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workloads/trace.h"

#define VERB_LINE_HEADER	"numasim-trace v1\n"

/* The reader's message "FILE:2: text" without its position. */
static const char *reader_message(const char *err)
{
	const char *p = strstr(err, ": ");

	return p ? p + 2 : err;
}

enum engine_status sim_replay_line(struct engine *e, const char *file, unsigned long line,
				   const char *text, char *msg, size_t msg_len)
{
	size_t len = strlen(VERB_LINE_HEADER) + strlen(text) + 2;
	char *buf = malloc(len), err[1024];
	struct trace_reader *r = NULL;
	struct trace_record rec;
	enum engine_status st = ENGINE_BAD_INPUT;
	int ret = -1;

	snprintf(err, sizeof(err), "out of memory");
	if (buf) {
		snprintf(buf, len, "%s%s\n", VERB_LINE_HEADER, text);
		r = trace_reader_open_memory(file, buf, strlen(buf));
	}
	if (r)
		ret = trace_reader_next(r, &rec, err, sizeof(err));
	if (ret == 1) {
		rec.file = file;
		rec.line = line;
		st = engine_replay_records(e, &rec, 1);
		if (st != ENGINE_OK)
			snprintf(msg, msg_len, "%s", e->msg);
	} else {
		snprintf(msg, msg_len, "%s:%lu: %s", file, line,
			 ret == 0 ? "empty line" : reader_message(err));
	}
	if (r)
		trace_reader_close(r);
	free(buf);
	return st;
}
