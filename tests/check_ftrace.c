/*
 * tests/check_ftrace.c - reading the kernel's trace text (workloads/ftrace.c),
 * `numasim import ftrace` (sim/import.c) and `numasim trace stats`
 * (sim/trace_stats.c).
 *
 * The parser's cases are the layouts the kernel and trace-cmd print:
 * trace_print_context() (kernel/trace/trace_output.c: task right-aligned
 * in 16 columns, "-%-7d" pid, "[%03d]" CPU, the irq/preempt flags column,
 * "%5lu.%06lu: " time) and trace-cmd report without the flags column; the
 * fields are the TP_printk formats of include/trace/events/kmem.h (6.1:
 * pfn=0x%lx; before: pfn=%lu, page=(null)).  The importer's expected
 * outputs (tests/data/ftrace/, the .expected files) are worked out by hand from the
 * rules in sim/import.c's header, each line commented in the tests below.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mm/gfp.h"
#include "tests/fuzz/fuzz_inputs.h"
#include "tests/helpers.h"
#include "workloads/ftrace.h"
#include "workloads/line_reader.h"
#include "workloads/trace.h"

#define DATA		"tests/data/ftrace/"
#define MSG_BYTES	16384

/* ---- the line parser ---- */

static enum ftrace_line_kind parse(const char *text, struct ftrace_line *l)
{
	const char *why = NULL;
	enum ftrace_line_kind k = ftrace_parse_line(text, strlen(text), l, &why);

	if (k == FTRACE_LINE_BAD)
		ck_assert_ptr_nonnull(why);
	return k;
}

static void expect_event(const struct ftrace_line *l, const char *task, size_t comm_len,
			 uint32_t pid, uint32_t cpu, uint64_t ns, const char *event)
{
	ck_assert_uint_eq(l->task_len, strlen(task));
	ck_assert(!memcmp(l->task, task, l->task_len));
	ck_assert_uint_eq(l->comm_len, comm_len);
	ck_assert_uint_eq(l->pid, pid);
	ck_assert_uint_eq(l->cpu, cpu);
	ck_assert_uint_eq(l->time_ns, ns);
	ck_assert_uint_eq(l->event_len, strlen(event));
	ck_assert(!memcmp(l->event, event, l->event_len));
}

/* tracefs since 5.16: the five-character flags column. */
START_TEST(test_line_tracefs)
{
	struct ftrace_line l;

	ck_assert_int_eq(parse("              sh-116     [000] .....     6.726093: mm_page_alloc: "
			       "page=0000000034a8a612 pfn=0xf0a2 order=1", &l), FTRACE_LINE_EVENT);
	expect_event(&l, "sh-116", 2, 116, 0, 6726093000ull, "mm_page_alloc");
	ck_assert(!strncmp(l.fields, "page=0000000034a8a612 pfn=0xf0a2 order=1", l.fields_len));
	/* four flag characters (before 5.16) and a softirq context */
	ck_assert_int_eq(parse("   ksoftirqd/0-15    [001] ..s1   120.000001: mm_page_free: x=1", &l),
			 FTRACE_LINE_EVENT);
	expect_event(&l, "ksoftirqd/0-15", 11, 15, 1, 120000001000ull, "mm_page_free");
}
END_TEST

/* trace-cmd report: no flags column, its own header lines. */
START_TEST(test_line_trace_cmd)
{
	struct ftrace_line l;

	ck_assert_int_eq(parse("cpus=2", &l), FTRACE_LINE_SKIP);
	ck_assert_int_eq(parse("CPU 1 is empty", &l), FTRACE_LINE_SKIP);
	ck_assert_int_eq(parse("version = 6", &l), FTRACE_LINE_SKIP);
	ck_assert_int_eq(parse("            dd-200   [003]  5.000100: mm_page_alloc:         "
			       "page=(null) pfn=0", &l), FTRACE_LINE_EVENT);
	expect_event(&l, "dd-200", 2, 200, 3, 5000100000ull, "mm_page_alloc");
	ck_assert(!strncmp(l.fields, "page=(null) pfn=0", l.fields_len));
	/* nanosecond timestamps and a "system:" prefix on the event */
	ck_assert_int_eq(parse("dd-200 [000] 5.123456789: kmem:mm_page_free: pfn=1", &l),
			 FTRACE_LINE_EVENT);
	expect_event(&l, "dd-200", 2, 200, 0, 5123456789ull, "mm_page_free");
}
END_TEST

/* The pid follows the last '-' before " [": names hold blanks and dashes. */
START_TEST(test_line_task_names)
{
	struct ftrace_line l;

	ck_assert_int_eq(parse("     Web Content-1234    [001] d..1.  1.5: sched_foo: a=b", &l),
			 FTRACE_LINE_EVENT);
	expect_event(&l, "Web Content-1234", 11, 1234, 1, 1500000000ull, "sched_foo");
	ck_assert_int_eq(parse("    gdbus-worker-77      [000] .....  2.000000: mm_page_free: a=b",
			       &l), FTRACE_LINE_EVENT);
	expect_event(&l, "gdbus-worker-77", 12, 77, 0, 2000000000ull, "mm_page_free");
	ck_assert_int_eq(parse("           <...>-9       [000] .....  2.000000: e: ", &l),
			 FTRACE_LINE_EVENT);
	expect_event(&l, "<...>-9", 5, 9, 0, 2000000000ull, "e");
	/* a '[' inside the name is not the CPU column */
	ck_assert_int_eq(parse("   a [x]-5   [002] .....  3.000000: e: ", &l), FTRACE_LINE_EVENT);
	expect_event(&l, "a [x]-5", 5, 5, 2, 3000000000ull, "e");
}
END_TEST

START_TEST(test_line_comments_lost_bad)
{
	struct ftrace_line l;

	ck_assert_int_eq(parse("# tracer: nop", &l), FTRACE_LINE_SKIP);
	ck_assert_int_eq(parse("#              | |         |   |||||     |         |", &l),
			 FTRACE_LINE_SKIP);
	ck_assert_int_eq(parse("", &l), FTRACE_LINE_SKIP);
	ck_assert_int_eq(parse("   ", &l), FTRACE_LINE_SKIP);
	/* trace.c's note of a ring buffer overrun */
	ck_assert_int_eq(parse("CPU:1 [LOST 123 EVENTS]", &l), FTRACE_LINE_LOST);
	ck_assert_uint_eq(l.lost, 123);
	ck_assert_int_eq(parse("garbage", &l), FTRACE_LINE_BAD);
	ck_assert_int_eq(parse("sh-116 [000] ..... 6.7x: mm_page_free: a=1", &l), FTRACE_LINE_BAD);
	ck_assert_int_eq(parse("sh-116 [000] ..... 6.7", &l), FTRACE_LINE_BAD);
	ck_assert_int_eq(parse("sh-116 [000] ..... 6.7:", &l), FTRACE_LINE_BAD);
	ck_assert_int_eq(parse("sh-116 [000] ..... 6.1234567891: e: a=1", &l), FTRACE_LINE_BAD);
	ck_assert_int_eq(parse("sh [000] ..... 6.7: e: a=1", &l), FTRACE_LINE_BAD);
	ck_assert_int_eq(parse("sh-116 [0x] ..... 6.7: e: a=1", &l), FTRACE_LINE_BAD);
	ck_assert_int_eq(parse("              sh-116     [000] .....", &l), FTRACE_LINE_BAD);
	/* found by fuzz_ftrace: an event name of colons only */
	ck_assert_int_eq(parse("dd-179 [001] ..... 6.733145: mm_page_allo:: page=0", &l),
			 FTRACE_LINE_BAD);
	ck_assert_int_eq(parse("dd-179 [001] ..... 6.733145: : page=0", &l), FTRACE_LINE_BAD);
	ck_assert_int_eq(parse("dd-179 [001] ..... 6.733145: a:b:c: page=0", &l), FTRACE_LINE_BAD);
}
END_TEST

