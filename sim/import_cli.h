/*
 * sim/import_cli.h - the options of `numasim import ftrace` and `numasim
 * trace stats` (docs/cli.md).  sim/main.c dispatches the two commands
 * here for the parsing, then runs sim_import_ftrace() or sim_trace_stats().
 *
 * No kernel counterpart.
 */
#ifndef SIM_IMPORT_CLI_H
#define SIM_IMPORT_CLI_H

#include <stddef.h>

#include "sim/gen_cli.h"
#include "sim/import.h"
#include "sim/trace_stats.h"

extern const char import_ftrace_usage[];
extern const char import_ftrace_help[];
extern const char trace_stats_usage[];
extern const char trace_stats_help[];

/*
 * argv[0] is "ftrace" (import) or "stats" (trace).  On GEN_CLI_USAGE, err
 * holds the message without the "numasim: " prefix.
 */
enum gen_cli_status import_ftrace_parse_args(int argc, char **argv, struct import_opts *o,
					     char *err, size_t errlen);
enum gen_cli_status trace_stats_parse_args(int argc, char **argv, struct trace_stats_opts *o,
					   char *err, size_t errlen);

/*
 * Parse, then (GEN_CLI_OK) run the command: sim_import_ftrace() or
 * sim_trace_stats(), its exit status in *status.
 */
enum gen_cli_status import_ftrace_cli(int argc, char **argv, int *status, char *err,
				      size_t errlen);
enum gen_cli_status trace_stats_cli(int argc, char **argv, int *status, char *err,
				    size_t errlen);

#endif /* SIM_IMPORT_CLI_H */
