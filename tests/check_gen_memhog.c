/*
 * tests/check_gen_memhog.c - `numasim gen memhog` (workloads/gen_memhog.c,
 * sim/gen_cli.c): the trace of the reference recordings' memhog program
 * (the shared oracle's workload-2node/memhog.c).
 *
 * What is checked:
 *   - the events, line by line, for small parameters: the expected lines
 *     are memhog.c's loops written out (by hand where they are few, by the
 *     same loops as memhog.c's where there are hundreds);
 *   - bad parameters: gen_memhog_check()'s messages, and the command line
 *     exits 2 with a "numasim: " message and leaves no file;
 *   - the command line writes what the library writes;
 *   - replays on the reference machine (configs/oracle-2node.json) of the
 *     recordings' anon_frag and thp phases give the kernel's counts.
 *
 * No kernel counterpart: memhog's system calls are the counterpart, and
 * the replays check the kernel rules named at each test.
 */
#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"
#include "sim/engine.h"
#include "tests/helpers.h"
#include "tests/process_helpers.h"
#include "workloads/gen_memhog.h"
#include "workloads/trace.h"

#define ORACLE_CONFIG	"configs/oracle-2node.json"
#define PAGE_BYTES	4096ull		/* memhog's PG */
#define OUT_BYTES	(64u << 10)
#define ERR_BYTES	4096u

/* ---- the lines of a trace ---- */

struct lines {
	char **v;
	size_t nr;
	size_t cap;
};