/* ---- the kmem decoder ---- */

static int decode(const char *event, const char *fields, struct ftrace_kmem *k, char *err)
{
	int name = ftrace_kmem_name_index(event, strlen(event));

	ck_assert_int_ge(name, 0);
	return ftrace_kmem_decode(name, fields, strlen(fields), k, err, 256);
}

START_TEST(test_kmem_names)
{
	static const char *const kmem[] = {
		"mm_page_alloc", "mm_page_free", "mm_page_free_direct", "mm_page_free_batched",
		"mm_pagevec_free", "mm_page_alloc_zone_locked", "mm_page_pcpu_drain",
		"mm_page_alloc_extfrag",
	};

	for (size_t i = 0; i < sizeof(kmem) / sizeof(kmem[0]); i++) {
		ck_assert_int_eq(ftrace_kmem_name_index(kmem[i], strlen(kmem[i])), (int)i);
		ck_assert_str_eq(ftrace_kmem_name(i), kmem[i]);
	}
	ck_assert_int_eq(ftrace_kmem_kind_of(KMEM_NAME_PAGE_FREE_DIRECT), KMEM_PAGE_FREE);
	ck_assert_int_eq(ftrace_kmem_kind_of(KMEM_NAME_PAGEVEC_FREE), KMEM_PAGE_FREE_BATCHED);
	ck_assert_int_eq(ftrace_kmem_name_index("mm_page_allocx", 14), -1);
	ck_assert_int_eq(ftrace_kmem_name_index("mm_compaction_end", 17), -1);
	ck_assert_int_eq(ftrace_kmem_name_index("mm_page", 7), -1);
}
END_TEST

/* 6.1's TP_printk formats, every event. */
START_TEST(test_kmem_61)
{
	struct ftrace_kmem k;
	char err[256];

	ck_assert_int_eq(decode("mm_page_alloc", "page=0000000034a8a612 pfn=0xf0a2 order=1 "
				"migratetype=0 gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO", &k, err), 0);
	ck_assert(!k.failed);
	ck_assert_uint_eq(k.pfn, 0xf0a2);
	ck_assert_uint_eq(k.order, 1);
	ck_assert_int_eq(k.migratetype, 0);
	ck_assert(!strncmp(k.gfp, "GFP_KERNEL_ACCOUNT|__GFP_ZERO", k.gfp_len));
	/* a failed allocation: a NULL page (pfn -1 in the ring buffer) prints as zero */
	ck_assert_int_eq(decode("mm_page_alloc", "page=0000000000000000 pfn=0x0 order=9 "
				"migratetype=1 gfp_flags=GFP_TRANSHUGE", &k, err), 0);
	ck_assert(k.failed);
	ck_assert_int_eq(decode("mm_page_free", "page=00000000ea877355 pfn=0x13c511 order=3",
				&k, err), 0);
	ck_assert_uint_eq(k.pfn, 0x13c511);
	ck_assert_uint_eq(k.order, 3);
	ck_assert_int_eq(decode("mm_page_free_batched", "page=00000000e5d80de1 pfn=0x4e5f7 order=0",
				&k, err), 0);
	ck_assert_uint_eq(k.pfn, 0x4e5f7);
	ck_assert_int_eq(decode("mm_page_alloc_zone_locked", "page=00000000e5d80de1 pfn=0x10 "
				"order=0 migratetype=1 percpu_refill=0", &k, err), 0);
	ck_assert(!k.percpu_refill);
	ck_assert_int_eq(decode("mm_page_pcpu_drain", "page=00000000e5d80de1 pfn=0x11 order=0 "
				"migratetype=2", &k, err), 0);
	ck_assert_int_eq(k.migratetype, 2);
	ck_assert_int_eq(decode("mm_page_alloc_extfrag", "page=00000000cb92279b pfn=0x125c00 "
				"alloc_order=0 fallback_order=10 pageblock_order=9 alloc_migratetype=1 "
				"fallback_migratetype=0 fragmenting=0 change_ownership=1", &k, err), 0);
	ck_assert_uint_eq(k.pfn, 0x125c00);
	ck_assert_int_eq(k.fallback_order, 10);
	ck_assert_int_eq(k.alloc_mt, 1);
	ck_assert_int_eq(k.fallback_mt, 0);
	ck_assert(!k.fragmenting);
	ck_assert(k.change_ownership);
}
END_TEST

/* The formats before 4.x: decimal pfn, "(null)", cold=, no percpu_refill. */
START_TEST(test_kmem_old)
{
	struct ftrace_kmem k;
	char err[256];

	ck_assert_int_eq(decode("mm_page_alloc", "page=(null) pfn=0 order=4 migratetype=1 "
				"gfp_flags=0x200d2", &k, err), 0);
	ck_assert(k.failed);
	ck_assert(!strncmp(k.gfp, "0x200d2", k.gfp_len));
	ck_assert_int_eq(decode("mm_page_free_direct", "page=ffffea0000040000 pfn=4096 order=0",
				&k, err), 0);
	ck_assert_uint_eq(k.pfn, 4096);
	ck_assert_int_eq(decode("mm_pagevec_free", "page=ffffea0000040040 pfn=4097 order=0 cold=1",
				&k, err), 0);
	ck_assert_uint_eq(k.pfn, 4097);
	/* without percpu_refill=, an order-0 zone_locked event is a refill */
	ck_assert_int_eq(decode("mm_page_alloc_zone_locked", "page=ffffea0000080000 pfn=8192 "
				"order=0 migratetype=1", &k, err), 0);
	ck_assert(k.percpu_refill);
	ck_assert_int_eq(decode("mm_page_alloc_zone_locked", "page=ffffea0000080000 pfn=8192 "
				"order=3 migratetype=1", &k, err), 0);
	ck_assert(!k.percpu_refill);
}
END_TEST

