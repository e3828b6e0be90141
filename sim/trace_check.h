/*
 * sim/trace_check.h - `numasim trace check`: validate a numasim trace
 * (workloads/FORMAT.md) without replaying it, and print its statistics:
 * events per verb, time span, peak live pages of the page allocator's
 * verbs, processes, snapshots.  docs/cli.md is its manual.
 *
 * What is checked: the reader's syntax (workloads/trace.c) and, per
 * record, that the verb is one the engine serves and that its keys and
 * flag words are the verb's (the engine's verb rows, sim/verbs.c).  Values
 * are the replay's to check: a trace that passes may still stop a replay
 * (an order of 11, a free of an id never allocated).
 *
 * No kernel counterpart.
 */
#ifndef SIM_TRACE_CHECK_H
#define SIM_TRACE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "sim/gen_cli.h"

struct trace_check_opts {
	const char *input;	/* a file (plain or gzip), or "-" */
	bool json;
};

extern const char trace_check_usage[];
extern const char trace_check_help[];

/* Read, check and print on stdout.  Returns the exit status (0, 1, 2). */
int sim_trace_check(const struct trace_check_opts *o);

/* argv[0] is "check": parse, then (GEN_CLI_OK) run, its exit status in *status. */
enum gen_cli_status trace_check_cli(int argc, char **argv, int *status, char *err,
				    size_t errlen);

#endif /* SIM_TRACE_CHECK_H */
