/*
 * sim/shell_undo.c - `undo` in `numasim shell`: take back the last
 * command that changed the machine.
 *
 * The machine keeps no journal, so undo rebuilds: it boots the machine
 * afresh and replays, silently, every command of the history but the
 * last.  That is exact because a replay is deterministic (the same
 * commands on the same config give the same machine, byte for byte), and
 * cheap on the shell's small machines: its cost grows with the history,
 * not with the machine.
 *
 * Invariants: the history holds the commands that changed the machine,
 * in order: verb lines that succeeded, and runs of the trace (how many
 * of its records they replayed).  Failed commands change nothing and
 * are not recorded; `restart` empties the history.
 *
 * No kernel counterpart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/shell_internal.h"
#include "sim/verb_line.h"

static struct shell_step *history_push(struct shell *sh)
{
	struct shell_history *h = &sh->history;
	struct shell_step *grown;

	if (h->nr == h->cap) {
		grown = realloc(h->steps, (h->cap ? 2 * h->cap : 16) * sizeof(*grown));
		if (!grown)
			return NULL;
		h->steps = grown;
		h->cap = h->cap ? 2 * h->cap : 16;
	}
	h->steps[h->nr] = (struct shell_step){ .cmd_line = sh->line };
	return &h->steps[h->nr++];
}

int shell_history_verb(struct shell *sh, const char *line)
{
	struct shell_step *s = history_push(sh);

	if (!s || !(s->verb = strdup(line))) {
		if (s)
			sh->history.nr--;
		return shell_error(sh, "out of memory: undo will not reach past this command");
	}
	return 0;
}

int shell_history_trace(struct shell *sh, unsigned long nr_records)
{
	struct shell_step *s;

	if (!nr_records)
		return 0;
	s = history_push(sh);
	if (!s)
		return shell_error(sh, "out of memory: undo will not reach past this command");
	s->nr_records = nr_records;
	return 0;
}

void shell_history_clear(struct shell *sh)
{
	for (size_t i = 0; i < sh->history.nr; i++)
		free(sh->history.steps[i].verb);
	free(sh->history.steps);
	memset(&sh->history, 0, sizeof(sh->history));
}

/* Replay step s on the fresh machine; 0, or -1 with the reason printed. */
static int replay_step(struct shell *sh, const struct shell_step *s)
{
	char msg[1024];

	if (s->verb) {
		if (sim_replay_line(&sh->e, "shell", s->cmd_line, s->verb, msg, sizeof(msg)) ==
		    ENGINE_OK)
			return 0;
		fprintf(stderr, "%s\n", msg);
		return -1;
	}
	return shell_replay_trace_quietly(sh, s->nr_records);
}

int shell_undo(struct shell *sh)
{
	struct shell_step last;

	if (!sh->history.nr) {
		printf("nothing to undo\n");
		return 0;
	}
	last = sh->history.steps[--sh->history.nr];
	if (shell_reboot(sh))
		return SHELL_FATAL;
	for (size_t i = 0; i < sh->history.nr; i++)
		if (replay_step(sh, &sh->history.steps[i]))
			return SHELL_FATAL;	/* a replay that differs: a bug of ours */
	shell_explain_command(sh, "undo");	/* the replay is not undo's to explain */
	if (last.verb)
		printf("undone: line %lu: %s\n", last.cmd_line, last.verb);
	else
		printf("undone: line %lu: %lu event%s of the trace\n", last.cmd_line,
		       last.nr_records, last.nr_records == 1 ? "" : "s");
	free(last.verb);
	return 0;
}