__attribute__((format(printf, 2, 3)))
static void lines_add(struct lines *l, const char *fmt, ...)
{
	va_list ap;

	if (l->nr == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		ck_assert_ptr_nonnull(l->v);
	}
	va_start(ap, fmt);
	ck_assert_int_ge(vasprintf(&l->v[l->nr++], fmt, ap), 0);
	va_end(ap);
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The lines of text that are not comments (the header line included). */
static void event_lines(const char *text, struct lines *l)
{
	const char *line = text;

	memset(l, 0, sizeof(*l));
	while (*line) {
		const char *end = strchr(line, '\n');

		ck_assert_msg(end, "the trace does not end with a newline");
		if (*line != '#')
			lines_add(l, "%.*s", (int)(end - line), line);
		line = end + 1;
	}
}

static void assert_lines_eq(const struct lines *got, const struct lines *want)
{
	for (size_t i = 0; i < got->nr && i < want->nr; i++)
		ck_assert_msg(!strcmp(got->v[i], want->v[i]), "event %zu: got \"%s\", want \"%s\"",
			      i, got->v[i], want->v[i]);
	ck_assert_uint_eq(got->nr, want->nr);
}

static char *gen_text(const struct gen_memhog_params *p)
{
	char *text;
	size_t len;

	ck_assert_msg(gen_memhog_check(p) == NULL, "%s", gen_memhog_check(p));
	ck_assert_int_eq(gen_memhog_write_memory(p, &text, &len), 0);
	ck_assert_uint_eq(strlen(text), len);
	return text;
}

/* Generate p's trace and compare its events with want. */
static void expect_events(const struct gen_memhog_params *p, const struct lines *want)
{
	char *text = gen_text(p);
	struct lines got;

	event_lines(text, &got);
	assert_lines_eq(&got, want);
	lines_free(&got);
	free(text);
}

static void params(struct gen_memhog_params *p, uint64_t mb, uint64_t stride,
		   unsigned int nr_forks, unsigned int pid, unsigned int cpu)
{
	gen_memhog_default_params(p);
	p->mb = mb;
	p->stride = stride;
	p->nr_forks = nr_forks;
	p->pid = pid;
	p->cpu = cpu;
}

/* One malloc'ed array of memhog's: KiB mapped, KiB its writes fault in. */
struct array_kb {
	unsigned int map, touch;
};

/*
 * memhog's report node_hist(TAG): malloc pages[] and fill it, malloc
 * status[], the move_pages() query (left out with a stride), the kernel's
 * writes of status[], both freed.  The sizes are the caller's, worked out
 * from glibc's rule (see test_report_arrays_recorded_sizes).
 */
static void want_report(struct lines *w, unsigned int pid, const char *query_len,
			const char *tag, struct array_kb pages, struct array_kb status)
{
	lines_add(w, "mmap pid=%u len=%uK id=hist-pages", pid, pages.map);
	lines_add(w, "touch pid=%u addr=@hist-pages len=%uK write", pid, pages.touch);
	lines_add(w, "mmap pid=%u len=%uK id=hist-status", pid, status.map);
	if (query_len)
		lines_add(w, "move_pages pid=%u addr=@hog len=%s id=%s-%u", pid, query_len, tag,
			  pid);
	lines_add(w, "touch pid=%u addr=@hist-status len=%uK write", pid, status.touch);
	lines_add(w, "munmap pid=%u addr=@hist-pages len=%uK", pid, pages.map);
	lines_add(w, "munmap pid=%u addr=@hist-status len=%uK", pid, status.map);
}

/* ---- the events ---- */

/*
 * memhog.c's defaults: -m 256, -T nothp, no stride, no forks, no -n.
 * Expect those, the command-line comment "memhog -m 256 -T nothp" as the
 * second line, and pid 1000 on CPU 0.
 */
START_TEST(test_defaults)
{
	struct gen_memhog_params p;
	char *text;

	gen_memhog_default_params(&p);
	ck_assert_uint_eq(p.mb, 256);
	ck_assert_int_eq(p.thp, GEN_MEMHOG_NOTHP);
	ck_assert_uint_eq(p.stride, 0);
	ck_assert_uint_eq(p.nr_forks, 0);
	ck_assert_int_eq(p.bind_node, GEN_MEMHOG_NO_NODE);
	ck_assert_uint_eq(p.pid, 1000);
	ck_assert_uint_eq(p.cpu, 0);
	text = gen_text(&p);
	ck_assert_msg(!strncmp(text, "numasim-trace v1\n# ", 19), "%.40s", text);
	ck_assert_ptr_nonnull(strstr(text, "\n#     memhog -m 256 -T nothp\n"));
	free(text);
}
END_TEST

/*
 * memhog -m 1 -k 3 as pid 100 on CPU 1: 256 pages, share = 256 / 3 = 85
 * pages (340 KiB), so the children write pages 0-84, 85-169 (from
 * 85 * 4 KiB = 0x55000) and 170-254 (from 0xaa000); page 255 is left to
 * the parent, as memhog's integer division leaves it.  Without a stride
 * each child's loop writes every page of its share once, in order: one
 * touch.  Before the forks memhog reports where its pages are: pages[]
 * (256 x 8 bytes) and status[] (256 x 4 bytes) each fit one page with
 * glibc's 16-byte header, and the query covers the whole region.  Expect
 * exactly these events.
 */
START_TEST(test_forks_without_stride)
{
	static const char *const want_text[] = {
		"numasim-trace v1",
		"spawn pid=100 cpu=1 name=memhog",
		"mmap pid=100 len=1M id=hog",
		"madvise pid=100 addr=@hog len=1M advice=nohugepage",
		"touch pid=100 addr=@hog len=1M write",
		"mmap pid=100 len=4K id=hist-pages",
		"touch pid=100 addr=@hist-pages len=4K write",
		"mmap pid=100 len=4K id=hist-status",
		"move_pages pid=100 addr=@hog len=1M id=placement-100",
		"touch pid=100 addr=@hist-status len=4K write",
		"munmap pid=100 addr=@hist-pages len=4K",
		"munmap pid=100 addr=@hist-status len=4K",
		"fork pid=100 child=101",
		"touch pid=101 addr=@hog len=340K write",
		"exit pid=101",
		"fork pid=100 child=102",
		"touch pid=102 addr=@hog+0x55000 len=340K write",
		"exit pid=102",
		"fork pid=100 child=103",
		"touch pid=103 addr=@hog+0xaa000 len=340K write",
		"exit pid=103",
		"snapshot name=hog-done",
		"exit pid=100",
		"snapshot name=end",
	};
	struct gen_memhog_params p;
	struct lines want = { 0 };
	char *text;

	params(&p, 1, 0, 3, 100, 1);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(want_text); i++)
		lines_add(&want, "%s", want_text[i]);
	expect_events(&p, &want);
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\n#     memhog -m 1 -T nothp -k 3\n"));
	free(text);
	lines_free(&want);
}
END_TEST

/*
 * memhog -m 1 -f 4 -k 2 as pid 100 on CPU 1.  memhog.c, after writing the
 * 256 pages: for i in 0..255 with i % 4 != 0, madvise(base + i * PG, PG,
 * MADV_DONTNEED): 192 calls, pages 1, 2, 3, 5, ...; then child c (pid
 * 101 + c) writes the pages j of [c * 128, (c + 1) * 128) with j % 4 == 0:
 * 32 pages each, one write per page.  Between the two, the report: 64
 * entries of pages[] and status[] written, one page each, and no query
 * line (memhog asks page by page; the query changes nothing).  Expect
 * these events in this order (the loops below are memhog.c's), and a few
 * of them spelled out.
 */
