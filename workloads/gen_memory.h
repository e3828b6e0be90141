/*
 * workloads/gen_memory.h - running a trace writer into memory instead of
 * a file, for tests and for replays that generate their trace in-process.
 */
#ifndef WORKLOADS_GEN_MEMORY_H
#define WORKLOADS_GEN_MEMORY_H

#include <stddef.h>
#include <stdio.h>

/* A generator's write function: 0, or -1 if the stream failed. */
typedef int (*gen_write_fn)(FILE *out, const void *params);

/*
 * Run write(out, params) into a heap buffer: *text (NUL-terminated, the
 * caller frees it) and *len.  0, or -1 with nothing allocated.
 */
int gen_write_memory(gen_write_fn write, const void *params, char **text, size_t *len);

#endif /* WORKLOADS_GEN_MEMORY_H */
