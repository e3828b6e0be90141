/*
 * tests/check_cli_output.c - numasim's outputs never destroy what they
 * should not (docs/cli.md, FILES and EXIT STATUS; sim/output.h).
 *
 * Every test runs the built binary in a fresh scratch directory, as
 * tests/check_cli.c does, and checks the contract:
 *   - a device, a FIFO or "-" is written directly, and stays what it was;
 *   - a symbolic link is followed: its target is replaced, the link stays;
 *   - an output that is an input (same inode: another spelling, a hard
 *     link, a symbolic link, standard input) and two outputs that clash
 *     are refused before anything runs: exit 2, one "numasim: " line;
 *   - an output path that cannot be written is refused before the replay
 *     (late-error.trace fails on its last line: a message about it would
 *     mean the replay ran);
 *   - a re-run keeps every file of OUTDIR that numasim did not write;
 *   - SIGTERM, SIGINT and SIGHUP remove the staging area, and numasim dies
 *     of the signal.
 * The device case needs root (mknod); without it the test passes with a
 * note, as Check has no "skipped".
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/helpers.h"

#define CLI_DATA	"tests/data/cli/"
#define SMALL_JSON	CLI_DATA "small.json"
#define SMALL		"-c " SMALL_JSON
#define GOOD		CLI_DATA "good.trace"
/* Fails on its last line, after a snapshot: "late-error.trace:6: ...". */
#define LATE		CLI_DATA "late-error.trace"
#define MSG_BYTES	4096
/* How long a test waits for numasim to reach a state (FIFO open, staging). */
#define WAIT_MS		10000

static char dir[64];		/* this test's scratch directory */
static char out[MSG_BYTES];	/* stdout of the last run */
static char err[MSG_BYTES];	/* stderr of the last run */

static void out_setup(void)
{
	test_scratch_dir(dir, sizeof(dir), "cli-output");
}

static void out_teardown(void)
{
	test_remove_dir(dir);
}

/* A path in the scratch directory. */
static const char *scratch(const char *rel)
{
	return test_path_in(dir, rel);
}

/* Run "numasim ARGS" ('@' stands for the scratch directory). */
static int numasim(const char *args)
{
	char line[2048];

	test_expand_at(line, sizeof(line), args, dir);
	return test_run_numasim(line, out, sizeof(out), err, sizeof(err));
}

/* Run a shell line ('@' as above; $N is numasim's absolute path) in a subshell. */
static int shell(const char *cmd)
{
	char line[2048], full[2400];

	test_expand_at(line, sizeof(line), cmd, dir);
	snprintf(full, sizeof(full), "(N=\"$(realpath '%s')\"; %s)", test_numasim_path(), line);
	return test_run(full, out, sizeof(out), err, sizeof(err));
}

static void write_text(const char *rel, const char *text)
{
	test_write_file(scratch(rel), text, strlen(text));
}

static void assert_text(const char *rel, const char *want)
{
	char *got = test_read_file(scratch(rel));

	ck_assert_msg(!strcmp(got, want), "%s: \"%.60s\", expected \"%.60s\"", rel, got, want);
	free(got);
}

static void assert_starts(const char *rel, const char *prefix)
{
	char *got = test_read_file(scratch(rel));

	ck_assert_msg(!strncmp(got, prefix, strlen(prefix)), "%s: \"%.60s\"", rel, got);
	free(got);
}

/* "ls -A" of the scratch directory (rel "") or of a directory in it. */
static void assert_ls(const char *rel, const char *want)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "cd '@/%s' && ls -A", rel);
	ck_assert_int_eq(shell(cmd), 0);
	ck_assert_msg(!strcmp(out, want), "ls %s: \"%s\", expected \"%s\"", rel, out, want);
}

/* No staging directory or temporary file is left anywhere in the scratch directory. */
static void assert_no_staging(void)
{
	ck_assert_int_eq(shell("find @ -name '*.numasim-*'"), 0);
	ck_assert_msg(out[0] == '\0', "staging left behind: %s", out);
}

/* Exit 2 and exactly one line on stderr: "numasim: " + scratch(rel) + text. */
static void assert_refused(int status, const char *rel, const char *text)
{
	char want[512];
	size_t len;

	snprintf(want, sizeof(want), "numasim: %s%s", rel ? scratch(rel) : "", text);
	len = strlen(err);
	ck_assert_msg(status == 2, "exit %d (expected 2), stderr: %s", status, err);
	ck_assert_msg(!strncmp(err, want, strlen(want)), "expected \"%s...\", got \"%s\"", want,
		      err);
	ck_assert_msg(len && strchr(err, '\n') == err + len - 1, "not one line: \"%s\"", err);
}

