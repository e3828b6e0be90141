/*
 * sim/shell.c - `numasim shell`: boot a small machine, then read commands
 * one line at a time and run them (docs/cli.md, "numasim shell").
 *
 * A line is a shell command (help, quit, show, step, continue, until,
 * restart) or else a trace verb.  A verb line goes through the trace
 * reader and the engine exactly as a line of a trace file does in
 * `numasim run`, with "shell" as its file name and the command's number as
 * its line, so its messages read "shell:LINE: message".
 *
 * Standard input on a terminal gets GNU readline (prompt, editing,
 * history); anything else is read plainly, without a prompt, so a script
 * piped in prints only what its commands print.
 *
 * Invariants: a failed command leaves the session running (the engine's
 * verbs check their input before they change the machine); only an
 * internal error (a broken invariant) ends it.  Everything the session
 * holds is in struct shell and released by shell_release().
 *
 * No kernel counterpart.
 */
#include "sim/shell.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "sim/message.h"
#include "sim/run.h"
#include "sim/shell_internal.h"
#include "sim/verb_line.h"

#define SHELL_FILE	"shell"
#define SHELL_PROMPT	"numasim> "


static const char shell_help_text[] =
	"Commands:\n"
	"  VERB key=value ...   any trace verb (workloads/FORMAT.md), e.g.\n"
	"                       alloc id=a order=4 gfp=GFP_HIGHUSER_MOVABLE\n"
	"  show buddyinfo | pagetypeinfo | zoneinfo | vmstat | meminfo\n"
	"  show numa_maps PID   a task's /proc/PID/numa_maps\n"
	"  show page PFN        one page: flags, counts, order, pageblock, owner\n"
	"  show block N         pageblock N: its type and frames by state\n"
	"  show map [NODE]      the node's memory, a cell per page (or per pageblock)\n"
	"  show pte PID ADDR    the task's VMA and page-table entry for ADDR\n"
	"  step [N]             run the trace's next N events (default 1)\n"
	"  continue             run the rest of the trace\n"
	"  until LINE           run the trace's events up to line LINE\n"
	"  undo                 take back the last command that changed the machine\n"
	"  restart              boot the machine afresh and rewind the trace\n"
	"  explain              the last command's decisions, step by step, with the\n"
	"                       numbers behind them and the kernel function of each\n"
	"  help                 this text\n"
	"  quit                 leave (so does end of input)\n";

int shell_error(struct shell *sh, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%lu: ", SHELL_FILE, sh->line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	sh->failed = true;
	return -1;
}

/* ---- the session ---- */

static void shell_release(struct shell *sh)
{
	if (sh->engine_ready)
		engine_release(&sh->e);
	sh->engine_ready = false;
	if (sh->trace)
		trace_reader_close(sh->trace);
	sh->trace = NULL;
	sh->has_next = sh->trace_end = false;
	shell_explain_release(sh);
	if (sh->booted)
		machine_release(&sh->m);
	sh->booted = false;
}

/* Boot the machine, set up the engine, open the trace: an exit status. */
static int shell_boot(struct shell *sh)
{
	struct engine_opts eo = { 0 };
	char err[1024];
	int ret = sim_boot_machine_from(sh->opts.config, SIM_SHELL_CONFIG_NAME,
					sim_shell_config_json, sh->opts.policy, &sh->opts.sets,
					&sh->m);

	if (ret != EXIT_OK)
		return ret;
	sh->booted = true;
	shell_explain_boot(sh);
	sh->engine_ready = true;
	if (engine_init(&sh->e, &sh->m, &eo) != ENGINE_OK)
		return sim_fail(EXIT_INTERNAL, sh->e.msg);
	if (!sh->opts.trace)
		return EXIT_OK;
	sh->trace = trace_reader_open(sh->opts.trace, err, sizeof(err));
	return sh->trace ? EXIT_OK : sim_fail(EXIT_BAD_INPUT, err);
}

/* Run one record; a failure is reported (fatal for an internal error). */
static int shell_replay(struct shell *sh, const struct trace_record *rec)
{
	enum engine_status st = engine_replay_records(&sh->e, rec, 1);

	if (st == ENGINE_OK)
		return 0;
	fprintf(stderr, "%s\n", sh->e.msg);
	sh->failed = true;
	return st == ENGINE_INTERNAL ? SHELL_FATAL : -1;
}

