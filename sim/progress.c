/*
 * sim/progress.c - the progress line of a long replay or import (see
 * progress.h).
 *
 * Invariants: nothing is written unless the descriptor is a terminal; no
 * line before PROGRESS_DELAY_NS of replay, then at most one per
 * PROGRESS_PERIOD_NS; once a line was written, progress_finish() erases it.
 *
 * No kernel counterpart.
 */
#include "sim/progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "workloads/line_reader.h"
#include "workloads/trace.h"

#define NSEC_PER_SEC		1000000000ull
/* The first line after a second of replay; a shorter one shows nothing. */
#define PROGRESS_DELAY_NS	NSEC_PER_SEC
/* Then a new line this often: fast enough to see it move, rarely enough to cost nothing. */
#define PROGRESS_PERIOD_NS	(NSEC_PER_SEC / 4)
/* Carriage return, the text, then erase what a longer earlier line left. */
#define ERASE_TO_EOL		"\033[K"

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

static void trace_position(const void *reader, uint64_t *done_bytes, uint64_t *total_bytes)
{
	trace_reader_position(reader, done_bytes, total_bytes);
}

static void lines_position(const void *reader, uint64_t *done_bytes, uint64_t *total_bytes)
{
	line_reader_position(reader, done_bytes, total_bytes);
}

static void progress_begin(struct progress *p, int fd, const char *label,
			   progress_position_fn position, const void *reader)
{
	memset(p, 0, sizeof(*p));
	p->enabled = isatty(fd) == 1;
	p->fd = fd;
	p->label = label;
	p->position = reader ? position : NULL;
	p->reader = reader;
	p->next_check = PROGRESS_CHECK_EVENTS;
	if (!p->enabled)
		return;
	p->start_ns = monotonic_ns();
	p->next_ns = p->start_ns + PROGRESS_DELAY_NS;
}

void progress_start(struct progress *p, int fd, const struct trace_reader *r)
{
	progress_begin(p, fd, "replay", trace_position, r);
}

void progress_start_lines(struct progress *p, int fd, const char *label,
			  const struct line_reader *r)
{
	progress_begin(p, fd, label, lines_position, r);
}

/* "1.23 M" for 1234567: three significant digits are all a glance takes in. */
static void format_count(char *buf, size_t len, double v)
{
	if (v >= 1e9)
		snprintf(buf, len, "%.2f G ", v / 1e9);
	else if (v >= 1e6)
		snprintf(buf, len, "%.2f M ", v / 1e6);
	else if (v >= 1e3)
		snprintf(buf, len, "%.1f k ", v / 1e3);
	else
		snprintf(buf, len, "%.0f ", v);
}

char *progress_format(char *buf, size_t len, const char *label, unsigned long nr_events,
		      uint64_t elapsed_ns, uint64_t done_bytes, uint64_t total_bytes)
{
	double seconds = (double)elapsed_ns / (double)NSEC_PER_SEC;
	char events[32], rate[32];
	int n;

	format_count(events, sizeof(events), (double)nr_events);
	format_count(rate, sizeof(rate), seconds > 0 ? (double)nr_events / seconds : 0);
	n = snprintf(buf, len, "%s: %sevents, %sevents/s", label, events, rate);
	if (total_bytes && n >= 0 && (size_t)n < len) {
		uint64_t done = done_bytes < total_bytes ? done_bytes : total_bytes;

		snprintf(buf + n, len - (size_t)n, ", %llu%% of the trace",
			 (unsigned long long)(done * 100 / total_bytes));
	}
	return buf;
}

static void progress_write(struct progress *p, const char *text)
{
	/* A terminal that went away is no reason to stop the replay. */
	if (write(p->fd, text, strlen(text)) < 0)
		p->enabled = false;
}

void progress_tick(struct progress *p, unsigned long nr_events)
{
	uint64_t now, done = 0, total = 0;
	char line[160], text[176];

	if (!p->enabled || nr_events < p->next_check)
		return;
	p->next_check = nr_events + PROGRESS_CHECK_EVENTS;
	now = monotonic_ns();
	if (now < p->next_ns)
		return;
	p->next_ns = now + PROGRESS_PERIOD_NS;
	if (p->position)
		p->position(p->reader, &done, &total);
	progress_format(line, sizeof(line), p->label, nr_events, now - p->start_ns, done, total);
	snprintf(text, sizeof(text), "\r%s" ERASE_TO_EOL, line);
	progress_write(p, text);
	p->shown = true;
}

void progress_finish(struct progress *p)
{
	if (p->enabled && p->shown)
		progress_write(p, "\r" ERASE_TO_EOL);
	p->shown = false;
}