START_TEST(test_stride_and_forks)
{
	struct gen_memhog_params p;
	struct lines want = { 0 };
	const uint64_t npages = 256, stride = 4, share = npages / 2;
	size_t nr_dontneed = 0;

	params(&p, 1, stride, 2, 100, 1);
	lines_add(&want, "numasim-trace v1");
	lines_add(&want, "spawn pid=100 cpu=1 name=memhog");
	lines_add(&want, "mmap pid=100 len=1M id=hog");
	lines_add(&want, "madvise pid=100 addr=@hog len=1M advice=nohugepage");
	lines_add(&want, "touch pid=100 addr=@hog len=1M write");
	for (uint64_t i = 0; i < npages; i++)
		if (i % stride) {
			lines_add(&want, "madvise pid=100 addr=@hog+0x%llx len=4K advice=dontneed",
				  (unsigned long long)(i * PAGE_BYTES));
			nr_dontneed++;
		}
	want_report(&want, 100, NULL, "placement", (struct array_kb){ 4, 4 },
		    (struct array_kb){ 4, 4 });
	for (unsigned int c = 0; c < 2; c++) {
		lines_add(&want, "fork pid=100 child=%u", 101 + c);
		for (uint64_t j = c * share; j < (c + 1) * share; j++)
			if (j % stride == 0)
				lines_add(&want, j ? "touch pid=%u addr=@hog+0x%llx len=4K write"
						   : "touch pid=%u addr=@hog len=4K write",
					  101 + c, (unsigned long long)(j * PAGE_BYTES));
		lines_add(&want, "exit pid=%u", 101 + c);
	}
	lines_add(&want, "snapshot name=hog-done");
	lines_add(&want, "exit pid=100");
	lines_add(&want, "snapshot name=end");

	ck_assert_uint_eq(nr_dontneed, 192);
	ck_assert_uint_eq(want.nr, 5 + 192 + 6 + 2 * (1 + 32 + 1) + 3);
	ck_assert_str_eq(want.v[5], "madvise pid=100 addr=@hog+0x1000 len=4K advice=dontneed");
	ck_assert_str_eq(want.v[8], "madvise pid=100 addr=@hog+0x5000 len=4K advice=dontneed");
	ck_assert_str_eq(want.v[197], "mmap pid=100 len=4K id=hist-pages");
	ck_assert_str_eq(want.v[203], "fork pid=100 child=101");
	ck_assert_str_eq(want.v[204], "touch pid=101 addr=@hog len=4K write");
	ck_assert_str_eq(want.v[205], "touch pid=101 addr=@hog+0x4000 len=4K write");
	ck_assert_str_eq(want.v[236], "exit pid=101");
	ck_assert_str_eq(want.v[237], "fork pid=100 child=102");
	ck_assert_str_eq(want.v[238], "touch pid=102 addr=@hog+0x80000 len=4K write");
	expect_events(&p, &want);
	lines_free(&want);
}
END_TEST

/*
 * memhog -m 2 -T thp -n 1 as pid 7 on CPU 0: madvise(MADV_HUGEPAGE), then
 * mbind(MPOL_BIND, node 1), then the writes and the report (pages[]:
 * 512 x 8 bytes after the 16-byte header, two pages; status[] one).  With
 * -T default memhog calls no madvise() at all.  Expect exactly these
 * events, in memhog's order.
 */
START_TEST(test_thp_modes_and_bind)
{
	static const char *const want_thp[] = {
		"numasim-trace v1",
		"spawn pid=7 cpu=0 name=memhog",
		"mmap pid=7 len=2M id=hog",
		"madvise pid=7 addr=@hog len=2M advice=hugepage",
		"mbind pid=7 addr=@hog len=2M mode=bind nodes=1",
		"touch pid=7 addr=@hog len=2M write",
		"mmap pid=7 len=8K id=hist-pages",
		"touch pid=7 addr=@hist-pages len=8K write",
		"mmap pid=7 len=4K id=hist-status",
		"move_pages pid=7 addr=@hog len=2M id=placement-7",
		"touch pid=7 addr=@hist-status len=4K write",
		"munmap pid=7 addr=@hist-pages len=8K",
		"munmap pid=7 addr=@hist-status len=4K",
		"snapshot name=hog-done",
		"exit pid=7",
		"snapshot name=end",
	};
	struct gen_memhog_params p;
	struct lines want = { 0 };
	char *text;

	params(&p, 2, 0, 0, 7, 0);
	p.thp = GEN_MEMHOG_THP;
	p.bind_node = 1;
	for (size_t i = 0; i < TEST_ARRAY_SIZE(want_thp); i++)
		lines_add(&want, "%s", want_thp[i]);
	expect_events(&p, &want);
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\n#     memhog -m 2 -T thp -n 1\n"));
	free(text);

	p.thp = GEN_MEMHOG_THP_DEFAULT;
	free(want.v[3]);
	memmove(&want.v[3], &want.v[4], (want.nr - 4) * sizeof(*want.v));
	want.nr--;
	expect_events(&p, &want);
	lines_free(&want);
}
END_TEST