/* Expect two decodings of one event to hold the same values. */
static void assert_same_kmem(const struct ftrace_kmem *a, const struct ftrace_kmem *b)
{
	ck_assert_int_eq(a->failed, b->failed);
	ck_assert_uint_eq(a->pfn, b->pfn);
	ck_assert_uint_eq(a->order, b->order);
	ck_assert_int_eq(a->migratetype, b->migratetype);
	ck_assert_uint_eq(a->gfp_len, b->gfp_len);
	ck_assert(!a->gfp_len || !memcmp(a->gfp, b->gfp, a->gfp_len));
	ck_assert_int_eq(a->percpu_refill, b->percpu_refill);
	ck_assert_int_eq(a->alloc_order, b->alloc_order);
	ck_assert_int_eq(a->fallback_order, b->fallback_order);
	ck_assert_int_eq(a->pageblock_order, b->pageblock_order);
	ck_assert_int_eq(a->alloc_mt, b->alloc_mt);
	ck_assert_int_eq(a->fallback_mt, b->fallback_mt);
	ck_assert_int_eq(a->fragmenting, b->fragmenting);
	ck_assert_int_eq(a->change_ownership, b->change_ownership);
}

/*
 * Keys are read by name in any order with any blanks between them: a
 * line in 6.1's own order and spacing and the same words shuffled, or
 * spaced with tabs, or with a key the decoder does not know, decode alike.
 */
START_TEST(test_kmem_any_order_same_values)
{
	static const char *const pairs[][3] = {
		{ "mm_page_alloc", "page=0000000034a8a612 pfn=0xf0a2 order=1 migratetype=0 "
		  "gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO", "gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO "
		  "migratetype=0  order=1\tpfn=0xf0a2 page=0000000034a8a612" },
		{ "mm_page_alloc", "page=0000000000000000 pfn=0x0 order=9 migratetype=1 "
		  "gfp_flags=GFP_TRANSHUGE", "pfn=0x0 page=0000000000000000 order=9 migratetype=1 "
		  "gfp_flags=GFP_TRANSHUGE " },
		{ "mm_page_free", "page=00000000ea877355 pfn=0x13c511 order=3",
		  "order=3 pfn=0x13c511 page=00000000ea877355 cold=0" },
		{ "mm_page_free_batched", "page=00000000e5d80de1 pfn=0x4e5f7 order=0",
		  " pfn=0x4e5f7 page=00000000e5d80de1 order=0" },
		{ "mm_page_alloc_zone_locked", "page=00000000e5d80de1 pfn=0x10 order=0 migratetype=1 "
		  "percpu_refill=1", "percpu_refill=1 page=00000000e5d80de1 pfn=0x10 order=0 "
		  "migratetype=1" },
		{ "mm_page_pcpu_drain", "page=00000000e5d80de1 pfn=0x11 order=2 migratetype=2",
		  "page=00000000e5d80de1 pfn=0x11 migratetype=2 order=2" },
		{ "mm_page_alloc_extfrag", "page=00000000cb92279b pfn=0x125c00 alloc_order=0 "
		  "fallback_order=10 pageblock_order=9 alloc_migratetype=1 fallback_migratetype=0 "
		  "fragmenting=0 change_ownership=1", "change_ownership=1 fragmenting=0 "
		  "fallback_migratetype=0 alloc_migratetype=1 pageblock_order=9 fallback_order=10 "
		  "alloc_order=0 pfn=0x125c00 page=00000000cb92279b" },
	};
	struct ftrace_kmem a, b;
	char err[256];

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		ck_assert_int_eq(decode(pairs[i][0], pairs[i][1], &a, err), 0);
		ck_assert_int_eq(decode(pairs[i][0], pairs[i][2], &b, err), 0);
		assert_same_kmem(&a, &b);
	}
}
END_TEST

static void expect_decode_error(const char *event, const char *fields, const char *msg)
{
	struct ftrace_kmem k;
	char err[256] = "";

	ck_assert_int_eq(decode(event, fields, &k, err), -1);
	ck_assert_msg(strstr(err, msg), "'%s' lacks '%s'", err, msg);
	ck_assert_msg(!strncmp(err, event, strlen(event)), "'%s' does not name %s", err, event);
}

START_TEST(test_kmem_errors)
{
	expect_decode_error("mm_page_alloc", "page=0000000034a8a612 pfn=0xf0a2 order=1 migr",
			    "expected key=value, got 'migr'");
	expect_decode_error("mm_page_alloc", "page=0000000034a8a612 pfn=0xf0a2 order=1",
			    "missing migratetype=");
	expect_decode_error("mm_page_free", "page=0000000034a8a612 pfn=0xzz order=1", "bad pfn=");
	expect_decode_error("mm_page_free", "page=0000000034a8a612 pfn=0x1 order=11", "bad order=");
	expect_decode_error("mm_page_free", "page=0000000034a8a612 pfn=0x1 order=", "bad order=");
	expect_decode_error("mm_page_free", "page=0000000034a8a612 pfn=1 pfn=2 order=0",
			    "pfn= given twice");
	expect_decode_error("mm_page_free", "page=(null) pfn=0 order=0", "is no page");
	expect_decode_error("mm_page_free", "page=xyz pfn=0 order=0", "bad page=");
	/* a bad value at each place of 6.1's own layout */
	expect_decode_error("mm_page_alloc", "page=00000000zz4a8a61 pfn=0xf0a2 order=1 "
			    "migratetype=0 gfp_flags=GFP_KERNEL", "bad page=");
	expect_decode_error("mm_page_alloc", "page=0000000034a8a612 pfn=0x order=1 "
			    "migratetype=0 gfp_flags=GFP_KERNEL", "bad pfn=");
	expect_decode_error("mm_page_alloc", "page=0000000034a8a612 pfn=0x1 order=-1 "
			    "migratetype=0 gfp_flags=GFP_KERNEL", "bad order=");
	expect_decode_error("mm_page_alloc", "page=0000000034a8a612 pfn=0x1 order=1 "
			    "migratetype=16 gfp_flags=GFP_KERNEL", "bad migratetype=");
	expect_decode_error("mm_page_alloc", "page=0000000034a8a612 pfn=0x1 order=1 "
			    "migratetype=1 gfp_flags=", "bad gfp_flags=");
	expect_decode_error("mm_page_alloc_zone_locked", "page=0000000034a8a612 pfn=0x1 order=0 "
			    "migratetype=1 percpu_refill=2", "bad percpu_refill=");
	expect_decode_error("mm_page_free", "page=0000000034a8a612 pfn=0x10000000000000000 "
			    "order=0", "bad pfn=");
	expect_decode_error("mm_page_free", "", "missing pfn=");
	expect_decode_error("mm_page_pcpu_drain", "page=1 pfn=0x1 order=0 migratetype=-1",
			    "bad migratetype=");
	expect_decode_error("mm_page_alloc_extfrag", "page=1 pfn=0x1 alloc_order=0 "
			    "fallback_order=10 pageblock_order=9 alloc_migratetype=1 "
			    "fallback_migratetype=0 fragmenting=2 change_ownership=1",
			    "bad fragmenting=");
	expect_decode_error("mm_page_alloc_zone_locked", "page=1 pfn=0x1 order=0 "
			    "migratetype=1 percpu_refill=1x", "bad percpu_refill=");
}
END_TEST

