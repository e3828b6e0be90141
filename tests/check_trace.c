/*
 * tests/check_trace.c - the trace format (workloads/FORMAT.md): the reader
 * (workloads/trace.c), trace_parse_u64(), the churn generator
 * (workloads/gen_churn.c), the sample traces, and the quoting of input
 * text in messages (workloads/input.c).
 *
 * The reader has no kernel twin; its tests check the format's written
 * rules: what parses, and for every class of bad input the exact
 * "FILE:LINE: message" a user sees.  Files the tests need (gzip, long
 * traces) are made under /tmp and removed again.
 */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "workloads/gen_churn.h"
#include "workloads/input.h"
#include "workloads/trace.h"
#include "tests/helpers.h"

#define ERR_BYTES 512

/* ---- helpers ---- */

static struct trace_reader *open_text(const char *text)
{
	struct trace_reader *r = trace_reader_open_memory("t.trace", text, strlen(text));

	ck_assert_ptr_nonnull(r);
	return r;
}

/* Read the next record, failing the test on an error or the end. */
static void next_ok(struct trace_reader *r, struct trace_record *rec)
{
	char err[ERR_BYTES] = "";
	int rc = trace_reader_next(r, rec, err, sizeof(err));

	ck_assert_msg(rc == 1, "expected a record, got %d: %s", rc, err);
}

/* The next record comes from line and has id=id. */
static void next_id(struct trace_reader *r, struct trace_record *rec, unsigned long line,
		    const char *id)
{
	next_ok(r, rec);
	ck_assert_uint_eq(rec->line, line);
	ck_assert_str_eq(trace_record_get(rec, "id"), id);
}

static void expect_end(struct trace_reader *r)
{
	struct trace_record rec;
	char err[ERR_BYTES] = "";
	int rc = trace_reader_next(r, &rec, err, sizeof(err));

	ck_assert_msg(rc == 0, "expected the end, got %d: %s", rc, err);
}

/* The first error of text must be exactly msg ("t.trace:LINE: ..."). */
static void expect_error(const char *text, const char *msg)
{
	struct trace_reader *r = open_text(text);
	struct trace_record rec;
	char err[ERR_BYTES] = "";
	int rc;

	while ((rc = trace_reader_next(r, &rec, err, sizeof(err))) == 1)
		;
	ck_assert_msg(rc == -1, "expected an error for <<%s>>, got the end", text);
	ck_assert_str_eq(err, msg);
	trace_reader_close(r);
}

static uint64_t time_of(const char *time_token)
{
	char text[128];
	struct trace_reader *r;
	struct trace_record rec;
	uint64_t ns;

	snprintf(text, sizeof(text), "numasim-trace v1\n%s tick\n", time_token);
	r = open_text(text);
	next_ok(r, &rec);
	ck_assert(rec.has_time);
	ns = rec.time_ns;
	trace_reader_close(r);
	return ns;
}