/*
 * memhog -M N: after the children, one move_pages() of every page left to
 * node N, MPOL_MF_MOVE (memhog.c: the pages with i % stride == 0 when
 * stride > 1), from malloc'ed pages[] (two pages for 512 entries),
 * nodes[] and status[] (one page each), which stay allocated over the
 * "after-move" report and are freed after it.  The shell's `migratepages PID 0 1` on the sleeping memhog
 * (the recordings' migrate phase): migrate_pages(2) as root, so
 * MPOL_MF_MOVE_ALL, between hog-done and memhog's end.
 */
START_TEST(test_move_pages_and_migratepages)
{
	static const char *const want_move[] = {
		"numasim-trace v1",
		"spawn pid=7 cpu=1 name=memhog",
		"mmap pid=7 len=2M id=hog",
		"madvise pid=7 addr=@hog len=2M advice=nohugepage",
		"mbind pid=7 addr=@hog len=2M mode=bind nodes=0",
		"touch pid=7 addr=@hog len=2M write",
		"mmap pid=7 len=8K id=hist-pages",
		"touch pid=7 addr=@hist-pages len=8K write",
		"mmap pid=7 len=4K id=hist-status",
		"move_pages pid=7 addr=@hog len=2M id=placement-7",
		"touch pid=7 addr=@hist-status len=4K write",
		"munmap pid=7 addr=@hist-pages len=8K",
		"munmap pid=7 addr=@hist-status len=4K",
		"mmap pid=7 len=8K id=move-pages-array",
		"mmap pid=7 len=4K id=move-nodes-array",
		"mmap pid=7 len=4K id=move-status-array",
		"touch pid=7 addr=@move-pages-array len=8K write",
		"touch pid=7 addr=@move-nodes-array len=4K write",
		"move_pages pid=7 addr=@hog len=2M node=1 id=move-pages",
		"touch pid=7 addr=@move-status-array len=4K write",
		"mmap pid=7 len=8K id=hist-pages",
		"touch pid=7 addr=@hist-pages len=8K write",
		"mmap pid=7 len=4K id=hist-status",
		"move_pages pid=7 addr=@hog len=2M id=after-move-7",
		"touch pid=7 addr=@hist-status len=4K write",
		"munmap pid=7 addr=@hist-pages len=8K",
		"munmap pid=7 addr=@hist-status len=4K",
		"munmap pid=7 addr=@move-pages-array len=8K",
		"munmap pid=7 addr=@move-nodes-array len=4K",
		"munmap pid=7 addr=@move-status-array len=4K",
		"snapshot name=hog-done",
		"migrate_pages pid=7 from=0 to=1 all",
		"snapshot name=migrated",
		"exit pid=7",
		"snapshot name=end",
	};
	struct gen_memhog_params p;
	struct lines want = { 0 };
	char *text;

	params(&p, 2, 0, 0, 7, 1);
	p.bind_node = 0;
	p.move_pages_node = 1;
	p.migrate_to_node = 1;
	for (size_t i = 0; i < TEST_ARRAY_SIZE(want_move); i++)
		lines_add(&want, "%s", want_move[i]);
	expect_events(&p, &want);
	lines_free(&want);
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\n#     memhog -m 2 -T nothp -n 0 -M 1\n"));
	free(text);

	/* With a stride, one 4 KiB call per page left: 0x0000, 0x3000, ... */
	params(&p, 1, 3, 0, 7, 0);
	p.move_pages_node = 1;
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\nmove_pages pid=7 addr=@hog len=4K node=1\n"
					   "move_pages pid=7 addr=@hog+0x3000 len=4K node=1\n"));
	ck_assert_ptr_null(strstr(text, "addr=@hog+0x1000 len=4K node=1"));
	ck_assert_ptr_null(strstr(text, "migrate_pages"));
	free(text);

	/* --migrate-from overrides the -n node. */
	params(&p, 1, 0, 0, 7, 0);
	p.migrate_to_node = 2;
	p.migrate_from_node = 1;
	text = gen_text(&p);
	ck_assert_ptr_nonnull(strstr(text, "\nmigrate_pages pid=7 from=1 to=2 all\n"));
	free(text);
}
END_TEST

/*
 * memhog treats -f 1 like no stride (it frees only when stride > 1, and
 * its children write every page when stride <= 1).  Expect the same
 * events for stride 1 as for stride 0.
 */
START_TEST(test_stride_one_frees_nothing)
{
	struct gen_memhog_params p0, p1;
	char *t0, *t1;
	struct lines l0, l1;

	params(&p0, 1, 0, 2, 50, 0);
	params(&p1, 1, 1, 2, 50, 0);
	t0 = gen_text(&p0);
	t1 = gen_text(&p1);
	event_lines(t0, &l0);
	event_lines(t1, &l1);
	assert_lines_eq(&l1, &l0);
	lines_free(&l0);
	lines_free(&l1);
	free(t0);
	free(t1);
}
END_TEST