/* enum migratetype: 4.4 swapped Movable and Reclaimable and dropped Reserve. */
START_TEST(test_kernel_versions)
{
	struct ftrace_kernel kv;
	char err[256];

	ck_assert_int_eq(ftrace_kernel_parse("6.1", &kv, err, sizeof(err)), 0);
	ck_assert_int_eq(ftrace_migratetype_61(&kv, 1), 1);
	ck_assert(kv.batched_also_freed);
	ck_assert_int_eq(ftrace_kernel_parse("6.12", &kv, err, sizeof(err)), 0);
	ck_assert_int_eq(ftrace_migratetype_61(&kv, 2), 2);
	ck_assert_int_eq(ftrace_kernel_parse("4.3.5", &kv, err, sizeof(err)), 0);
	ck_assert_int_eq(ftrace_migratetype_61(&kv, 1), 2);	/* MIGRATE_RECLAIMABLE */
	ck_assert_int_eq(ftrace_migratetype_61(&kv, 2), 1);	/* MIGRATE_MOVABLE */
	ck_assert_int_eq(ftrace_migratetype_61(&kv, 0), 0);
	ck_assert(kv.batched_also_freed);
	ck_assert_int_eq(ftrace_kernel_parse("3.2", &kv, err, sizeof(err)), 0);
	ck_assert(!kv.batched_also_freed);
	ck_assert_int_eq(ftrace_kernel_parse("2.6.24", &kv, err, sizeof(err)), 0);
	ck_assert_str_eq(ftrace_migratetype_name(1), "Movable");
	ck_assert_str_eq(ftrace_migratetype_name(2), "Reclaimable");
	ck_assert_int_eq(ftrace_kernel_parse("2.6.23", &kv, err, sizeof(err)), -1);
	ck_assert_int_eq(ftrace_kernel_parse("6.13", &kv, err, sizeof(err)), -1);
	ck_assert_int_eq(ftrace_kernel_parse("6.1.x", &kv, err, sizeof(err)), -1);
	ck_assert_int_eq(ftrace_kernel_parse("", &kv, err, sizeof(err)), -1);
	ck_assert_int_eq(ftrace_kernel_parse("linux", &kv, err, sizeof(err)), -1);
	ck_assert(strstr(err, "bad --kernel 'linux'"));
}
END_TEST

/* ---- the line reader ---- */

START_TEST(test_line_reader_memory)
{
	static const char text[] = "a\r\nbb\n\nlast";
	struct line_reader *r = line_reader_open_memory("m", text, sizeof(text) - 1);
	char *line, err[256];
	size_t len;

	ck_assert_int_eq(line_reader_next(r, &line, &len, err, sizeof(err)), 1);
	ck_assert_str_eq(line, "a");
	ck_assert_int_eq(line_reader_next(r, &line, &len, err, sizeof(err)), 1);
	ck_assert_str_eq(line, "bb");
	ck_assert_int_eq(line_reader_next(r, &line, &len, err, sizeof(err)), 1);
	ck_assert_uint_eq(len, 0);
	ck_assert_int_eq(line_reader_next(r, &line, &len, err, sizeof(err)), 1);
	ck_assert_str_eq(line, "last");
	ck_assert_uint_eq(line_reader_line(r), 4);
	ck_assert_int_eq(line_reader_next(r, &line, &len, err, sizeof(err)), 0);
	line_reader_close(r);
}
END_TEST

/* The fuzz target's rules (tests/fuzz/ftrace_input.c) hold on the test traces. */
START_TEST(test_fuzz_rules)
{
	static const char *const files[] = { DATA "small-6.1.trace", DATA "old-3.2.trace" };
	static const char bad[] = "sh-116 [000] ..... 1.0: mm_page_free: pfn=0x1 order=12\n";
	char msg[512];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *text = test_read_file(files[i]);

		ck_assert_int_eq(fuzz_ftrace_input(files[i], (const uint8_t *)text, strlen(text),
						   msg, sizeof(msg)), FUZZ_ACCEPTED);
		free(text);
	}
	/* a bad kmem line is no bad line: the parser reads it, the decoder refuses */
	ck_assert_int_eq(fuzz_ftrace_input("b", (const uint8_t *)bad, sizeof(bad) - 1, msg,
					   sizeof(msg)), FUZZ_ACCEPTED);
	ck_assert_int_eq(fuzz_ftrace_input("g", (const uint8_t *)"garbage\n", 8, msg, sizeof(msg)),
			 FUZZ_REFUSED);
}
END_TEST

/* ---- numasim import ftrace ---- */

static char work[64];
static char out[1 << 18], err[MSG_BYTES];	/* a recording's JSON: tens of KiB */

static void cli_setup(void)
{
	test_scratch_dir(work, sizeof(work), "ftrace");
}

static void cli_teardown(void)
{
	test_remove_dir(work);
}

#define RUN(...)	test_numasim_at(work, out, sizeof(out), err, sizeof(err), __VA_ARGS__)

/* The event lines of a numasim trace: every line but the header and comments. */
static char *event_lines(const char *path)
{
	char *text = test_read_file(path), *events = calloc(1, strlen(text) + 1);
	size_t n = 0;

	ck_assert_ptr_nonnull(events);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (line[0] != '#' && strcmp(line, "numasim-trace v1"))
			n += (size_t)sprintf(events + n, "%s\n", line);
	free(text);
	return events;
}

static void expect_events(const char *path, const char *expected_path)
{
	char *got = event_lines(path), *want = test_read_file(expected_path);

	ck_assert_str_eq(got, want);
	free(got);
	free(want);
}

/* Every line of the output is a record of numasim's format (workloads/trace.c). */
static unsigned long expect_readable_trace(const char *path)
{
	char msg[512];
	struct trace_reader *r = trace_reader_open(path, msg, sizeof(msg));
	struct trace_record rec;
	unsigned long nr = 0;
	int ret;

	ck_assert_msg(r != NULL, "%s", msg);
	while ((ret = trace_reader_next(r, &rec, msg, sizeof(msg))) == 1)
		nr++;
	ck_assert_msg(ret == 0, "%s", msg);
	trace_reader_close(r);
	return nr;
}

/*
 * small-6.1.trace, by sim/import.c's rules (small-6.1.expected):
 *   a1: mm_page_alloc pfn 0x1000, freed at 1.000050 by mm_page_free; the
 *       mm_page_free_batched after it is 6.1's second record of that free;
 *   the extfrag at 1.000020 comes before its alloc a2 (0x3000), as traced;
 *   a3: an order-9 THP at 0x40000, freed as order-0 0x40001, order-0
 *       0x40000, order-1 0x40002: one split, then pieces a3.1, a3.0, a3.2,
 *       a3.3 (508 frames still live at the end);
 *   a4: page 0 (6.1 prints a NULL page so): failed, pfn=none;
 *   0x7000 order 2: never allocated in the trace, a pre-trace free;
 *   zone_locked, pcpu_drain and kcompactd_sleep: counted, not written.
 */
