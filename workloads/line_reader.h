/*
 * workloads/line_reader.h - a streaming reader of text lines from a plain
 * or gzip-compressed file, standard input or memory, for the importers of
 * the kernel's own text (workloads/ftrace.h).
 *
 * Memory stays one chunk whatever the file's size: lines are handed out
 * in place, NUL-terminated, valid until the next call.  A line may hold at
 * most LINE_READER_MAX_BYTES bytes (its LF included).
 */
#ifndef WORKLOADS_LINE_READER_H
#define WORKLOADS_LINE_READER_H

#include <stddef.h>
#include <stdint.h>

#define LINE_READER_MAX_BYTES	((size_t)1 << 20)

struct line_reader;

/* Open path ("-": standard input).  NULL with "PATH: cannot open: ..." in err. */
struct line_reader *line_reader_open(const char *path, char *err, size_t errlen);

/* Read a copy of text (for tests and the fuzzer); name labels messages. */
struct line_reader *line_reader_open_memory(const char *name, const char *text, size_t len);

/*
 * The next line without its LF (and the CR of a CRLF): 1 with *line and
 * *len set, 0 at the end, -1 with "FILE:LINE: message" in err (a read
 * error, a corrupt or truncated gzip stream, a line too long).  After an
 * error every call fails the same way.
 */
int line_reader_next(struct line_reader *r, char **line, size_t *len, char *err, size_t errlen);

/* The 1-based number of the line last handed out; the name, escaped. */
unsigned long line_reader_line(const struct line_reader *r);
const char *line_reader_name(const struct line_reader *r);

/*
 * How far reading has got, for a progress line: *done_bytes of the input
 * consumed (compressed bytes for a gzip file), of *total_bytes (the file's
 * size; 0 when unknown: a pipe, standard input).
 */
void line_reader_position(const struct line_reader *r, uint64_t *done_bytes,
			  uint64_t *total_bytes);

void line_reader_close(struct line_reader *r);

#endif /* WORKLOADS_LINE_READER_H */
