/*
 * sim/shell_explain.c - `explain` in `numasim shell`: the narration of
 * the last command that did something (sim/explain.h), each decision of
 * the kernel with its numbers and the function behind it.
 *
 * The session keeps one in-memory struct explain_log, attached to the
 * machine from boot to release.  Every command except explain itself,
 * show and help starts it afresh; a stepped trace record adds its own
 * line, so `step 3` shows which record took which decisions.
 *
 * No kernel counterpart.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/explain.h"
#include "sim/shell_internal.h"

void shell_explain_boot(struct shell *sh)
{
	sh->explain = malloc(sizeof(*sh->explain));
	if (!sh->explain)
		return;		/* the session goes on; explain says it has nothing */
	explain_log_init(sh->explain, NULL, EXPLAIN_SHELL_MAX_LINES);
	explain_log_attach(sh->explain, &sh->m);
}

void shell_explain_release(struct shell *sh)
{
	if (!sh->explain)
		return;
	explain_log_release(sh->explain);
	free(sh->explain);
	sh->explain = NULL;
}

void shell_explain_command(struct shell *sh, const char *command)
{
	static const char *const keep[] = { "explain", "show", "help" };

	if (!sh->explain)
		return;
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (!strcmp(command, keep[i]))
			return;
	explain_log_clear(sh->explain);
}

void shell_explain_record(struct shell *sh, const struct trace_record *rec)
{
	if (sh->explain)
		explain_log_record(sh->explain, rec);
}

int shell_explain(struct shell *sh, int nr)
{
	if (nr != 1)
		return shell_error(sh, "explain: takes no arguments");
	if (!sh->explain || (!sh->explain->nr_lines && !sh->explain->dropped)) {
		printf("nothing to explain\n");
		return 0;
	}
	explain_log_print(sh->explain, stdout);
	return 0;
}