START_TEST(test_import_61)
{
	ck_assert_int_eq(RUN("import ftrace -o @/out.trace " DATA "small-6.1.trace"), 0);
	expect_events(test_path_in(work, "out.trace"), DATA "small-6.1.expected");
	ck_assert_uint_eq(expect_readable_trace(test_path_in(work, "out.trace")), 13);
	ck_assert_msg(strstr(err, "4 alloc (1 failed), 6 frees, 1 pre-trace frees, 1 splits, "
			     "1 extfrag; counted only: 1 batched, 2 zone_locked, 2 pcpu_drain, "
			     "1 other events; 0 bad lines"), "%s", err);
	ck_assert_msg(strstr(err, "skipped: mm_compaction_kcompactd_sleep 1"), "%s", err);
	ck_assert_msg(strstr(err, "508 blocks live at the end"), "%s", err);
	/* the counts are in the header too */
	ck_assert_int_eq(RUN("import ftrace -o @/out.trace " DATA "small-6.1.trace"), 0);
	{
		char *text = test_read_file(test_path_in(work, "out.trace"));

		ck_assert(strstr(text, "\n# counts: 29 lines, 17 events; 4 alloc (1 failed)"));
		free(text);
	}
}
END_TEST

/*
 * old-3.2.trace, trace-cmd text of a 3.2 kernel (old-3.2.expected):
 * decimal pfns, page=(null) for the failed a3, the free of a1 at 5.000250
 * raised to the time before it (5.000300: trace-cmd did not sort), and
 * mm_pagevec_free, before 3.3 the only record of its page's free, frees
 * a2.  The extfrag's migratetypes are 3.2's (1 Reclaimable, 2 Movable)
 * written as 6.1 numbers them (2, 1).  The LOST line is counted.
 */
START_TEST(test_import_old)
{
	ck_assert_int_eq(RUN("import ftrace --kernel 3.2 -o @/old.trace " DATA "old-3.2.trace"), 0);
	expect_events(test_path_in(work, "old.trace"), DATA "old-3.2.expected");
	ck_assert_msg(strstr(err, "1 times clamped, 3 lost events"), "%s", err);
	expect_readable_trace(test_path_in(work, "old.trace"));
}
END_TEST

/* The same trace gzip-compressed, or on stdin, imports the same. */
START_TEST(test_import_gz_stdin)
{
	test_sh_at(work, "gzip -c " DATA "small-6.1.trace > @/small.trace.gz");
	ck_assert_int_eq(RUN("import ftrace -o @/gz.trace @/small.trace.gz"), 0);
	expect_events(test_path_in(work, "gz.trace"), DATA "small-6.1.expected");
	/* test_run() gives /dev/null as stdin and its own stdout: a shell of our own */
	test_sh_at(work, "%s import ftrace -o @/stdin.trace - < @/small.trace.gz 2>/dev/null",
		   test_numasim_path());
	expect_events(test_path_in(work, "stdin.trace"), DATA "small-6.1.expected");
	/* without -o: standard output */
	test_sh_at(work, "%s import ftrace " DATA "small-6.1.trace > @/stdout.trace 2>/dev/null",
		   test_numasim_path());
	expect_events(test_path_in(work, "stdout.trace"), DATA "small-6.1.expected");
}
END_TEST

static void write_bad(const char *name, const char *line)
{
	char *text = test_read_file(DATA "small-6.1.trace");
	FILE *f = fopen(test_path_in(work, name), "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "%s%s\n", text, line);	/* line 30 */
	fclose(f);
	free(text);
}

/* cmd (its output @/bad.out) on @/name: exit 2, msg, nothing written. */
static void expect_refused_by(const char *cmd, const char *name, const char *msg)
{
	struct stat st;

	ck_assert_int_eq(RUN("%s @/%s", cmd, name), 2);
	ck_assert_msg(strstr(err, msg), "'%s' lacks '%s'", err, msg);
	ck_assert_int_ne(stat(test_path_in(work, "bad.out"), &st), 0);	/* nothing written */
}

static void expect_refused(const char *name, const char *msg)
{
	expect_refused_by("import ftrace -o @/bad.out", name, msg);
}

/* Lines that stop an import, each added as line 30 of small-6.1.trace. */
static const struct {
	const char *name, *line, *msg;
} bad_lines[] = {
	{ "trunc.trace", "              sh-116     [000] .....     1.000100: mm_page_alloc: "
	  "page=0000000034a8a612 pfn=0x1000 ord",
	  "/trunc.trace:30: mm_page_alloc: expected key=value, got 'ord'" },
	{ "cut.trace", "              sh-116     [000] .....     1.000100: mm_page_free: "
	  "page=0000000034a8a612 pfn=0x1000",
	  "/cut.trace:30: mm_page_free: missing order= (a truncated line?)" },
	{ "garbled.trace", "\x01\x02 garbage [x", "/garbled.trace:30: not an event line" },
	{ "gfp.trace", "              sh-116     [000] .....     1.000100: mm_page_alloc: "
	  "page=0000000034a8a612 pfn=0x1000 order=0 migratetype=0 gfp_flags=GFP_BOGUS",
	  "/gfp.trace:30: mm_page_alloc: unknown gfp flag" },
	{ "time.trace", "              sh-116     [000] .....     1.0001x0: mm_page_free: "
	  "pfn=0x1 order=0", "/time.trace:30: bad timestamp" },
};

/* Every line of bad_lines refused by cmd. */
static void expect_bad_lines_refused(const char *cmd)
{
	for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		write_bad(bad_lines[i].name, bad_lines[i].line);
		expect_refused_by(cmd, bad_lines[i].name, bad_lines[i].msg);
	}
}

/* Truncated and garbled lines: FILE:LINE: message, exit 2, no output. */
START_TEST(test_import_bad_lines)
{
	expect_bad_lines_refused("import ftrace -o @/bad.out");
	/* --skip-bad: counted, the rest imported */
	ck_assert_int_eq(RUN("import ftrace --skip-bad -o @/skip.trace @/trunc.trace"), 0);
	expect_events(test_path_in(work, "skip.trace"), DATA "small-6.1.expected");
	ck_assert_msg(strstr(err, "1 bad lines"), "%s", err);
	/* a truncated gzip file */
	test_sh_at(work, "gzip -c " DATA "small-6.1.trace | head -c 300 > @/cut.gz");
	expect_refused("cut.gz", "read error: not a valid gzip stream");
}
END_TEST