static mode_t file_type(const char *rel)
{
	struct stat st;

	ck_assert_msg(lstat(scratch(rel), &st) == 0, "%s: %s", rel, strerror(errno));
	return st.st_mode & S_IFMT;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* rel is a symbolic link to target. */
static void assert_link(const char *rel, const char *target)
{
	char got[256];
	ssize_t n = readlink(scratch(rel), got, sizeof(got) - 1);

	ck_assert_msg(n > 0, "%s is no longer a link", rel);
	got[n] = '\0';
	ck_assert_str_eq(got, target);
}

/* ---- FIFO readers ---- */

/* A child that copies the FIFO fifo into the file copy until end of file. */
static pid_t start_reader(const char *fifo, const char *copy)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int in = open(fifo, O_RDONLY), to = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		char buf[4096];
		ssize_t n;

		while (in >= 0 && to >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
			if (write(to, buf, (size_t)n) != n)
				_exit(1);
		_exit(in >= 0 && to >= 0 ? 0 : 1);
	}
	return pid;
}

/*
 * Wait for the reader.  Had numasim failed before opening the FIFO, the
 * reader would wait in open() for ever: open it for writing once, which
 * lets that open() return and the read see end of file.
 */
static void finish_reader(pid_t pid, const char *fifo)
{
	int fd = open(fifo, O_WRONLY | O_NONBLOCK), status, waited = 0;

	if (fd >= 0)
		close(fd);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if ((waited += 10) > WAIT_MS) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			ck_abort_msg("the reader of %s never saw its end (was it replaced?)", fifo);
		}
		sleep_ms(10);
	}
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- special files ---- */

/*
 * A character device 1:3 (a null device) as gen -o and as --trace-events,
 * as root.  Expect exit 0, the device still a character device 1:3 (not
 * replaced by a regular file), OUTDIR written, nothing else in the scratch
 * directory.
 */
START_TEST(test_device_written_in_place)
{
	struct stat st;

	if (geteuid() != 0 || mknod(scratch("null"), S_IFCHR | 0666, makedev(1, 3)) != 0) {
		fprintf(stderr, "note: %s: needs root and mknod; the device case did not run\n",
			__func__);
		return;
	}
	ck_assert_int_eq(numasim("gen churn " SMALL " --events 100 -o @/null"), 0);
	ck_assert_int_eq(numasim("run " SMALL " -q -o @/out --trace-events @/null " GOOD), 0);
	ck_assert_int_eq(lstat(scratch("null"), &st), 0);
	ck_assert(S_ISCHR(st.st_mode));
	ck_assert_uint_eq(major(st.st_rdev), 1);
	ck_assert_uint_eq(minor(st.st_rdev), 3);
	assert_starts("out/results.json", "{");
	assert_ls("", "null\nout\n");
}
END_TEST

/*
 * A FIFO as gen -o and as --trace-events, read by a forked reader.  Expect
 * exit 0, the reader to get exactly what a regular file gets, and the FIFO
 * to stay a FIFO.
 */
START_TEST(test_fifo_written_in_place)
{
	pid_t reader;

	ck_assert_int_eq(mkfifo(scratch("fifo"), 0644), 0);
	reader = start_reader(scratch("fifo"), scratch("gen.copy"));
	ck_assert_int_eq(numasim("gen churn " SMALL " --events 500 -o @/fifo"), 0);
	finish_reader(reader, scratch("fifo"));
	ck_assert_int_eq(numasim("gen churn " SMALL " --events 500 -o @/gen.file"), 0);
	ck_assert_int_eq(shell("cmp @/gen.copy @/gen.file"), 0);

	reader = start_reader(scratch("fifo"), scratch("te.copy"));
	ck_assert_int_eq(numasim("run " SMALL " -q -o @/a --trace-events @/fifo " GOOD), 0);
	finish_reader(reader, scratch("fifo"));
	ck_assert_int_eq(numasim("run " SMALL " -q -o @/b --trace-events @/te.file " GOOD), 0);
	ck_assert_int_eq(shell("cmp @/te.copy @/te.file"), 0);
	ck_assert(file_type("fifo") == S_IFIFO);
	assert_no_staging();
}
END_TEST

