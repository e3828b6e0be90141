/*
 * tests/check_diff.c - `numasim diff` and the reader of the kernel's text
 * files under it (sim/procparse.c, sim/procsnap.c, sim/diff.c;
 * docs/cli.md, "numasim diff").
 *
 * Three parts:
 *   - the reader on small texts laid out as the kernel's printers lay them
 *     out (each test names the printer): the item names, the values, and
 *     "PATH:LINE: message" for every line the kernel would not print;
 *   - the command on tests/data/diff/, two snapshots the reference kernel
 *     took around the recordings' anon_frag phase (its buddyinfo, meminfo,
 *     pagetypeinfo, vmstat and zoneinfo, copied unchanged).  Expected values
 *     are read off those files by hand (the line is named) or counted from
 *     them by the test, never taken from numasim's output;
 *   - the recordings themselves, when they are beside the project
 *     ($ORACLE, default ../shared/oracle): the phase deltas --delta gives
 *     against the vmstat deltas the recordings' summary.txt lists.  Without
 *     them that test passes with a note, as Check has no "skipped".
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/procparse.h"
#include "tests/helpers.h"

#define DATA		"tests/data/diff/"
#define BEFORE		DATA "anon_frag.before"
#define AFTER		DATA "anon_frag.after"
#define PAIR		BEFORE " " AFTER
#define OUT_BYTES	(1u << 20)
#define ERR_BYTES	4096

static char work[64];		/* this test's scratch directory */
static char out[OUT_BYTES];	/* stdout of the last run */
static char err[ERR_BYTES];	/* stderr of the last run */

static void diff_setup(void)
{
	test_scratch_dir(work, sizeof(work), "diff");
}

static void diff_teardown(void)
{
	test_remove_dir(work);
}

/* "numasim ARGS" and a shell command that must succeed ("@": the scratch directory). */
#define numasim(...)	test_numasim_at(work, out, sizeof(out), err, sizeof(err), __VA_ARGS__)
#define sh(...)		test_sh_at(work, __VA_ARGS__)

/* ---- the reader ---- */

#define MAX_ITEMS	512

/* What a parse handed over, copied. */
struct collected {
	size_t n;
	struct {
		char name[128];
		int64_t value;
		unsigned char decimals;
		bool at_least;
		unsigned int line;
	} item[MAX_ITEMS];
};

static struct collected got;
static char parse_err[512];

static int collect(void *ctx, const struct proc_item *item)
{
	struct collected *c = ctx;

	ck_assert_uint_lt(c->n, MAX_ITEMS);
	snprintf(c->item[c->n].name, sizeof(c->item[c->n].name), "%s", item->name);
	c->item[c->n].value = item->value;
	c->item[c->n].decimals = item->decimals;
	c->item[c->n].at_least = item->at_least;
	c->item[c->n].line = item->line;
	c->n++;
	return 0;
}

/* Parse text as the file file_name ("t" in messages); 0 or -1. */
static int parse(const char *file_name, const char *text)
{
	struct proc_file_kind kind;

	memset(&got, 0, sizeof(got));
	parse_err[0] = '\0';
	ck_assert_msg(proc_file_kind(file_name, &kind), "%s is not a known file", file_name);
	return proc_parse(&kind, "t", text, strlen(text), collect, &got, parse_err,
			  sizeof(parse_err));
}

/* The index of the item named name; fails the test if there is none. */
static size_t item_index(const char *name)
{
	for (size_t i = 0; i < got.n; i++)
		if (!strcmp(got.item[i].name, name))
			return i;
	ck_abort_msg("no item %s", name);
	return 0;
}

#define expect_item(name, v) \
	ck_assert_int_eq(got.item[item_index(name)].value, (v))

/*
 * proc_file_kind(): the files of a snapshot folder.  The kernel names a
 * node's sysfs directory node%d (register_node(), drivers/base/node.c), so
 * "node12.vmstat" is node 12, and "node012", "node" without a number and a
 * per-node name of a file the node does not have are not known.
 */
START_TEST(test_file_kinds)
{
	struct proc_file_kind k;

	ck_assert(proc_file_kind("vmstat", &k));
	ck_assert_int_eq(k.node, -1);
	ck_assert_int_eq(k.section, PROC_SEC_VMSTAT);
	ck_assert(proc_file_kind("node12.vmstat", &k));
	ck_assert_int_eq(k.node, 12);
	ck_assert_int_eq(k.section, PROC_SEC_VMSTAT);
	ck_assert(proc_file_kind("node0.numastat", &k));
	ck_assert_int_eq(k.section, PROC_SEC_NUMASTAT);
	ck_assert(proc_file_kind("unusable_index", &k));
	ck_assert_int_eq(k.section, PROC_SEC_UNUSABLE_INDEX);
	ck_assert(!proc_file_kind("node012.vmstat", &k));
	ck_assert(!proc_file_kind("node.vmstat", &k));
	ck_assert(!proc_file_kind("node4096.meminfo", &k));
	ck_assert(!proc_file_kind("node1.buddyinfo", &k));
	ck_assert(!proc_file_kind("numastat", &k));
	ck_assert(!proc_file_kind("hugepages", &k));
	ck_assert(!proc_file_kind("vmstat.orig", &k));
}
END_TEST

/*
 * buddyinfo (frag_show_print(): "Node %d, zone %8s " then "%6lu " per
 * order), vmstat (vmstat_show(): "NAME VALUE"), meminfo
 * (meminfo_proc_show(): "NAME:   VALUE kB", the HugePages_ counts without
 * kB) and node1.meminfo (node_read_meminfo(): "Node 1 NAME: VALUE kB").
 * Expect one item per number, named and valued as the text says.
 */
