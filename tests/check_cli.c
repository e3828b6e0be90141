/*
 * tests/check_cli.c - the numasim command line, run as a user would run it.
 *
 * Every test runs the built binary (test_numasim_path()) through the shell
 * in a fresh scratch directory and looks at its exit status, its stderr and
 * the files it left.  The contract under test (docs/cli.md):
 *   - bad input of any kind (usage, config, trace) exits 2 with one message
 *     that starts "FILE:LINE: " (trace), "FILE: key: " (config) or
 *     "numasim: " (command line), and creates or changes no output file;
 *   - a good run writes OUTDIR/results.json and the files of
 *     OUTDIR/snapshots/NAME/;
 *   - the same inputs and seed give byte-identical outputs;
 *   - --trace-events writes the tracefs text layout of the kernel.
 * Machines are tiny (tests/data/cli/small.json: one node of 64 MiB) so each
 * run takes milliseconds.
 */
#include <check.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/helpers.h"

#define CLI_DATA	"tests/data/cli/"
#define SMALL		"-c " CLI_DATA "small.json"
#define GOOD		CLI_DATA "good.trace"
#define MSG_BYTES	4096

static char work[64];		/* this test's scratch directory */
static char err[MSG_BYTES];	/* stderr of the last run */
static char out[MSG_BYTES];	/* stdout of the last run */

static void cli_setup(void)
{
	test_scratch_dir(work, sizeof(work), "cli");
}

static void cli_teardown(void)
{
	test_remove_dir(work);
}

/* Expand fmt, then replace each '@' by the scratch directory. */
static void expand(char *buf, size_t len, const char *fmt, va_list ap)
{
	char raw[2048];
	size_t n = 0;

	vsnprintf(raw, sizeof(raw), fmt, ap);
	for (const char *p = raw; *p && n + sizeof(work) < len; p++) {
		if (*p == '@')
			n += (size_t)snprintf(buf + n, len - n, "%s", work);
		else
			buf[n++] = *p;
	}
	buf[n] = '\0';
}

/* Run "numasim ARGS" ("@" in ARGS stands for the scratch directory). */
__attribute__((format(printf, 1, 2)))
static int cli(const char *fmt, ...)
{
	char args[3072];
	va_list ap;

	va_start(ap, fmt);
	expand(args, sizeof(args), fmt, ap);
	va_end(ap);
	return test_run_numasim(args, out, sizeof(out), err, sizeof(err));
}

/*
 * Run a shell command line ("@" as above) in a subshell, so its own
 * redirections and pipes are not overridden by test_run()'s.
 */
__attribute__((format(printf, 1, 2)))
static int sh(const char *fmt, ...)
{
	char line[3072], cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	expand(line, sizeof(line), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "(%s)", line);
	return test_run(cmd, NULL, 0, err, sizeof(err));
}

/* A path inside the scratch directory. */
static const char *at(const char *rel)
{
	return test_path_in(work, rel);
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static void write_text(const char *path, const char *text)
{
	test_write_file(path, text, strlen(text));
}

#define assert_starts_with(s, prefix) \
	ck_assert_msg(strncmp((s), (prefix), strlen(prefix)) == 0, \
		      "expected \"%s...\", got \"%s\"", (prefix), (s))

/* stderr holds exactly one line. */
static void assert_one_line(const char *s)
{
	const char *nl = strchr(s, '\n');

	ck_assert_msg(nl && nl[1] == '\0', "expected one line on stderr, got \"%s\"", s);
}

/* A run's exit status is 2 (bad input) and stderr one line starting with prefix. */
static void assert_input_error(int status, const char *prefix)
{
	ck_assert_int_eq(status, 2);
	assert_starts_with(err, prefix);
	assert_one_line(err);
}

/* An old OUTDIR with results, snapshots and a file of the user's own. */
static void make_old_outdir(const char *dir)
{
	char path[512];

	ck_assert_int_eq(mkdir(dir, 0777), 0);
	snprintf(path, sizeof(path), "%s/results.json", dir);
	write_text(path, "old results\n");
	snprintf(path, sizeof(path), "%s/snapshots", dir);
	ck_assert_int_eq(mkdir(path, 0777), 0);
	snprintf(path, sizeof(path), "%s/snapshots/old", dir);
	ck_assert_int_eq(mkdir(path, 0777), 0);
	snprintf(path, sizeof(path), "%s/snapshots/old/buddyinfo", dir);
	write_text(path, "old buddyinfo\n");
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	write_text(path, "mine\n");
}

/* The old OUTDIR is exactly as make_old_outdir() left it, with nothing added. */
static void assert_old_outdir(const char *dir)
{
	char path[512];
	char *s;

	snprintf(path, sizeof(path), "%s/results.json", dir);
	s = test_read_file(path);
	ck_assert_str_eq(s, "old results\n");
	free(s);
	snprintf(path, sizeof(path), "%s/snapshots/old/buddyinfo", dir);
	s = test_read_file(path);
	ck_assert_str_eq(s, "old buddyinfo\n");
	free(s);
	/* No staging leftovers: OUTDIR holds its 3 entries and nothing else. */
	ck_assert_int_eq(sh("test $(ls -A '%s' | wc -l) -eq 3 && test $(ls -A '%s/snapshots' | wc -l) -eq 1",
			    dir, dir), 0);
}

/* Nothing but the given entries is left in the scratch directory. */
static void assert_scratch_holds(int nr_entries)
{
	ck_assert_msg(sh("test $(ls -A @ | wc -l) -eq %d", nr_entries) == 0, "stray files in %s", work);
}

/* ---- command-line errors ---- */

/*
 * An unknown option, an unknown command, a bad --seed/--check/--events and
 * an unknown policy are usage errors.  Expect exit 2, "numasim: " first on
 * stderr, and no output directory.
 */
START_TEST(test_usage_errors)
{
	static const struct {
		const char *args;
		const char *msg;
	} cases[] = {
		{ "run --bogus -o @/out", "numasim: unknown option '--bogus'" },
		{ "run -z -o @/out", "numasim: unknown option '-z'" },
		{ "frobnicate -o @/out", "numasim: unknown command 'frobnicate'" },
		{ "run --seed abc -o @/out", "numasim: bad --seed 'abc'" },
		{ "run --seed=-3 -o @/out", "numasim: bad --seed '-3'" },
		{ "run --check=0 -o @/out", "numasim: bad --check '0'" },
		{ "run --check=often -o @/out", "numasim: bad --check 'often'" },
		{ "run --events 0 -o @/out", "numasim: bad --events '0'" },
		{ "run -p no-such-policy -o @/out", "numasim: unknown policy 'no-such-policy'" },
		{ "run -o @/out a.trace b.trace", "numasim: run: too many arguments" },
		{ "gen shuffle -o @/out", "numasim: gen: unknown workload 'shuffle'" },
	};

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		ck_assert_int_eq(cli("%s", cases[i].args), 2);
		assert_starts_with(err, cases[i].msg);
		ck_assert_msg(!exists(at("out")), "%s created output", cases[i].args);
	}
	assert_scratch_holds(0);
}
END_TEST

/*
 * Long options are taken only in full (cli_getopt()): glibc's getopt_long
 * would read "--trace FILE" as "--trace-events FILE" and overwrite FILE,
 * and "--ou", "--vers", "--m" as prefixes of --output, --version, --mb.
 * Expect each refused as an unknown option under its own spelling, exit 2,
 * and neither the file it names nor the output directory written.
 */
