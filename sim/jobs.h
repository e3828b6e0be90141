/*
 * sim/jobs.h - a small pool of child processes: each job is one program
 * run with its argv (in a folder of its own if it names one), its
 * standard error in a file, at most N at once.  `numasim compare` runs
 * its generators and runs through it, `numasim sweep` its jobs.txt lines.
 *
 * No kernel counterpart.
 */
#ifndef SIM_JOBS_H
#define SIM_JOBS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "sim/config.h"

#define JOB_MAX_ARGS	(32 + 24 + 2 * SIM_MAX_SETS)
#define JOB_STRINGS	8

/* A job: one child process, its argv, and where its standard error goes. */
struct job {
	char *argv[JOB_MAX_ARGS + 2];	/* argv[0] is the program's path */
	char strings[JOB_STRINGS][PATH_MAX];	/* the arguments built for it */
	size_t nr_args;
	char log[PATH_MAX];		/* its standard error (its standard output: /dev/null) */
	const char *dir;		/* the folder it runs in; NULL: ours */
	pid_t pid;
	int status;			/* the exit status it returned */
	bool done;
};

/* The default of -j: the online CPUs (at least 1). */
unsigned int jobs_online_cpus(void);

/* This program's own path (/proc/self/exe), or NULL with a message printed. */
const char *jobs_self_path(void);

/* Append arg to j's argv (kept by pointer; the caller keeps it alive). */
void job_arg(struct job *j, const char *arg);

/* Append a built argument, kept in j->strings[slot]. */
void job_argf(struct job *j, size_t slot, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Run the jobs, at most max_jobs at once.  Without keep_going, no job
 * starts after one failed (those in flight finish).  Returns 0, or the
 * status of the first failed job in array order, whose standard error is
 * copied to ours.
 */
int jobs_run(struct job *jobs, size_t nr, unsigned int max_jobs, bool keep_going);

#endif /* SIM_JOBS_H */