START_TEST(test_parse_simple_files)
{
	ck_assert_int_eq(parse("buddyinfo", "Node 0, zone      DMA      1      0     12 \n"
				 "Node 1, zone   Normal      3      4      5 \n"), 0);
	ck_assert_uint_eq(got.n, 6);
	expect_item("buddyinfo/node0/DMA/order2", 12);
	expect_item("buddyinfo/node1/Normal/order0", 3);
	ck_assert_uint_eq(got.item[item_index("buddyinfo/node1/Normal/order0")].line, 2);

	ck_assert_int_eq(parse("vmstat", "nr_free_pages 446202\npgfault 8435\nnr_unstable 0\n"), 0);
	ck_assert_uint_eq(got.n, 3);
	expect_item("vmstat/pgfault", 8435);

	ck_assert_int_eq(parse("meminfo", "MemTotal:        4013088 kB\n"
				 "Active(anon):       7132 kB\nHugePages_Total:       0\n"), 0);
	ck_assert_uint_eq(got.n, 3);
	expect_item("meminfo/Active(anon)", 7132);
	expect_item("meminfo/HugePages_Total", 0);

	ck_assert_int_eq(parse("node1.meminfo", "Node 1 MemFree:         1784808 kB\n"
				 "Node 1 HugePages_Free:      0\n"), 0);
	expect_item("meminfo/node1/MemFree", 1784808);
	ck_assert_int_eq(parse("node1.numastat", "numa_hit 344962\nother_node 5203\n"), 0);
	expect_item("numastat/node1/other_node", 5203);
}
END_TEST

/*
 * extfrag_index and unusable_index print each index in thousandths as
 * "%d.%03d" (extfrag_show_print(), unusable_show_print());
 * __fragmentation_index() gives -1000 when a free block of the order
 * exists, printed "-1.000".  Expect the thousandths, three decimals.
 */
START_TEST(test_parse_fragmentation_indices)
{
	ck_assert_int_eq(parse("extfrag_index", "Node 0, zone    DMA32 -1.000 -1.000  0.982 \n"), 0);
	expect_item("extfrag_index/node0/DMA32/order0", -1000);
	expect_item("extfrag_index/node0/DMA32/order2", 982);
	ck_assert_int_eq(got.item[0].decimals, 3);
	ck_assert_int_eq(parse("unusable_index", "Node 1, zone   Normal 0.000 0.066 1.000 \n"), 0);
	expect_item("unusable_index/node1/Normal/order1", 66);
	expect_item("unusable_index/node1/Normal/order2", 1000);
}
END_TEST

/* One node of pagetypeinfo_show(): the header, the free table, the block counts. */
#define PAGETYPE_NODE(n, pbo)								\
	"Page block order: " pbo "\n"							\
	"Pages per block:  512\n"							\
	"\n"										\
	"Free pages count per migrate type at order       0      1      2 \n"		\
	"Node    " n ", zone   Normal, type    Unmovable      1 >100000      0 \n"	\
	"Node    " n ", zone   Normal, type      Movable      4      5      6 \n"	\
	"\n"										\
	"Number of blocks type     Unmovable      Movable \n"				\
	"Node " n ", zone   Normal            7            9 \n"

/*
 * pagetypeinfo: pagetypeinfo_show() prints its header once per node,
 * pagetypeinfo_showfree_print() stops walking a free list at 100000
 * blocks and prints ">100000", pagetypeinfo_showblockcount_print() counts
 * pageblocks per migratetype.  Expect the header's numbers once, the free
 * counts by type and order with the capped one marked at_least, the block
 * counts under blocks/TYPE; and a second node whose header disagrees
 * refused.
 */
START_TEST(test_parse_pagetypeinfo)
{
	ck_assert_int_eq(parse("pagetypeinfo", PAGETYPE_NODE("0", "9") PAGETYPE_NODE("1", "9")), 0);
	/* 2 header numbers + per node 2 types x 3 orders + 2 block counts */
	ck_assert_uint_eq(got.n, 2 + 2 * (6 + 2));
	expect_item("pagetypeinfo/pageblock_order", 9);
	expect_item("pagetypeinfo/pages_per_block", 512);
	expect_item("pagetypeinfo/node1/Normal/Movable/order2", 6);
	expect_item("pagetypeinfo/node0/Normal/Unmovable/order1", 100000);
	ck_assert(got.item[item_index("pagetypeinfo/node0/Normal/Unmovable/order1")].at_least);
	ck_assert(!got.item[item_index("pagetypeinfo/node0/Normal/Unmovable/order0")].at_least);
	expect_item("pagetypeinfo/node1/Normal/blocks/Movable", 9);

	ck_assert_int_eq(parse("pagetypeinfo", PAGETYPE_NODE("0", "9") PAGETYPE_NODE("1", "10")), -1);
	ck_assert_str_eq(parse_err, "t:10: pageblock_order 10 differs from the one before (9)");
}
END_TEST

/* zoneinfo_show_print() for a node with one populated zone and an empty one. */
static const char zoneinfo_text[] =
	"Node 0, zone   Normal\n"
	"  per-node stats\n"
	"      nr_inactive_anon 44\n"
	"      nr_mapped    0\n"
	"  pages free     3712\n"
	"        boost    0\n"
	"        min      86\n"
	"        low      107\n"
	"        high     128\n"
	"        spanned  4095\n"
	"        present  3998\n"
	"        managed  3840\n"
	"        cma      0\n"
	"        protection: (0, 0, 1999)\n"
	"      nr_free_pages 3712\n"
	"      numa_hit     1\n"
	"  pagesets\n"
	"    cpu: 0\n"
	"              count: 5\n"
	"              high:  107\n"
	"              batch: 1\n"
	"  vm stats threshold: 4\n"
	"    cpu: 1\n"
	"              count: 13540\n"
	"              high:  14442\n"
	"              batch: 63\n"
	"  vm stats threshold: 20\n"
	"  node_unreclaimable:  0\n"
	"  start_pfn:           1\n"
	"Node 0, zone  Movable\n"
	"  pages free     0\n"
	"        boost    0\n"
	"        min      0\n"
	"        low      0\n"
	"        high     0\n"
	"        spanned  0\n"
	"        present  0\n"
	"        managed  0\n"
	"        cma      0\n"
	"        protection: (0, 0, 0)\n";