/* A fresh file name under /tmp (the file exists, empty). */
static void temp_path(char *path, size_t len, const char *suffix)
{
	int fd;

	snprintf(path, len, "/tmp/numasim-check-trace-XXXXXX%s", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	ck_assert_int_ge(fd, 0);
	close(fd);
}

static void write_gz(const char *path, const char *text, size_t len)
{
	gzFile gz = gzopen(path, "wb");

	ck_assert_ptr_nonnull(gz);
	ck_assert_int_eq(gzwrite(gz, text, (unsigned int)len), (int)len);
	ck_assert_int_eq(gzclose(gz), Z_OK);
}

/* ---- good traces ---- */

/*
 * The four verbs of version 1 as FORMAT.md spells them.  Expect one record
 * per event line with its verb, its arguments in order, the 1-based line
 * number and no time.
 */
START_TEST(test_parse_verbs)
{
	struct trace_reader *r = open_text(
		"numasim-trace v1\n"
		"alloc id=a1 order=3 gfp=GFP_KERNEL|__GFP_RECLAIMABLE node=1 cpu=2\n"
		"free id=a1\n"
		"sysctl vm.min_free_kbytes=65536\n"
		"snapshot name=after-free.1\n");
	struct trace_record rec;

	next_ok(r, &rec);
	ck_assert_str_eq(rec.file, "t.trace");
	ck_assert_uint_eq(rec.line, 2);
	ck_assert(!rec.has_time);
	ck_assert_str_eq(rec.verb, "alloc");
	ck_assert_uint_eq(rec.nr_args, 5);
	ck_assert_str_eq(rec.args[0].key, "id");
	ck_assert_str_eq(rec.args[0].value, "a1");
	ck_assert_str_eq(rec.args[2].key, "gfp");
	ck_assert_str_eq(trace_record_get(&rec, "gfp"), "GFP_KERNEL|__GFP_RECLAIMABLE");
	ck_assert_str_eq(trace_record_get(&rec, "cpu"), "2");
	ck_assert_ptr_null(trace_record_get(&rec, "pfn"));
	next_ok(r, &rec);
	ck_assert_uint_eq(rec.line, 3);
	ck_assert_str_eq(rec.verb, "free");
	ck_assert_uint_eq(rec.nr_args, 1);
	next_ok(r, &rec);
	ck_assert_str_eq(rec.verb, "sysctl");
	ck_assert_str_eq(rec.args[0].key, "vm.min_free_kbytes");
	ck_assert_str_eq(rec.args[0].value, "65536");
	next_ok(r, &rec);
	ck_assert_str_eq(rec.verb, "snapshot");
	ck_assert_str_eq(trace_record_get(&rec, "name"), "after-free.1");
	expect_end(r);
	expect_end(r);	/* the end stays the end */
	trace_reader_close(r);
}
END_TEST

/*
 * Bare flag words and values holding '='.  Expect a bare word as an
 * argument whose value is NULL (so trace_record_get() gives NULL), and a
 * value that runs from the first '=' to the next blank.
 */
START_TEST(test_parse_bare_words)
{
	struct trace_reader *r = open_text("numasim-trace v1\n"
					   "touch addr=0x7f0000001000 write anon expr=a=b==c\n");
	struct trace_record rec;

	next_ok(r, &rec);
	ck_assert_str_eq(rec.verb, "touch");
	ck_assert_uint_eq(rec.nr_args, 4);
	ck_assert_str_eq(rec.args[1].key, "write");
	ck_assert_ptr_null(rec.args[1].value);
	ck_assert_str_eq(rec.args[2].key, "anon");
	ck_assert_ptr_null(trace_record_get(&rec, "write"));
	ck_assert_str_eq(trace_record_get(&rec, "expr"), "a=b==c");
	expect_end(r);
	trace_reader_close(r);
}
END_TEST

/*
 * Times in seconds and with units, parsed without floating point.  Expect
 * exact nanoseconds, e.g. @0.000125 is 125000 (a double would give
 * 124999.99...), and trailing zeros below a nanosecond are accepted.
 */
START_TEST(test_parse_times)
{
	ck_assert_uint_eq(time_of("@12.5"), 12500000000ull);
	ck_assert_uint_eq(time_of("@0.000125"), 125000);
	ck_assert_uint_eq(time_of("@7"), 7000000000ull);
	ck_assert_uint_eq(time_of("@0.000000001"), 1);
	ck_assert_uint_eq(time_of("@1.0000000010"), 1000000001);
	/* seven, eight and nine fraction digits: the word read and the digit after it */
	ck_assert_uint_eq(time_of("@1.2345678"), 1234567800);
	ck_assert_uint_eq(time_of("@9.87654321"), 9876543210ull);
	ck_assert_uint_eq(time_of("@0.123456789"), 123456789);
	ck_assert_uint_eq(time_of("@250us"), 250000);
	ck_assert_uint_eq(time_of("@1.5ms"), 1500000);
	ck_assert_uint_eq(time_of("@3s"), 3000000000ull);
	ck_assert_uint_eq(time_of("@100ns"), 100);
	ck_assert_uint_eq(time_of("@0.001us"), 1);
	ck_assert_uint_eq(time_of("@18446744073.709551615"), UINT64_MAX);
}
END_TEST

/*
 * Times in a sequence: equal times are allowed, and an event without a
 * time keeps the previous one.  Expect has_time only on timed lines and
 * time_ns repeating the last time on the others.
 */
START_TEST(test_parse_time_sequence)
{
	struct trace_reader *r = open_text("numasim-trace v1\n"
					   "@1.5 a\n"
					   "b\n"
					   "@1500ms c\n"
					   "@2 d\n");
	struct trace_record rec;

	next_ok(r, &rec);
	ck_assert(rec.has_time);
	ck_assert_uint_eq(rec.time_ns, 1500000000ull);
	next_ok(r, &rec);
	ck_assert(!rec.has_time);
	ck_assert_uint_eq(rec.time_ns, 1500000000ull);
	next_ok(r, &rec);
	ck_assert(rec.has_time);
	ck_assert_str_eq(rec.verb, "c");
	next_ok(r, &rec);
	ck_assert_uint_eq(rec.time_ns, 2000000000ull);
	expect_end(r);
	trace_reader_close(r);
}
END_TEST

/*
 * Comments, blank lines and blanks.  Expect comment and blank lines to be
 * skipped (but counted in line numbers), a '#' after a blank to end the
 * line, a '#' inside a token to be part of it, and tabs to separate.
 */
START_TEST(test_parse_comments)
{
	struct trace_reader *r = open_text("# a trace\n"
					   "\n"
					   "   # indented comment\n"
					   "  numasim-trace v1   # the header\n"
					   "\t\n"
					   "alloc\tid=x#1  order=0 # gfp=GFP_KERNEL\n"
					   "#free id=x#1\n"
					   "  free id=x#1#\n");
	struct trace_record rec;

	next_id(r, &rec, 6, "x#1");
	ck_assert_uint_eq(rec.nr_args, 2);
	ck_assert_str_eq(trace_record_get(&rec, "order"), "0");
	next_id(r, &rec, 8, "x#1#");
	expect_end(r);
	trace_reader_close(r);
}
END_TEST

/*
 * CRLF line ends and a last line without a line feed.  Expect the CR to be
 * dropped from the last token and the unterminated last line to be read.
 */
START_TEST(test_parse_crlf)
{
	struct trace_reader *r = open_text("numasim-trace v1\r\n"
					   "free id=a\r\n"
					   "\r\n"
					   "free id=b");
	struct trace_record rec;

	next_ok(r, &rec);
	ck_assert_str_eq(trace_record_get(&rec, "id"), "a");
	next_id(r, &rec, 4, "b");
	expect_end(r);
	trace_reader_close(r);
}
END_TEST

/*
 * Exactly TRACE_MAX_ARGS arguments.  Expect all of them in order.
 */
START_TEST(test_parse_max_args)
{
	char text[1024] = "numasim-trace v1\nv";
	struct trace_reader *r;
	struct trace_record rec;

	for (int i = 0; i < TRACE_MAX_ARGS; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), " k%d=%d", i, i);
	strcat(text, "\n");
	r = open_text(text);
	next_ok(r, &rec);
	ck_assert_uint_eq(rec.nr_args, TRACE_MAX_ARGS);
	ck_assert_str_eq(rec.args[TRACE_MAX_ARGS - 1].key, "k31");
	ck_assert_str_eq(rec.args[TRACE_MAX_ARGS - 1].value, "31");
	trace_reader_close(r);
}
END_TEST

/*
 * The memory reader works on a private copy.  Expect the caller's text
 * unchanged after reading (tokens are cut in the copy).
 */
START_TEST(test_memory_reader_copies)
{
	const char text[] = "numasim-trace v1\nalloc id=1 order=0\n";
	char copy[sizeof(text)];
	struct trace_reader *r;
	struct trace_record rec;

	memcpy(copy, text, sizeof(text));
	r = trace_reader_open_memory("m", copy, strlen(copy));
	next_ok(r, &rec);
	expect_end(r);
	trace_reader_close(r);
	ck_assert_str_eq(copy, text);
}
END_TEST

/* ---- files: gzip, plain, stdin ---- */

/*
 * A gzip file (made here with zlib) and the same text as a plain file.
 * Expect both read through trace_reader_open() to give the same records,
 * with the path as the record's file name.
 */
START_TEST(test_file_gzip_and_plain)
{
	const char *text = "numasim-trace v1\n@1us alloc id=g order=9 gfp=GFP_TRANSHUGE\n"
			   "@2us free id=g\n";
	char gz_path[64], plain_path[64], err[ERR_BYTES];
	const char *paths[2] = { gz_path, plain_path };
	struct trace_record rec;

	temp_path(gz_path, sizeof(gz_path), ".trace.gz");
	temp_path(plain_path, sizeof(plain_path), ".trace");
	write_gz(gz_path, text, strlen(text));
	test_write_file(plain_path, text, strlen(text));
	for (int i = 0; i < 2; i++) {
		struct trace_reader *r = trace_reader_open(paths[i], err, sizeof(err));

		ck_assert_msg(r != NULL, "%s", err);
		next_ok(r, &rec);
		ck_assert_str_eq(rec.file, paths[i]);
		ck_assert_uint_eq(rec.time_ns, 1000);
		ck_assert_str_eq(trace_record_get(&rec, "order"), "9");
		next_ok(r, &rec);
		ck_assert_str_eq(rec.verb, "free");
		expect_end(r);
		trace_reader_close(r);
	}
	unlink(gz_path);
	unlink(plain_path);
}
END_TEST

