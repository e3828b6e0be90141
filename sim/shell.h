/*
 * sim/shell.h - `numasim shell`: an interactive prompt over a small
 * simulated machine (docs/cli.md, "numasim shell").
 *
 * No kernel counterpart.
 */
#ifndef SIM_SHELL_H
#define SIM_SHELL_H

#include <stdbool.h>

#include "sim/config.h"

struct shell_opts {
	const char *config;		/* NULL: the embedded shell machine */
	const char *policy;		/* NULL: the config's */
	struct sim_config_sets sets;
	bool no_color;
	const char *trace;		/* NULL: no trace to step through */
};

/*
 * Boot the machine and read commands from standard input until quit or
 * EOF.  Returns the exit status: 0; 2 when the machine does not boot, or
 * when standard input is not a terminal and some command failed; 3 when
 * the simulator found itself wrong.
 */
int sim_shell(const struct shell_opts *o);

#endif /* SIM_SHELL_H */