/* A verb line: replayed as line sh->line of the trace "shell". */
static int shell_verb(struct shell *sh, const char *line)
{
	char msg[1024];
	enum engine_status st = sim_replay_line(&sh->e, SHELL_FILE, sh->line, line,
						msg, sizeof(msg));

	if (st == ENGINE_OK)
		return shell_history_verb(sh, line);
	fprintf(stderr, "%s\n", msg);
	sh->failed = true;
	return st == ENGINE_INTERNAL ? SHELL_FATAL : -1;
}

/* ---- stepping through TRACE ---- */

/* The trace's next record (NULL at its end, or after a reported error). */
static const struct trace_record *shell_peek(struct shell *sh)
{
	char err[1024];
	int ret;

	if (sh->has_next || sh->trace_end)
		return sh->has_next ? &sh->next : NULL;
	ret = trace_reader_next(sh->trace, &sh->next, err, sizeof(err));
	sh->has_next = ret == 1;
	sh->trace_end = ret != 1;
	if (ret < 0) {
		fprintf(stderr, "%s\n", err);
		sh->failed = true;
	}
	return sh->has_next ? &sh->next : NULL;
}

/* "FILE:LINE: [@TIMEns] verb key=value word": the line about to run, on stdout. */
static void shell_print_record(const struct trace_record *rec)
{
	printf("%s:%lu: ", rec->file, rec->line);
	if (rec->has_time)
		printf("@%lluns ", (unsigned long long)rec->time_ns);
	printf("%s", rec->verb);
	for (unsigned int i = 0; i < rec->nr_args; i++)
		printf(rec->args[i].value ? " %s=%s" : " %s", rec->args[i].key,
		       rec->args[i].value ? rec->args[i].value : "");
	putchar('\n');
}

/*
 * Run the trace's records while their line is at most last_line, at most
 * nr of them, counting in *done the records consumed.  quiet: print
 * nothing (undo's replay, whose messages were printed the first time).
 */
static int shell_trace_records(struct shell *sh, unsigned long nr, unsigned long last_line,
			       bool quiet, unsigned long *done)
{
	const struct trace_record *rec;
	int ret;

	for (; nr; nr--) {
		rec = shell_peek(sh);
		if (!rec) {
			if (!quiet)
				printf("end of trace\n");
			return 0;
		}
		if (rec->line > last_line)
			return 0;
		if (!quiet) {
			shell_print_record(rec);
			shell_explain_record(sh, rec);
		}
		sh->has_next = false;
		++*done;
		ret = quiet ? (engine_replay_records(&sh->e, rec, 1) == ENGINE_INTERNAL ?
			       SHELL_FATAL : 0) : shell_replay(sh, rec);
		if (ret)
			return ret;
	}
	return 0;
}

/* Run the trace's records (see shell_trace_records()) and record them for undo. */
static int shell_run_trace(struct shell *sh, unsigned long nr, unsigned long last_line)
{
	unsigned long done = 0;
	int ret;

	if (!sh->trace)
		return shell_error(sh, "no trace: give TRACE to 'numasim shell'");
	ret = shell_trace_records(sh, nr, last_line, false, &done);
	if (shell_history_trace(sh, done) && !ret)
		ret = -1;
	return ret;
}

int shell_replay_trace_quietly(struct shell *sh, unsigned long nr)
{
	unsigned long done = 0;

	return shell_trace_records(sh, nr, ULONG_MAX, true, &done);
}

/* A count or line number: digits, at least min. */
static int shell_number(struct shell *sh, const char *what, const char *text,
			unsigned long min, unsigned long *out)
{
	uint64_t v;

	if (trace_parse_u64(text, false, &v) != 0 || v < min || v > ULONG_MAX)
		return shell_error(sh, "%s: bad number '%s'", what, text);
	*out = (unsigned long)v;
	return 0;
}

static int shell_step(struct shell *sh, char **words, int nr)
{
	unsigned long n = 1;

	if (nr > 2)
		return shell_error(sh, "step: too many arguments (step [N])");
	if (nr == 2 && shell_number(sh, "step", words[1], 1, &n))
		return -1;
	return shell_run_trace(sh, n, ULONG_MAX);
}