START_TEST(test_abbreviated_options)
{
	static const struct {
		const char *args;
		const char *msg;
	} cases[] = {
		{ "run --trace @/events -o @/out", "numasim: unknown option '--trace'" },
		{ "run --trace-event=@/events -o @/out", "numasim: unknown option '--trace-event=" },
		{ "run --ou @/out", "numasim: unknown option '--ou'" },
		{ "--vers", "numasim: unknown option '--vers'" },
		{ "gen memhog --m 4 -o @/out", "numasim: unknown option '--m'" },
	};

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		ck_assert_int_eq(cli("%s", cases[i].args), 2);
		assert_starts_with(err, cases[i].msg);
		ck_assert_msg(!exists(at("events")), "%s wrote the events file", cases[i].args);
		ck_assert_msg(!exists(at("out")), "%s created output", cases[i].args);
	}
	assert_scratch_holds(0);
}
END_TEST

/*
 * A trace file that does not exist.  Expect exit 2, one line starting with
 * the file's name, no output directory.
 */
START_TEST(test_missing_trace)
{
	assert_input_error(cli("run " SMALL " -o @/out " CLI_DATA "no-such.trace"),
			   CLI_DATA "no-such.trace: ");
	assert_scratch_holds(0);
}
END_TEST

/*
 * Configs with a JSON syntax error, with an unknown key and with a
 * pageblock larger than a memory section.  Expect exit 2, "FILE:LINE: "
 * for the syntax error and "FILE: key: " naming the bad key, and no
 * output directory.
 */
START_TEST(test_bad_config)
{
	assert_input_error(cli("run -c " CLI_DATA "bad-syntax.json -o @/out " GOOD),
			   CLI_DATA "bad-syntax.json:5: ");
	assert_input_error(cli("run -c " CLI_DATA "bad-key.json -o @/out " GOOD),
			   CLI_DATA "bad-key.json: machine.nodes[0].colour: ");
	assert_input_error(cli("run -c " CLI_DATA "bad-pageblock-order.json -o @/out " GOOD),
			   CLI_DATA "bad-pageblock-order.json: kernel.pageblock_order: ");
	assert_scratch_holds(0);
}
END_TEST

/* ---- inputs that are no config or trace: one clean line each ---- */

/* A gzip header (magic, deflate, no flags) followed by bytes that are no deflate data. */
#define GARBAGE_GZ	"\x1f\x8b\x08\0\0\0\0\0\0\x03garbage, not deflate"

static const struct bad_input {
	const char *config;	/* a path ("@": the scratch directory), or NULL: small.json */
	const char *config_text;	/* written to config first, when not NULL */
	const char *trace_text;	/* written to @/in/t.trace (trace_len bytes); NULL: good.trace */
	size_t trace_len;
	const char *msg;	/* the whole of stderr, without its LF ("@" as above) */
} bad_inputs[] = {
	/* A directory, and a device that never ends (docs/config.md). */
	{ CLI_DATA, NULL, NULL, 0, CLI_DATA ": cannot open: Is a directory" },
	{ "/dev/zero", NULL, NULL, 0,
	  "/dev/zero: cannot open: Is a character device, not a file or a pipe" },
	/* A JSON scalar, or nothing, at the top: the config's words, not jansson's. */
	{ "@/in/c.json", "42\n", NULL, 0, "@/in/c.json: (top level): expected a JSON object" },
	{ "@/in/c.json", "\n", NULL, 0,
	  "@/in/c.json: (top level): expected a JSON object, the file is empty" },
	/* A value holding a newline and ESC [2J: shown as \xNN, on one line. */
	{ "@/in/c.json", "{\"kernel\": {\"transparent_hugepage\": \"a\\nb\\u001b[2J\"}}", NULL, 0,
	  "@/in/c.json: kernel.transparent_hugepage: \"a\\x0ab\\x1b[2J\" is not one of always, "
	  "madvise, never" },
	/* Nodes without memory or CPUs are fine, a machine without either is not. */
	{ "@/in/c.json", "{\"machine\": {\"nodes\": [{\"mem\": \"0\", \"cpus\": 2}]}}", NULL, 0,
	  "@/in/c.json: machine.nodes: no node has memory, and a machine cannot boot without" },
	{ "@/in/c.json", "{\"machine\": {\"nodes\": [{\"mem\": \"64M\", \"cpus\": 0}]}}", NULL,
	  0, "@/in/c.json: machine.nodes: no node has a CPU, and a machine cannot boot without" },
	{ "@/in/c.json", "{\"machine\": {\"nodes\": [{\"mem\": \"64M\"},"
	  " {\"mem\": \"0\", \"cpus\": 0}]}}", NULL, 0,
	  "@/in/c.json: machine.nodes[1]: a node needs memory, CPUs or both; this one has neither" },
	/* \u0000, in the project's words (jansson's name JSON_ALLOW_NUL). */
	{ "@/in/c.json", "{\"kernel\": {\"profile\": \"linux-6.1\\u0000\"}}", NULL, 0,
	  "@/in/c.json:1: \\u0000 (the NUL character) is not allowed in a config" },
	/* A garbage gzip trace: the file's name and line, not zlib's "<fd:N>: ...". */
	{ NULL, NULL, GARBAGE_GZ, sizeof(GARBAGE_GZ) - 1,
	  "@/in/t.trace:1: read error: not a valid gzip stream (the compressed data is corrupt)" },
	/* pid bounds: one range, 1..INT_MAX, and one message for both ends. */
	{ NULL, NULL, "numasim-trace v1\nspawn pid=0\n", 0,
	  "@/in/t.trace:2: pid 0 out of range (1..2147483647)" },
	{ NULL, NULL, "numasim-trace v1\nspawn pid=2147483648\n", 0,
	  "@/in/t.trace:2: pid 2147483648 out of range (1..2147483647)" },
	{ NULL, NULL, "numasim-trace v1\nspawn pid=-1\n", 0,
	  "@/in/t.trace:2: pid -1 out of range (1..2147483647)" },
	{ NULL, NULL, "numasim-trace v1\nspawn pid=99999999999999999999\n", 0,
	  "@/in/t.trace:2: pid 99999999999999999999 out of range (1..2147483647)" },
	{ NULL, NULL, "numasim-trace v1\nspawn pid=1\nfork pid=1 child=0\n", 0,
	  "@/in/t.trace:3: child 0 out of range (1..2147483647)" },
	{ NULL, NULL, "numasim-trace v1\nspawn pid=1\nfork pid=1 child=2147483648\n", 0,
	  "@/in/t.trace:3: child 2147483648 out of range (1..2147483647)" },
	/* Beyond 64 bits is out of range too, not "not a number". */
	{ NULL, NULL, "numasim-trace v1\nalloc id=a order=18446744073709551616 gfp=GFP_KERNEL\n",
	  0, "@/in/t.trace:2: order 18446744073709551616 out of range (0..10)" },
	{ NULL, NULL, "numasim-trace v1\nsysctl vm.min_free_kbytes=99999999999999999999\n", 0,
	  "@/in/t.trace:2: value 99999999999999999999 out of range for vm.min_free_kbytes" },
	/* The balloon: the host either asks for pages or gives them back. */
	{ NULL, NULL, "numasim-trace v1\nballoon inflate=1 deflate=1\n", 0,
	  "@/in/t.trace:2: inflate and deflate exclude each other" },
	/* Soft offline: a write the kernel refuses is an input error too. */
	{ NULL, NULL, "numasim-trace v1\nsysfs path=devices/system/memory/soft_offline_page "
	  "value=0x1p\n", 0, "@/in/t.trace:2: bad value '0x1p' for "
	  "devices/system/memory/soft_offline_page (a physical address: decimal, 0x hex or 0 "
	  "octal, at most 64 bits)" },
};

