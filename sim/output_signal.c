/*
 * sim/output_signal.c - an interrupted run leaves no staging area behind.
 *
 * While an output is staged, SIGINT, SIGTERM, SIGHUP, SIGPIPE (a closed
 * `--trace-events -` reader) and SIGXFSZ (a file-size limit) run a handler
 * that removes every watched path and then ends the process by the same
 * signal, its default action, so the parent still sees what killed it.  A
 * signal the process ignores stays ignored (nohup).  SIGKILL cannot be
 * caught: its staging area stays.
 *
 * Invariants: the watch list changes only while the signals are blocked,
 * so the handler never sees half an entry; the handler calls only
 * async-signal-safe functions (fstatat, openat, getdents64 - a bare system
 * call - unlinkat, close, sigaction, raise); a child forked after arming
 * (the process's pid differs) removes nothing of its parent's.  The watch
 * list is this file's state, the only global the output code keeps: a
 * signal handler has no other way to find it.
 *
 * No kernel counterpart.
 */
#include "sim/output_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

/* Paths one output watches: its staging directory and temporary files. */
#define WATCH_MAX	16
/* Deeper than any staged tree (stage/snapshots/NAME/PID/numa_maps). */
#define REMOVE_MAX_DEPTH	8

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ };
#define NR_CLEANUP_SIGNALS	(sizeof(cleanup_signals) / sizeof(cleanup_signals[0]))

static struct {
	const char *path[WATCH_MAX];
	pid_t owner;
	int armed;			/* outputs alive */
	struct sigaction old[NR_CLEANUP_SIGNALS];
} watch;

/* ---- removing a tree without malloc ---- */

static bool remove_at(int dirfd, const char *name, int depth);

/* One pass over the directory fd, removing what it can; the number removed. */
static unsigned int remove_entries(int fd, int depth)
{
	char buf[2048];
	unsigned int removed = 0;
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) != 0)
		return 0;
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			const struct dirent64 *d = (const void *)(buf + off);

			off += d->d_reclen;
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
			    remove_at(fd, d->d_name, depth + 1))
				removed++;
		}
	}
	return removed;
}

/*
 * Remove name in dirfd, with its contents if a directory.  Removing while
 * reading a directory may skip entries, so the passes repeat until one
 * removes nothing.
 */
static bool remove_at(int dirfd, const char *name, int depth)
{
	struct stat st;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return false;
	if (!S_ISDIR(st.st_mode))
		return unlinkat(dirfd, name, 0) == 0;
	if (depth < REMOVE_MAX_DEPTH) {
		fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			while (remove_entries(fd, depth))
				;
			close(fd);
		}
	}
	return unlinkat(dirfd, name, AT_REMOVEDIR) == 0;
}

void output_remove_tree(const char *path)
{
	if (path)
		remove_at(AT_FDCWD, path, 0);
}

/* ---- the handler ---- */

static void cleanup_handler(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	if (getpid() == watch.owner)
		for (int i = WATCH_MAX - 1; i >= 0; i--)
			if (watch.path[i])
				output_remove_tree(watch.path[i]);
	/* Die of sig: it is blocked here, so it strikes when the handler returns. */
	sigaction(sig, &dfl, NULL);
	raise(sig);
}

static void cleanup_set(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < NR_CLEANUP_SIGNALS; i++)
		sigaddset(set, cleanup_signals[i]);
}

void output_signal_arm(void)
{
	struct sigaction sa = { .sa_handler = cleanup_handler };

	if (watch.armed++)
		return;
	watch.owner = getpid();
	cleanup_set(&sa.sa_mask);
	for (size_t i = 0; i < NR_CLEANUP_SIGNALS; i++) {
		sigaction(cleanup_signals[i], NULL, &watch.old[i]);
		if (watch.old[i].sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &sa, NULL);
	}
}

void output_signal_disarm(void)
{
	if (watch.armed == 0 || --watch.armed)
		return;
	for (size_t i = 0; i < NR_CLEANUP_SIGNALS; i++)
		sigaction(cleanup_signals[i], &watch.old[i], NULL);
}

void output_signal_block(sigset_t *saved)
{
	sigset_t set;

	cleanup_set(&set);
	sigprocmask(SIG_BLOCK, &set, saved);
}

void output_signal_unblock(const sigset_t *saved)
{
	sigprocmask(SIG_SETMASK, saved, NULL);
}

void output_signal_watch(const char *path)
{
	for (int i = 0; i < WATCH_MAX; i++) {
		if (!watch.path[i]) {
			watch.path[i] = path;
			return;
		}
	}
}

void output_signal_forget(const char *path)
{
	for (int i = 0; i < WATCH_MAX; i++)
		if (watch.path[i] == path)
			watch.path[i] = NULL;
}
