/*
 * tests/check_progress.c - the progress line of a long replay or import
 * (sim/progress.c) and the readers' positions it quotes
 * (trace_reader_position(), workloads/trace.c; line_reader_position(),
 * workloads/line_reader.c).
 *
 * No kernel rule is involved: this is the command line's courtesy to a
 * user at a terminal.  What matters most is what it must never do: write
 * anything when standard error is not a terminal (tests, CI, pipes).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/progress.h"
#include "workloads/line_reader.h"
#include "workloads/trace.h"

/* Expect events, the rate and the share of the file, each in its unit. */
START_TEST(test_format)
{
	char buf[160];

	progress_format(buf, sizeof(buf), "replay", 2500000, 500000000, 50, 200);
	ck_assert_str_eq(buf, "replay: 2.50 M events, 5.00 M events/s, 25% of the trace");
	progress_format(buf, sizeof(buf), "import", 1500, 2000000000, 7, 0);
	ck_assert_str_eq(buf, "import: 1.5 k events, 750 events/s");
	/* zlib may have read ahead of what the file's size said */
	progress_format(buf, sizeof(buf), "replay", 3000000000ul, 1000000000, 300, 200);
	ck_assert_str_eq(buf, "replay: 3.00 G events, 3.00 G events/s, 100% of the trace");
}
END_TEST

/* Expect nothing at all on a pipe, however many events and however long. */
START_TEST(test_silent_when_not_a_terminal)
{
	struct progress p;
	char byte;
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	progress_start(&p, fds[1], NULL);
	ck_assert(!p.enabled);
	p.next_ns = 0;	/* as if the first second had passed */
	for (unsigned long n = 1; n <= 10; n++)
		progress_tick(&p, n * PROGRESS_CHECK_EVENTS);
	progress_finish(&p);
	ck_assert_int_eq(read(fds[0], &byte, 1), -1);
	ck_assert_int_eq(errno, EAGAIN);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/* Expect a line on a terminal once it is due, and its erasure at the end. */
START_TEST(test_line_on_a_terminal)
{
	struct progress p;
	char buf[512];
	int master, slave;
	ssize_t n;

	ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
	ck_assert_int_eq(fcntl(master, F_SETFL, O_NONBLOCK), 0);
	progress_start(&p, slave, NULL);
	ck_assert(p.enabled);
	p.next_ns = 0;	/* as if the first second had passed */
	progress_tick(&p, PROGRESS_CHECK_EVENTS);
	progress_finish(&p);
	/* The pty may hand the bytes over in pieces: read until the erasure came. */
	n = 0;
	buf[0] = '\0';
	for (int tries = 0; tries < 100 && !strstr(buf, "\r\033[K"); tries++) {
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		ssize_t got;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		got = read(master, buf + n, sizeof(buf) - 1 - (size_t)n);
		if (got > 0)
			n += got;
		buf[n] = '\0';
	}
	ck_assert_int_gt(n, 0);
	ck_assert_ptr_nonnull(strstr(buf, "\rreplay: 65.5 k events, "));
	ck_assert_ptr_nonnull(strstr(buf, "\r\033[K"));
	close(master);
	close(slave);
}
END_TEST

/* Expect the position to reach the file's size once every record was read. */
START_TEST(test_reader_position)
{
	char path[] = "/tmp/numasim-progress-XXXXXX", err[256];
	const char text[] = "numasim-trace v1\nalloc id=a1 order=0 gfp=GFP_KERNEL\nfree id=a1\n";
	struct trace_record rec;
	struct trace_reader *r;
	uint64_t done, total;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	r = trace_reader_open(path, err, sizeof(err));
	ck_assert_ptr_nonnull(r);
	trace_reader_position(r, &done, &total);
	ck_assert_uint_eq(done, 0);
	ck_assert_uint_eq(total, strlen(text));
	while (trace_reader_next(r, &rec, err, sizeof(err)) == 1)
		;
	trace_reader_position(r, &done, &total);
	ck_assert_uint_eq(done, strlen(text));
	trace_reader_close(r);
	unlink(path);
}
END_TEST

/* The same for the kernel trace reader of import ftrace and run --ftrace. */
START_TEST(test_line_reader_position)
{
	char path[] = "/tmp/numasim-progress-XXXXXX", err[256], *line;
	const char text[] = "# tracer: nop\n  sh-1 [000] ..... 1.000000: mm_page_free: x\n";
	struct line_reader *r;
	uint64_t done, total;
	size_t len;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	r = line_reader_open(path, err, sizeof(err));
	ck_assert_ptr_nonnull(r);
	line_reader_position(r, &done, &total);
	ck_assert_uint_eq(done, 0);
	ck_assert_uint_eq(total, strlen(text));
	while (line_reader_next(r, &line, &len, err, sizeof(err)) == 1)
		;
	line_reader_position(r, &done, &total);
	ck_assert_uint_eq(done, strlen(text));
	line_reader_close(r);
	unlink(path);
}
END_TEST

Suite *progress_suite(void);

Suite *progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("line");

	tcase_add_test(tc, test_format);
	tcase_add_test(tc, test_silent_when_not_a_terminal);
	tcase_add_test(tc, test_line_on_a_terminal);
	tcase_add_test(tc, test_reader_position);
	tcase_add_test(tc, test_line_reader_position);
	suite_add_tcase(s, tc);
	return s;
}