/* Command line errors (docs/cli.md): "numasim: ...", exit 2. */
START_TEST(test_import_usage)
{
	ck_assert_int_eq(RUN("import ftrace --bogus " DATA "small-6.1.trace"), 2);
	ck_assert_msg(strstr(err, "numasim: unknown option '--bogus'"), "%s", err);
	ck_assert_int_eq(RUN("import ftrace @/missing.trace"), 2);
	ck_assert_msg(strstr(err, "missing.trace: cannot open: No such file or directory"), "%s",
		      err);
	ck_assert_int_eq(RUN("import ftrace --kernel 9.9 " DATA "small-6.1.trace"), 2);
	ck_assert_msg(strstr(err, "numasim: bad --kernel '9.9'"), "%s", err);
	ck_assert_int_eq(RUN("import ftrace"), 2);
	ck_assert_msg(strstr(err, "missing the trace FILE"), "%s", err);
	ck_assert_int_eq(RUN("import perf x"), 2);
	ck_assert_msg(strstr(err, "numasim: import: unknown kind 'perf'"), "%s", err);
	ck_assert_int_eq(RUN("import ftrace a b"), 2);
	ck_assert_msg(strstr(err, "unexpected argument 'b'"), "%s", err);
	ck_assert_int_eq(RUN("trace stats --bogus x"), 2);
	ck_assert_msg(strstr(err, "numasim: unknown option '--bogus'"), "%s", err);
	ck_assert_int_eq(RUN("trace stats @/missing.trace"), 2);
	ck_assert_msg(strstr(err, "cannot open"), "%s", err);
	ck_assert_int_eq(RUN("import ftrace --help"), 0);
	ck_assert(strstr(out, "usage: numasim import ftrace"));
}
END_TEST

/*
 * Raw gfp bits (the hex part show_gfp_flags() prints for bits without a
 * name) are 6.1's bits only in a 6.1 trace: the layout moved several
 * times (4.4, 4.10, ...), so another kernel's raw bits are refused, not
 * misread.
 */
START_TEST(test_import_raw_gfp_bits)
{
	write_bad("raw.trace", "              sh-116     [000] .....     1.000100: mm_page_alloc: "
		  "page=0000000034a8a612 pfn=0x9000 order=0 migratetype=0 "
		  "gfp_flags=GFP_KERNEL|0x800000");
	ck_assert_int_eq(RUN("import ftrace -o @/raw61.trace @/raw.trace"), 0);
	expect_refused_by("import ftrace --kernel 4.19 -o @/bad.out", "raw.trace",
			  "/raw.trace:30: mm_page_alloc: gfp_flags='GFP_KERNEL|0x800000' has raw "
			  "bits, which kernel 4.19 numbers differently from 6.1");
}
END_TEST

/* ---- numasim run --ftrace ---- */

static void expect_same_file(const char *a, const char *b)
{
	char *x = test_read_file(test_path_in(work, a)), *y = test_read_file(test_path_in(work, b));

	ck_assert_str_eq(x, y);
	free(x);
	free(y);
}

/*
 * The records run --ftrace hands the engine are the lines import ftrace
 * writes: the same replay, the same results, and the import's summary on
 * standard error; -q silences it as it silences the run's.
 */
START_TEST(test_run_ftrace_same_replay)
{
	ck_assert_int_eq(RUN("import ftrace -o @/small.trace " DATA "small-6.1.trace"), 0);
	ck_assert_int_eq(RUN("run -q --sample-every 2 -o @/text @/small.trace"), 0);
	ck_assert_int_eq(RUN("run --sample-every 2 -o @/one --ftrace " DATA "small-6.1.trace"), 0);
	ck_assert_msg(strstr(err, "4 alloc (1 failed), 6 frees, 1 pre-trace frees, 1 splits"),
		      "%s", err);
	expect_same_file("text/results.json", "one/results.json");
	expect_same_file("text/timeseries.csv", "one/timeseries.csv");
	ck_assert_int_eq(RUN("run -q -o @/quiet --ftrace " DATA "small-6.1.trace"), 0);
	ck_assert_str_eq(err, "");
	/* standard input, gzip-compressed */
	test_sh_at(work, "gzip -c " DATA "small-6.1.trace > @/small.gz");
	test_sh_at(work, "%s run -q --sample-every 2 -o @/stdin --ftrace - < @/small.gz",
		   test_numasim_path());
	expect_same_file("text/results.json", "stdin/results.json");
}
END_TEST

/*
 * A bad line stops the run with the kernel trace's FILE:LINE, as the import
 * would; so does a record the engine refuses (a CPU the machine lacks),
 * at the line it came from.
 */
START_TEST(test_run_ftrace_bad_input)
{
	expect_bad_lines_refused("run -q -o @/bad.out --ftrace");
	write_bad("cpu.trace", "              sh-116     [007] .....     1.000100: mm_page_alloc: "
		  "page=0000000034a8a612 pfn=0x9000 order=0 migratetype=0 gfp_flags=GFP_KERNEL");
	expect_refused_by("run -q -o @/bad.out --ftrace", "cpu.trace",
			  "/cpu.trace:30: cpu 7 out of range (0..3)");
	ck_assert_int_eq(RUN("run -q -o @/x --ftrace @/missing.trace"), 2);
	ck_assert_msg(strstr(err, "missing.trace: cannot open: No such file or directory"), "%s",
		      err);
	ck_assert_int_eq(RUN("run -q -o @/x --ftrace"), 2);
	ck_assert_msg(strstr(err, "numasim: run: --ftrace needs the kernel trace FILE"), "%s", err);
}
END_TEST

/* ---- numasim trace stats ---- */

static json_t *stats_json(const char *args)
{
	json_t *root;
	json_error_t jerr;

	ck_assert_int_eq(RUN("trace stats --json %s", args), 0);
	root = json_loads(out, 0, &jerr);
	ck_assert_msg(root != NULL, "%s: %s", jerr.text, out);
	return root;
}

static json_int_t row_value(json_t *root, const char *process, const char *key)
{
	json_t *rows = json_object_get(root, "processes"), *row;
	size_t i;

	json_array_foreach(rows, i, row)
		if (!strcmp(json_string_value(json_object_get(row, "process")), process))
			return json_integer_value(json_object_get(row, key));
	ck_abort_msg("no row %s", process);
	return -1;
}

static void expect_row(json_t *root, const char *process, const json_int_t *v)
{
	static const char *const keys[] = {
		"pages_allocd", "pages_allocd_under_lock", "pages_freed_direct",
		"pages_freed_pagevec", "pcpu_pages_drained", "pcpu_drains", "pcpu_refills",
		"fragment_fallback", "fragment_causing", "migtype_changed", "fragment_severe",
		"fragment_moderate", "unknown",
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_int_t got = process ? row_value(root, process, keys[i]) :
			json_integer_value(json_object_get(json_object_get(root, "totals"), keys[i]));

		ck_assert_msg(got == v[i], "%s %s: %lld, expected %lld", process ? process : "total",
			      keys[i], (long long)got, (long long)v[i]);
	}
}

/*
 * small-6.1.trace by trace-pagealloc-postprocess.pl's rules, per TASK-PID
 * (allocd, under lock, freed direct, pagevec, pcpu pages, drains, refills,
 * fallback, causing, changed, severe, moderate, unknown):
 *   sh-116: 2 mm_page_alloc; 2 zone_locked with percpu_refill=1 in a row,
 *     ended by its extfrag: 1 refill; 2 mm_page_free, 1 batched; the
 *     extfrag has fragmenting=1, fallback_order 2 <= 3: severe, and
 *     change_ownership=0;
 *   memhog-623: 1 alloc, 3 frees; kworker/u5:0-9: 1 (failed) alloc;
 *   ksoftirqd/0-15: 2 pcpu_drain in a row ended by its mm_page_free: 1 drain;
 *   kcompactd0-36: 1 event the script does not know.
 */