/*
 * zoneinfo: zoneinfo_show_print() prints the node's stats under its first
 * populated zone, then per zone the free pages, the sizes and marks, the
 * lowmem_reserve array, the zone and NUMA counters and per online CPU the
 * pageset and the vm stats threshold; an unpopulated zone stops after
 * "protection:".  Expect node stats without a zone, zone items, one item
 * per reserve, per-CPU items under cpuN, and the zone's last two lines
 * back at zone level.
 */
START_TEST(test_parse_zoneinfo)
{
	ck_assert_int_eq(parse("zoneinfo", zoneinfo_text), 0);
	/* 2 node stats; Normal: 9 + 3 + 2 + 2 x 4 + 2; Movable: 9 + 3 */
	ck_assert_uint_eq(got.n, 2 + 24 + 12);
	expect_item("zoneinfo/node0/nr_inactive_anon", 44);
	expect_item("zoneinfo/node0/Normal/pages_free", 3712);
	expect_item("zoneinfo/node0/Normal/min", 86);
	expect_item("zoneinfo/node0/Normal/protection[2]", 1999);
	expect_item("zoneinfo/node0/Normal/numa_hit", 1);
	expect_item("zoneinfo/node0/Normal/cpu0/count", 5);
	expect_item("zoneinfo/node0/Normal/cpu1/high", 14442);
	expect_item("zoneinfo/node0/Normal/cpu1/vm_stats_threshold", 20);
	expect_item("zoneinfo/node0/Normal/start_pfn", 1);
	expect_item("zoneinfo/node0/Movable/protection[0]", 0);
	ck_assert_uint_eq(got.item[item_index("zoneinfo/node0/Normal/cpu1/count")].line, 24);
}
END_TEST

static const struct {
	const char *file;
	const char *text;
	const char *msg;
} bad_texts[] = {
	{ "vmstat", "nr_free_pages 1\nbogus\n", "t:2: expected 'NAME VALUE'" },
	{ "vmstat", "pgfault 1e5\n", "t:1: bad value '1e5': not a number" },
	{ "vmstat", "pgfault 1000000000000000001\n",
	  "t:1: value '1000000000000000001' out of range (magnitude at most 10^18)" },
	{ "vmstat", "pgfault 1\npg\x1b" "fault 2\n", "t:2: unexpected byte 0x1b (column 3)" },
	{ "vmstat", "pgfault 1\r\n", "t:1: unexpected byte 0x0d (column 10)" },
	{ "vmstat", "pg-fault 1\n", "t:1: bad counter name 'pg-fault'" },
	{ "meminfo", "MemFree 5 kB\n", "t:1: expected 'NAME: VALUE' or 'NAME: VALUE kB'" },
	{ "meminfo", "MemFree: 5 MB\n", "t:1: expected 'NAME: VALUE' or 'NAME: VALUE kB'" },
	{ "node1.meminfo", "Node 0 MemFree: 5 kB\n", "t:1: expected 'Node 1 NAME: VALUE [kB]'" },
	{ "buddyinfo", "Node 0, zone DMA\n", "t:1: no values after 'Node 0, zone DMA'" },
	{ "buddyinfo", "Node x, zone DMA 1\n", "t:1: bad node 'x' (0..4095)" },
	{ "buddyinfo", "Node 0 zone DMA 1\n", "t:1: expected 'Node N, zone NAME ...'" },
	{ "unusable_index", "Node 0, zone DMA 0.5\n",
	  "t:1: bad value '0.5': expected a number with three decimals" },
	{ "pagetypeinfo", "Node    0, zone   Normal, type    Movable      4 \n",
	  "t:1: a row of free counts outside the 'Free pages count' table" },
	{ "pagetypeinfo", "Free pages count per migrate type at order 0 1\n"
			  "Node 0, zone Normal, type Movable 4\n",
	  "t:2: 1 counts, the table's header has 2 orders" },
	{ "pagetypeinfo", "Node 0, zone Normal 7 9\n",
	  "t:1: a row of block counts outside the 'Number of blocks' tables" },
	{ "pagetypeinfo", "Page block order: 9\nhello\n", "t:2: not a line of pagetypeinfo" },
	{ "zoneinfo", "  pages free     3712\n", "t:1: expected 'Node N, zone NAME' first" },
	{ "zoneinfo", "Node 0, zone Normal\n    cpu: 0\n", "t:2: 'cpu: 0' outside the pagesets" },
	{ "zoneinfo", "Node 0, zone Normal\n  pagesets\n  count: 5\n",
	  "t:3: 'count' before the first 'cpu: N'" },
	{ "zoneinfo", "Node 0, zone Normal\n  nr_free_pages 5\n",
	  "t:2: 'nr_free_pages' outside the per-node stats and the zone's counters" },
	{ "zoneinfo", "Node 0, zone Normal\n  pages free 1\n  protection: 0, 1\n",
	  "t:3: expected 'protection: (N, N, ...)'" },
	{ "zoneinfo", "Node 0, zone Normal\n  pages free 1\n  a b c\n",
	  "t:3: not a line of zoneinfo" },
};

/*
 * Lines the kernel's printers never write: a word where a number goes, a
 * number past 10^18, a control byte, a carriage return, a meminfo line
 * without its colon or with another unit, a node line of another node, a
 * row before its table header or with the wrong number of columns, a
 * zoneinfo line before its zone or outside its block.  Expect -1 and
 * exactly "t:LINE: message".
 */
START_TEST(test_parse_bad_lines)
{
	ck_assert_int_eq(parse(bad_texts[_i].file, bad_texts[_i].text), -1);
	ck_assert_str_eq(parse_err, bad_texts[_i].msg);
}
END_TEST

