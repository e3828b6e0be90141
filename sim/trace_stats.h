/*
 * sim/trace_stats.h - `numasim trace stats`: the page allocator's events of
 * a kernel trace summed per process, as the kernel's
 * Documentation/trace/postprocess/trace-pagealloc-postprocess.pl sums
 * them, plus totals, the events per name and the trace's time span.
 * docs/cli.md is its manual.
 *
 * No kernel counterpart but that script.
 */
#ifndef SIM_TRACE_STATS_H
#define SIM_TRACE_STATS_H

#include <stdbool.h>

struct trace_stats_opts {
	const char *input;	/* a file, or "-" */
	bool ignore_pid;	/* one row per process name */
	bool json;
	bool skip_bad;		/* count malformed lines instead of stopping */
};

/* Read, sum and print on stdout.  Returns the exit status (0, 1, 2). */
int sim_trace_stats(const struct trace_stats_opts *o);

#endif /* SIM_TRACE_STATS_H */
