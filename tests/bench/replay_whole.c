/*
 * tests/bench/replay_whole.c - time one command as a whole process and
 * report it as a replay benchmark: wall and user seconds, events per second
 * of wall time, and the command's peak RSS (the kernel's accounting of the
 * child, wait4()).  tests/bench/run.sh uses it for `numasim run` on the
 * generated churn traces.
 *
 *   replay_whole NAME EVENTS CMD [ARG ...]
 *
 * Prints one JSON object; exits 1 when the command could not run or failed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double start, wall, user;
	unsigned long long events;
	int status;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: replay_whole NAME EVENTS CMD [ARG ...]\n");
		return 2;
	}
	events = strtoull(argv[2], NULL, 10);
	start = now_seconds();
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		execvp(argv[3], argv + 3);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) != pid)
		return 1;
	wall = now_seconds() - start;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "replay_whole: %s failed\n", argv[3]);
		return 1;
	}
	user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6;
	printf("{\"bench\": \"%s\", \"events\": %llu, \"seconds\": %.3f, \"user_seconds\": %.3f, "
	       "\"events_per_sec\": %.0f, \"peak_rss_kib\": %ld}\n",
	       argv[1], events, wall, user, (double)events / wall, ru.ru_maxrss);
	return 0;
}
