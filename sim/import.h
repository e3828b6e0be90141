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

#include "workloads/ftrace.h"

struct import_opts {
	const char *input;		/* a file, or "-" */
	const char *output;		/* -o FILE; NULL or "-": standard output */
	bool skip_bad;			/* count malformed kmem lines instead of stopping */
	struct ftrace_kernel kernel;	/* --kernel, default 6.1 */
};

int sim_import_ftrace(const struct import_opts *o);

#endif /* SIM_IMPORT_H */