/* A line of LINE_BYTES or more, and more fields than a line may have. */
START_TEST(test_parse_limits)
{
	char *text = malloc(8192);

	memset(text, 'x', 5000);
	strcpy(text + 5000, " 1\n");
	ck_assert_int_eq(parse("vmstat", text), -1);
	ck_assert_str_eq(parse_err, "t:1: line longer than 4095 bytes");
	strcpy(text, "Node 0, zone DMA");
	for (int i = 0; i < 70; i++)
		strcat(text, " 1");
	ck_assert_int_eq(parse("buddyinfo", text), -1);
	ck_assert_str_eq(parse_err, "t:1: more than 64 fields");
	free(text);
}
END_TEST

/* ---- the command on tests/data/diff ---- */

/* Run diff with args, expect exit 0 and JSON on stdout; the caller json_decref()s. */
__attribute__((format(printf, 1, 2)))
static json_t *diff_json(const char *fmt, ...)
{
	char args[2048];
	json_error_t jerr;
	json_t *root;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	ck_assert_int_eq(numasim("diff --json %s", args), 0);
	ck_assert_str_eq(err, "");
	root = json_loads(out, 0, &jerr);
	ck_assert_msg(root, "not JSON: %s", jerr.text);
	return root;
}

static json_t *row_named(json_t *root, const char *name)
{
	size_t i;
	json_t *row;

	json_array_foreach(json_object_get(root, "items"), i, row)
		if (!strcmp(json_string_value(json_object_get(row, "name")), name))
			return row;
	ck_abort_msg("no row %s", name);
	return NULL;
}

static json_int_t field_int(json_t *row, const char *key)
{
	json_t *v = json_object_get(row, key);

	ck_assert_msg(json_is_integer(v), "%s is not an integer", key);
	return json_integer_value(v);
}

static json_int_t summary(json_t *root, const char *key)
{
	return field_int(json_object_get(root, "summary"), key);
}

/* A row's A, B and B - A, and its relative error (B - A) / A when A != 0. */
static void expect_row(json_t *root, const char *name, json_int_t a, json_int_t b)
{
	json_t *row = row_named(root, name), *rel = json_object_get(row, "rel_error");

	ck_assert_int_eq(field_int(row, "a"), a);
	ck_assert_int_eq(field_int(row, "b"), b);
	ck_assert_int_eq(field_int(row, "diff"), b - a);
	if (!a) {
		ck_assert(json_is_null(rel));
		return;
	}
	/* JSON keeps 6 significant digits of the error */
	ck_assert_msg(fabs(json_real_value(rel) - (double)(b - a) / (double)a) <=
		      1e-5 * fabs((double)(b - a) / (double)a), "%s: rel_error %g", name,
		      json_real_value(rel));
}

/*
 * Values read off the two snapshot files by hand: vmstat line 1
 * nr_free_pages 857886 -> 763419 (the phase's -94467 of summary.txt),
 * line 117 numa_pages_migrated 1 -> 2; buddyinfo line 4 (node 1 Normal)
 * order 0 44 -> 84968; meminfo line 2 MemFree 3431712 -> 3053760 kB;
 * pagetypeinfo line 36 Normal's blocks Unmovable 326 -> 146, Movable 178
 * -> 362; zoneinfo lines 257/575 (node 1 Normal) pages free 182686 ->
 * 98114, 259/577 min 5713 both, 291/609 cpu 1's count 7086 -> 3353, and
 * 266/584 protection[2] 0 both.  Expect each as a row A, B, B-A, (B-A)/A.
 */
START_TEST(test_values_from_files)
{
	json_t *root = diff_json(PAIR);

	expect_row(root, "vmstat/nr_free_pages", 857886, 763419);
	expect_row(root, "vmstat/numa_pages_migrated", 1, 2);
	expect_row(root, "buddyinfo/node1/Normal/order0", 44, 84968);
	expect_row(root, "meminfo/MemFree", 3431712, 3053760);
	expect_row(root, "pagetypeinfo/node1/Normal/blocks/Unmovable", 326, 146);
	expect_row(root, "pagetypeinfo/node1/Normal/blocks/Movable", 178, 362);
	expect_row(root, "zoneinfo/node1/Normal/pages_free", 182686, 98114);
	expect_row(root, "zoneinfo/node1/Normal/min", 5713, 5713);
	expect_row(root, "zoneinfo/node1/Normal/cpu1/count", 7086, 3353);
	expect_row(root, "zoneinfo/node1/Normal/protection[2]", 0, 0);
	ck_assert_str_eq(json_string_value(json_object_get(root, "a")), BEFORE);
	ck_assert_int_eq(json_array_size(json_object_get(root, "not_compared")), 0);
	json_decref(root);
}
END_TEST

/* The vmstat lines of path: NAME VALUE, counted and looked up by the test itself. */
struct vmstat_file {
	size_t n;
	char name[256][64];
	long long value[256];
};

static void read_vmstat(const char *path, struct vmstat_file *v)
{
	char *text = test_read_file(path), *save = NULL;

	v->n = 0;
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		ck_assert_uint_lt(v->n, 256);
		ck_assert_int_eq(sscanf(l, "%63s %lld", v->name[v->n], &v->value[v->n]), 2);
		v->n++;
	}
	free(text);
}

/*
 * Every item of the five files is a row, each once: vmstat 173 lines,
 * buddyinfo 4 zones x 11 orders = 44, meminfo 54 lines, pagetypeinfo 2
 * header numbers + 4 zones x 5 types x 11 orders + 4 zones x 5 block
 * counts = 242, zoneinfo 2 x 43 node stats + 4 populated zones x 41 + 6
 * empty ones x 14 = 334: 847 in all.  The vmstat counters that differ are
 * counted here from the two files.  Expect summary.compared 847, the
 * vmstat section's differ count equal to the test's, nothing missing.
 */
