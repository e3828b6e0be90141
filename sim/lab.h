/*
 * sim/lab.h - `numasim lab`: the teaching labs' seeded exercises
 * (docs/labs/, docs/cli.md "numasim lab").
 *
 * No kernel counterpart.
 */
#ifndef SIM_LAB_H
#define SIM_LAB_H

#include <stdbool.h>
#include <stdint.h>

struct lab_opts {
	const char *name;	/* NULL: list the labs */
	uint64_t seed;
	bool answers;		/* print the answers with their reasoning */
	bool commands;		/* print only the exercise's shell commands */
	bool config;		/* print only the lab machine's config */
	const char *check;	/* an answer file to check, or NULL */
};

/*
 * Print the list, an exercise, its answers, its commands or its config,
 * or check an answer file.  Returns the exit status: 0; 1 when --check
 * found a wrong or missing answer; 2 for an unknown lab or a bad answer
 * file (FILE:LINE: message); 3 when building the exercise broke the
 * simulator.
 */
int sim_lab(const struct lab_opts *o);

/* `numasim lab ...` (argv[0] is "lab"): an exit status (sim/lab_cli.c). */
int cmd_lab(int argc, char **argv);
extern const char lab_help[];

#endif /* SIM_LAB_H */
