/*
 * sim/import.h - `numasim import ftrace`: the kernel's page allocator
 * events (tracefs or trace-cmd text) converted into a numasim trace
 * (workloads/FORMAT.md), one line per demand.  docs/cli.md is its manual.
 *
 * sim/main.c parses the options into a struct import_opts; sim_import_ftrace()
 * does the rest and returns the exit status: 0, 1 the output could not be
 * written, 2 bad input (FILE:LINE: message; nothing written).
 *
 * No kernel counterpart (its input is the text of include/trace/events/kmem.h).
 */
#ifndef SIM_IMPORT_H
#define SIM_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "workloads/ftrace.h"

struct import_opts {
	const char *input;		/* a file, or "-" */
	const char *output;		/* -o FILE; NULL or "-": standard output */
	bool skip_bad;			/* count malformed kmem lines instead of stopping */
	struct ftrace_kernel kernel;	/* --kernel, default 6.1 */
};

int sim_import_ftrace(const struct import_opts *o);

struct engine;
struct line_reader;

/*
 * `numasim run --ftrace`: the events of r's kernel trace replayed on e as
 * they are read, the records the import would write as text handed to the
 * engine in batches (no text in between).  o->output is not used.  The
 * import's summary goes to summary at the end (NULL: none).  Returns 0, or the
 * exit status with the message in err: 2 a bad line (FILE:LINE of the
 * kernel trace) or a bad event for the engine, 1 or 3 as the engine's
 * failures are.
 */
int import_replay(const struct import_opts *o, struct line_reader *r, struct engine *e,
		  FILE *summary, char *err, size_t errlen);

#endif /* SIM_IMPORT_H */