/*
 * Each bad config or trace of bad_inputs, replayed with --trace-events.
 * Expect exit 2, stderr exactly the one line of the case, and neither the
 * output directory nor the events file created.
 */
START_TEST(test_bad_input_one_line)
{
	const struct bad_input *b = &bad_inputs[_i];
	char config[256], trace[256], text[512], want[sizeof(text) + 1];

	ck_assert_int_eq(mkdir(at("in"), 0777), 0);
	test_expand_at(config, sizeof(config), b->config ? b->config : CLI_DATA "small.json", work);
	snprintf(trace, sizeof(trace), "%s", b->trace_text ? at("in/t.trace") : GOOD);
	if (b->config_text)
		write_text(config, b->config_text);
	if (b->trace_text)
		test_write_file(trace, b->trace_text,
				b->trace_len ? b->trace_len : strlen(b->trace_text));
	test_expand_at(text, sizeof(text), b->msg, work);
	snprintf(want, sizeof(want), "%s\n", text);
	ck_assert_int_eq(cli("run -c %s -o @/out --trace-events @/events.txt %s", config, trace), 2);
	ck_assert_str_eq(err, want);
	ck_assert(!exists(at("out")) && !exists(at("events.txt")));
	assert_scratch_holds(1);
}
END_TEST

/*
 * Names holding a newline: a config and a trace that do not exist.
 * Expect exit 2 and one line each, the newline shown as \x0a.
 */
START_TEST(test_bad_name_one_line)
{
	ck_assert_int_eq(sh("%s run -c \"$(printf 'no\\nsuch.json')\" -o @/out %s",
			    test_numasim_path(), GOOD), 2);
	ck_assert_str_eq(err, "no\\x0asuch.json: cannot open: No such file or directory\n");
	ck_assert_int_eq(sh("%s run " SMALL " -o @/out \"$(printf 'no\\nsuch.trace')\"",
			    test_numasim_path()), 2);
	ck_assert_str_eq(err, "no\\x0asuch.trace: cannot open: No such file or directory\n");
	assert_scratch_holds(0);
}
END_TEST

/* stderr holds no byte outside printable ASCII but the newline. */
static void assert_plain_text(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		ck_assert_msg(*p == '\n' || (*p >= 0x20 && *p < 0x7f),
			      "byte 0x%02x on stderr: \"%s\"", *p, s);
}

/* The first line of stderr is line (its newline included). */
#define assert_first_line(line) \
	ck_assert_msg(strncmp(err, (line), strlen(line)) == 0, \
		      "expected first line \"%s\", got \"%s\"", (line), err)

/*
 * Command-line words holding a newline or an escape sequence: an unknown
 * option, an unknown profile, a seed that is no number, and one too large
 * for 64 bits.  Expect exit 2 and a first line quoting the word with its
 * control bytes as \xNN, so no terminal runs them.
 */
START_TEST(test_bad_words_escaped)
{
	ck_assert_int_eq(sh("%s run \"$(printf -- '--bo\\ngus')\"", test_numasim_path()), 2);
	assert_first_line("numasim: unknown option '--bo\\x0agus'\n");
	assert_plain_text(err);
	ck_assert_int_eq(sh("%s run -p \"$(printf 'x\\ny')\" -o @/out %s",
			    test_numasim_path(), GOOD), 2);
	assert_first_line("numasim: unknown policy 'x\\x0ay' (known: linux-6.1, linux-6.12, no-grouping, contiguitas)\n");
	assert_plain_text(err);
	ck_assert_int_eq(sh("%s run --seed \"$(printf '\\033[2J')\" -o @/out %s",
			    test_numasim_path(), GOOD), 2);
	assert_first_line("numasim: bad --seed '\\x1b[2J': not a number\n");
	assert_plain_text(err);
	ck_assert_int_eq(cli("run --seed 99999999999999999999999 -o @/out " GOOD), 2);
	assert_starts_with(err, "numasim: bad --seed '99999999999999999999999': out of range");
	assert_scratch_holds(0);
}
END_TEST

/*
 * A config through a pipe (numasim run -c <(...), here /dev/stdin fed by
 * cat) is read like a file.  Expect exit 0 and results.json.
 */
START_TEST(test_config_from_pipe)
{
	ck_assert_int_eq(sh("cat " CLI_DATA "small.json | %s run -c /dev/stdin -q -o @/out %s",
			    test_numasim_path(), GOOD), 0);
	ck_assert(exists(at("out/results.json")));
}
END_TEST

/*
 * A machine too large for this host (4 PiB: 32 TiB of memmap).  Expect
 * exit 2, one line naming the file and "machine", with what the run needs
 * and what the host has available, and no output.
 */
START_TEST(test_machine_too_large_for_host)
{
	char want[512];

	write_text(at("big.json"), "{\"machine\": {\"nodes\": [{\"mem\": \"4096T\"}]}}\n");
	snprintf(want, sizeof(want), "%s: machine: the run needs ", at("big.json"));
	assert_input_error(cli("run -c @/big.json -o @/out %s", GOOD), want);
	ck_assert_ptr_nonnull(strstr(err, " of host memory (the memmap "));
	ck_assert_ptr_nonnull(strstr(err, " is available\n"));
	assert_scratch_holds(1);
}
END_TEST

/* ---- trace errors ---- */

static const struct bad_trace {
	const char *file;
	unsigned int line;
	const char *msg;	/* what the message says after "FILE:LINE: " */
} bad_traces[] = {
	{ "bad-verb.trace", 3, "unknown verb 'frobnicate'" },
	{ "bad-key.trace", 2, "unknown key 'colour' for alloc" },
	{ "missing-key.trace", 2, "missing key 'id' for alloc" },
	/* 6.1: MAX_ORDER is 11, orders 0..10; __alloc_pages() refuses order >= MAX_ORDER. */
	{ "bad-order.trace", 2, "order 11 out of range (0..10)" },
	{ "bad-cpu.trace", 2, "cpu 2 out of range (0..1)" },
	{ "bad-node.trace", 2, "node 1 out of range (0..0)" },
	{ "dup-id.trace", 4, "id 'a' is already allocated" },
	{ "unknown-free.trace", 3, "free of unknown id 'b' (never allocated, or freed already)" },
	{ "bad-gfp.trace", 2, "bad gfp flags 'GFP_KERNEL|__GFP_BOGUS': unknown flag '__GFP_BOGUS'" },
	/* gfp_migratetype() has no type for both bits: the kernel warns (VM_WARN_ON). */
	{ "bad-gfp-mt.trace", 2,
	  "bad gfp flags '__GFP_MOVABLE|__GFP_RECLAIMABLE': __GFP_MOVABLE and __GFP_RECLAIMABLE together" },
	{ "bad-sysctl.trace", 2, "unknown sysctl 'vm.no_such_knob'" },
	/* kernel/sysctl.c: watermark_scale_factor accepts 1..3000 (proc_dointvec_minmax). */
	{ "sysctl-range.trace", 2, "value 5000 out of range for vm.watermark_scale_factor" },
	{ "dup-snapshot.trace", 4, "snapshot name 'one' used twice" },
	{ "bad-snapshot-name.trace", 2, "bad snapshot name '../escape'" },
	/* The last line is bad; a snapshot was taken before it. */
	{ "late-error.trace", 6, "free of unknown id 'a' (never allocated, or freed already)" },
};