/*
 * "-" as gen -o and as --trace-events, and as run -o, run in the scratch
 * directory.  Expect gen -o - to print what gen without -o prints;
 * --trace-events - to print the events a file gets, with the summary moved
 * to stderr; and run -o - to be a usage error (OUTDIR is a directory),
 * exit 2; no file called "-" anywhere.
 */
START_TEST(test_dash_is_stdout)
{
	ck_assert_int_eq(shell("R=$PWD; cd @ && $N gen churn -c $R/" SMALL_JSON " --events 300"
			       " -o - > dash && $N gen churn -c $R/" SMALL_JSON " --events 300 > plain"
			       " && cmp dash plain"), 0);
	ck_assert_int_eq(shell("R=$PWD; cd @ && $N run -c $R/" SMALL_JSON " -o a --trace-events -"
			       " $R/" GOOD " > te.stdout 2> summary"), 0);
	ck_assert_int_eq(numasim("run " SMALL " -q -o @/b --trace-events @/te.file " GOOD), 0);
	ck_assert_int_eq(shell("cmp @/te.stdout @/te.file && grep -q '^wrote ' @/summary"), 0);

	ck_assert_int_eq(shell("R=$PWD; cd @ && $N run -c $R/" SMALL_JSON " -o - $R/" GOOD), 2);
	ck_assert_msg(!strncmp(err, "numasim: run: -o names a directory", 34), "%s", err);
	assert_ls("", "a\nb\ndash\nplain\nsummary\nte.file\nte.stdout\n");
}
END_TEST

/*
 * Symbolic links: to a file, dangling, to a directory, as gen -o, as
 * --trace-events and as OUTDIR.  Expect a link to a file or a dangling one
 * followed (the target written, the link still a link to the same name); a
 * link to a directory refused for a file ("is a directory") and followed
 * as OUTDIR; a dangling OUTDIR refused before the replay, nothing created.
 */
START_TEST(test_symlinks_followed)
{
	write_text("real", "old\n");
	ck_assert_int_eq(symlink("real", scratch("to-file")), 0);
	ck_assert_int_eq(symlink("made", scratch("dangling")), 0);
	ck_assert_int_eq(mkdir(scratch("realdir"), 0755), 0);
	ck_assert_int_eq(symlink("realdir", scratch("to-dir")), 0);
	ck_assert_int_eq(symlink("nowhere", scratch("out-dangling")), 0);

	ck_assert_int_eq(numasim("gen churn " SMALL " --events 10 -o @/to-file"), 0);
	assert_starts("real", "numasim-trace v1\n");
	ck_assert_int_eq(numasim("run " SMALL " -q -o @/out --trace-events @/dangling " GOOD), 0);
	assert_starts("made", "# tracer: nop\n");
	assert_link("to-file", "real");
	assert_link("dangling", "made");

	assert_refused(numasim("gen churn " SMALL " --events 10 -o @/to-dir"), "to-dir",
		       ": is a directory");
	ck_assert_int_eq(numasim("run " SMALL " -q -o @/to-dir " GOOD), 0);
	ck_assert(file_type("to-dir") == S_IFLNK);
	assert_starts("realdir/results.json", "{");

	assert_refused(numasim("run " SMALL " -o @/out-dangling " LATE), "out-dangling",
		       ": is a dangling symbolic link");
	ck_assert_int_eq(shell("test ! -e @/nowhere"), 0);
	assert_no_staging();
}
END_TEST

/* ---- outputs that are inputs, outputs that clash ---- */

/*
 * An output that is an input, by every spelling: the same name, "./NAME"
 * against "NAME", a hard link, a symbolic link, standard input, the config
 * of gen churn, an input that is OUTDIR/results.json or a snapshot file.
 * Expect each refused before anything runs: exit 2, one line "numasim:
 * OUTPUT: would overwrite the input INPUT", the input unchanged, no OUTDIR.
 */