/* Read a whole trace file; its first error must be want_prefix...want_suffix. */
static void expect_file_error(const char *path, const char *want_prefix, const char *want_suffix)
{
	char err[ERR_BYTES] = "";
	struct trace_reader *r = trace_reader_open(path, err, sizeof(err));
	struct trace_record rec;
	size_t len;
	int rc;

	ck_assert_msg(r != NULL, "%s", err);
	while ((rc = trace_reader_next(r, &rec, err, sizeof(err))) == 1)
		;
	ck_assert_msg(rc == -1, "%s: no error", path);
	len = strlen(err);
	ck_assert_msg(strncmp(err, want_prefix, strlen(want_prefix)) == 0 &&
		      len >= strlen(want_suffix) &&
		      strcmp(err + len - strlen(want_suffix), want_suffix) == 0,
		      "expected '%s...%s', got '%s'", want_prefix, want_suffix, err);
	trace_reader_close(r);
}

/* A 190 KB trace of frees, gzip-compressed into a new file at path. */
static long write_long_gz(char *path, size_t pathlen)
{
	char *text = malloc(200000);
	size_t len = 0;
	FILE *f;
	long size;

	ck_assert_ptr_nonnull(text);
	len += (size_t)sprintf(text, "numasim-trace v1\n");
	for (int i = 0; len < 190000; i++)
		len += (size_t)sprintf(text + len, "free id=%d\n", i * 7919);
	temp_path(path, pathlen, ".trace.gz");
	write_gz(path, text, len);
	free(text);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	return size;
}

/*
 * A gzip file cut short anywhere (RFC 1952: a 10-byte header, the deflate
 * data, an 8-byte trailer of CRC-32 and length): after the two magic
 * bytes, inside the header, right after it, in the middle of the data,
 * before the trailer, one byte before the end.  Expect a read error naming
 * the file and a line, "not a valid gzip stream (it ends early: truncated
 * file?)", never a silent end of the trace.
 */
START_TEST(test_file_gzip_truncated)
{
	char path[64], prefix[80];
	long size = write_long_gz(path, sizeof(path));
	const long cuts[] = { 2, 5, 10, size / 2, size - 8, size - 1 };

	ck_assert_int_eq(truncate(path, cuts[_i]), 0);
	snprintf(prefix, sizeof(prefix), "%s:", path);
	expect_file_error(path, prefix, ": read error: not a valid gzip stream (it ends early: "
			  "truncated file?)");
	unlink(path);
}
END_TEST

/*
 * Gzip files whose content is wrong, each found by inflate or by the
 * trailer check RFC 1952 asks for: deflate data that is not deflate (the
 * magic bytes and method 8, then text), a compression method other than
 * 8 (deflate, the only one defined), a CRC-32 and a length that do not
 * match the data.  Expect for each "PATH:1: read error: not a valid gzip
 * stream (the compressed data is corrupt)", at line 1 since the short
 * stream is checked before its first line is handed out; never zlib's
 * own words or the descriptor it names ("<fd:3>: invalid code lengths set").
 */
START_TEST(test_file_gzip_corrupt)
{
	static const struct { long at; unsigned char xor; } flips[] = {
		{ 2, 0x01 },	/* CM: 9 is no method */
		{ -8, 0xff },	/* the CRC-32's first byte */
		{ -4, 0xff },	/* ISIZE's first byte */
	};
	const char *text = "numasim-trace v1\nfree id=a\nfree id=b\n";
	char path[64], want[160];
	unsigned char buf[256];
	size_t len;
	FILE *f;

	temp_path(path, sizeof(path), ".trace.gz");
	snprintf(want, sizeof(want), "%s:1: read error: not a valid gzip stream "
		 "(the compressed data is corrupt)", path);
	/* magic, CM 8, no flags, mtime, XFL, OS; then bytes that are no deflate block */
	test_write_file(path, "\x1f\x8b\x08\0\0\0\0\0\0\x03garbage, not deflate", 30);
	expect_file_error(path, want, "");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(flips); i++) {
		write_gz(path, text, strlen(text));
		f = fopen(path, "rb");
		ck_assert_ptr_nonnull(f);
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		ck_assert_uint_lt(len, sizeof(buf));
		buf[flips[i].at < 0 ? (long)len + flips[i].at : flips[i].at] ^= flips[i].xor;
		test_write_file(path, (const char *)buf, len);
		expect_file_error(path, want, "");
	}
	unlink(path);
}
END_TEST

/*
 * Files that cannot be read.  Expect "PATH: cannot open: REASON": the
 * errno text for a missing file and for a directory (also behind "-"),
 * and a refusal for a character device (/dev/zero would never end),
 * with the bytes of a name outside printable ASCII shown as \xNN so the
 * message stays one line.
 */
START_TEST(test_file_open_errors)
{
	char err[ERR_BYTES];
	int saved = dup(STDIN_FILENO), dir = open("/tmp", O_RDONLY);

	ck_assert_ptr_null(trace_reader_open("/nonexistent/x.trace", err, sizeof(err)));
	ck_assert_str_eq(err, "/nonexistent/x.trace: cannot open: No such file or directory");
	ck_assert_ptr_null(trace_reader_open("/tmp", err, sizeof(err)));
	ck_assert_str_eq(err, "/tmp: cannot open: Is a directory");
	ck_assert_ptr_null(trace_reader_open("/dev/zero", err, sizeof(err)));
	ck_assert_str_eq(err, "/dev/zero: cannot open: Is a character device, not a file or a pipe");
	ck_assert_ptr_null(trace_reader_open("/nonexistent/a\nb\x1b[2J\xc3\xa9", err, sizeof(err)));
	ck_assert_str_eq(err, "/nonexistent/a\\x0ab\\x1b[2J\\xc3\\xa9: cannot open: "
			 "No such file or directory");
	ck_assert_int_ge(dir, 0);
	ck_assert_int_ge(dup2(dir, STDIN_FILENO), 0);
	ck_assert_ptr_null(trace_reader_open("-", err, sizeof(err)));
	dup2(saved, STDIN_FILENO);
	close(saved);
	close(dir);
	ck_assert_str_eq(err, "<stdin>: cannot open: Is a directory");
}
END_TEST

/*
 * A pipe is read like a file (a trace may come from `<(...)`).  Expect the
 * records of the text written into it, through its /dev/fd path.
 */
START_TEST(test_file_pipe)
{
	const char *text = "numasim-trace v1\nfree id=p\n";
	char path[32], err[ERR_BYTES];
	struct trace_reader *r;
	struct trace_record rec;
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], text, strlen(text)), (int)strlen(text));
	close(fds[1]);
	snprintf(path, sizeof(path), "/dev/fd/%d", fds[0]);
	r = trace_reader_open(path, err, sizeof(err));
	ck_assert_msg(r != NULL, "%s", err);
	next_id(r, &rec, 2, "p");
	expect_end(r);
	trace_reader_close(r);
	close(fds[0]);
}
END_TEST

/*
 * The reader's name, as it labels records and messages: bytes outside
 * printable ASCII become \xNN.  Expect rec.file and the message of a bad
 * line to carry the escaped name, so no name can split the line or
 * reach the terminal as an escape sequence.
 */