START_TEST(test_stats_small)
{
	static const json_int_t sh[] = { 2, 2, 2, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0 };
	static const json_int_t memhog[] = { 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const json_int_t kworker[] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const json_int_t softirq[] = { 0, 0, 1, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0 };
	static const json_int_t kcompactd[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const json_int_t total[] = { 4, 2, 6, 1, 2, 1, 1, 1, 1, 0, 1, 0, 1 };
	json_t *root = stats_json(DATA "small-6.1.trace"), *time;
	char row[256];

	expect_row(root, "sh-116", sh);
	expect_row(root, "memhog-623", memhog);
	expect_row(root, "kworker/u5:0-9", kworker);
	expect_row(root, "ksoftirqd/0-15", softirq);
	expect_row(root, "kcompactd0-36", kcompactd);
	expect_row(root, NULL, total);
	ck_assert_int_eq(json_array_size(json_object_get(root, "processes")), 5);
	ck_assert_int_eq(json_integer_value(json_object_get(root, "events")), 17);
	ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root,
				"events_by_name"), "mm_page_free")), 6);
	time = json_object_get(root, "time");
	ck_assert_double_eq_tol(json_real_value(json_object_get(time, "first")), 1.0, 1e-9);
	ck_assert_double_eq_tol(json_real_value(json_object_get(time, "span")), 0.00009, 1e-9);
	json_decref(root);
	/* --ignore-pid: one row per name, the pid cut off */
	root = stats_json("--ignore-pid " DATA "small-6.1.trace");
	expect_row(root, "sh", sh);
	expect_row(root, "ksoftirqd/0", softirq);
	json_decref(root);
	/* the text table: the script's three header lines, a row per process */
	ck_assert_int_eq(RUN("trace stats " DATA "small-6.1.trace"), 0);
	/* the script's printf, its name column 2 wider than "ksoftirqd/0-15" */
	snprintf(row, sizeof(row), "\n%-16s %8s %10s   %8s %8s   %8s %8s %8s   %8s %8s %8s %8s "
		 "%8s %8s\n", "Process", "Pages", "Pages", "Pages", "Pages", "PCPU", "PCPU", "PCPU",
		 "Fragment", "Fragment", "MigType", "Fragment", "Fragment", "Unknown");
	ck_assert_msg(strstr(out, row), "%s", out);
	snprintf(row, sizeof(row), "%-16s %8d %10d   %8d %8d   %8d %8d %8d   %8d %8d %8d %8d %8d "
		 "%8d\n", "sh-116", 2, 2, 2, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0);
	ck_assert_msg(strstr(out, row), "%s", out);
	ck_assert_msg(strstr(out, "Time: 1.000000 to 1.000090 (0.000090 s)"), "%s", out);
}
END_TEST

/* How many lines of a gzip file hold ": NAME: ", counted apart from the parser. */
static long count_event_lines(const char *gz, const char *name)
{
	char cmd[512], buf[64];
	FILE *p;
	long n = -1;

	snprintf(cmd, sizeof(cmd), "gzip -dc %s | grep -c ': %s: '", gz, name);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	if (fgets(buf, sizeof(buf), p))
		n = atol(buf);
	pclose(p);
	return n;
}

/* An excerpt of a recording: every event of each name counted, per process summed. */
START_TEST(test_stats_excerpts)
{
	static const char *const files[] = {
		DATA "pagecache-head.trace.gz", DATA "thp-extfrag.trace.gz",
		DATA "compact-head.trace.gz",
	};
	static const char *const names[] = {
		"mm_page_alloc", "mm_page_free", "mm_page_free_batched", "mm_page_alloc_zone_locked",
		"mm_page_pcpu_drain", "mm_page_alloc_extfrag",
	};
	static const char *const keys[] = {
		"pages_allocd", "pages_freed_direct", "pages_freed_pagevec",
		"pages_allocd_under_lock", "pcpu_pages_drained", "fragment_fallback",
	};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		json_t *root = stats_json(files[f]), *totals = json_object_get(root, "totals");

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			ck_assert_int_eq(json_integer_value(json_object_get(totals, keys[i])),
					 count_event_lines(files[f], names[i]));
		json_decref(root);
		/* and the import reads every line of it */
		ck_assert_int_eq(RUN("import ftrace -o @/x.trace %s", files[f]), 0);
		ck_assert_msg(strstr(err, " 0 bad lines"), "%s", err);
		expect_readable_trace(test_path_in(work, "x.trace"));
	}
}
END_TEST

/* The recordings themselves, when they are beside the project. */
START_TEST(test_recordings)
{
	const char *oracle = getenv("ORACLE") ? getenv("ORACLE") : "../shared/oracle";
	static const char *const phases[] = {
		"pagecache", "thp", "hugepages", "compact", "migrate", "anon_frag",
	};
	char path[512];
	struct stat st;

	for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
		char head[1024], want[64];
		json_t *root;
		FILE *p;

		snprintf(path, sizeof(path), "%s/workload-2node/guest/%s.trace.gz", oracle, phases[i]);
		if (stat(path, &st) != 0) {
			fprintf(stderr, "note: test_recordings: no %s (ORACLE=DIR); not run\n", path);
			continue;
		}
		/* tracefs' own count: "# entries-in-buffer/entries-written: N/N" */
		snprintf(head, sizeof(head), "gzip -dc %s | sed -n 3p | sed 's/.*: \\([0-9]*\\)\\/.*/\\1/'",
			 path);
		p = popen(head, "r");
		ck_assert_ptr_nonnull(p);
		ck_assert_ptr_nonnull(fgets(want, sizeof(want), p));
		pclose(p);
		root = stats_json(path);
		ck_assert_int_eq(json_integer_value(json_object_get(root, "events")), atol(want));
		ck_assert_int_eq(json_integer_value(json_object_get(root, "bad_lines")), 0);
		json_decref(root);
		if (strcmp(phases[i], "hugepages") && strcmp(phases[i], "thp"))
			continue;	/* the import of the largest ones is the benchmark's */
		ck_assert_int_eq(RUN("import ftrace -o @/r.trace %s", path), 0);
		ck_assert_msg(strstr(err, " 0 bad lines"), "%s", err);
		expect_readable_trace(test_path_in(work, "r.trace"));
	}
}
END_TEST

/*
 * The demand stream of a numasim trace as one line per event: "alloc
 * ORDER GFP CPU" (the gfp as its mask; the CPU resolved as section 4.1
 * says: the last one set, initially 0) and "free N CPU", N the index of
 * the allocation it frees.
 */