START_TEST(test_output_is_input)
{
	char *good = test_read_file(GOOD), *json = test_read_file(SMALL_JSON);

	write_text("t.trace", good);
	write_text("m.json", json);
	ck_assert_int_eq(link(scratch("t.trace"), scratch("hard")), 0);
	ck_assert_int_eq(symlink("t.trace", scratch("soft")), 0);

	assert_refused(numasim("run " SMALL " -o @/out --trace-events @/t.trace @/t.trace"),
		       "t.trace", ": would overwrite the input ");
	ck_assert_int_eq(shell("R=$PWD; cd @ && $N run -c \"$R/" SMALL_JSON "\" -o out"
			       " --trace-events ./t.trace t.trace"), 2);
	ck_assert_str_eq(err, "numasim: ./t.trace: would overwrite the input t.trace\n");
	assert_refused(numasim("run " SMALL " -o @/out --trace-events @/hard @/t.trace"), "hard",
		       ": would overwrite the input ");
	assert_refused(numasim("run " SMALL " -o @/out --trace-events @/soft @/t.trace"), "soft",
		       ": would overwrite the input ");
	assert_refused(shell("$N run " SMALL " -o @/out --trace-events @/t.trace - < @/t.trace"),
		       "t.trace", ": would overwrite the input standard input");
	assert_refused(numasim("gen churn -c @/m.json -o @/m.json"), "m.json",
		       ": would overwrite the input ");
	assert_text("t.trace", good);
	assert_text("m.json", json);
	assert_ls("", "hard\nm.json\nsoft\nt.trace\n");

	ck_assert_int_eq(numasim("run " SMALL " -q -o @/out @/t.trace"), 0);
	free(good);
	good = test_read_file(scratch("out/results.json"));
	assert_refused(numasim("run " SMALL " -o @/out @/out/results.json"),
		       "out/results.json", ": would overwrite the input ");
	assert_refused(numasim("run " SMALL " -o @/out @/out/snapshots/end/vmstat"),
		       "out/snapshots/end/vmstat", ": would overwrite the input ");
	assert_text("out/results.json", good);
	assert_no_staging();
	free(good);
	free(json);
}
END_TEST

/*
 * --trace-events on OUTDIR itself (new and existing), on results.json, on
 * snapshots/ and in it.  Expect each refused before anything runs, exit 2,
 * "is the output directory" or "would be overwritten by the WHAT in
 * OUTDIR"; no new OUTDIR, the existing one as it was.
 */
START_TEST(test_outputs_clash)
{
	assert_refused(numasim("run " SMALL " -o @/out --trace-events @/out " LATE), "out",
		       ": is the output directory");
	assert_refused(numasim("run " SMALL " -o @/out --trace-events @/out/snapshots " LATE),
		       "out/snapshots", ": would be overwritten by the snapshots in ");
	assert_ls("", "");

	ck_assert_int_eq(numasim("run " SMALL " -q -o @/old " GOOD), 0);
	assert_refused(numasim("run " SMALL " -o @/old --trace-events @/old/ " LATE), "old/",
		       ": is the output directory");
	assert_refused(numasim("run " SMALL " -o @/old --trace-events @/old/results.json " LATE),
		       "old/results.json", ": would be overwritten by the results in ");
	assert_refused(numasim("run " SMALL " -o @/old --trace-events @/old/snapshots/end/x "
			       LATE), "old/snapshots/end/x",
		       ": would be overwritten by the snapshots in ");
	assert_ls("old", "results.json\nsnapshots\ntimeseries.csv\n");
	assert_ls("old/snapshots", "end\nstart\n");
	assert_no_staging();
}
END_TEST

/* ---- paths that cannot be written ---- */

static const struct {
	const char *setup;	/* shell line preparing the scratch directory */
	const char *args;	/* after "run SMALL -o "; LATE is appended */
	const char *path;	/* the path the message names (in the scratch directory) */
	const char *msg;
} unwritable[] = {
	{ "mkdir -p @/out/results.json", "@/out", "out/results.json",
	  ": exists and is not a regular file" },
	{ "mkdir @/out && ln -s /dev/null @/out/results.json", "@/out", "out/results.json",
	  ": exists and is not a regular file" },
	{ "mkdir @/out && mkfifo @/out/timeseries.csv", "@/out", "out/timeseries.csv",
	  ": exists and is not a regular file" },
	{ "mkdir @/out && echo mine > @/out/snapshots", "@/out", "out/snapshots",
	  ": exists and is not a directory" },
	{ "echo mine > @/out", "@/out", "out", ": not a directory" },
	/* A parent that is a file: refused whoever runs the test, root included. */
	{ "echo mine > @/file", "@/file/out", "file/out", ": Not a directory" },
	{ "echo mine > @/file", "@/out --trace-events @/file/t", "file/t", ": Not a directory" },
	{ "true", "@/out --trace-events @/no-such-dir/t", "no-such-dir/t",
	  ": cannot create: No such file or directory" },
	{ "true", "@/no-such-dir/out", "no-such-dir/out",
	  ": cannot create the output directory: " },
};