START_TEST(test_name_escaped)
{
	const char *text = "numasim-trace v1\nfree id=a\nfree =b\n";
	struct trace_reader *r = trace_reader_open_memory("a\nb\x1b[2J\xff", text, strlen(text));
	struct trace_record rec;
	char err[ERR_BYTES];

	ck_assert_ptr_nonnull(r);
	next_ok(r, &rec);
	ck_assert_str_eq(rec.file, "a\\x0ab\\x1b[2J\\xff");
	ck_assert_int_eq(trace_reader_next(r, &rec, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "a\\x0ab\\x1b[2J\\xff:3: expected key=value, got '=b'");
	trace_reader_close(r);
}
END_TEST

/*
 * "-" reads standard input.  Expect the records of the file behind fd 0
 * and "<stdin>" as the file name in records and messages.
 */
START_TEST(test_file_stdin)
{
	const char *text = "numasim-trace v1\nfree id=s\nfree =s\n";
	char path[64], err[ERR_BYTES];
	struct trace_reader *r;
	struct trace_record rec;
	int saved = dup(STDIN_FILENO);
	FILE *f;

	temp_path(path, sizeof(path), ".trace");
	test_write_file(path, text, strlen(text));
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(dup2(fileno(f), STDIN_FILENO), 0);
	r = trace_reader_open("-", err, sizeof(err));
	dup2(saved, STDIN_FILENO);
	close(saved);
	fclose(f);
	ck_assert_msg(r != NULL, "%s", err);
	next_ok(r, &rec);
	ck_assert_str_eq(rec.file, "<stdin>");
	ck_assert_int_eq(trace_reader_next(r, &rec, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "<stdin>:3: expected key=value, got '=s'");
	trace_reader_close(r);
	unlink(path);
}
END_TEST

/*
 * A trace several times the reader's 1 MiB chunk, lines of varied length
 * (one of 700 KB) so that many straddle a chunk boundary; plain and gzip.
 * Expect every record intact, with the right line number.
 */
START_TEST(test_file_refill)
{
	size_t cap = 6u << 20, len = 0;
	char *text = malloc(cap), path[64], err[ERR_BYTES];
	unsigned long nr_lines = 0;

	ck_assert_ptr_nonnull(text);
	len += (size_t)sprintf(text, "numasim-trace v1\n");
	for (unsigned long i = 0; len < cap - (1u << 20); i++) {
		size_t pad = i == 20000 ? 700000 : (i * 7919) % 300;

		len += (size_t)sprintf(text + len, "ev n=%lu pad=", i);
		memset(text + len, 'a' + (int)(i % 26), pad + 1);
		len += pad + 1;
		len += (size_t)sprintf(text + len, " m=%lu\n", i * 3);
		nr_lines = i + 1;
	}
	for (int gz = 0; gz < 2; gz++) {
		struct trace_reader *r;
		struct trace_record rec;
		char want[32];

		temp_path(path, sizeof(path), gz ? ".trace.gz" : ".trace");
		if (gz)
			write_gz(path, text, len);
		else
			test_write_file(path, text, len);
		r = trace_reader_open(path, err, sizeof(err));
		ck_assert_msg(r != NULL, "%s", err);
		for (unsigned long i = 0; i < nr_lines; i++) {
			next_ok(r, &rec);
			ck_assert_uint_eq(rec.line, i + 2);
			snprintf(want, sizeof(want), "%lu", i);
			ck_assert_str_eq(trace_record_get(&rec, "n"), want);
			snprintf(want, sizeof(want), "%lu", i * 3);
			ck_assert_str_eq(trace_record_get(&rec, "m"), want);
			ck_assert_uint_eq(strlen(trace_record_get(&rec, "pad")),
					  (i == 20000 ? 700000 : (i * 7919) % 300) + 1);
		}
		expect_end(r);
		trace_reader_close(r);
		unlink(path);
	}
	free(text);
}
END_TEST

/*
 * A line longer than the 1 MiB chunk, from a file and from memory.  Expect
 * "FILE:2: line too long ..." both ways, repeated on the next call.
 */
START_TEST(test_file_line_too_long)
{
	size_t len = 0, long_bytes = (1u << 20) + 10;
	char *text = malloc(long_bytes + 100), path[64], err[ERR_BYTES], want[ERR_BYTES];
	struct trace_reader *r;
	struct trace_record rec;

	len += (size_t)sprintf(text, "numasim-trace v1\nv k=");
	memset(text + len, 'x', long_bytes);
	len += long_bytes;
	len += (size_t)sprintf(text + len, "\nfree id=1\n");
	temp_path(path, sizeof(path), ".trace");
	test_write_file(path, text, len);
	r = trace_reader_open(path, err, sizeof(err));
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(trace_reader_next(r, &rec, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s:2: line too long (a line may hold at most 1048575 bytes)",
		 path);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(trace_reader_next(r, &rec, err, sizeof(err)), -1);
	ck_assert_str_eq(err, want);
	trace_reader_close(r);
	unlink(path);

	r = trace_reader_open_memory("m.trace", text, len);
	ck_assert_int_eq(trace_reader_next(r, &rec, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "m.trace:2: line too long (a line may hold at most 1048575 bytes)");
	trace_reader_close(r);
	free(text);
}
END_TEST

/* ---- errors ---- */

/*
 * The header: missing, of another version, malformed, with extra text, or
 * no trace at all.  Expect the line of the offending text and a message
 * naming the expected header.
 */
START_TEST(test_error_header)
{
	expect_error("alloc id=1 order=0 gfp=GFP_KERNEL\n",
		     "t.trace:1: missing header: the first line must be 'numasim-trace v1'");
	expect_error("# comment\n\nfree id=1\n",
		     "t.trace:3: missing header: the first line must be 'numasim-trace v1'");
	expect_error("numasim-trace v2\nfree id=1\n",
		     "t.trace:1: unsupported trace version 'v2' "
		     "(this reader reads 'numasim-trace v1')");
	expect_error("numasim-trace\n", "t.trace:1: malformed header: expected 'numasim-trace v1'");
	expect_error("numasim-trace v1 extra\n",
		     "t.trace:1: unexpected 'extra' after the header 'numasim-trace v1'");
	expect_error("",
		     "t.trace:1: missing header: the trace is empty, expected 'numasim-trace v1'");
	expect_error("# only\n# comments\n",
		     "t.trace:2: missing header: the trace is empty, expected 'numasim-trace v1'");
}
END_TEST

/*
 * A header error ends reading.  Expect the same message again on the next
 * call rather than the following lines being taken as events.
 */
START_TEST(test_error_header_sticky)
{
	struct trace_reader *r = open_text("numasim-trace v9\nfree id=1\nfree id=2\n");
	struct trace_record rec;
	char err[ERR_BYTES];

	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(trace_reader_next(r, &rec, err, sizeof(err)), -1);
		ck_assert_str_eq(err, "t.trace:1: unsupported trace version 'v9' "
				 "(this reader reads 'numasim-trace v1')");
	}
	trace_reader_close(r);
}
END_TEST

/*
 * Lines of the common shape (single blanks, key=value) are cut by a path
 * of their own; every other shape by the general tokenizer.  Expect both
 * to give the same records: tabs and runs of blanks, a value holding '=',
 * keys sharing a first byte, flag words before and after key=value, and a
 * key repeated after one with the same first byte still refused.
 */
START_TEST(test_plain_and_general_lines_agree)
{
	static const char text[] =
		"numasim-trace v1\n"
		"@1 alloc id=a order=0 x=1 xy=2\n"
		"@2\talloc  id=a   order=0\tx=1 xy=2 \n"
		"alloc id==c gfp=A|B\n"
		"touch write addr=1\n"
		"touch addr=1 write\n";
	struct trace_reader *r = open_text(text);
	struct trace_record rec;

	for (unsigned long line = 2; line <= 3; line++) {
		next_ok(r, &rec);
		ck_assert_uint_eq(rec.line, line);
		ck_assert(rec.has_time);
		ck_assert_uint_eq(rec.time_ns, (line - 1) * 1000000000ull);
		ck_assert_str_eq(rec.verb, "alloc");
		ck_assert_uint_eq(rec.nr_args, 4);
		ck_assert_str_eq(trace_record_get(&rec, "id"), "a");
		ck_assert_str_eq(trace_record_get(&rec, "order"), "0");
		ck_assert_str_eq(trace_record_get(&rec, "x"), "1");
		ck_assert_str_eq(trace_record_get(&rec, "xy"), "2");
	}
	next_ok(r, &rec);
	ck_assert(!rec.has_time);
	ck_assert_str_eq(trace_record_get(&rec, "id"), "=c");
	ck_assert_str_eq(trace_record_get(&rec, "gfp"), "A|B");
	for (int i = 0; i < 2; i++) {
		next_ok(r, &rec);
		ck_assert_str_eq(rec.verb, "touch");
		ck_assert_uint_eq(rec.nr_args, 2);
		ck_assert_ptr_null(trace_record_get(&rec, "write"));
		ck_assert_str_eq(trace_record_get(&rec, "addr"), "1");
	}
	expect_end(r);
	trace_reader_close(r);
	expect_error("numasim-trace v1\nalloc x=1 xy=2 x=3\n", "t.trace:2: duplicate argument 'x'");
	expect_error("numasim-trace v1\n@1 alloc id=1 id=1\n", "t.trace:2: duplicate argument 'id'");
}
END_TEST

/*
 * Arguments: an empty key, a key out of [a-z_][a-z0-9_.]*, a missing value,
 * a bad flag word, a duplicate (key or word).  Expect one message each,
 * with the line number of the bad line.
 */
START_TEST(test_error_arguments)
{
	expect_error("numasim-trace v1\n#\n#\n#\n#\n#\nalloc =5\n",
		     "t.trace:7: expected key=value, got '=5'");
	expect_error("numasim-trace v1\nalloc Id=5\n",
		     "t.trace:2: bad key 'Id' (keys are [a-z_][a-z0-9_.]*)");
	expect_error("numasim-trace v1\nalloc 9id=5\n",
		     "t.trace:2: bad key '9id' (keys are [a-z_][a-z0-9_.]*)");
	expect_error("numasim-trace v1\nalloc i-d=5\n",
		     "t.trace:2: bad key 'i-d' (keys are [a-z_][a-z0-9_.]*)");
	expect_error("numasim-trace v1\nalloc id=\n", "t.trace:2: missing value after 'id='");
	expect_error("numasim-trace v1\ntouch Write\n",
		     "t.trace:2: expected key=value or a flag word, got 'Write'");
	expect_error("numasim-trace v1\nalloc id=1 order=0 id=2\n",
		     "t.trace:2: duplicate argument 'id'");
	expect_error("numasim-trace v1\ntouch write addr=1 write\n",
		     "t.trace:2: duplicate argument 'write'");
}
END_TEST

/*
 * Verbs: upper case, a key=value where the verb belongs, a time with no
 * verb, a time after the verb.  Expect one message each.
 */
START_TEST(test_error_verbs)
{
	expect_error("numasim-trace v1\nAlloc id=1\n",
		     "t.trace:2: expected a verb (a lowercase name like 'alloc'), got 'Alloc'");
	expect_error("numasim-trace v1\nid=1 alloc\n",
		     "t.trace:2: expected a verb (a lowercase name like 'alloc'), got 'id=1'");
	expect_error("numasim-trace v1\n@5 # nothing\n",
		     "t.trace:2: expected a verb after the time");
	expect_error("numasim-trace v1\nalloc @5\n",
		     "t.trace:2: expected key=value or a flag word, got '@5'");
}
END_TEST

/*
 * Times: malformed, too precise, too large, going backwards.  Expect a
 * message quoting the time (and, backwards, the previous event's time).
 */
START_TEST(test_error_times)
{
	static const char *const malformed[] = { "@", "@abc", "@1.", "@.5", "@5min", "@1.2.3",
						 "@-1", "@1e3", "@5Ms", "@0x10", "@1,5" };
	char text[128], want[256];

	for (size_t i = 0; i < TEST_ARRAY_SIZE(malformed); i++) {
		snprintf(text, sizeof(text), "numasim-trace v1\n%s tick\n", malformed[i]);
		snprintf(want, sizeof(want), "t.trace:2: malformed time '%s' (expected seconds "
			 "like @12.5, or a number with ns, us, ms or s like @250us)",
			 malformed[i]);
		expect_error(text, want);
	}
	expect_error("numasim-trace v1\n@0.0000000001 tick\n",
		     "t.trace:2: time '@0.0000000001' is finer than a nanosecond");
	expect_error("numasim-trace v1\n@1.5ns tick\n",
		     "t.trace:2: time '@1.5ns' is finer than a nanosecond");
	expect_error("numasim-trace v1\n@18446744074 tick\n",
		     "t.trace:2: time '@18446744074' is too large");
	expect_error("numasim-trace v1\n@99999999999999999999999us tick\n",
		     "t.trace:2: time '@99999999999999999999999us' is too large");
	expect_error("numasim-trace v1\n@2.5 a\nb\n@2.499999999 c\n",
		     "t.trace:4: time @2.499999999 goes backwards "
		     "(the previous event was at @2.500000000)");
}
END_TEST

/*
 * One argument past TRACE_MAX_ARGS.  Expect "too many arguments (at most 32)".
 */
START_TEST(test_error_too_many_args)
{
	char text[1024] = "numasim-trace v1\nv";

	for (int i = 0; i <= TRACE_MAX_ARGS; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), " k%d=%d", i, i);
	expect_error(text, "t.trace:2: too many arguments (at most 32)");
}
END_TEST

/*
 * Bytes that have no place in an ASCII trace: a control character, a NUL,
 * a lone CR, a non-ASCII byte.  Expect the byte and its column; bytes
 * inside comments are not looked at.
 */
START_TEST(test_error_bad_bytes)
{
	static const char nul_text[] = "numasim-trace v1\nfree id=a\0b\n";
	struct trace_reader *r;
	struct trace_record rec;
	char err[ERR_BYTES];

	expect_error("numasim-trace v1\nfree id=\x01\n",
		     "t.trace:2: unexpected byte 0x01 (column 9)");
	expect_error("numasim-trace v1\nfree id=a\rb\n",
		     "t.trace:2: unexpected byte 0x0d (column 10)");
	expect_error("numasim-trace v1\nfree id=caf\xc3\xa9\n",
		     "t.trace:2: unexpected byte 0xc3 (column 12)");
	expect_error("numasim-trace\x7f v1\n", "t.trace:1: unexpected byte 0x7f (column 14)");
	r = trace_reader_open_memory("t.trace", nul_text, sizeof(nul_text) - 1);
	ck_assert_int_eq(trace_reader_next(r, &rec, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.trace:2: unexpected byte 0x00 (column 10)");
	trace_reader_close(r);
	r = open_text("numasim-trace v1 # caf\xc3\xa9 \x01\nfree id=a # \xff\n");
	next_ok(r, &rec);
	expect_end(r);
	trace_reader_close(r);
}
END_TEST

/*
 * An error in an event line consumes that line only.  Expect the next good
 * line to be read afterwards with its own line number.
 */
START_TEST(test_error_then_continue)
{
	struct trace_reader *r = open_text("numasim-trace v1\nfree id=1 id=2\nfree id=3\n");
	struct trace_record rec;
	char err[ERR_BYTES];

	ck_assert_int_eq(trace_reader_next(r, &rec, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t.trace:2: duplicate argument 'id'");
	next_id(r, &rec, 3, "3");
	expect_end(r);
	trace_reader_close(r);
}
END_TEST

/*
 * Messages quote at most 64 characters of a runaway token.  Expect the
 * quoted part cut at 64.
 */
START_TEST(test_error_long_token_cut)
{
	char text[400] = "numasim-trace v1\nv ", want[256];

	memset(text + strlen(text), 'X', 200);
	strcat(text, "\n");
	snprintf(want, sizeof(want), "t.trace:2: expected key=value or a flag word, got '%.64s'",
		 "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
	expect_error(text, want);
}
END_TEST

/* ---- trace_parse_u64 ---- */

/*
 * Decimal and hex, at and past the 64-bit limit.  Expect UINT64_MAX to be
 * accepted both ways and one more to fail as too large (-2), and junk,
 * signs, blanks and a bare "0x" to fail as malformed (-1, also when the
 * digits before the junk overflow), leaving *out untouched.
 */
START_TEST(test_u64_plain)
{
	static const char *const bad[] = { "", "0x", "x1", "-1", "+1", " 5", "5 ", "12abc",
					   "1.5", "0b101", "99999999999999999999999x" };
	static const char *const too_large[] = { "18446744073709551616", "0x10000000000000000",
						 "99999999999999999999999" };
	uint64_t v = 0;

	ck_assert_int_eq(trace_parse_u64("0", false, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(trace_parse_u64("007", false, &v), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(trace_parse_u64("18446744073709551615", false, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(trace_parse_u64("0xffffFFFFffffFFFF", false, &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(trace_parse_u64("0X1f", false, &v), 0);
	ck_assert_uint_eq(v, 31);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		v = 42;
		ck_assert_msg(trace_parse_u64(bad[i], true, &v) == -1, "'%s' accepted", bad[i]);
		ck_assert_uint_eq(v, 42);
	}
	for (size_t i = 0; i < TEST_ARRAY_SIZE(too_large); i++) {
		v = 42;
		ck_assert_msg(trace_parse_u64(too_large[i], true, &v) == -2, "'%s' not too large",
			      too_large[i]);
		ck_assert_uint_eq(v, 42);
	}
}
END_TEST

/*
 * Binary size suffixes.  Expect K/M/G/T (either case) to multiply by 2^10,
 * 2^20, 2^30, 2^40 only when allowed, hex to take them too, an overflowing
 * product to fail as too large and any other suffix as malformed.
 */
START_TEST(test_u64_suffix)
{
	uint64_t v;

	ck_assert_int_eq(trace_parse_u64("4K", true, &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(trace_parse_u64("4k", true, &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(trace_parse_u64("2M", true, &v), 0);
	ck_assert_uint_eq(v, 2u << 20);
	ck_assert_int_eq(trace_parse_u64("3G", true, &v), 0);
	ck_assert_uint_eq(v, 3ull << 30);
	ck_assert_int_eq(trace_parse_u64("1t", true, &v), 0);
	ck_assert_uint_eq(v, 1ull << 40);
	ck_assert_int_eq(trace_parse_u64("0x10K", true, &v), 0);
	ck_assert_uint_eq(v, 16u << 10);
	ck_assert_int_eq(trace_parse_u64("16777215T", true, &v), 0);
	ck_assert_uint_eq(v, 16777215ull << 40);
	ck_assert_int_eq(trace_parse_u64("16777216T", true, &v), -2);
	ck_assert_int_eq(trace_parse_u64("4K", false, &v), -1);
	ck_assert_int_eq(trace_parse_u64("4KB", true, &v), -1);
	ck_assert_int_eq(trace_parse_u64("4P", true, &v), -1);
	ck_assert_int_eq(trace_parse_u64("K", true, &v), -1);
}
END_TEST

/* ---- input_escape ---- */

/*
 * The edges of printable ASCII and the bytes around them.  Expect 0x20
 * (the blank) to 0x7e as they are, the backslash too, and 0x01, 0x1f,
 * 0x7f, 0x80 and 0xff as \xNN in lowercase hex.
 */
START_TEST(test_escape_bytes)
{
	char buf[64];

	ck_assert_str_eq(input_escape(buf, sizeof(buf), " ~a\\b"), " ~a\\b");
	ck_assert_str_eq(input_escape(buf, sizeof(buf), "\x01\x1f\x7f\x80\xff"),
			 "\\x01\\x1f\\x7f\\x80\\xff");
	ck_assert_str_eq(input_escape(buf, sizeof(buf), "a\nb"), "a\\x0ab");
}
END_TEST

/*
 * A buffer too small: the copy ends at a whole character or escape, never
 * inside one, and is always NUL-terminated; a zero-sized buffer is not
 * written.  Expect "ab" in 3 bytes, "a" for "a\n" in 5 bytes (the escape
 * needs 4 + 1), the escape whole in 6, and the buffer untouched at size 0.
 */
START_TEST(test_escape_cut)
{
	char buf[16];

	ck_assert_str_eq(input_escape(buf, 3, "abcd"), "ab");
	ck_assert_str_eq(input_escape(buf, 5, "a\nb"), "a");
	ck_assert_str_eq(input_escape(buf, 6, "a\nb"), "a\\x0a");
	ck_assert_str_eq(input_escape(buf, 1, "a"), "");
	buf[0] = 'z';
	input_escape(buf, 0, "a");
	ck_assert_int_eq(buf[0], 'z');
	ck_assert_uint_eq(INPUT_ESCAPED_SIZE(strlen("\xff\xff")), 9);
	ck_assert_str_eq(input_escape(buf, INPUT_ESCAPED_SIZE(2), "\xff\xff"), "\\xff\\xff");
}
END_TEST

/* ---- the churn generator ---- */

static struct gen_churn_params small_params(uint64_t seed)
{
	struct gen_churn_params p;

	gen_churn_default_params(&p, 16384, 2, 4);
	p.seed = seed;
	return p;
}

/*
 * Same parameters twice, then another seed.  Expect byte-identical output
 * for the same seed and different output for a different one.
 */
START_TEST(test_churn_deterministic)
{
	struct gen_churn_params p = small_params(7), q = small_params(8);
	char *a, *b, *c;
	size_t la, lb, lc;

	ck_assert_int_eq(gen_churn_write_memory(&p, &a, &la), 0);
	ck_assert_int_eq(gen_churn_write_memory(&p, &b, &lb), 0);
	ck_assert_int_eq(gen_churn_write_memory(&q, &c, &lc), 0);
	ck_assert_uint_eq(la, lb);
	ck_assert(memcmp(a, b, la) == 0);
	ck_assert(la != lc || memcmp(a, c, la) != 0);
	free(a);
	free(b);
	free(c);
}
END_TEST

/* What the generator must uphold, gathered while its trace is read. */
struct churn_audit {
	unsigned char *state;	/* per id number: 0 unseen, order + 1 live, FREED */
	uint64_t nr_ids;
	uint64_t nr_alloc, nr_free, nr_thp, nr_unmovable, nr_reclaimable;
	uint64_t live_pages, peak_pages;
	unsigned int nr_snapshots;
	char snapshots[8][16];
};

#define FREED 0xff

/* An id is CLASS-LETTER NUMBER; return NUMBER (or fail the test). */
static uint64_t churn_id_number(const struct churn_audit *a, const char *id)
{
	uint64_t n = 0;

	ck_assert_msg(strchr("urmt", id[0]) && id[0] != '\0', "bad id '%s'", id);
	ck_assert_int_eq(trace_parse_u64(id + 1, false, &n), 0);
	ck_assert_uint_lt(n, a->nr_ids);
	return n;
}

static void churn_audit_alloc(struct churn_audit *a, const struct trace_record *rec,
			      const struct gen_churn_params *p)
{
	const char *gfp = trace_record_get(rec, "gfp"), *node = trace_record_get(rec, "node");
	uint64_t n = churn_id_number(a, trace_record_get(rec, "id")), order, cpu, nid;

	ck_assert_int_eq(a->state[n], 0);	/* ids are never reused */
	ck_assert_int_eq(trace_parse_u64(trace_record_get(rec, "order"), false, &order), 0);
	a->state[n] = (unsigned char)(order + 1);
	ck_assert_int_eq(trace_parse_u64(trace_record_get(rec, "cpu"), false, &cpu), 0);
	ck_assert_uint_lt(cpu, p->nr_cpus);
	if (node) {
		ck_assert_int_eq(trace_parse_u64(node, false, &nid), 0);
		ck_assert_uint_lt(nid, p->nr_nodes);
	}
	ck_assert_ptr_nonnull(gfp);
	if (order == 9) {
		ck_assert_str_eq(gfp, "GFP_TRANSHUGE_LIGHT|__GFP_THISNODE");
		a->nr_thp++;
	} else {
		ck_assert_uint_le(order, 3);
		a->nr_unmovable += strcmp(gfp, "GFP_KERNEL") == 0;
		a->nr_reclaimable += strcmp(gfp, "GFP_KERNEL|__GFP_RECLAIMABLE") == 0;
	}
	a->nr_alloc++;
	a->live_pages += 1ull << order;
	if (a->live_pages > a->peak_pages)
		a->peak_pages = a->live_pages;
}

static void churn_audit_record(struct churn_audit *a, const struct trace_record *rec,
			       const struct gen_churn_params *p)
{
	if (strcmp(rec->verb, "alloc") == 0) {
		churn_audit_alloc(a, rec, p);
	} else if (strcmp(rec->verb, "free") == 0) {
		uint64_t n = churn_id_number(a, trace_record_get(rec, "id"));

		/* allocated before, freed once */
		ck_assert(a->state[n] != 0 && a->state[n] != FREED);
		a->live_pages -= 1ull << (a->state[n] - 1);
		a->state[n] = FREED;
		a->nr_free++;
	} else {
		ck_assert_str_eq(rec->verb, "snapshot");
		ck_assert_uint_lt(a->nr_snapshots, 8);
		snprintf(a->snapshots[a->nr_snapshots++], sizeof(a->snapshots[0]), "%s",
			 trace_record_get(rec, "name"));
	}
}

/*
 * Read a generated trace with the reader and audit it.  Expect every line
 * to parse; nr_events alloc/free events; every free to name a live id
 * (allocated and not yet freed); cpu and node in range; the "start",
 * "filled", "mid", "end" snapshots in that order; all three mobility types
 * present; memory filled to high_percent and never past it by more than
 * the one allocation that crossed the mark (at most order 9).
 */
START_TEST(test_churn_parses_and_frees_once)
{
	struct gen_churn_params p = small_params(3);
	struct churn_audit a = { 0 };
	struct trace_reader *r;
	struct trace_record rec;
	char *text, err[ERR_BYTES];
	size_t len;
	int rc;

	ck_assert_int_eq(gen_churn_write_memory(&p, &text, &len), 0);
	ck_assert_uint_eq(strlen(text), len);
	a.nr_ids = p.nr_events + 2;
	a.state = calloc(a.nr_ids, 1);
	r = trace_reader_open_memory("churn", text, len);
	while ((rc = trace_reader_next(r, &rec, err, sizeof(err))) == 1)
		churn_audit_record(&a, &rec, &p);
	ck_assert_msg(rc == 0, "%s", err);
	trace_reader_close(r);

	ck_assert_uint_eq(a.nr_alloc + a.nr_free, p.nr_events);
	ck_assert_uint_eq(a.nr_snapshots, 4);
	ck_assert_str_eq(a.snapshots[0], "start");
	ck_assert_str_eq(a.snapshots[1], "filled");
	ck_assert_str_eq(a.snapshots[2], "mid");
	ck_assert_str_eq(a.snapshots[3], "end");
	ck_assert_uint_gt(a.nr_unmovable, 0);
	ck_assert_uint_gt(a.nr_reclaimable, 0);
	ck_assert_uint_gt(a.nr_thp, 0);
	ck_assert_uint_ge(a.peak_pages, p.total_pages * p.high_percent / 100);
	ck_assert_uint_le(a.peak_pages, p.total_pages * p.high_percent / 100 + 512);
	free(a.state);
	free(text);
}
END_TEST

/*
 * Bad parameters and a stream that cannot be written.  Expect
 * gen_churn_check() to name the parameter, and gen_churn_write() to return
 * -1 without writing anything for bad parameters.
 */
START_TEST(test_churn_rejects)
{
	struct gen_churn_params p = small_params(1);
	char *buf = NULL;
	size_t size = 0;
	FILE *f;

	ck_assert_ptr_null(gen_churn_check(&p));
	p.nr_cpus = 0;
	ck_assert_ptr_nonnull(strstr(gen_churn_check(&p), "nr_cpus"));
	p = small_params(1);
	p.low_percent = p.high_percent;
	ck_assert_ptr_nonnull(strstr(gen_churn_check(&p), "low_percent"));
	p = small_params(1);
	p.total_pages = 10;
	ck_assert_ptr_nonnull(strstr(gen_churn_check(&p), "total_pages"));
	f = open_memstream(&buf, &size);
	ck_assert_int_eq(gen_churn_write(f, &p), -1);
	fclose(f);
	ck_assert_uint_eq(size, 0);
	free(buf);

	p = small_params(1);
	f = fopen("/dev/null", "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(gen_churn_write(f, &p), -1);
	fclose(f);
}
END_TEST

/* ---- the sample traces ---- */

/*
 * Every .trace file in workloads/samples/.  Expect each to parse to the end
 * using only the verbs of version 1, with at least one snapshot.
 */
START_TEST(test_samples_parse)
{
	static const char *const verbs[] = {
		"alloc", "free", "drain", "sysctl", "snapshot", "spawn", "fork", "exit", "sched",
		"mmap", "munmap", "mprotect", "madvise", "mlock", "munlock", "touch", "pin", "get",
		"unpin", "set_mempolicy", "mbind", "sysfs", "migrate_pages", "move_pages", "cpuset",
		"read", "write", "fsync", "truncate", "unlink", "fadvise",
	};
	DIR *dir = opendir("workloads/samples");
	struct dirent *de;
	unsigned int nr_files = 0;

	ck_assert_msg(dir != NULL, "run the tests from the project root");
	while ((de = readdir(dir))) {
		char path[512], err[ERR_BYTES];
		size_t n = strlen(de->d_name), nr_snapshots = 0;
		struct trace_reader *r;
		struct trace_record rec;
		int rc;

		if (n < 6 || strcmp(de->d_name + n - 6, ".trace") != 0)
			continue;
		snprintf(path, sizeof(path), "workloads/samples/%s", de->d_name);
		r = trace_reader_open(path, err, sizeof(err));
		ck_assert_msg(r != NULL, "%s", err);
		while ((rc = trace_reader_next(r, &rec, err, sizeof(err))) == 1) {
			bool known = false;

			for (size_t i = 0; i < TEST_ARRAY_SIZE(verbs); i++)
				known |= strcmp(rec.verb, verbs[i]) == 0;
			ck_assert_msg(known, "%s:%lu: verb '%s'", path, rec.line, rec.verb);
			nr_snapshots += strcmp(rec.verb, "snapshot") == 0;
		}
		ck_assert_msg(rc == 0, "%s", err);
		ck_assert_uint_gt(nr_snapshots, 0);
		trace_reader_close(r);
		nr_files++;
	}
	closedir(dir);
	ck_assert_uint_ge(nr_files, 2);
}
END_TEST

/*
 * trace_reader_next_batch(): a batch returns the same records, in the same
 * order, as one-at-a-time reads, and an error met inside a batch ends that
 * batch and is reported by the next call with its FILE:LINE.
 *
 * Expect batches of at most 4 records covering alloc a1..a6, then the error
 * on line 8.
 */
START_TEST(test_batch_reads_and_deferred_error)
{
	const char *text = "numasim-trace v1\n"
			   "alloc id=a1 order=0\nalloc id=a2 order=0\nalloc id=a3 order=0\n"
			   "alloc id=a4 order=0\nalloc id=a5 order=0\nalloc id=a6 order=0\n"
			   "=oops\n";
	struct trace_reader *r = trace_reader_open_memory("b.trace", text, strlen(text));
	struct trace_record recs[4];
	char err[256];
	int n, seen = 0;

	while ((n = trace_reader_next_batch(r, recs, 4, err, sizeof(err))) > 0) {
		ck_assert_int_le(n, 4);
		for (int i = 0; i < n; i++) {
			char want[8];

			snprintf(want, sizeof(want), "a%d", ++seen);
			ck_assert_str_eq(recs[i].verb, "alloc");
			ck_assert_str_eq(trace_record_get(&recs[i], "id"), want);
			ck_assert_uint_eq(recs[i].line, (unsigned long)seen + 1);
		}
	}
	ck_assert_int_eq(seen, 6);
	ck_assert_int_eq(n, -1);
	ck_assert_msg(strncmp(err, "b.trace:8: ", 11) == 0, "got '%s'", err);
	trace_reader_close(r);
}
END_TEST

Suite *trace_suite(void);	/* called by the runner through suites.h */
Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_verbs);
	tcase_add_test(tc, test_parse_bare_words);
	tcase_add_test(tc, test_parse_times);
	tcase_add_test(tc, test_parse_time_sequence);
	tcase_add_test(tc, test_parse_comments);
	tcase_add_test(tc, test_parse_crlf);
	tcase_add_test(tc, test_parse_max_args);
	tcase_add_test(tc, test_memory_reader_copies);
	tcase_add_test(tc, test_batch_reads_and_deferred_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_file_gzip_and_plain);
	tcase_add_loop_test(tc, test_file_gzip_truncated, 0, 6);
	tcase_add_test(tc, test_file_gzip_corrupt);
	tcase_add_test(tc, test_file_open_errors);
	tcase_add_test(tc, test_file_pipe);
	tcase_add_test(tc, test_name_escaped);
	tcase_add_test(tc, test_file_stdin);
	tcase_add_test(tc, test_file_refill);
	tcase_add_test(tc, test_file_line_too_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_error_header);
	tcase_add_test(tc, test_error_header_sticky);
	tcase_add_test(tc, test_error_arguments);
	tcase_add_test(tc, test_plain_and_general_lines_agree);
	tcase_add_test(tc, test_error_verbs);
	tcase_add_test(tc, test_error_times);
	tcase_add_test(tc, test_error_too_many_args);
	tcase_add_test(tc, test_error_bad_bytes);
	tcase_add_test(tc, test_error_then_continue);
	tcase_add_test(tc, test_error_long_token_cut);
	suite_add_tcase(s, tc);

	tc = tcase_create("escape");
	tcase_add_test(tc, test_escape_bytes);
	tcase_add_test(tc, test_escape_cut);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse_u64");
	tcase_add_test(tc, test_u64_plain);
	tcase_add_test(tc, test_u64_suffix);
	suite_add_tcase(s, tc);

	tc = tcase_create("churn");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_churn_deterministic);
	tcase_add_test(tc, test_churn_parses_and_frees_once);
	tcase_add_test(tc, test_churn_rejects);
	suite_add_tcase(s, tc);

	tc = tcase_create("samples");
	tcase_add_test(tc, test_samples_parse);
	suite_add_tcase(s, tc);
	return s;
}