START_TEST(test_every_item_once)
{
	static struct vmstat_file a, b;
	json_t *root = diff_json(PAIR);
	size_t differ = 0;

	ck_assert_int_eq(summary(root, "compared"), 173 + 44 + 54 + 242 + 334);
	ck_assert_int_eq(summary(root, "shown"), 847);
	ck_assert_int_eq(summary(root, "only_in_a"), 0);
	ck_assert_int_eq(summary(root, "only_in_b"), 0);
	json_decref(root);

	read_vmstat(BEFORE "/vmstat", &a);
	read_vmstat(AFTER "/vmstat", &b);
	ck_assert_uint_eq(a.n, 173);
	ck_assert_uint_eq(b.n, a.n);
	for (size_t i = 0; i < a.n; i++) {
		ck_assert_str_eq(a.name[i], b.name[i]);
		differ += a.value[i] != b.value[i];
	}
	root = diff_json("--only vmstat " PAIR);
	ck_assert_int_eq(summary(root, "compared"), 173);
	ck_assert_int_eq(summary(root, "differ"), (json_int_t)differ);
	json_decref(root);
}
END_TEST

/* The ranking key of a JSON row, computed from its a and b. */
static double rank_of(json_t *row)
{
	json_int_t a = field_int(row, "a"), b = field_int(row, "b");

	if (!a)
		return b != a ? INFINITY : 0.0;
	return fabs((double)(b - a) / (double)a);
}

/*
 * The order of docs/cli.md: largest relative error first (A = 0 with
 * B != 0 above all), ties by the larger |B - A|, then by name.  Expect
 * every pair of neighbouring rows in that order, the first rows being the
 * A = 0 ones: node 1 DMA32's nr_zone_inactive_anon, line 227 of both
 * zoneinfo files, 0 -> 10392.
 */
START_TEST(test_rows_ranked)
{
	json_t *root = diff_json(PAIR), *items = json_object_get(root, "items");
	json_t *first = json_array_get(items, 0);

	ck_assert_str_eq(json_string_value(json_object_get(first, "name")),
			 "zoneinfo/node1/DMA32/nr_zone_inactive_anon");
	expect_row(root, "zoneinfo/node1/DMA32/nr_zone_inactive_anon", 0, 10392);
	for (size_t i = 1; i < json_array_size(items); i++) {
		json_t *x = json_array_get(items, i - 1), *y = json_array_get(items, i);
		double rx = rank_of(x), ry = rank_of(y);
		json_int_t dx = llabs(field_int(x, "diff")), dy = llabs(field_int(y, "diff"));
		const char *nx = json_string_value(json_object_get(x, "name"));
		const char *ny = json_string_value(json_object_get(y, "name"));

		ck_assert_msg(rx > ry || (rx == ry && (dx > dy || (dx == dy && strcmp(nx, ny) < 0))),
			      "row %zu (%s) before row %zu (%s)", i - 1, nx, i, ny);
	}
	json_decref(root);
}
END_TEST

/*
 * The text table, on buddyinfo with --top 1: the largest error is node 1
 * DMA32's order 0, 3 -> 5939 (buddyinfo line 3 of each file): +5936,
 * +197866.67%, above node 1 Normal's 44 -> 84968 (+193009.09%).  Of the
 * 44 counts 28 differ (by hand: node 0 DMA none, node 0 DMA32 all 11,
 * node 1 DMA32 8, node 1 Normal 9).  Expect exactly this output, each
 * column as wide as its widest cell.
 */
START_TEST(test_text_table)
{
	ck_assert_int_eq(numasim("diff --only buddyinfo --top 1 " PAIR), 0);
	ck_assert_str_eq(out,
		"A: " BEFORE "\n"
		"B: " AFTER "\n"
		"\n"
		"item                          A     B    B-A      (B-A)/A\n"
		"buddyinfo/node1/DMA32/order0  3  5939  +5936  +197866.67%\n"
		"\n"
		"items: 44 compared, 28 differ, 0 only in A, 0 only in B; 1 shown\n");
	ck_assert_str_eq(err, "");
}
END_TEST

/* The names of the rows of a JSON answer, in order, joined by spaces. */
static void row_names(json_t *root, char *buf, size_t len)
{
	size_t i, used = 0;
	json_t *row;

	buf[0] = '\0';
	json_array_foreach(json_object_get(root, "items"), i, row)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? " " : "",
					 json_string_value(json_object_get(row, "name")));
}

/*
 * --min-error and --top on buddyinfo.  Above 100%: node 0 DMA32 order 8
 * (2 -> 8, 300%), node 1 DMA32 order 0 (1978x) and node 1 Normal order 0
 * (1930x); node 1 DMA32's order 1 (1 -> 0) and order 7 (2 -> 0) are
 * exactly -100%, not above 100 but above 99.99.  --min-error 0 keeps the
 * 28 counts that differ.  --top 2 keeps the two largest.
 */
START_TEST(test_filters)
{
	char names[4096];
	json_t *root = diff_json("--only buddyinfo --min-error 100 " PAIR);

	row_names(root, names, sizeof(names));
	ck_assert_str_eq(names, "buddyinfo/node1/DMA32/order0 buddyinfo/node1/Normal/order0 "
				"buddyinfo/node0/DMA32/order8");
	ck_assert_int_eq(summary(root, "compared"), 44);
	json_decref(root);
	root = diff_json("--only buddyinfo --min-error 99.99 " PAIR);
	ck_assert_int_eq(summary(root, "shown"), 5);
	json_decref(root);
	root = diff_json("--only buddyinfo --min-error 0 " PAIR);
	ck_assert_int_eq(summary(root, "shown"), 28);
	json_decref(root);
	root = diff_json("--only buddyinfo,meminfo --top 2 " PAIR);
	row_names(root, names, sizeof(names));
	ck_assert_str_eq(names, "buddyinfo/node1/DMA32/order0 buddyinfo/node1/Normal/order0");
	ck_assert_int_eq(summary(root, "compared"), 44 + 54);
	json_decref(root);
}
END_TEST