/*
 * Each output path that cannot be written (an OUTDIR entry of the wrong
 * type, OUTDIR or a trace-events file below a regular file or in a
 * missing directory).  Expect exit 2 and one line naming the path before
 * the replay (not late-error.trace's message), nothing created or changed.
 */
START_TEST(test_unwritable_refused_before_replay)
{
	char args[512], before[MSG_BYTES];

	ck_assert_int_eq(shell(unwritable[_i].setup), 0);
	ck_assert_int_eq(shell("cd @ && find . | sort"), 0);
	snprintf(before, sizeof(before), "%s", out);
	snprintf(args, sizeof(args), "run " SMALL " -o %s " LATE, unwritable[_i].args);
	assert_refused(numasim(args), unwritable[_i].path, unwritable[_i].msg);
	ck_assert_int_eq(shell("cd @ && find . | sort"), 0);
	ck_assert_str_eq(out, before);
}
END_TEST

/*
 * /proc cannot receive a file, not even from root.  Expect an OUTDIR and
 * a trace-events file there refused before the replay.
 */
START_TEST(test_proc_refused_before_replay)
{
	ck_assert_int_eq(numasim("run " SMALL " -o /proc/numasim-out " LATE), 2);
	ck_assert_msg(!strncmp(err, "numasim: /proc/numasim-out: cannot create the output", 52),
		      "%s", err);
	ck_assert_int_eq(numasim("run " SMALL " -o @/out --trace-events /proc/numasim.t " LATE), 2);
	ck_assert_msg(!strncmp(err, "numasim: /proc/numasim.t: cannot create: ", 41), "%s", err);
	assert_ls("", "");
}
END_TEST

/* ---- files numasim did not write ---- */

/*
 * A re-run into an OUTDIR holding files of the user's and an older run's
 * snapshots.  Expect every file numasim did not write kept as it was (in
 * OUTDIR, in snapshots/, in a snapshot folder this run writes again, in a
 * task folder of it); an older snapshot this run does not take kept; the
 * older run's files in a snapshot folder this run writes again replaced
 * (buddyinfo as a fresh run writes it) or, if this run does not write them
 * (node9.meminfo, 77/numa_maps), removed; no staging left.
 */
START_TEST(test_foreign_files_kept)
{
	static const char *const mine[] = {
		"out/notes.txt", "out/snapshots/mine.txt", "out/snapshots/end/notes.txt",
		"out/snapshots/end/77/mine", "out/snapshots/other/vmstat",
	};

	ck_assert_int_eq(numasim("run " SMALL " -q -o @/out " GOOD), 0);
	ck_assert_int_eq(numasim("run " SMALL " -q -o @/fresh " GOOD), 0);
	ck_assert_int_eq(shell("mkdir @/out/snapshots/end/77 @/out/snapshots/other"), 0);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(mine); i++)
		write_text(mine[i], "mine\n");
	write_text("out/snapshots/end/77/numa_maps", "older run\n");
	write_text("out/snapshots/end/node9.meminfo", "older run\n");
	write_text("out/snapshots/end/buddyinfo", "older run\n");

	ck_assert_int_eq(numasim("run " SMALL " -q -o @/out " GOOD), 0);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(mine); i++)
		assert_text(mine[i], "mine\n");
	ck_assert_int_eq(shell("cmp @/out/snapshots/end/buddyinfo @/fresh/snapshots/end/buddyinfo"),
			 0);
	assert_ls("out/snapshots/end/77", "mine\n");
	ck_assert_int_eq(shell("test ! -e @/out/snapshots/end/node9.meminfo"), 0);
	ck_assert_int_eq(shell("cd @/out && diff -r -x 77 -x notes.txt -x mine.txt -x other "
			       ". ../fresh"), 0);
	assert_no_staging();
}
END_TEST

/*
 * A snapshot whose folder's name is taken by a regular file in OUTDIR
 * (snapshot names are known only when taken).  Expect exit 1 (an output
 * that cannot be written), one line naming the path, the file and the
 * old results.json untouched, no staging left.
 */