/*
 * The report's arrays at the recordings' sizes.  glibc's malloc(n) of more
 * than its mmap threshold maps the chunk alone: n plus the 8-byte size
 * field rounded up to 16, plus 8, rounded up to pages; the data starts 16
 * bytes in.  memhog -m 256 (65536 pages): pages[] = 524288 bytes ->
 * 524304 + 8 -> 129 pages (516K), all written; status[] = 262144 -> 65
 * pages (260K).  memhog -m 768 -f 2 (196608 pages, 98304 kept): pages[]
 * = 1572864 -> 385 pages mapped (1540K), 16 + 98304 x 8 = 786448 bytes
 * written -> 193 pages (772K); status[] = 786432 -> 193 pages (772K),
 * 16 + 98304 x 4 -> 97 pages (388K) written by the kernel.
 */
START_TEST(test_report_arrays_recorded_sizes)
{
	struct gen_memhog_params p;
	struct lines want = { 0 }, got;
	char *text;

	params(&p, 256, 0, 0, 554, 1);
	want_report(&want, 554, "256M", "placement", (struct array_kb){ 516, 516 },
		    (struct array_kb){ 260, 260 });
	text = gen_text(&p);
	event_lines(text, &got);
	ck_assert_uint_ge(got.nr, 5 + want.nr);
	for (size_t i = 0; i < want.nr; i++)
		ck_assert_str_eq(got.v[5 + i], want.v[i]);
	lines_free(&got);
	lines_free(&want);
	free(text);

	params(&p, 768, 2, 0, 251, 1);
	want_report(&want, 251, NULL, "placement", (struct array_kb){ 1540, 772 },
		    (struct array_kb){ 772, 388 });
	text = gen_text(&p);
	event_lines(text, &got);
	ck_assert_uint_ge(got.nr, 5 + 98304 + want.nr);
	for (size_t i = 0; i < want.nr; i++)
		ck_assert_str_eq(got.v[5 + 98304 + i], want.v[i]);
	lines_free(&got);
	lines_free(&want);
	free(text);
}
END_TEST

/* ---- bad parameters ---- */

struct bad_params {
	const char *what;
	void (*set)(struct gen_memhog_params *p);
	const char *msg;	/* the message starts with this */
};

static void set_mb_zero(struct gen_memhog_params *p) { p->mb = 0; }
static void set_mb_huge(struct gen_memhog_params *p) { p->mb = GEN_MEMHOG_MAX_MB + 1; }
static void set_thp_bad(struct gen_memhog_params *p) { p->thp = GEN_MEMHOG_THP_MODES; }
static void set_stride_huge(struct gen_memhog_params *p) { p->stride = 1ull << 32; }
static void set_forks_many(struct gen_memhog_params *p) { p->nr_forks = 65537; }
static void set_node_64(struct gen_memhog_params *p) { p->bind_node = 64; }
static void set_node_neg(struct gen_memhog_params *p) { p->bind_node = -2; }
static void set_cpu_huge(struct gen_memhog_params *p) { p->cpu = 4096; }
static void set_pid_zero(struct gen_memhog_params *p) { p->pid = 0; }
static void set_move_64(struct gen_memhog_params *p) { p->move_pages_node = 64; }
static void set_migrate_no_from(struct gen_memhog_params *p) { p->migrate_to_node = 1; }
static void set_from_only(struct gen_memhog_params *p) { p->migrate_from_node = 1; }

static void set_pid_overflow(struct gen_memhog_params *p)
{
	p->pid = 2147483646;
	p->nr_forks = 2;
}

static const struct bad_params bad_params[] = {
	{ "mb 0", set_mb_zero, "mb: must be between 1 and 1048576" },
	{ "mb 2^20 + 1", set_mb_huge, "mb: must be between 1 and 1048576" },
	{ "thp", set_thp_bad, "thp: must be thp, nothp or default" },
	{ "stride 2^32", set_stride_huge, "stride: must be at most 4294967295" },
	{ "forks 65537", set_forks_many, "forks: must be at most 65536" },
	{ "node 64", set_node_64, "bind_node: must be between 0 and 63" },
	{ "node -2", set_node_neg, "bind_node: must be between 0 and 63" },
	{ "cpu 4096", set_cpu_huge, "cpu: must be at most 4095" },
	{ "pid 0", set_pid_zero, "pid: must be between 1 and 2147483647" },
	{ "pid + forks", set_pid_overflow, "pid: the children's pids" },
	{ "move node 64", set_move_64, "move_pages_node, migrate_to_node, migrate_from_node" },
	{ "migrate without from", set_migrate_no_from, "migrate_to_node: migratepages needs" },
	{ "from without to", set_from_only, "migrate_from_node: only with migrate_to_node" },
};

/*
 * Each bad parameter alone.  Expect gen_memhog_check() to name it, and
 * gen_memhog_write() to fail without writing a byte.
 */