/* B: the after snapshot without vmstat's pgfault line, with a node0.vmstat of its own. */
static void make_partial_after(void)
{
	sh("mkdir @/b && cp " AFTER "/* @/b/ && grep -v '^pgfault ' " AFTER "/vmstat > @/b/vmstat"
	   " && printf 'nr_free_pages 5\\n' > @/b/node0.vmstat");
}

/*
 * An item one side lacks is a row marked missing, never dropped; a file
 * one side lacks is not compared and gets a note.  B lacks pgfault
 * (vmstat line 86 of A: 8435) and alone has node0.vmstat.  Expect the
 * row {a: 8435, b: null, missing: "b"}, only_in_a 1, the note
 * {file: node0.vmstat, in: [B]}, and in the text "missing" and "not
 * compared: node0.vmstat (only in B)".
 */
START_TEST(test_missing_items_and_files)
{
	json_t *root, *row, *note;
	char cell[5][64];
	const char *line;

	make_partial_after();
	root = diff_json("--only vmstat " BEFORE " @/b");
	row = row_named(root, "vmstat/pgfault");
	ck_assert_int_eq(field_int(row, "a"), 8435);
	ck_assert(json_is_null(json_object_get(row, "b")));
	ck_assert(json_is_null(json_object_get(row, "diff")));
	ck_assert_str_eq(json_string_value(json_object_get(row, "missing")), "b");
	ck_assert_int_eq(summary(root, "only_in_a"), 1);
	ck_assert_int_eq(summary(root, "compared"), 172);
	note = json_array_get(json_object_get(root, "not_compared"), 0);
	ck_assert_str_eq(json_string_value(json_object_get(note, "file")), "node0.vmstat");
	ck_assert_str_eq(json_string_value(json_array_get(json_object_get(note, "in"), 0)), "B");
	json_decref(root);

	/* --top and --min-error hide compared rows only */
	ck_assert_int_eq(numasim("diff --only vmstat --top 1 --min-error 50 " BEFORE " @/b"), 0);
	line = strstr(out, "\nvmstat/pgfault ");
	ck_assert_ptr_nonnull(line);
	ck_assert_int_eq(sscanf(line, " %63s %63s %63s %63s %63s", cell[0], cell[1], cell[2],
				cell[3], cell[4]), 5);
	ck_assert_str_eq(cell[1], "8435");
	ck_assert_str_eq(cell[2], "missing");
	ck_assert_str_eq(cell[3], "-");
	ck_assert_str_eq(cell[4], "-");
	ck_assert_ptr_nonnull(strstr(out, "; 2 shown\nnot compared: node0.vmstat (only in B)\n"));
}
END_TEST

/*
 * --fail-over PCT: exit 1 and one line when a compared row's error is
 * above PCT or a row is missing.  buddyinfo's largest error is
 * 5936 / 3 = 197866.67%: --fail-over 197867 passes (exit 0), 197866
 * fails naming that row.  The table is printed either way.  A missing
 * row fails whatever PCT.
 */
START_TEST(test_fail_over)
{
	ck_assert_int_eq(numasim("diff --only buddyinfo --fail-over 197867 " PAIR), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(numasim("diff --only buddyinfo --fail-over 197866 " PAIR), 1);
	ck_assert_str_eq(err, "numasim: diff: over --fail-over 197866%: 1 differing by more, "
			      "0 missing on a side (first: buddyinfo/node1/DMA32/order0)\n");
	ck_assert_ptr_nonnull(strstr(out, "items: 44 compared"));
	make_partial_after();
	ck_assert_int_eq(numasim("diff --only vmstat --fail-over 1000000000 " BEFORE " @/b"), 1);
	ck_assert_str_eq(err, "numasim: diff: over --fail-over 1000000000%: 0 differing by more, "
			      "1 missing on a side (first: vmstat/pgfault)\n");
}
END_TEST

/*
 * --delta compares after - before of two pairs.  With the pair against
 * (before, before), A is the phase's change and B is 0 everywhere:
 * nr_free_pages 763419 - 857886 = -94467 against 0, B - A = +94467,
 * (B - A) / A = -1.  The pair against itself differs nowhere.
 */
START_TEST(test_delta)
{
	json_t *root = diff_json("--delta --only vmstat " PAIR " " BEFORE " " BEFORE);

	expect_row(root, "vmstat/nr_free_pages", -94467, 0);
	expect_row(root, "vmstat/pgfault", 310786 - 8435, 0);
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(root, "a"), "after")),
			 AFTER);
	ck_assert_int_eq(summary(root, "on_neither_side"), 0);
	json_decref(root);
	root = diff_json("--delta " PAIR " " PAIR);
	ck_assert_int_eq(summary(root, "compared"), 847);
	ck_assert_int_eq(summary(root, "differ"), 0);
	json_decref(root);
	ck_assert_int_eq(numasim("diff --delta --only vmstat --top 1 " PAIR " " BEFORE " " BEFORE), 0);
	ck_assert_ptr_nonnull(strstr(out, "A: " AFTER " - " BEFORE "\nB: " BEFORE " - " BEFORE "\n"));
}
END_TEST

/*
 * A count pagetypeinfo_showfree_print() capped: the kernel stops walking a
 * free list at 100000 blocks and prints ">100000".  A holds that, B an
 * exact 99000.  Expect A shown as the kernel printed it, the difference
 * and the error marked '~' (not exact: -1000 at most), JSON's a_capped;
 * and with --delta, where the value is itself computed, '~' on A.
 */