/*
 * Each bad trace, once into a new OUTDIR and once into an existing one.
 * Expect exit 2 and exactly one line "FILE:LINE: message"; the new OUTDIR
 * is never created (not even the snapshot taken before the error) and the
 * existing one is untouched.
 */
START_TEST(test_bad_trace)
{
	const struct bad_trace *bt = &bad_traces[_i];
	char expect[512];

	snprintf(expect, sizeof(expect), CLI_DATA "%s:%u: %s", bt->file, bt->line, bt->msg);
	assert_input_error(cli("run " SMALL " -o @/out --trace-events @/trace.txt " CLI_DATA "%s",
			       bt->file), expect);
	assert_scratch_holds(0);

	make_old_outdir(at("old"));
	ck_assert_int_eq(cli("run " SMALL " -o @/old --trace-events @/old/trace.txt " CLI_DATA "%s",
			     bt->file), 2);
	assert_starts_with(err, expect);
	assert_old_outdir(at("old"));
	assert_scratch_holds(1);
}
END_TEST

/* ---- good runs ---- */

static const char *const snapshot_files[] = {
	"buddyinfo", "pagetypeinfo", "vmstat", "zoneinfo", "extfrag_index", "unusable_index",
};

/*
 * The small good trace.  Expect exit 0, results.json with "events" equal to
 * the trace's 12 event lines and the snapshots in trace order, and the six
 * /proc views of each snapshot, buddyinfo in the kernel's "Node 0, zone"
 * layout (frag_show()).
 */
START_TEST(test_good_trace)
{
	json_t *root, *snaps;
	json_error_t jerr;
	char path[256];
	char *s;

	ck_assert_int_eq(cli("run " SMALL " -o @/out " CLI_DATA "good.trace"), 0);
	ck_assert_str_eq(err, "");
	ck_assert_ptr_nonnull(strstr(out, "wrote "));
	root = json_load_file(at("out/results.json"), 0, &jerr);
	ck_assert_msg(root != NULL, "results.json: %s", jerr.text);
	ck_assert_int_eq(json_integer_value(json_object_get(root, "events")), 12);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "numasim"),
							   "profile")), "linux-6.1");
	snaps = json_object_get(root, "snapshots");
	ck_assert_int_eq(json_array_size(snaps), 2);
	ck_assert_str_eq(json_string_value(json_array_get(snaps, 0)), "start");
	ck_assert_str_eq(json_string_value(json_array_get(snaps, 1)), "end");
	ck_assert_int_eq(json_array_size(json_object_get(root, "zones")), 1);
	json_decref(root);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(snapshot_files); i++) {
		snprintf(path, sizeof(path), "out/snapshots/end/%s", snapshot_files[i]);
		ck_assert_msg(exists(at(path)), "missing %s", path);
		snprintf(path, sizeof(path), "out/snapshots/start/%s", snapshot_files[i]);
		ck_assert_msg(exists(at(path)), "missing %s", path);
	}
	s = test_read_file(at("out/snapshots/end/buddyinfo"));
	assert_starts_with(s, "Node 0, zone   Normal ");
	free(s);
	assert_scratch_holds(1);
}
END_TEST

/*
 * 20 order-10 requests on 64 MiB, then a free of every name.  64 MiB holds
 * only 16 order-10 blocks, so at least 4 requests fail; __alloc_pages()
 * returning NULL is not an error, and freeing a failed name is accepted.
 * Run with --check=1, so every checker runs after every event.  Expect exit
 * 0, alloc_fail[10] >= 4 and alloc_success[10] + alloc_fail[10] == 20.
 */
START_TEST(test_failed_allocations)
{
	json_t *root, *stats;
	json_error_t jerr;
	json_int_t ok, failed;

	ck_assert_int_eq(cli("run " SMALL " -q --check=1 -o @/out " CLI_DATA "fail-free.trace"), 0);
	ck_assert_str_eq(out, "");
	root = json_load_file(at("out/results.json"), 0, &jerr);
	ck_assert_msg(root != NULL, "results.json: %s", jerr.text);
	stats = json_object_get(root, "stats");
	ok = json_integer_value(json_array_get(json_object_get(stats, "alloc_success"), 10));
	failed = json_integer_value(json_array_get(json_object_get(stats, "alloc_fail"), 10));
	ck_assert_int_ge(failed, 4);
	ck_assert_int_eq(ok + failed, 20);
	json_decref(root);
}
END_TEST

/*
 * A successful run into an existing OUTDIR.  Expect results.json replaced,
 * this run's snapshots added to snapshots/, the older snapshot this run
 * did not take ("old") and the user's other file kept (docs/cli.md: a
 * re-run removes nothing it does not replace).
 */
START_TEST(test_existing_outdir_replaced)
{
	char *s;

	make_old_outdir(at("out"));
	ck_assert_int_eq(cli("run " SMALL " -q -o @/out " CLI_DATA "good.trace"), 0);
	s = test_read_file(at("out/results.json"));
	assert_starts_with(s, "{");
	free(s);
	s = test_read_file(at("out/snapshots/old/buddyinfo"));
	ck_assert_str_eq(s, "old buddyinfo\n");
	free(s);
	ck_assert(exists(at("out/snapshots/start/zoneinfo")));
	s = test_read_file(at("out/notes.txt"));
	ck_assert_str_eq(s, "mine\n");
	free(s);
	assert_scratch_holds(1);
}
END_TEST

/*
 * The same trace twice, and the embedded workload twice with the same seed.
 * Expect byte-identical results.json, snapshots and trace-events files.
 */
START_TEST(test_deterministic)
{
	ck_assert_int_eq(cli("run " SMALL " -q -o @/a --trace-events @/a.trace " GOOD), 0);
	ck_assert_int_eq(cli("run " SMALL " -q -o @/b --trace-events @/b.trace " GOOD), 0);
	ck_assert_int_eq(sh("diff -r @/a @/b && cmp @/a.trace @/b.trace"), 0);

	ck_assert_int_eq(cli("run " SMALL " -q --seed 7 --events 20000 -o @/c --trace-events @/c.tr"),
			 0);
	ck_assert_int_eq(cli("run " SMALL " -q --seed 7 --events 20000 -o @/d --trace-events @/d.tr"),
			 0);
	ck_assert_int_eq(sh("diff -r @/c @/d && cmp @/c.tr @/d.tr"), 0);
}
END_TEST

/* ---- --trace-events ---- */

static const char *const tracefs_header[] = {
	"# tracer: nop",
	"#",
	NULL,	/* entries-in-buffer/entries-written: checked apart */
	"#",
	"#                                _-----=> irqs-off/BH-disabled",
	"#                               / _----=> need-resched",
	"#                              | / _---=> hardirq/softirq",
	"#                              || / _--=> preempt-depth",
	"#                              ||| / _-=> migrate-disable",
	"#                              |||| /     delay",
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
	"#              | |         |   |||||     |         |",
};

#define NR_HEADER_LINES	TEST_ARRAY_SIZE(tracefs_header)

struct trace_counts {
	unsigned long lines, alloc, free;
};

