/*
 * sim/shell_internal.h - what the files of `numasim shell` share: the
 * session (machine, engine, the trace being stepped) and the error report.
 * sim/shell.c reads and dispatches commands, sim/shell_show.c prints the
 * views of `show`, sim/shell_map.c draws `show map`, sim/shell_explain.c
 * keeps and prints the narration of `explain`.
 *
 * No kernel counterpart.
 */
#ifndef SIM_SHELL_INTERNAL_H
#define SIM_SHELL_INTERNAL_H

#include <stdbool.h>

#include "mm/mmzone.h"
#include "sim/engine.h"
#include "sim/shell.h"
#include "workloads/trace.h"

/* What a command returns besides 0 and -1: the session must end. */
#define SHELL_FATAL	(-3)

/* A command that changed the machine: a verb line, or a run of the trace. */
struct shell_step {
	char *verb;			/* the verb line, or NULL for a run of the trace */
	unsigned long nr_records;	/* the trace's records it consumed */
	unsigned long cmd_line;		/* the shell line that ran it */
};

/* What undo replays (sim/shell_undo.c). */
struct shell_history {
	struct shell_step *steps;
	size_t nr, cap;
};

/* The most words a shell command (not a trace verb) has. */
#define SHELL_MAX_WORDS	8

struct shell {
	struct shell_opts opts;
	struct machine m;
	bool booted;
	struct engine e;
	bool engine_ready;
	struct trace_reader *trace;	/* with TRACE */
	struct trace_record next;	/* the trace's next record, when has_next */
	bool has_next, trace_end;
	unsigned long line;		/* of the command being run, 1-based */
	bool interactive;		/* standard input is a terminal */
	bool color;			/* ANSI colours on standard output */
	bool failed;			/* some command failed */
	struct shell_history history;
	struct explain_log *explain;	/* the last command's narration, once booted */
};

/* "shell:LINE: message" on stderr; marks the session failed; returns -1. */
int shell_error(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Boot a fresh machine and rewind the trace: 0, or -1 (reported). */
int shell_reboot(struct shell *sh);
/* Replay the trace's next nr records without printing them: 0, or SHELL_FATAL. */
int shell_replay_trace_quietly(struct shell *sh, unsigned long nr);

/* Record a command that changed the machine: 0, or -1 (reported). */
int shell_history_verb(struct shell *sh, const char *line);
int shell_history_trace(struct shell *sh, unsigned long nr_records);
void shell_history_clear(struct shell *sh);
/* undo: rebuild the machine without the last recorded command. */
int shell_undo(struct shell *sh);

/* show WHAT [ARG] (words[0] is "show"); 0 or -1 (reported). */
int shell_show(struct shell *sh, char **words, int nr);

/* show pte PID ADDR: the VMA and the leaf page-table entry of ADDR (sim/shell_pte.c). */
int shell_show_pte(struct shell *sh, const char *pid, const char *addr);

/* show map [NODE]: node nid's memory, a cell per page or per pageblock. */
int shell_map(struct shell *sh, int nid);

/* explain (sim/shell_explain.c): the narration kept from boot to release. */
struct explain_log;
void shell_explain_boot(struct shell *sh);
void shell_explain_release(struct shell *sh);
/* A command begins: all but explain, show and help start a fresh narration. */
void shell_explain_command(struct shell *sh, const char *command);
/* A stepped trace record is about to run: its line heads what it narrates. */
void shell_explain_record(struct shell *sh, const struct trace_record *rec);
/* explain (nr words): print the last command's narration. */
int shell_explain(struct shell *sh, int nr);

#endif /* SIM_SHELL_INTERNAL_H */
