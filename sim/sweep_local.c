/*
 * sim/sweep_local.c - a sweep's runs run here: each run's command (its
 * line of jobs.txt) by /bin/sh in DIR, one child per run, at most -j at
 * once, through sim/jobs.c's pool (sim/sweep.h).
 *
 * Invariants: what runs is exactly the command GNU parallel or Slurm
 * would run, in the same folder.  A failed run does not stop the others
 * (the runs are independent; collect marks the failed ones); the status
 * is that of the first failed run in grid order, and its standard error
 * (runs/NAME/stderr) is shown, so neither depends on -j.
 *
 * No kernel counterpart.
 */
#include "sim/sweep.h"

#include <stdio.h>
#include <stdlib.h>

#include "sim/jobs.h"
#include "sim/message.h"

int sweep_run_local(const char *dir, const struct sweep_run *runs, size_t nr, unsigned int jobs)
{
	struct job *pool = calloc(nr, sizeof(*pool));
	int ret;

	if (!pool)
		return sim_fail(EXIT_HOST, "numasim: out of memory");
	for (size_t i = 0; i < nr; i++) {
		struct job *j = &pool[i];

		job_arg(j, "/bin/sh");
		job_arg(j, "-c");
		job_arg(j, runs[i].line);
		j->dir = dir;
		snprintf(j->log, sizeof(j->log), "%s/" SWEEP_RUNS_DIR "/%s/" SWEEP_STDERR_FILE, dir,
			 runs[i].name);
	}
	ret = jobs_run(pool, nr, jobs, true);
	free(pool);
	return ret;
}
