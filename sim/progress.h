/*
 * sim/progress.h - the progress line of a long replay or import.
 *
 * A replay of hundreds of millions of events takes minutes; a user at a
 * terminal wants to see it move.  When standard error is a terminal and a
 * replay (or `import ftrace`) has run for more than a second, one line on
 * standard error says how far it is: events done, their rate, and the
 * share of the input file read when the file's size is known.  The line is rewritten in place
 * (carriage return) a few times a second and erased when the replay ends,
 * so what the run prints afterwards starts on a clean line.  When standard
 * error is not a terminal (a pipe, a file, a test, CI) nothing is ever
 * written: outputs stay byte for byte what they were.
 *
 * The engine (the importer) calls progress_tick() after every batch of
 * records (every few thousand lines); it reads
 * the clock only every PROGRESS_CHECK_EVENTS events, so its cost is a
 * compare per batch.
 *
 * No kernel counterpart.
 */
#ifndef SIM_PROGRESS_H
#define SIM_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct trace_reader;
struct line_reader;

/* The clock is read once per this many events, at most. */
#define PROGRESS_CHECK_EVENTS	65536ul

/* How far a reader has got: *done_bytes of *total_bytes (0: unknown). */
typedef void (*progress_position_fn)(const void *reader, uint64_t *done_bytes,
				     uint64_t *total_bytes);

struct progress {
	bool enabled;			/* stderr is a terminal */
	bool shown;			/* a line is on the screen (erase it at the end) */
	int fd;				/* where the line goes */
	const char *label;		/* "replay", "import" */
	progress_position_fn position;	/* for the share read; may be NULL */
	const void *reader;		/* what position() is asked about */
	uint64_t start_ns;		/* monotonic clock at progress_start() */
	uint64_t next_ns;		/* do not write again before this */
	unsigned long next_check;	/* events at which to read the clock again */
};

/*
 * Start timing a replay that reads r (NULL: no share of a file).  The line
 * goes to fd, and only if fd is a terminal.
 */
void progress_start(struct progress *p, int fd, const struct trace_reader *r);

/*
 * The same for a reader of text lines (a kernel trace), the line labelled
 * label: "import", or "replay" when its events are replayed as they are read.
 */
void progress_start_lines(struct progress *p, int fd, const char *label,
			  const struct line_reader *r);

/* nr_events are done: write the line when it is due. */
void progress_tick(struct progress *p, unsigned long nr_events);

/* The replay is over: erase the line if one was written. */
void progress_finish(struct progress *p);

/*
 * The text of the line (without the carriage return): label, then
 * nr_events done in elapsed_ns, done_bytes of total_bytes read
 * (total_bytes 0: unknown).  Returns buf.
 */
char *progress_format(char *buf, size_t len, const char *label, unsigned long nr_events,
		      uint64_t elapsed_ns, uint64_t done_bytes, uint64_t total_bytes);

#endif /* SIM_PROGRESS_H */