START_TEST(test_snapshot_folder_taken)
{
	ck_assert_int_eq(numasim("run " SMALL " -q -o @/out " GOOD), 0);
	write_text("out/results.json", "older run\n");
	ck_assert_int_eq(shell("rm -r @/out/snapshots/end"), 0);
	write_text("out/snapshots/end", "mine\n");
	ck_assert_int_eq(numasim("run " SMALL " -q -o @/out " GOOD), 1);
	ck_assert_msg(!strcmp(err + strlen(dir) + strlen("numasim: "),
			      "/out/snapshots/end: exists and is not a directory\n"), "%s", err);
	assert_text("out/snapshots/end", "mine\n");
	assert_text("out/results.json", "older run\n");
	assert_no_staging();
}
END_TEST

/* ---- interrupts ---- */

static const int stop_signals[] = { SIGTERM, SIGINT, SIGHUP };

/* Open the FIFO fifo for writing once numasim (pid) opened it for reading. */
static int open_fifo_writer(const char *fifo, pid_t pid)
{
	for (int waited = 0; waited < WAIT_MS; waited += 10) {
		int fd = open(fifo, O_WRONLY | O_NONBLOCK);

		if (fd >= 0)
			return fd;
		ck_assert_msg(errno == ENXIO, "%s: %s", fifo, strerror(errno));
		ck_assert_int_eq(waitpid(pid, NULL, WNOHANG), 0);
		sleep_ms(10);
	}
	ck_abort_msg("numasim never opened %s", fifo);
	return -1;
}

/* The names holding ".numasim-" in the directory path. */
static int count_staged(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strstr(e->d_name, ".numasim-") != NULL;
	if (d)
		closedir(d);
	return n;
}

/*
 * numasim replaying a FIFO that never ends, into a new and into an
 * existing OUTDIR, with --trace-events: once its staging directory and
 * the staged trace-events file exist, SIGTERM, SIGINT or SIGHUP.  Expect
 * numasim to die of that signal (docs/cli.md, EXIT STATUS), no
 * ".numasim-" name left, no new OUTDIR, the existing one as it was.
 */
START_TEST(test_interrupt_cleanup)
{
	int sig = stop_signals[_i / 2], status, fd;
	bool existing = _i % 2;
	const char *outdir = existing ? "old" : "out";
	pid_t pid;

	ck_assert_int_eq(mkfifo(scratch("in"), 0644), 0);
	if (existing) {
		ck_assert_int_eq(mkdir(scratch("old"), 0755), 0);
		write_text("old/notes", "mine\n");
	}
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		signal(sig, SIG_DFL);
		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		execl(test_numasim_path(), "numasim", "run", "-c", SMALL_JSON, "-o",
		      scratch(outdir), "--trace-events", scratch("te"), scratch("in"), (char *)NULL);
		_exit(127);
	}
	fd = open_fifo_writer(scratch("in"), pid);
	ck_assert_int_eq(write(fd, "numasim-trace v1\n", 17), 17);
	for (int waited = 0; count_staged(dir) + count_staged(scratch("old")) < 2; waited += 10) {
		ck_assert_msg(waited < WAIT_MS, "numasim staged nothing");
		sleep_ms(10);
	}
	ck_assert_int_eq(kill(pid, sig), 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	close(fd);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig, "status 0x%x", status);
	assert_no_staging();
	assert_ls("", existing ? "in\nold\n" : "in\n");
	if (existing)
		assert_ls("old", "notes\n");
}
END_TEST

/* A test case of this suite: a scratch directory for each test. */
static TCase *add_case(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, out_setup, out_teardown);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return tc;
}

Suite *cli_output_suite(void);	/* collected into the runner by the Makefile */
Suite *cli_output_suite(void)
{
	Suite *s = suite_create("cli_output");
	TCase *tc = add_case(s, "special");

	tcase_add_test(tc, test_device_written_in_place);
	tcase_add_test(tc, test_fifo_written_in_place);
	tcase_add_test(tc, test_dash_is_stdout);
	tcase_add_test(tc, test_symlinks_followed);

	tc = add_case(s, "refused");
	tcase_add_test(tc, test_output_is_input);
	tcase_add_test(tc, test_outputs_clash);
	tcase_add_loop_test(tc, test_unwritable_refused_before_replay, 0,
			    (int)TEST_ARRAY_SIZE(unwritable));
	tcase_add_test(tc, test_proc_refused_before_replay);

	tc = add_case(s, "kept");
	tcase_add_test(tc, test_foreign_files_kept);
	tcase_add_test(tc, test_snapshot_folder_taken);
	tcase_add_loop_test(tc, test_interrupt_cleanup, 0, 2 * (int)TEST_ARRAY_SIZE(stop_signals));
	return s;
}