static char *demand_stream(const char *path)
{
	char msg[512], ids[64][64], *text = calloc(1, 1 << 16);
	struct trace_reader *r = trace_reader_open(path, msg, sizeof(msg));
	struct trace_record rec;
	size_t n = 0, nr_ids = 0;
	long cpu = 0;

	ck_assert_msg(r && text, "%s", msg);
	while (trace_reader_next(r, &rec, msg, sizeof(msg)) == 1) {
		const char *c = trace_record_get(&rec, "cpu"), *id = trace_record_get(&rec, "id");
		size_t bad, i;
		gfp_t gfp;

		if (c)
			cpu = atol(c);
		if (!strcmp(rec.verb, "alloc")) {
			const char *g = trace_record_get(&rec, "gfp");

			ck_assert_int_eq(gfp_parse(g, strlen(g), &gfp, &bad), 0);
			ck_assert_uint_lt(nr_ids, 64);
			snprintf(ids[nr_ids++], sizeof(ids[0]), "%s", id);
			n += (size_t)sprintf(text + n, "alloc %s %#x %ld\n",
					     trace_record_get(&rec, "order"), (unsigned int)gfp, cpu);
		} else if (!strcmp(rec.verb, "free")) {
			for (i = 0; i < nr_ids && strcmp(ids[i], id); i++)
				;
			ck_assert_uint_lt(i, nr_ids);
			n += (size_t)sprintf(text + n, "free %zu %ld\n", i, cpu);
		}
	}
	trace_reader_close(r);
	return text;
}

/*
 * A round trip: a replay's own kmem events (--trace-events, tracefs'
 * layout) imported back give the trace's demand stream: the same
 * allocations in the same order with the same order, gfp and CPU, and
 * the same frees of them.
 */
START_TEST(test_round_trip)
{
	char *want, *got;

	ck_assert_int_eq(RUN("run --quiet -o @/rt --trace-events @/rt.events "
			     "workloads/samples/fallback-demo.trace"), 0);
	ck_assert_int_eq(RUN("import ftrace -o @/rt.trace @/rt.events"), 0);
	want = demand_stream("workloads/samples/fallback-demo.trace");
	got = demand_stream(test_path_in(work, "rt.trace"));
	ck_assert_ptr_nonnull(strstr(want, "alloc 3 "));	/* the sample's order-3 block */
	ck_assert_str_eq(got, want);
	free(want);
	free(got);
}
END_TEST

/* results.json's follow.inconsistencies, summed over the kinds. */
static json_int_t follow_inconsistencies(const char *results)
{
	json_error_t jerr;
	json_t *root = json_load_file(results, 0, &jerr), *kinds, *v;
	json_int_t total = 0;
	const char *kind;

	ck_assert_msg(root != NULL, "%s: %s", results, jerr.text);
	kinds = json_object_get(json_object_get(root, "follow"), "inconsistencies");
	ck_assert_ptr_nonnull(kinds);
	json_object_foreach(kinds, kind, v)
		total += json_integer_value(v);
	json_decref(root);
	return total;
}

/* Import path and replay it with --follow on the reference machine: 0 inconsistencies. */
static void expect_followed(const char *path)
{
	ck_assert_int_eq(RUN("import ftrace -o @/f.trace %s", path), 0);
	ck_assert_int_eq(RUN("run --quiet --follow -c configs/oracle-2node.json -o @/f @/f.trace"), 0);
	ck_assert_msg(follow_inconsistencies(test_path_in(work, "f/results.json")) == 0,
		      "%s: inconsistencies in a followed replay: %s", path, err);
}

/*
 * A followed replay of the recordings' excerpts (and of the small
 * recordings themselves, when they are beside the project) on the
 * reference machine: the traced kernel only ever allocated free frames
 * and freed allocated ones, so with the pre-trace state reconstructed
 * (workloads/FORMAT.md 4.4: frames freed before they are allocated were
 * in use; frames of the boot reservations the trace uses had been
 * released, free_reserved_page()) no event may disagree with the
 * simulated memory.  A demand replay of the same import prints the
 * comparison with the traced kernel.
 */
START_TEST(test_follow_recorded)
{
	const char *oracle = getenv("ORACLE") ? getenv("ORACLE") : "../shared/oracle";
	static const char *const excerpts[] = {
		"pagecache-head.trace.gz", "compact-head.trace.gz", "thp-extfrag.trace.gz",
	};
	static const char *const phases[] = { "hugepages", "thp" };
	char path[512];
	struct stat st;

	for (size_t i = 0; i < sizeof(excerpts) / sizeof(excerpts[0]); i++) {
		snprintf(path, sizeof(path), DATA "%s", excerpts[i]);
		expect_followed(path);
	}
	ck_assert_int_eq(RUN("run -c configs/oracle-2node.json -o @/d @/f.trace"), 0);
	ck_assert_ptr_nonnull(strstr(out, "numasim vs the traced kernel"));
	for (size_t i = 0; i < sizeof(phases) / sizeof(phases[0]); i++) {
		snprintf(path, sizeof(path), "%s/workload-2node/guest/%s.trace.gz", oracle, phases[i]);
		if (stat(path, &st) != 0) {
			fprintf(stderr, "note: test_follow_recorded: no %s (ORACLE=DIR); not run\n", path);
			continue;
		}
		expect_followed(path);
	}
}
END_TEST

Suite *ftrace_suite(void);	/* collected into the runner by the Makefile */
Suite *ftrace_suite(void)
{
	Suite *s = suite_create("ftrace");
	TCase *tc = tcase_create("parse");
	TCase *cli = tcase_create("cli");

	tcase_add_test(tc, test_line_tracefs);
	tcase_add_test(tc, test_line_trace_cmd);
	tcase_add_test(tc, test_line_task_names);
	tcase_add_test(tc, test_line_comments_lost_bad);
	tcase_add_test(tc, test_kmem_names);
	tcase_add_test(tc, test_kmem_61);
	tcase_add_test(tc, test_kmem_any_order_same_values);
	tcase_add_test(tc, test_kmem_old);
	tcase_add_test(tc, test_kmem_errors);
	tcase_add_test(tc, test_kernel_versions);
	tcase_add_test(tc, test_line_reader_memory);
	tcase_add_test(tc, test_fuzz_rules);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(cli, cli_setup, cli_teardown);
	tcase_set_timeout(cli, 300);
	tcase_add_test(cli, test_import_61);
	tcase_add_test(cli, test_import_old);
	tcase_add_test(cli, test_import_gz_stdin);
	tcase_add_test(cli, test_import_bad_lines);
	tcase_add_test(cli, test_import_usage);
	tcase_add_test(cli, test_import_raw_gfp_bits);
	tcase_add_test(cli, test_run_ftrace_same_replay);
	tcase_add_test(cli, test_run_ftrace_bad_input);
	tcase_add_test(cli, test_stats_small);
	tcase_add_test(cli, test_stats_excerpts);
	tcase_add_test(cli, test_recordings);
	tcase_add_test(cli, test_follow_recorded);
	tcase_add_test(cli, test_round_trip);
	suite_add_tcase(s, cli);
	return s;
}
