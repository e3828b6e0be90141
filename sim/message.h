/*
 * sim/message.h - how a numasim command ends: an exit status and, when it
 * is not 0, one message line on stderr.
 *
 * The statuses are the contract of docs/cli.md: 0 success; 1 the host
 * failed us (an output could not be written), or for `numasim diff
 * --fail-over` differences beyond the limit; 2 bad input (usage, config,
 * trace); 3 the simulator found itself wrong (a broken invariant or an
 * MM_BUG_ON).  A message may quote what the user gave (a path, an option, a
 * profile name, a line of a trace): it is printed with every byte that is
 * not printable ASCII as "\xNN", so it stays one plain line on any
 * terminal.
 *
 * No kernel counterpart.
 */
#ifndef SIM_MESSAGE_H
#define SIM_MESSAGE_H

enum exit_status {
	EXIT_OK = 0,
	EXIT_HOST = 1,		/* output could not be written */
	EXIT_DIFF_OVER = 1,	/* numasim diff --fail-over: a difference beyond it */
	EXIT_BAD_INPUT = 2,
	EXIT_INTERNAL = 3,
};

/* The longest message line, before escaping. */
#define MESSAGE_MAX	2048

/* Print msg (cut at MESSAGE_MAX) escaped, as one line on stderr. */
void sim_message_line(const char *msg);

/* sim_message_line(msg), then return status: "return sim_fail(...)". */
int sim_fail(int status, const char *msg);

#endif /* SIM_MESSAGE_H */