START_TEST(test_bad_params)
{
	const struct bad_params *b = &bad_params[_i];
	struct gen_memhog_params p;
	const char *msg;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	gen_memhog_default_params(&p);
	b->set(&p);
	msg = gen_memhog_check(&p);
	ck_assert_msg(msg && !strncmp(msg, b->msg, strlen(b->msg)), "%s: got \"%s\"", b->what,
		      msg ? msg : "(accepted)");
	f = open_memstream(&text, &len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(gen_memhog_write(f, &p), -1);
	fclose(f);
	ck_assert_uint_eq(len, 0);
	free(text);
	ck_assert_int_eq(gen_memhog_write_memory(&p, &text, &len), -1);
}
END_TEST

/*
 * The limits themselves are fine: 1 MiB, node 63, the last pid for the
 * last child.  And -T's names: thp, nothp, default, nothing else.
 */
START_TEST(test_limits_and_thp_names)
{
	struct gen_memhog_params p;
	enum gen_memhog_thp mode;

	params(&p, 1, GEN_MEMHOG_MAX_STRIDE, 1, 2147483646, GEN_MEMHOG_MAX_CPU);
	p.bind_node = GEN_MEMHOG_MAX_NODE;
	ck_assert_ptr_null(gen_memhog_check(&p));
	ck_assert_int_eq(gen_memhog_parse_thp("thp", &mode), 0);
	ck_assert_int_eq(mode, GEN_MEMHOG_THP);
	ck_assert_int_eq(gen_memhog_parse_thp("nothp", &mode), 0);
	ck_assert_int_eq(mode, GEN_MEMHOG_NOTHP);
	ck_assert_int_eq(gen_memhog_parse_thp("default", &mode), 0);
	ck_assert_int_eq(mode, GEN_MEMHOG_THP_DEFAULT);
	ck_assert_int_eq(gen_memhog_parse_thp("always", &mode), -1);
	ck_assert_int_eq(gen_memhog_parse_thp("THP", &mode), -1);
	ck_assert_str_eq(gen_memhog_thp_name(GEN_MEMHOG_THP_DEFAULT), "default");
}
END_TEST

/* ---- the command line ---- */

static char work[64];
static char out[OUT_BYTES];
static char err[ERR_BYTES];

static void cli_setup(void)
{
	test_scratch_dir(work, sizeof(work), "memhog");
}

static void cli_teardown(void)
{
	test_remove_dir(work);
}

/* Run "numasim ARGS", "@" in ARGS standing for the scratch directory. */
static int cli(const char *args)
{
	char buf[1024];

	test_expand_at(buf, sizeof(buf), args, work);
	return test_run_numasim(buf, out, sizeof(out), err, sizeof(err));
}

static size_t scratch_entries(void)
{
	DIR *d = opendir(work);
	struct dirent *de;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static const struct bad_cli {
	const char *args;
	const char *msg;	/* stderr starts with this */
} bad_clis[] = {
	{ "gen memhog --mb 0 -o @/t.trace", "numasim: bad --mb '0': out of range (1..1048576)" },
	{ "gen memhog --mb lots -o @/t.trace", "numasim: bad --mb 'lots': not a number" },
	{ "gen memhog --thp huge -o @/t.trace",
	  "numasim: bad --thp 'huge' (thp, nothp or default)" },
	{ "gen memhog --stride -1 -o @/t.trace", "numasim: bad --stride '-1': not a number" },
	{ "gen memhog --forks 65537 -o @/t.trace",
	  "numasim: bad --forks '65537': out of range (0..65536)" },
	{ "gen memhog --bind-node 64 -o @/t.trace",
	  "numasim: bad --bind-node '64': out of range (0..63)" },
	{ "gen memhog --move-pages-to 64 -o @/t.trace",
	  "numasim: bad --move-pages-to '64': out of range (0..63)" },
	{ "gen memhog --migrate-to x -o @/t.trace", "numasim: bad --migrate-to 'x': not a number" },
	{ "gen memhog --migrate-from 99 --migrate-to 1 -o @/t.trace",
	  "numasim: bad --migrate-from '99': out of range (0..63)" },
	{ "gen memhog --migrate-to 1 -o @/t.trace",
	  "numasim: gen memhog: migrate_to_node: migratepages needs the nodes to move from" },
	{ "gen memhog --pid 0 -o @/t.trace",
	  "numasim: bad --pid '0': out of range (1..2147483647)" },
	{ "gen memhog --cpu 4096 -o @/t.trace",
	  "numasim: bad --cpu '4096': out of range (0..4095)" },
	{ "gen memhog --pid 2147483647 --forks 1 -o @/t.trace",
	  "numasim: gen memhog: pid: the children's pids" },
	{ "gen memhog --seed 3 -o @/t.trace", "numasim: unknown option '--seed'" },
	{ "gen memhog -o @/t.trace --mb", "numasim: option '--mb' needs an argument" },
	{ "gen memhog -o @/t.trace extra", "numasim: gen memhog: unexpected argument 'extra'" },
	{ "gen -o @/t.trace memhog", "numasim: gen: memhog takes its options after its name" },
};

/*
 * A bad command line.  Expect exit 2, stderr starting with the
 * "numasim: " message naming the option, and no file left behind.
 */
START_TEST(test_cli_errors)
{
	const struct bad_cli *b = &bad_clis[_i];

	ck_assert_int_eq(cli(b->args), 2);
	ck_assert_msg(!strncmp(err, b->msg, strlen(b->msg)), "%s: expected \"%s...\", got \"%s\"",
		      b->args, b->msg, err);
	ck_assert_uint_eq(scratch_entries(), 0);
}
END_TEST

/*
 * gen memhog -o FILE and to stdout.  Expect exit 0, FILE holding exactly
 * what gen_memhog_write() writes for the same parameters, and the same on
 * stdout; --help exits 0 and lists the options.
 */
START_TEST(test_cli_writes)
{
	struct gen_memhog_params p;
	char path[256], *want, *got;

	params(&p, 1, 4, 2, 100, 1);
	p.thp = GEN_MEMHOG_THP;
	want = gen_text(&p);
	ck_assert_int_eq(cli("gen memhog --mb 1 --stride 4 --forks 2 --thp thp --pid 100 --cpu 1 "
			     "-o @/t.trace"), 0);
	snprintf(path, sizeof(path), "%s/t.trace", work);
	got = test_read_file(path);
	ck_assert_str_eq(got, want);
	free(got);
	free(want);

	params(&p, 3, 0, 0, 9, 0);
	p.thp = GEN_MEMHOG_THP_DEFAULT;
	p.bind_node = 0;
	want = gen_text(&p);
	ck_assert_int_eq(cli("gen memhog --mb=3 --thp default --bind-node 0 --pid 9"), 0);
	ck_assert_str_eq(out, want);
	free(want);

	ck_assert_int_eq(cli("gen memhog --help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "--bind-node"));
	ck_assert_int_eq(cli("gen --help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "numasim gen memhog"));
}
END_TEST

/* ---- replays on the reference machine ---- */

/* What a replay saw at snapshot "hog-done" (memhog alive, children gone). */
struct hog_probe {
	int pid;
	bool seen;
	unsigned long anon_pages;		/* NR_ANON_MAPPED, machine-wide */
	unsigned long node_anon_pages[2];	/* per node */
	long rss_anon;				/* memhog's MM_ANONPAGES */
};

static int probe_snapshot(void *ctx, const char *name, const struct machine *m, char *msg,
			  size_t msglen)
{
	struct hog_probe *hp = ctx;
	struct task_struct *t;

	if (strcmp(name, "hog-done") != 0)
		return 0;
	t = find_task_by_pid(m, hp->pid);
	if (!t) {
		snprintf(msg, msglen, "memhog (pid %d) is gone at hog-done", hp->pid);
		return -1;
	}
	hp->seen = true;
	hp->anon_pages = 0;
	for (int nid = 0; nid < 2; nid++) {
		hp->node_anon_pages[nid] = (unsigned long)node_stat(m, nid, NR_ANON_MAPPED);
		hp->anon_pages += hp->node_anon_pages[nid];
	}
	hp->rss_anon = t->mm->rss_stat[MM_ANONPAGES];
	return 0;
}

/* Boot the reference machine and replay p's trace on it, checkers at the end. */
static struct machine *replay_on_oracle(const struct gen_memhog_params *p,
					struct hog_probe *hp)
{
	struct engine_opts opts = { .check_every = 0, .snapshot = probe_snapshot,
				    .snapshot_ctx = hp };
	struct mm_boot_params bp;
	struct machine *m;
	struct trace_reader *r;
	struct engine e;
	char *text = gen_text(p);

	test_load_config_file(ORACLE_CONFIG, &bp);
	m = test_boot_params(&bp);
	hp->pid = (int)p->pid;
	r = trace_reader_open_memory("memhog.trace", text, strlen(text));
	ck_assert_ptr_nonnull(r);
	engine_init(&e, m, &opts);
	ck_assert_msg(engine_replay(&e, r) == ENGINE_OK, "%s", e.msg);
	ck_assert_msg(hp->seen, "no snapshot hog-done");
	test_check(m);
	engine_release(&e);
	trace_reader_close(r);
	free(text);
	return m;
}

/*
 * The recordings' anon_frag phase, memhog -m 768 -f 2 -k 2 (nothp, memhog's
 * default), as pid 251 on CPU 1 (node 1) as recorded.  By the kernel's
 * rules:
 *   - the parent's writes: 196608 faults, each a fresh page
 *     (do_anonymous_page(); MADV_NOHUGEPAGE keeps THP away although the
 *     machine's mode is "always");
 *   - MADV_DONTNEED of the 98304 odd pages unmaps and frees them
 *     (zap_page_range());
 *   - each child writes the 49152 even pages of its half: 49152 faults that
 *     copy (do_wp_page(): the page is mapped by parent and child), 98304
 *     copies in all, freed when the child exits;
 *   - the report's arrays, before the forks: 193 pages of pages[] and 97
 *     of status[] written (test_report_arrays_recorded_sizes), each a
 *     fault;
 *   - so pgfault = 196608 + 2 * 49152 + 290 = 295202, and at hog-done the parent
 *     holds 98304 anon pages, all on node 1 where it runs (the recording's
 *     memhog printed "placement: node1=98304").
 * The recording's anon_frag.after meminfo shows AnonPages 393536 kB = 98384
 * pages: 98304 of memhog's and 80 of the shell's and other processes'
 * (268 kB were there before the phase), which the trace does not model.
 * Its pgfault +302351 likewise counts the shell and memhog's start-up
 * besides the 295202.  After memhog exits nothing is left.
 */
START_TEST(test_replay_anon_frag)
{
	struct gen_memhog_params p;
	struct hog_probe hp = { 0 };
	struct machine *m;

	params(&p, 768, 2, 2, 251, 1);
	p.thp = GEN_MEMHOG_NOTHP;
	m = replay_on_oracle(&p, &hp);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 196608 + 2 * 49152 + 193 + 97);
	ck_assert_uint_eq(m->proc_stats.cow_copies, 2 * 49152);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 0);
	ck_assert_uint_eq(hp.anon_pages, 98304);
	ck_assert_uint_eq(hp.node_anon_pages[1], 98304);
	ck_assert_uint_eq(hp.node_anon_pages[0], 0);
	ck_assert_int_eq(hp.rss_anon, 98304);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED) + node_stat(m, 1, NR_ANON_MAPPED), 0);
	test_release(m);
}
END_TEST

/*
 * The recordings' thp phase, memhog -m 512 -T thp -k 1 (pid 622 on CPU 1
 * as recorded).  mmap places the region top-down, not 2 MiB aligned, so
 * 255 huge pages fit (do_huge_pmd_anonymous_page()) and 512 pages at the
 * ends are small; the child's write to each shared THP splits its PMD
 * (do_huge_pmd_wp_page() -> __split_huge_pmd()) and then copies page by
 * page.  Expect thp_fault_alloc 255 and thp_split_pmd 255 as recorded
 * (summary.txt), and pgfault 255 + 512 + 131072 plus the report's
 * arrays (131072 x 8 bytes of pages[] after the 16-byte header: 257
 * pages; 131072 x 4 of status[]: 129; too small for a THP) = 132225 (the
 * recording's +134562 also counts the shell and memhog's start-up).  At
 * hog-done the parent still maps its 131072 pages.
 */
START_TEST(test_replay_thp)
{
	struct gen_memhog_params p;
	struct hog_probe hp = { 0 };
	struct machine *m;

	params(&p, 512, 0, 1, 622, 1);
	p.thp = GEN_MEMHOG_THP;
	m = replay_on_oracle(&p, &hp);
	ck_assert_uint_eq(m->vm_events[THP_FAULT_ALLOC], 255);
	ck_assert_uint_eq(m->vm_events[THP_SPLIT_PMD], 255);
	ck_assert_uint_eq(m->vm_events[PGFAULT], 255 + 512 + 131072 + 257 + 129);
	ck_assert_int_eq(hp.rss_anon, 131072);
	ck_assert_int_eq(node_stat(m, 0, NR_ANON_MAPPED) + node_stat(m, 1, NR_ANON_MAPPED), 0);
	test_release(m);
}
END_TEST

Suite *gen_memhog_suite(void);

Suite *gen_memhog_suite(void)
{
	Suite *s = suite_create("gen_memhog");
	TCase *tc = tcase_create("events");

	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_forks_without_stride);
	tcase_add_test(tc, test_report_arrays_recorded_sizes);
	tcase_add_test(tc, test_stride_and_forks);
	tcase_add_test(tc, test_thp_modes_and_bind);
	tcase_add_test(tc, test_move_pages_and_migratepages);
	tcase_add_test(tc, test_stride_one_frees_nothing);
	tcase_add_loop_test(tc, test_bad_params, 0, (int)TEST_ARRAY_SIZE(bad_params));
	tcase_add_test(tc, test_limits_and_thp_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("cli");
	tcase_add_checked_fixture(tc, cli_setup, cli_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_cli_errors, 0, (int)TEST_ARRAY_SIZE(bad_clis));
	tcase_add_test(tc, test_cli_writes);
	suite_add_tcase(s, tc);

	tc = tcase_create("replay");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_replay_anon_frag);
	tcase_add_test(tc, test_replay_thp);
	suite_add_tcase(s, tc);
	return s;
}