static int shell_until(struct shell *sh, char **words, int nr)
{
	unsigned long line;

	if (nr != 2)
		return shell_error(sh, "until: needs a LINE of the trace (until LINE)");
	if (shell_number(sh, "until", words[1], 1, &line))
		return -1;
	return shell_run_trace(sh, ULONG_MAX, line);
}

int shell_reboot(struct shell *sh)
{
	shell_release(sh);
	return shell_boot(sh) == EXIT_OK ? 0 : -1;
}

static int shell_restart(struct shell *sh)
{
	shell_history_clear(sh);
	if (shell_reboot(sh))
		return SHELL_FATAL;
	printf("restarted\n");
	return 0;
}

/* ---- reading and dispatching ---- */

/*
 * Split line (changed in place) into words: the count, of which the first
 * SHELL_MAX_WORDS are stored (each command checks its count).
 */
static int shell_split(char *line, char **words)
{
	int nr = 0;

	for (char *w = strtok(line, " \t"); w; w = strtok(NULL, " \t"), nr++)
		if (nr < SHELL_MAX_WORDS)
			words[nr] = w;
	return nr;
}

/* One shell command of nr words; a trace verb when no command has the name. */
static int shell_command(struct shell *sh, const char *line, char **words, int nr)
{
	const char *w = words[0];

	shell_explain_command(sh, w);
	if (!strcmp(w, "explain"))
		return shell_explain(sh, nr);
	if (!strcmp(w, "help")) {
		fputs(shell_help_text, stdout);
		return 0;
	}
	if (!strcmp(w, "show"))
		return shell_show(sh, words, nr);
	if (!strcmp(w, "step"))
		return shell_step(sh, words, nr);
	if (!strcmp(w, "until"))
		return shell_until(sh, words, nr);
	if (!strcmp(w, "continue"))
		return nr == 1 ? shell_run_trace(sh, ULONG_MAX, ULONG_MAX) :
				 shell_error(sh, "continue: takes no arguments");
	if (!strcmp(w, "restart"))
		return nr == 1 ? shell_restart(sh) : shell_error(sh, "restart: takes no arguments");
	if (!strcmp(w, "undo"))
		return nr == 1 ? shell_undo(sh) : shell_error(sh, "undo: takes no arguments");
	return shell_verb(sh, line);
}

/* The next line (malloc'ed, no newline), NULL at the end of input. */
static char *shell_read_line(struct shell *sh)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (sh->interactive) {
		line = readline(SHELL_PROMPT);
		if (line && line[strspn(line, " \t")])
			add_history(line);
		return line;
	}
	len = getline(&line, &cap, stdin);
	if (len < 0) {
		free(line);
		return NULL;
	}
	line[strcspn(line, "\r\n")] = '\0';
	return line;
}

/* One line: 1 to go on, 0 for quit, SHELL_FATAL to end with status 3. */
static int shell_line(struct shell *sh, const char *line)
{
	char *copy = strdup(line), *words[SHELL_MAX_WORDS];
	int nr, ret = 1;

	if (!copy)
		return SHELL_FATAL;
	nr = shell_split(copy, words);
	if (nr > 0 && words[0][0] != '#') {
		if (!strcmp(words[0], "quit") || !strcmp(words[0], "exit"))
			ret = nr == 1 ? 0 : (shell_error(sh, "%s: takes no arguments", words[0]), 1);
		else
			ret = shell_command(sh, line, words, nr) == SHELL_FATAL ? SHELL_FATAL : 1;
	}
	free(copy);
	fflush(stdout);
	return ret;
}

int sim_shell(const struct shell_opts *o)
{
	struct shell *sh = calloc(1, sizeof(*sh));	/* struct machine is large */
	char *line;
	int ret;

	if (!sh)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	sh->opts = *o;
	sh->interactive = isatty(STDIN_FILENO);
	sh->color = !o->no_color && isatty(STDOUT_FILENO);
	ret = shell_boot(sh);
	while (ret == EXIT_OK && (line = shell_read_line(sh))) {
		sh->line++;
		ret = shell_line(sh, line);
		free(line);
		if (ret == 0)
			break;
		ret = ret == SHELL_FATAL ? EXIT_INTERNAL : EXIT_OK;
	}
	if (ret == EXIT_OK && sh->failed && !sh->interactive)
		ret = EXIT_BAD_INPUT;
	shell_release(sh);
	shell_history_clear(sh);
	free(sh);
	return ret;
}