START_TEST(test_capped_counts)
{
	json_t *root, *row;
	const char *line;
	char cell[5][64];

	sh("mkdir @/a @/b");
	test_write_file(test_path_in(work, "a/pagetypeinfo"), PAGETYPE_NODE("0", "9"),
			strlen(PAGETYPE_NODE("0", "9")));
	sh("sed 's/>100000/ 99000/' @/a/pagetypeinfo > @/b/pagetypeinfo");
	ck_assert_int_eq(numasim("diff @/a @/b"), 0);
	line = strstr(out, "\npagetypeinfo/node0/Normal/Unmovable/order1 ");
	ck_assert_ptr_nonnull(line);
	ck_assert_int_eq(sscanf(line, " %63s %63s %63s %63s %63s", cell[0], cell[1], cell[2],
				cell[3], cell[4]), 5);
	ck_assert_str_eq(cell[1], ">100000");
	ck_assert_str_eq(cell[2], "99000");
	ck_assert_str_eq(cell[3], "~-1000");
	ck_assert_str_eq(cell[4], "~-1.00%");
	root = diff_json("@/a @/b");
	row = row_named(root, "pagetypeinfo/node0/Normal/Unmovable/order1");
	ck_assert(json_is_true(json_object_get(row, "a_capped")));
	ck_assert_ptr_null(json_object_get(row, "b_capped"));
	ck_assert_int_eq(field_int(row, "a"), 100000);
	json_decref(root);
	ck_assert_int_eq(numasim("diff --delta @/b @/a @/b @/b"), 0);
	line = strstr(out, "\npagetypeinfo/node0/Normal/Unmovable/order1 ");
	ck_assert_ptr_nonnull(line);
	ck_assert_int_eq(sscanf(line, " %63s %63s %63s %63s", cell[0], cell[1], cell[2],
				cell[3]), 4);
	ck_assert_str_eq(cell[1], "~1000");
	ck_assert_str_eq(cell[2], "0");
	ck_assert_str_eq(cell[3], "~-1000");
}
END_TEST

/* The same folders give the same bytes, text and JSON. */
START_TEST(test_deterministic)
{
	static char first[OUT_BYTES];

	for (int json = 0; json < 2; json++) {
		ck_assert_int_eq(numasim("diff %s " PAIR, json ? "--json" : ""), 0);
		memcpy(first, out, sizeof(out));
		ck_assert_int_eq(numasim("diff %s " PAIR, json ? "--json" : ""), 0);
		ck_assert_str_eq(out, first);
	}
}
END_TEST

/* ---- bad input ---- */

/* Exit 2, stderr one line starting with msg ("@" the scratch directory), stdout empty. */
static void assert_bad_input(int status, const char *at_msg)
{
	char msg[1024];

	test_expand_at(msg, sizeof(msg), at_msg, work);
	ck_assert_int_eq(status, 2);
	ck_assert_msg(!strncmp(err, msg, strlen(msg)), "expected \"%s...\", got \"%s\"", msg, err);
	ck_assert_msg(strchr(err, '\n') == err + strlen(err) - 1, "not one line: \"%s\"", err);
	ck_assert_str_eq(out, "");
}

/*
 * Folders that cannot be read or hold no snapshot, a file that cannot be
 * read, a malformed line and a repeated counter.  Expect exit 2, one line
 * naming the folder or "FILE:LINE:", escaped, and nothing on stdout.
 */
START_TEST(test_bad_folders)
{
	sh("mkdir @/empty @/bad @/dup @/dirfile @/dirfile/vmstat && touch @/plain @/empty/notes"
	   " && printf 'nr_free_pages 5\\nnr free 6\\n' > @/bad/vmstat"
	   " && printf 'a 1\\npgfault 2\\npgfault 3\\n' > @/dup/vmstat");
	assert_bad_input(numasim("diff " BEFORE " @/nope"),
			 "@/nope: cannot open: No such file or directory\n");
	assert_bad_input(numasim("diff @/plain " AFTER), "@/plain: cannot open: Not a directory\n");
	assert_bad_input(numasim("diff " BEFORE " @/empty"),
			 "@/empty: no snapshot files in it (known: buddyinfo, ");
	assert_bad_input(numasim("diff --delta " PAIR " " BEFORE " @/bad"),
			 "@/bad/vmstat:2: expected 'NAME VALUE'\n");
	assert_bad_input(numasim("diff @/dup " AFTER),
			 "@/dup/vmstat:3: vmstat/pgfault repeated (first on line 2)\n");
	assert_bad_input(numasim("diff @/dirfile " AFTER),
			 "@/dirfile/vmstat: cannot open: Is a directory\n");
	assert_bad_input(numasim("diff " BEFORE " \"@/x$(printf '\\033')y\""),
			 "@/x\\x1by: cannot open: No such file or directory\n");
}
END_TEST

/* A folder the user may not read: meaningless for root, who may. */
START_TEST(test_unreadable_folder)
{
	if (geteuid() == 0) {
		fprintf(stderr, "note: test_unreadable_folder: root reads every folder; not run\n");
		return;
	}
	sh("cp -r " BEFORE " @/locked && chmod 000 @/locked");
	assert_bad_input(numasim("diff @/locked " AFTER),
			 "@/locked: cannot open: Permission denied\n");
	sh("chmod 700 @/locked");
}
END_TEST

static const struct {
	const char *args;
	const char *msg;
} usage_cases[] = {
	{ "diff " BEFORE, "numasim: diff: expected 2 folders (A B), got 1\n" },
	{ "diff " PAIR " " AFTER, "numasim: diff: expected 2 folders (A B), got 3\n" },
	{ "diff --delta " PAIR, "numasim: diff --delta: expected 4 folders (A.before A.after "
				"B.before B.after), got 2\n" },
	{ "diff --top 0 " PAIR, "numasim: bad --top '0': out of range (1..4294967295)\n" },
	{ "diff --top many " PAIR, "numasim: bad --top 'many': not a number\n" },
	{ "diff --min-error -1 " PAIR,
	  "numasim: bad --min-error '-1': not a percentage (a number such as 5 or 0.5)\n" },
	{ "diff --min-error 5% " PAIR, "numasim: bad --min-error '5%': not a percentage" },
	{ "diff --min-error 1e3 " PAIR, "numasim: bad --min-error '1e3': not a percentage" },
	{ "diff --fail-over . " PAIR, "numasim: bad --fail-over '.': not a percentage" },
	{ "diff --fail-over= " PAIR, "numasim: bad --fail-over '': not a percentage" },
	{ "diff --only vmstat,bogus " PAIR, "numasim: bad --only 'vmstat,bogus' (known: vmstat, "
					    "meminfo, numastat, buddyinfo, pagetypeinfo, zoneinfo, "
					    "extfrag_index, unusable_index, slabinfo)\n" },
	{ "diff --only vmstat, " PAIR, "numasim: bad --only 'vmstat,' (known: " },
	{ "diff --bogus " PAIR, "numasim: unknown option '--bogus'\n" },
	{ "diff --min 5 " PAIR, "numasim: unknown option '--min'\n" },
	{ "diff " PAIR " --top", "numasim: option '--top' needs an argument\n" },
};

