/*
 * sim/lab_internal.h - what a lab is made of: its exercise sheet (setup,
 * the commands to run, questions with answers and reasoning) and a small
 * machine to compute the answers on.  sim/lab.c prints and checks sheets,
 * sim/lab_sheet.c builds them, sim/lab_session.c runs the machine, and
 * each sim/lab_NAME.c is one lab's generator.
 *
 * A generator is deterministic in its seed: it draws the scenario from
 * the seed (workloads/gen_random.h), runs it on a lab session exactly as
 * the shell would run the same commands, and reads the answers off the
 * machine.  A student who types the printed commands into `numasim shell`
 * (-c with the lab's config, when it has one) sees the same machine.
 *
 * No kernel counterpart.
 */
#ifndef SIM_LAB_INTERNAL_H
#define SIM_LAB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/mmzone.h"
#include "sim/engine.h"

#define LAB_MAX_QUESTIONS	16

struct lab_question {
	char *text;		/* the question */
	char *answer;		/* the expected answer, one line */
	char *why;		/* the reasoning, any number of lines */
};

struct lab_sheet {
	char *setup;		/* what the exercise is about: machine, scenario */
	char *commands;		/* the shell commands that build it, one a line */
	struct lab_question q[LAB_MAX_QUESTIONS];
	unsigned int nr;
	bool failed;		/* out of memory, or too many questions */
};

/* Append to the setup text, printf-style. */
void lab_setup(struct lab_sheet *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A new question, printf-style; NULL past LAB_MAX_QUESTIONS (marks failed). */
struct lab_question *lab_ask(struct lab_sheet *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Set q's answer (one line), printf-style; q may be NULL. */
void lab_answer(struct lab_sheet *s, struct lab_question *q, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append to q's reasoning, printf-style; q may be NULL. */
void lab_why(struct lab_sheet *s, struct lab_question *q, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record a shell command line in the sheet's command list. */
void lab_sheet_command(struct lab_sheet *s, const char *line);
void lab_sheet_release(struct lab_sheet *s);

/* A machine the lab runs its scenario on. */
struct lab_session {
	struct machine m;
	struct engine e;
	bool booted, engine_ready;
	unsigned long line;	/* commands run so far */
	struct lab_sheet *sheet;	/* where run commands are recorded */
	char msg[1024];		/* the last failure */
};

/*
 * Boot the lab's machine: config_json, or the shell's embedded machine
 * when NULL.  Commands run later are recorded in sheet's command list.
 * Returns 0, or -1 with the reason in s->msg.
 */
int lab_session_boot(struct lab_session *s, const char *config_json, struct lab_sheet *sheet);
/*
 * Run one shell line (a trace verb), printf-style, and record it.
 * Returns 0, or -1 with the reason in s->msg (a generator's bug: its
 * commands are its own).
 */
int lab_run(struct lab_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void lab_session_release(struct lab_session *s);

/*
 * A generator's frame: a zeroed state of state_size bytes whose first
 * member is its struct lab_session, booted on config_json (NULL: the
 * shell's machine) and recording into sheet, handed to run(state, arg),
 * released.  Returns 0, or -1 with "lab NAME: reason" in err.
 */
int lab_generate_on(struct lab_sheet *sheet, const char *name, const char *config_json,
		    size_t state_size, int (*run)(void *state, void *arg), void *arg, char *err,
		    size_t err_len);

/* Node nid's zone zid, NULL if the machine has no such zone. */
struct zone *lab_zone(struct lab_session *s, int nid, int zid);
/* The value /proc/vmstat shows on the line called name; 0 if there is none. */
unsigned long lab_vmstat(const struct lab_session *s, const char *name);
/* The zone's /proc/buddyinfo row: the free blocks per order, as "a b c ...". */
void lab_buddyinfo_row(const struct zone *zone, char *buf, size_t len);

struct lab {
	const char *name;	/* `numasim lab NAME` */
	const char *title;
	const char *doc;	/* its page, docs/labs/... */
	const char *config_json;	/* its machine; NULL: the shell's */
	/*
	 * Build the seeded exercise into sheet.  NULL when the lab has its
	 * page but no exercise generator yet.  Returns 0, or -1 with the
	 * reason in err (an internal error).
	 */
	int (*generate)(struct lab_sheet *sheet, uint64_t seed, char *err, size_t err_len);
};

/* The labs, in the order a course takes them (sim/lab_list.c). */
extern const struct lab *const lab_list[];
extern const size_t lab_list_len;

#endif /* SIM_LAB_INTERNAL_H */
