/*
 * sim/message.c - one message line on stderr (sim/message.h).
 *
 * Invariant: whatever bytes a message holds, stderr gets exactly one line
 * of printable ASCII.  Escaping is idempotent on text the readers already
 * escaped (their escapes are printable), so a message may pass through
 * more than one layer.
 *
 * No kernel counterpart.
 */
#include "sim/message.h"

#include <stdio.h>

#include "workloads/input.h"

void sim_message_line(const char *msg)
{
	char esc[INPUT_ESCAPED_SIZE(MESSAGE_MAX)];

	fprintf(stderr, "%s\n", input_escape(esc, sizeof(esc), msg));
}

int sim_fail(int status, const char *msg)
{
	sim_message_line(msg);
	return status;
}
