/*
 * workloads/trace.h - reading numasim's text trace format (FORMAT.md).
 *
 * One event per line: [@TIME] VERB key=value ... [word ...]; '#' starts a
 * comment; the first non-blank, non-comment line is the header
 * "numasim-trace v1".  The reader only tokenizes: it knows no verbs.  The
 * engine (sim/engine.c) owns the verb table, so a new verb never touches the
 * reader.  Files may be gzip-compressed (read through zlib).
 *
 * A record's strings point into the reader's buffer and stay valid until the
 * next call to trace_reader_next().
 */
#ifndef WORKLOADS_TRACE_H
#define WORKLOADS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define TRACE_FORMAT_VERSION	1
#define TRACE_MAX_ARGS		32

struct trace_arg {
	const char *key;	/* NUL-terminated */
	const char *value;	/* NUL-terminated; NULL for a bare word */
};

struct trace_record {
	const char *file;	/* the name given to the reader, escaped (input.h) */
	unsigned long line;	/* 1-based */
	bool has_time;
	/*
	 * The verb, keys and values may be read eight bytes at a time from
	 * their first byte: the memory they sit in goes on for at least seven
	 * bytes past each one's NUL (the reader's buffer does; a record built
	 * by hand leaves this false).  The engine then compares names, and
	 * reads the digits of allocation names, a word at a time.
	 */
	bool word_readable;
	uint64_t time_ns;	/* @TIME, converted to nanoseconds */
	const char *verb;
	unsigned int nr_args;
	struct trace_arg args[TRACE_MAX_ARGS];
};

struct trace_reader;

/* Open a file ("-" for stdin).  Returns NULL with a message in err. */
struct trace_reader *trace_reader_open(const char *path, char *err, size_t errlen);

/*
 * Read from an open file descriptor (a pipe from a generator, say), which the
 * reader then owns; name labels messages.  NULL with a message in err.
 */
struct trace_reader *trace_reader_open_fd(const char *name, int fd, char *err, size_t errlen);

/* Read from a memory buffer (the embedded workload); name labels messages. */
struct trace_reader *trace_reader_open_memory(const char *name, const char *text, size_t len);

/*
 * Next record: 1 when one was read, 0 at the end, -1 on a syntax error with
 * "FILE:LINE: message" in err.
 */
int trace_reader_next(struct trace_reader *r, struct trace_record *rec, char *err, size_t errlen);

/*
 * Up to max records at once, for callers that look ahead (to prefetch):
 * every record's strings stay valid until the next call.  Returns the number
 * read (at least 1), 0 at the end, or -1 on an error (after the records
 * before it were returned by an earlier call), with "FILE:LINE: message".
 */
int trace_reader_next_batch(struct trace_reader *r, struct trace_record *recs,
			    unsigned int max, char *err, size_t errlen);

void trace_reader_close(struct trace_reader *r);

/*
 * How far reading has got, for a progress line: *done_bytes of the input
 * consumed (compressed bytes for a gzip file), of *total_bytes (the file's
 * size; 0 when unknown: a pipe, standard input).
 */
void trace_reader_position(const struct trace_reader *r, uint64_t *done_bytes,
			   uint64_t *total_bytes);

/* ---- helpers for verb handlers ---- */

/* The value of key, or NULL (bare words have no value). */
const char *trace_record_get(const struct trace_record *rec, const char *key);

/*
 * Parse an unsigned number: decimal, 0x hex, optional size suffix
 * K/M/G/T (binary) when allow_suffix.  Returns 0; -1 when text is not such
 * a number; -2 when it is one but does not fit 64 bits (so that callers
 * can call it out of range, not malformed).
 */
int trace_parse_u64(const char *text, bool allow_suffix, uint64_t *out);

/*
 * The decimal digits at p, up to eight, read as one word: *value gets
 * their number; returns how many there were (0 on a big-endian host,
 * where the caller's own byte loop takes them).  p must be readable for
 * eight bytes (a string of a record that is word_readable, say).  A time's
 * fraction or a numbered name, which a byte loop took one digit at a time.
 */
static inline unsigned int trace_digits8(const char *p, uint64_t *value)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t w, v, stop;
	unsigned int n;

	memcpy(&w, p, sizeof(w));
	/*
	 * A byte below '0' borrows from the byte after it and a byte above
	 * '9' may carry into it: either only disturbs bytes after the first
	 * non-digit, which the count ends at.
	 */
	v = w - '0' * ones;
	stop = (v | (v + (0x80 - 10) * ones)) & high;
	n = stop ? (unsigned int)__builtin_ctzll(stop) >> 3 : 8;
	if (n == 0) {
		*value = 0;
		return 0;
	}
	/* the n digits to the top bytes, as an eight-digit number with leading zeros */
	v <<= 8 * (8 - n);
	v = (v * 10 + (v >> 8)) & 0x00ff00ff00ff00ffull;
	v = (v * 100 + (v >> 16)) & 0x0000ffff0000ffffull;
	*value = (v * 10000 + (v >> 32)) & 0xffffffffull;
	return n;
#else
	*value = 0;
	return 0;
#endif
}

#endif /* WORKLOADS_TRACE_H */
