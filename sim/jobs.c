/*
 * sim/jobs.c - the pool of child processes of sim/jobs.h.
 *
 * Invariants: at most max_jobs children at once; each child's standard
 * output is /dev/null and its standard error the job's log file, so what
 * a failed job said can be shown afterwards, and the message shown is
 * that of the first failed job in array order, whatever order the
 * children ended in (the result does not depend on max_jobs).
 *
 * No kernel counterpart.
 */
#include "sim/jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/message.h"

unsigned int jobs_online_cpus(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return cpus > 0 ? (unsigned int)cpus : 1;
}

const char *jobs_self_path(void)
{
	static char self[PATH_MAX];
	ssize_t len;

	if (self[0])
		return self;
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0) {
		self[0] = '\0';
		sim_fail(EXIT_HOST, "numasim: cannot find its own program (/proc/self/exe)");
		return NULL;
	}
	self[len] = '\0';
	return self;
}

void job_arg(struct job *j, const char *arg)
{
	if (j->nr_args < JOB_MAX_ARGS)
		j->argv[j->nr_args++] = (char *)arg;
	j->argv[j->nr_args] = NULL;
}

void job_argf(struct job *j, size_t slot, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->strings[slot], sizeof(j->strings[slot]), fmt, ap);
	va_end(ap);
	job_arg(j, j->strings[slot]);
}

static int job_start(struct job *j)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return sim_fail(EXIT_HOST, "numasim: cannot start a job (fork)");
	if (pid == 0) {
		int fd = open(j->log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_WRONLY);

		if (fd < 0 || null < 0 || dup2(fd, STDERR_FILENO) < 0 ||
		    dup2(null, STDOUT_FILENO) < 0 || (j->dir && chdir(j->dir) != 0))
			_exit(EXIT_HOST);
		execv(j->argv[0], j->argv);
		_exit(EXIT_HOST);
	}
	j->pid = pid;
	return EXIT_OK;
}

/* Wait for one child; record its status in its job. */
static void job_reap(struct job *jobs, size_t nr)
{
	int status;
	pid_t pid;

	while ((pid = wait(&status)) < 0 && errno == EINTR)
		;
	for (size_t i = 0; pid > 0 && i < nr; i++)
		if (jobs[i].pid == pid) {
			jobs[i].done = true;
			jobs[i].status = WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_INTERNAL;
		}
}

/* Print the first failed job's standard error; return its status. */
static int jobs_failure(const struct job *jobs, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		char buf[4096];
		size_t len;
		FILE *f;

		if (!jobs[i].done || jobs[i].status == EXIT_OK)
			continue;
		f = fopen(jobs[i].log, "r");
		while (f && (len = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, len, stderr);
		if (f)
			fclose(f);
		return jobs[i].status;
	}
	return EXIT_OK;
}

int jobs_run(struct job *jobs, size_t nr, unsigned int max_jobs, bool keep_going)
{
	size_t next = 0, running = 0;
	bool failed = false, stop = false;
	int ret;

	while (running || (next < nr && !stop)) {
		while (!stop && next < nr && running < max_jobs) {
			if ((ret = job_start(&jobs[next])) != EXIT_OK) {
				failed = stop = true;
				jobs[next].done = true;
				jobs[next].status = ret;
				break;
			}
			next++;
			running++;
		}
		if (!running)
			break;
		job_reap(jobs, nr);
		running = 0;
		for (size_t i = 0; i < next; i++) {
			if (jobs[i].pid && !jobs[i].done)
				running++;
			if (jobs[i].done && jobs[i].status != EXIT_OK)
				failed = true;
		}
		stop = stop || (failed && !keep_going);
	}
	return failed ? jobs_failure(jobs, nr) : EXIT_OK;
}