/*
 * Wrong numbers of folders and bad option values.  Expect exit 2, the
 * message first on stderr (the usage follows it), nothing on stdout.
 */
START_TEST(test_usage_errors)
{
	int status = numasim("%s", usage_cases[_i].args);

	ck_assert_int_eq(status, 2);
	ck_assert_msg(!strncmp(err, usage_cases[_i].msg, strlen(usage_cases[_i].msg)),
		      "%s: expected \"%s...\", got \"%s\"", usage_cases[_i].args, usage_cases[_i].msg,
		      err);
	ck_assert_ptr_nonnull(strstr(err, "\nusage: numasim run "));
	ck_assert_str_eq(out, "");
}
END_TEST

/* diff --help names its options; numasim --help lists the command. */
START_TEST(test_help)
{
	ck_assert_int_eq(numasim("diff --help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "numasim diff: Compare two snapshot folders"));
	ck_assert_ptr_nonnull(strstr(out, "--fail-over PCT"));
	ck_assert_int_eq(numasim("--help"), 0);
	ck_assert_ptr_nonnull(strstr(out, "numasim diff [--only LIST]"));
	ck_assert_ptr_nonnull(strstr(out, "numasim diff: "));
}
END_TEST

/* ---- the recordings ---- */

/*
 * The vmstat deltas summary.txt lists for phase (lines "  NAME  +N" after
 * "== phase NAME:", up to its "  trace:" line), each checked against the
 * row's side of a --delta answer.  Returns how many lines it checked.
 */
static int check_summary_phase(const char *summary_text, const char *phase, json_t *root,
			       const char *side)
{
	char head[64], name[128], row_name[160];
	const char *p;
	long long v;
	int n = 0;

	snprintf(head, sizeof(head), "== phase %s:", phase);
	p = strstr(summary_text, head);
	ck_assert_msg(p, "summary.txt has no phase %s", phase);
	for (p = strchr(p, '\n') + 1; strncmp(p, "  trace:", 8); p = strchr(p, '\n') + 1, n++) {
		ck_assert_msg(sscanf(p, " %127s %lld", name, &v) == 2, "%s: bad line %.40s", phase, p);
		snprintf(row_name, sizeof(row_name), "vmstat/%s", name);
		ck_assert_msg(field_int(row_named(root, row_name), side) == v,
			      "%s %s: summary.txt says %lld", phase, name, v);
	}
	return n;
}

/*
 * summary.txt's per-phase vmstat deltas are the change of /proc/vmstat
 * over the phase: --delta of the anon_frag pair against the compact pair
 * gives them in A and in B.  Expect every line of both phases matched
 * (11 and 12 lines).
 */
START_TEST(test_recordings_summary)
{
	const char *oracle = getenv("ORACLE") ? getenv("ORACLE") : "../shared/oracle";
	char summary_path[512], snap[512];
	struct stat st;
	char *text;
	json_t *root;

	snprintf(summary_path, sizeof(summary_path), "%s/workload-2node/summary.txt", oracle);
	if (stat(summary_path, &st) != 0) {
		fprintf(stderr, "note: test_recordings_summary: no recordings at %s "
			"(ORACLE=DIR); not run\n", oracle);
		return;
	}
	snprintf(snap, sizeof(snap), "%s/workload-2node/guest/snap", oracle);
	root = diff_json("--delta --only vmstat %s/anon_frag.before %s/anon_frag.after "
			 "%s/compact.before %s/compact.after", snap, snap, snap, snap);
	text = test_read_file(summary_path);
	ck_assert_int_eq(check_summary_phase(text, "anon_frag", root, "a"), 11);
	ck_assert_int_eq(check_summary_phase(text, "compact", root, "b"), 12);
	free(text);
	json_decref(root);
}
END_TEST

Suite *diff_suite(void);	/* collected into the runner by the Makefile */
Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("reader");

	tcase_add_test(tc, test_file_kinds);
	tcase_add_test(tc, test_parse_simple_files);
	tcase_add_test(tc, test_parse_fragmentation_indices);
	tcase_add_test(tc, test_parse_pagetypeinfo);
	tcase_add_test(tc, test_parse_zoneinfo);
	tcase_add_loop_test(tc, test_parse_bad_lines, 0, (int)TEST_ARRAY_SIZE(bad_texts));
	tcase_add_test(tc, test_parse_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("command");
	tcase_add_checked_fixture(tc, diff_setup, diff_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_values_from_files);
	tcase_add_test(tc, test_every_item_once);
	tcase_add_test(tc, test_rows_ranked);
	tcase_add_test(tc, test_text_table);
	tcase_add_test(tc, test_filters);
	tcase_add_test(tc, test_missing_items_and_files);
	tcase_add_test(tc, test_fail_over);
	tcase_add_test(tc, test_delta);
	tcase_add_test(tc, test_capped_counts);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_bad_folders);
	tcase_add_test(tc, test_unreadable_folder);
	tcase_add_loop_test(tc, test_usage_errors, 0, (int)TEST_ARRAY_SIZE(usage_cases));
	tcase_add_test(tc, test_help);
	tcase_add_test(tc, test_recordings_summary);
	suite_add_tcase(s, tc);
	return s;
}
