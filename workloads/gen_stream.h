/*
 * workloads/gen_stream.h - a page cache stream as a trace: `numasim gen
 * stream`.
 *
 * One task writes a file sequentially in chunks (dd bs=CHUNK), fsyncs it,
 * and (mode both) reads it back, or reads a file of that size (mode
 * read).  A stream larger than memory is the simplest load that makes
 * reclaim keep up with the page cache: every chunk needs fresh pages,
 * and only the clean tail of the file is worth keeping.
 *
 * The output is a pure function of the parameters (no randomness).
 */
#ifndef WORKLOADS_GEN_STREAM_H
#define WORKLOADS_GEN_STREAM_H

#include <stdint.h>
#include <stdio.h>

#define GEN_STREAM_PID		1000u
#define GEN_STREAM_MAX_BYTES	(1ull << 44)	/* the largest file (16 TiB) */
#define GEN_STREAM_MAX_CHUNK	(1ull << 30)
#define GEN_STREAM_NAME_MAX	64u
#define GEN_STREAM_MAX_RATE	(1ull << 20)	/* MiB/s: 1 TiB/s */
#define GEN_STREAM_MAX_CPU	4095u

enum gen_stream_mode { GEN_STREAM_READ, GEN_STREAM_WRITE, GEN_STREAM_BOTH, GEN_STREAM_NR_MODES };

extern const char *const gen_stream_mode_names[GEN_STREAM_NR_MODES];

struct gen_stream_params {
	uint64_t size_bytes;		/* the file; 0: 3 x ram_bytes */
	uint64_t ram_bytes;		/* the machine's memory (MemTotal) */
	uint64_t chunk_bytes;		/* one read(2) or write(2) */
	enum gen_stream_mode mode;
	const char *file;		/* the file's name */
	unsigned int pid, cpu;
	uint64_t rate_mib_s;		/* MiB/s the events are spaced for; 0: untimed */
};

/* 1 MiB chunks, mode write, file "stream", pid 1000 on CPU 0, untimed. */
void gen_stream_default_params(struct gen_stream_params *p);

/* A size left 0: three times the machine's memory. */
void gen_stream_size_from_ram(struct gen_stream_params *p);

/* The read or write calls of one pass over the file: size / chunk, rounded up. */
uint64_t gen_stream_nr_calls(const struct gen_stream_params *p);

/* Whether name can be a file of a trace: [A-Za-z0-9_./-], 1 to 64 bytes, no leading '.'. */
int gen_stream_name_ok(const char *name);

/* NULL if p is usable, else a message naming the bad parameter. */
const char *gen_stream_check(const struct gen_stream_params *p);

/* Write the trace to out (params is a struct gen_stream_params): 0, or -1. */
int gen_stream_writer(FILE *out, const void *params);

#endif /* WORKLOADS_GEN_STREAM_H */