/*
 * One event line: re-print the parsed fields with the kernel's layout
 * "%16s-%-7d [%03d] %s %5lu.%06lu: %s: " (trace_print_context()) and
 * compare; then check the mm_page_alloc/mm_page_free field order
 * (TP_printk in include/trace/events/kmem.h).
 */
static void check_event_line(char *line, unsigned long *last_us, struct trace_counts *c)
{
	char comm[32], flags[8], event[64], again[256], gfp[256], page[32];
	unsigned long sec, usec, pfn;
	int pid, cpu, order, mt, text_at = 0;

	ck_assert_msg(sscanf(line, "%31[^-]-%d [%d] %7s %lu.%lu: %63[^:]: %n", comm, &pid, &cpu,
			     flags, &sec, &usec, event, &text_at) == 7 && text_at > 0,
		      "unparsable line: %s", line);
	snprintf(again, sizeof(again), "%16s-%-7d [%03d] %s %5lu.%06lu: %s: ", "numasim", 1, cpu,
		 ".....", sec, usec, event);
	ck_assert_msg(strncmp(line, again, strlen(again)) == 0, "layout: \"%s\" vs \"%s\"",
		      line, again);
	ck_assert_uint_ge(sec * 1000000 + usec, *last_us);
	*last_us = sec * 1000000 + usec;
	if (!strcmp(event, "mm_page_alloc")) {
		ck_assert_int_eq(sscanf(line + text_at, "page=%16[0-9a-f] pfn=0x%lx order=%d migratetype=%d gfp_flags=%255s",
					page, &pfn, &order, &mt, gfp), 5);
		ck_assert_uint_eq(strlen(page), 16);
		c->alloc++;
	} else if (!strcmp(event, "mm_page_free")) {
		ck_assert_int_eq(sscanf(line + text_at, "page=%16[0-9a-f] pfn=0x%lx order=%d",
					page, &pfn, &order), 3);
		ck_assert_uint_eq(strlen(page), 16);
		c->free++;
	}
	c->lines++;
}

/*
 * --trace-events on the good trace.  Expect the tracefs header block, an
 * entries count equal to the number of event lines, every line in the
 * kernel's layout with non-decreasing timestamps, and one mm_page_alloc per
 * alloc event and one mm_page_free per free event (the kernel fires them in
 * __alloc_pages() and free_pages_prepare(), once per call).
 */
START_TEST(test_trace_events_layout)
{
	struct trace_counts c = { 0 };
	unsigned long last_us = 0, entries, written;
	char *text, *line, *save = NULL;
	unsigned int nr_cpus;
	size_t n = 0;

	ck_assert_int_eq(cli("run " SMALL " -q -o @/out --trace-events @/kmem.trace " GOOD), 0);
	text = test_read_file(at("kmem.trace"));
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		if (n == 2) {
			ck_assert_int_eq(sscanf(line, "# entries-in-buffer/entries-written: %lu/%lu   #P:%u",
						&entries, &written, &nr_cpus), 3);
			ck_assert_uint_eq(nr_cpus, 2);
		} else if (n < NR_HEADER_LINES) {
			ck_assert_str_eq(line, tracefs_header[n]);
		} else {
			check_event_line(line, &last_us, &c);
		}
	}
	ck_assert_uint_eq(entries, c.lines);
	ck_assert_uint_eq(written, c.lines);
	ck_assert_uint_eq(c.alloc, 5);
	ck_assert_uint_eq(c.free, 3);
	free(text);
}
END_TEST

/* Count the lines of the file at path holding needle. */
static unsigned long count_lines_with(const char *path, const char *needle)
{
	char *text = test_read_file(path), *save = NULL;
	unsigned long n = 0;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		n += strstr(l, needle) != NULL;
	free(text);
	return n;
}

/*
 * --trace-systems kmem,vmscan on a trace that allocates the 64 MiB node in
 * order-10 blocks past its end: the last allocations take the slow path
 * below the low watermark and wake kswapd (wake_all_kswapds()), which the
 * engine runs between events.  Expect the kmem lines of a --trace-events
 * run without the option, and one mm_vmscan_wakeup_kswapd line per kswapd
 * wake-up counted in results.json (6.1 traces every wake-up of a sleeping
 * kswapd), at least one.
 */
START_TEST(test_trace_systems_adds_vmscan)
{
	char fill[2048] = "numasim-trace v1\n";
	json_t *root;
	json_error_t jerr;
	json_int_t wakeups;

	for (int i = 0; i < 18; i++)
		snprintf(fill + strlen(fill), sizeof(fill) - strlen(fill),
			 "alloc id=b%d order=10 gfp=GFP_HIGHUSER_MOVABLE\n", i);
	write_text(at("fill.trace"), fill);
	ck_assert_int_eq(cli("run " SMALL " -q -o @/kmem --trace-events @/kmem.tr @/fill.trace"), 0);
	ck_assert_int_eq(cli("run " SMALL " -q -o @/both --trace-events @/both.tr"
			     " --trace-systems kmem,vmscan @/fill.trace"), 0);
	ck_assert_int_eq(sh("grep -v -e mm_vmscan_ -e entries-in-buffer @/both.tr > @/both.kmem && "
			    "grep -v entries-in-buffer @/kmem.tr | cmp - @/both.kmem"), 0);
	root = json_load_file(at("both/results.json"), 0, &jerr);
	ck_assert_msg(root != NULL, "results.json: %s", jerr.text);
	wakeups = json_integer_value(json_object_get(json_object_get(root, "stats"),
						     "kswapd_wakeups"));
	json_decref(root);
	ck_assert_int_gt(wakeups, 0);
	ck_assert_uint_eq(count_lines_with(at("both.tr"), ": mm_vmscan_wakeup_kswapd: nid=0 "),
			  (unsigned long)wakeups);
	ck_assert_uint_eq(count_lines_with(at("kmem.tr"), "mm_vmscan_"), 0);
}
END_TEST

/*
 * --trace-systems with a name tracefs does not have, an empty name, or
 * without --trace-events.  Expect exit 2, the message, no output.
 */
START_TEST(test_trace_systems_errors)
{
	static const struct {
		const char *args;
		const char *msg;
	} cases[] = {
		{ "run " SMALL " -o @/out --trace-events @/t --trace-systems kmem,slab " GOOD,
		  "numasim: bad --trace-systems 'kmem,slab' (known: kmem, compaction, migrate, vmscan, oom)" },
		{ "run " SMALL " -o @/out --trace-events @/t --trace-systems kmem, " GOOD,
		  "numasim: bad --trace-systems 'kmem,'" },
		{ "run " SMALL " -o @/out --trace-systems vmscan " GOOD,
		  "numasim: --trace-systems needs --trace-events" },
	};

	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		ck_assert_int_eq(cli("%s", cases[i].args), 2);
		assert_starts_with(err, cases[i].msg);
		ck_assert(!exists(at("out")));
		ck_assert(!exists(at("t")));
	}
}
END_TEST

/* ---- gen, stdin, gzip ---- */

/*
 * "gen churn" writes the embedded workload.  Expect a v1 trace that replays
 * (exit 0) to the same results.json as "run" without a trace, same seed and
 * event count.
 */
