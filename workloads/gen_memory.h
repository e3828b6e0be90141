/*
 * workloads/gen_memory.h - running a trace writer into memory instead of
 * a file, for tests and for replays that generate their trace in-process;
 * and the name tables of the generators' modes.
 */
#ifndef WORKLOADS_GEN_MEMORY_H
#define WORKLOADS_GEN_MEMORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A generator's write function: 0, or -1 if the stream failed. */
typedef int (*gen_write_fn)(FILE *out, const void *params);

/*
 * Run write(out, params) into a heap buffer: *text (NUL-terminated, the
 * caller frees it) and *len.  0, or -1 with nothing allocated.
 */
int gen_write_memory(gen_write_fn write, const void *params, char **text, size_t *len);

/* The index of name in names[0..nr-1] (a generator's mode names), or -1. */
int gen_name_index(const char *const *names, int nr, const char *name);

/* names[index], or "?" when index is not in 0..nr-1. */
const char *gen_name_of(const char *const *names, int nr, int index);

/*
 * bytes as a trace size, in the largest binary unit that divides it
 * ("100M", "2G", "12K", "4097"), into buf.  Returns buf.
 */
char *gen_format_size(char *buf, size_t len, uint64_t bytes);

#endif /* WORKLOADS_GEN_MEMORY_H */