START_TEST(test_gen_churn_replays)
{
	char *s;

	ck_assert_int_eq(cli("gen churn " SMALL " --seed 3 --events 5000 -o @/churn.trace"), 0);
	s = test_read_file(at("churn.trace"));
	assert_starts_with(s, "numasim-trace v1\n");
	free(s);
	ck_assert_int_eq(cli("run " SMALL " -q --seed 3 -o @/replayed @/churn.trace"), 0);
	ck_assert_int_eq(cli("run " SMALL " -q --seed 3 --events 5000 -o @/embedded"), 0);
	ck_assert_int_eq(sh("diff -r @/replayed @/embedded"), 0);
}
END_TEST

/*
 * The good trace from stdin ("-") and gzip-compressed.  Expect exit 0 and
 * the same results.json as the plain file.
 */
START_TEST(test_stdin_and_gzip)
{
	ck_assert_int_eq(cli("run " SMALL " -q -o @/plain " CLI_DATA "good.trace"), 0);
	ck_assert_int_eq(sh("cat " CLI_DATA "good.trace | %s run " SMALL " -q -o @/stdin -",
			    test_numasim_path()), 0);
	ck_assert_int_eq(sh("gzip -c " CLI_DATA "good.trace > @/good.trace.gz"), 0);
	ck_assert_int_eq(cli("run " SMALL " -q -o @/gz @/good.trace.gz"), 0);
	ck_assert_int_eq(sh("cmp @/plain/results.json @/stdin/results.json && "
			    "cmp @/plain/results.json @/gz/results.json"), 0);
}
END_TEST

/*
 * --version, --help and run --help.  Expect exit 0, the version line
 * "numasim 0.1 (profile linux-6.1)", and help texts naming the options.
 */
START_TEST(test_help_and_version)
{
	ck_assert_int_eq(cli("--version"), 0);
	ck_assert_str_eq(out, "numasim 0.1 (profile linux-6.1)\n");
	ck_assert_int_eq(cli("--help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "--trace-events"));
	ck_assert_int_eq(cli("run --help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "--check=N"));
	ck_assert_int_eq(cli("%s", ""), 2);
	assert_starts_with(err, "numasim: missing command");
}
END_TEST

/*
 * Help and version take nothing after them, and a kind's help is that
 * kind's alone.  Expect exit 2 and "numasim: --version takes no arguments
 * ('extra')" (the same for --help); gen churn --help printing churn's
 * usage and not memhog's; gen --help printing both.
 */
START_TEST(test_help_is_exact)
{
	ck_assert_int_eq(cli("--version extra"), 2);
	assert_starts_with(err, "numasim: --version takes no arguments ('extra')");
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(cli("--help extra"), 2);
	assert_starts_with(err, "numasim: --help takes no arguments ('extra')");
	ck_assert_int_eq(cli("gen churn --help"), 0);
	assert_starts_with(out, "usage: numasim gen churn ");
	ck_assert_ptr_null(strstr(out, "memhog"));
	ck_assert_int_eq(cli("gen --help churn"), 0);
	ck_assert_ptr_null(strstr(out, "memhog"));
	ck_assert_int_eq(cli("gen --help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "usage: numasim gen churn "));
	ck_assert_ptr_nonnull(strstr(out, "usage: numasim gen memhog "));
}
END_TEST

/* ---- timeseries.csv, snapshot summary ---- */

/* The columns docs/cli.md promises, in order. */
#define TS_HEADER							\
	"events,time_s,free_pages,"					\
	"free_blocks_o0,free_blocks_o1,free_blocks_o2,free_blocks_o3,"	\
	"free_blocks_o4,free_blocks_o5,free_blocks_o6,free_blocks_o7,"	\
	"free_blocks_o8,free_blocks_o9,free_blocks_o10,"		\
	"pageblocks_unmovable,pageblocks_movable,pageblocks_reclaimable,"	\
	"pageblocks_highatomic,pageblocks_isolate,"			\
	"extfrag_events,extfrag_fragmenting,extfrag_change_ownership,"	\
	"alloc_fail,kswapd_wakeups,unusable_index_pb"

enum ts_column {
	TS_EVENTS, TS_TIME, TS_FREE_PAGES, TS_BLOCKS_O0,
	TS_PB_UNMOVABLE = TS_BLOCKS_O0 + 11, TS_PB_MOVABLE, TS_PB_RECLAIMABLE,
	TS_PB_HIGHATOMIC, TS_PB_ISOLATE, TS_EXTFRAG, TS_EXTFRAG_FRAGMENTING,
	TS_EXTFRAG_CHANGE_OWNERSHIP, TS_ALLOC_FAIL, TS_KSWAPD, TS_UNUSABLE,
	TS_COLUMNS
};

#define TS_MAX_ROWS	16

struct timeseries {
	char *text;				/* the file, split in place */
	size_t nr_rows;				/* data rows, header excluded */
	char *field[TS_MAX_ROWS][TS_COLUMNS];	/* [row][column] */
};

/*
 * Read OUTDIR/timeseries.csv: check that the header starts with the
 * historic columns (the comparison metrics of sim/metrics.h follow them),
 * split the first TS_COLUMNS fields of every row.
 */
static void read_timeseries(const char *path, struct timeseries *ts)
{
	char *line, *save = NULL;

	memset(ts, 0, sizeof(*ts));
	ts->text = test_read_file(path);
	line = strtok_r(ts->text, "\n", &save);
	ck_assert_ptr_nonnull(line);
	ck_assert_msg(!strncmp(line, TS_HEADER ",", strlen(TS_HEADER ",")), "header '%s'", line);
	while ((line = strtok_r(NULL, "\n", &save))) {
		char *fsave = NULL, *f = strtok_r(line, ",", &fsave);
		int c = 0;

		ck_assert_uint_lt(ts->nr_rows, TS_MAX_ROWS);
		for (; f && c < TS_COLUMNS; f = strtok_r(NULL, ",", &fsave))
			ts->field[ts->nr_rows][c++] = f;
		ck_assert_msg(c == TS_COLUMNS, "row %zu: %d fields, expected at least %d",
			      ts->nr_rows + 1, c, TS_COLUMNS);
		ts->nr_rows++;
	}
}

static unsigned long ts_ulong(const struct timeseries *ts, size_t row, enum ts_column c)
{
	char *end;
	unsigned long v = strtoul(ts->field[row][c], &end, 10);

	ck_assert_msg(*ts->field[row][c] && !*end, "not a count: '%s'", ts->field[row][c]);
	return v;
}

/* Seconds with exactly six decimals ("0.001010"). */
static void assert_seconds(const char *s)
{
	const char *dot = strchr(s, '.');

	ck_assert_msg(dot && dot > s && strlen(dot + 1) == 6 &&
		      strspn(s, "0123456789") == (size_t)(dot - s) &&
		      strspn(dot + 1, "0123456789") == 6, "bad time_s '%s'", s);
}

static const struct {
	const char *option;
	size_t nr_rows;
	unsigned long events[3];	/* the events column of each row */
} ts_cases[] = {
	/* good.trace has 12 events: a row every N, and one after the last. */
	{ "--sample-every 5", 3, { 5, 10, 12 } },
	/* 12 is a multiple of 4: the row at 12 is the final one. */
	{ "--sample-every=4", 3, { 4, 8, 12 } },
	/* The default (100000) is far beyond 12: only the final row. */
	{ "", 1, { 12 } },
};

/*
 * timeseries.csv on the good trace with a sampling period.  Expect the
 * header of docs/cli.md, one row every N events plus a final row after the
 * 12th event (not repeated when 12 is a multiple of N), 25 fields per row,
 * time_s with six decimals, and the final row at the virtual clock of the
 * last event: @0.001001 on the third line plus 1 us for each of the 9
 * untimed events after it, 0.001010.
 */
START_TEST(test_timeseries_rows)
{
	struct timeseries ts;

	ck_assert_int_eq(cli("run " SMALL " -q %s -o @/out " GOOD, ts_cases[_i].option), 0);
	read_timeseries(at("out/timeseries.csv"), &ts);
	ck_assert_uint_eq(ts.nr_rows, ts_cases[_i].nr_rows);
	for (size_t r = 0; r < ts.nr_rows; r++) {
		ck_assert_uint_eq(ts_ulong(&ts, r, TS_EVENTS), ts_cases[_i].events[r]);
		assert_seconds(ts.field[r][TS_TIME]);
	}
	ck_assert_str_eq(ts.field[ts.nr_rows - 1][TS_TIME], "0.001010");
	free(ts.text);
}
END_TEST

static json_int_t json_path_int(json_t *o, const char *k1, const char *k2)
{
	return json_integer_value(json_object_get(json_object_get(o, k1), k2));
}

/* The final row's free blocks per order: the zones' free_area tables summed. */
static void assert_row_free_blocks(const struct timeseries *ts, size_t row, json_t *zones)
{
	unsigned long free_pages = 0;

	for (int order = 0; order < 11; order++) {
		json_int_t sum = 0;
		const char *mt;
		json_t *zone, *nr;
		size_t z;
		char key[4];

		snprintf(key, sizeof(key), "%d", order);
		json_array_foreach(zones, z, zone) {
			json_t *area = json_object_get(json_object_get(zone, "free_area"), key);

			json_object_foreach(area, mt, nr)
				sum += json_integer_value(nr);
		}
		ck_assert_uint_eq(ts_ulong(ts, row, TS_BLOCKS_O0 + order), (unsigned long)sum);
		free_pages += (unsigned long)sum << order;
	}
	ck_assert_uint_eq(ts_ulong(ts, row, TS_FREE_PAGES), free_pages);
}

/*
 * The kernel's unusable_free_index() at pageblock order over the row's own
 * free blocks, in thousandths, printed "%d.%03d" as debugfs does.
 */
static void assert_row_unusable(const struct timeseries *ts, size_t row, int pb_order)
{
	unsigned long free_pages = ts_ulong(ts, row, TS_FREE_PAGES), suitable = 0;
	unsigned long index;
	char want[32];

	for (int order = pb_order; order < 11; order++)
		suitable += ts_ulong(ts, row, TS_BLOCKS_O0 + order) << (order - pb_order);
	index = free_pages ? (free_pages - (suitable << pb_order)) * 1000 / free_pages : 1000;
	snprintf(want, sizeof(want), "%lu.%03lu", index / 1000, index % 1000);
	ck_assert_str_eq(ts->field[row][TS_UNUSABLE], want);
}

/*
 * The final row against results.json, written at the same moment.
 * Expect: events equal; free blocks per order the sum of the zones'
 * free_area tables and free_pages their size in pages; pageblock counts
 * the sum of the zones' "pageblocks"; the extfrag, alloc_fail (all
 * orders) and kswapd totals those of "stats"; the unusable index the
 * kernel's formula at pageblock_order over the row's free blocks.
 */
START_TEST(test_timeseries_matches_results)
{
	static const char *const pb_names[] = {
		"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate",
	};
	json_t *root, *zones, *zone, *stats;
	struct timeseries ts;
	json_error_t jerr;
	json_int_t fails = 0;
	size_t last, z;

	ck_assert_int_eq(cli("run " SMALL " -q --sample-every 7 -o @/out " GOOD), 0);
	read_timeseries(at("out/timeseries.csv"), &ts);
	root = json_load_file(at("out/results.json"), 0, &jerr);
	ck_assert_msg(root != NULL, "results.json: %s", jerr.text);
	zones = json_object_get(root, "zones");
	stats = json_object_get(root, "stats");
	last = ts.nr_rows - 1;
	ck_assert_uint_eq(ts_ulong(&ts, last, TS_EVENTS),
			  json_integer_value(json_object_get(root, "events")));
	assert_row_free_blocks(&ts, last, zones);
	for (int i = 0; i < 5; i++) {
		json_int_t sum = 0;

		json_array_foreach(zones, z, zone)
			sum += json_path_int(zone, "pageblocks", pb_names[i]);
		ck_assert_uint_eq(ts_ulong(&ts, last, TS_PB_UNMOVABLE + i), (unsigned long)sum);
	}
	ck_assert_uint_eq(ts_ulong(&ts, last, TS_EXTFRAG),
			  json_integer_value(json_object_get(stats, "extfrag_events")));
	ck_assert_uint_eq(ts_ulong(&ts, last, TS_EXTFRAG_FRAGMENTING),
			  json_integer_value(json_object_get(stats, "extfrag_fragmenting")));
	ck_assert_uint_eq(ts_ulong(&ts, last, TS_EXTFRAG_CHANGE_OWNERSHIP),
			  json_integer_value(json_object_get(stats, "extfrag_change_ownership")));
	for (int order = 0; order < 11; order++)
		fails += json_integer_value(json_array_get(json_object_get(stats, "alloc_fail"),
							   (size_t)order));
	ck_assert_uint_eq(ts_ulong(&ts, last, TS_ALLOC_FAIL), (unsigned long)fails);
	ck_assert_uint_eq(ts_ulong(&ts, last, TS_KSWAPD),
			  json_integer_value(json_object_get(stats, "kswapd_wakeups")));
	assert_row_unusable(&ts, last,
			    (int)json_path_int(root, "machine", "pageblock_order"));
	json_decref(root);
	free(ts.text);
}
END_TEST

/*
 * --sample-every 0, into a new and into an existing OUTDIR.  Expect exit 0,
 * results.json written and no timeseries.csv anywhere.
 */
START_TEST(test_timeseries_disabled)
{
	ck_assert_int_eq(cli("run " SMALL " -q --sample-every 0 -o @/out " GOOD), 0);
	ck_assert(exists(at("out/results.json")));
	ck_assert(!exists(at("out/timeseries.csv")));
	make_old_outdir(at("old"));
	ck_assert_int_eq(cli("run " SMALL " -q --sample-every 0 -o @/old " GOOD), 0);
	ck_assert(!exists(at("old/timeseries.csv")));
	ck_assert_int_eq(sh("test $(ls -A @/old | wc -l) -eq 3"), 0);
}
END_TEST

/*
 * A run into an existing OUTDIR.  Expect timeseries.csv put in place next
 * to the new results.json, with the user's own file kept and no staging
 * leftovers.
 */
START_TEST(test_timeseries_existing_outdir)
{
	struct timeseries ts;

	make_old_outdir(at("out"));
	ck_assert_int_eq(cli("run " SMALL " -q --sample-every 6 -o @/out " GOOD), 0);
	read_timeseries(at("out/timeseries.csv"), &ts);
	ck_assert_uint_eq(ts.nr_rows, 2);
	free(ts.text);
	ck_assert_int_eq(sh("test $(ls -A @/out | wc -l) -eq 4"), 0);
}
END_TEST

/*
 * Bad --sample-every values: not a number, negative, beyond 2^32-1.
 * Expect exit 2, "numasim: bad --sample-every 'X'" and no output directory.
 */
START_TEST(test_bad_sample_every)
{
	static const char *const values[] = { "often", "-1", "4294967296", "1e5" };

	for (size_t i = 0; i < TEST_ARRAY_SIZE(values); i++) {
		char expect[64];

		ck_assert_int_eq(cli("run " SMALL " --sample-every %s -o @/out " GOOD, values[i]),
				 2);
		snprintf(expect, sizeof(expect), "numasim: bad --sample-every '%s'", values[i]);
		assert_starts_with(err, expect);
		ck_assert(!exists(at("out")));
	}
	ck_assert_int_eq(cli("run " SMALL " -o @/out " GOOD " --sample-every"), 2);
	assert_starts_with(err, "numasim: option '--sample-every' needs an argument");
	assert_scratch_holds(0);
}
END_TEST

/*
 * --trace-events naming OUTDIR/timeseries.csv, into a new and into an
 * existing OUTDIR: the two outputs would land on one file.  Expect exit 2,
 * "numasim: FILE: would be overwritten by the timeseries in OUTDIR", no
 * new OUTDIR and the existing one untouched; with --sample-every 0 there
 * is no timeseries, and the name is free (exit 0).
 */
START_TEST(test_trace_events_on_timeseries)
{
	char *s;

	ck_assert_int_eq(cli("run " SMALL " -o @/out --trace-events @/out/timeseries.csv " GOOD),
			 2);
	assert_starts_with(err, "numasim: ");
	ck_assert_ptr_nonnull(strstr(err, "/out/timeseries.csv: would be overwritten by the"
					  " timeseries in "));
	assert_one_line(err);
	assert_scratch_holds(0);
	make_old_outdir(at("old"));
	ck_assert_int_eq(cli("run " SMALL " -o @/old --trace-events @/old/timeseries.csv " GOOD),
			 2);
	assert_one_line(err);
	assert_old_outdir(at("old"));
	ck_assert_int_eq(cli("run " SMALL " -q --sample-every 0 -o @/out"
			     " --trace-events @/out/timeseries.csv " GOOD), 0);
	s = test_read_file(at("out/timeseries.csv"));
	assert_starts_with(s, "# tracer: nop\n");
	free(s);
}
END_TEST

/*
 * The snapshot summary of the good trace: "start" right after boot and
 * "end" after the last event.  Expect results.json "snapshot_summary" with
 * both names in order, 11 free-block counts each whose pages add up to
 * free_pages; at "start" no fallback has happened, so no extfrag event and
 * no mixed pageblock (boot frees whole blocks); every zone with
 * "mixed_pageblocks" keyed like its "pageblocks"; and the summary table
 * and the per-zone "mixed pageblocks:" line on stdout.
 */
START_TEST(test_snapshot_summary)
{
	json_t *root, *summary, *snap, *zone;
	json_error_t jerr;
	size_t i;

	ck_assert_int_eq(cli("run " SMALL " -o @/out " GOOD), 0);
	ck_assert_ptr_nonnull(strstr(out, "\nfree blocks by order at each snapshot\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n  mixed pageblocks: Unmovable "));
	root = json_load_file(at("out/results.json"), 0, &jerr);
	ck_assert_msg(root != NULL, "results.json: %s", jerr.text);
	summary = json_object_get(root, "snapshot_summary");
	ck_assert_uint_eq(json_array_size(summary), 2);
	json_array_foreach(summary, i, snap) {
		json_t *blocks = json_object_get(snap, "free_blocks");
		json_int_t pages = 0;

		ck_assert_str_eq(json_string_value(json_object_get(snap, "name")),
				 i == 0 ? "start" : "end");
		ck_assert_uint_eq(json_array_size(blocks), 11);
		for (size_t order = 0; order < 11; order++)
			pages += json_integer_value(json_array_get(blocks, order)) << order;
		ck_assert_int_eq(pages, json_integer_value(json_object_get(snap, "free_pages")));
	}
	snap = json_array_get(summary, 0);
	ck_assert_int_eq(json_integer_value(json_object_get(snap, "extfrag_events")), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(snap, "mixed_pageblocks")), 0);
	json_array_foreach(json_object_get(root, "zones"), i, zone)
		ck_assert_uint_eq(json_object_size(json_object_get(zone, "mixed_pageblocks")),
				  json_object_size(json_object_get(zone, "pageblocks")));
	json_decref(root);
}
END_TEST

/*
 * A snapshot file that cannot be written (a 4 KiB file-size limit) stops
 * the replay with exit status 1, one "numasim: PATH: ..." message, and no
 * output directory (docs/cli.md: exit status 1 is an output failure).
 */
START_TEST(test_snapshot_write_failure)
{
	ck_assert_int_eq(sh("trap '' XFSZ; ulimit -f 4; %s run " SMALL " -q -o @/out %s",
			    test_numasim_path(), GOOD), 1);
	ck_assert_msg(strncmp(err, "numasim: snapshots/", 19) == 0, "stderr: %s", err);
	ck_assert_ptr_null(strstr(err + 1, "numasim: numasim"));
	assert_scratch_holds(0);
}
END_TEST

Suite *cli_suite(void);	/* collected into the runner by the Makefile */
Suite *cli_suite(void)
{
	Suite *s = suite_create("cli");
	TCase *tc = tcase_create("errors");

	tcase_add_checked_fixture(tc, cli_setup, cli_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_usage_errors);
	tcase_add_test(tc, test_abbreviated_options);
	tcase_add_test(tc, test_missing_trace);
	tcase_add_test(tc, test_bad_config);
	tcase_add_loop_test(tc, test_bad_trace, 0, (int)TEST_ARRAY_SIZE(bad_traces));
	tcase_add_loop_test(tc, test_bad_input_one_line, 0, (int)TEST_ARRAY_SIZE(bad_inputs));
	tcase_add_test(tc, test_bad_name_one_line);
	tcase_add_test(tc, test_bad_words_escaped);
	tcase_add_test(tc, test_config_from_pipe);
	tcase_add_test(tc, test_machine_too_large_for_host);
	suite_add_tcase(s, tc);

	tc = tcase_create("runs");
	tcase_add_checked_fixture(tc, cli_setup, cli_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_good_trace);
	tcase_add_test(tc, test_failed_allocations);
	tcase_add_test(tc, test_existing_outdir_replaced);
	tcase_add_test(tc, test_snapshot_write_failure);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_trace_events_layout);
	tcase_add_test(tc, test_trace_systems_adds_vmscan);
	tcase_add_test(tc, test_trace_systems_errors);
	tcase_add_test(tc, test_gen_churn_replays);
	tcase_add_test(tc, test_stdin_and_gzip);
	tcase_add_test(tc, test_help_and_version);
	tcase_add_test(tc, test_help_is_exact);
	suite_add_tcase(s, tc);

	tc = tcase_create("timeseries");
	tcase_add_checked_fixture(tc, cli_setup, cli_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_timeseries_rows, 0,
			    (int)TEST_ARRAY_SIZE(ts_cases));
	tcase_add_test(tc, test_timeseries_matches_results);
	tcase_add_test(tc, test_timeseries_disabled);
	tcase_add_test(tc, test_timeseries_existing_outdir);
	tcase_add_test(tc, test_bad_sample_every);
	tcase_add_test(tc, test_trace_events_on_timeseries);
	tcase_add_test(tc, test_snapshot_summary);
	suite_add_tcase(s, tc);
	return s;
}
