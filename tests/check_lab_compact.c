/*
 * tests/check_lab_compact.c - labs 8 to 10 (compaction, cma, hotplug):
 * each generator over several seeds, its answers checked against the
 * kernel's rules by another route than the lab reads them, and every
 * ```numasim block of the labs' pages run in the shell.
 *
 * The checks replay a sheet's commands on a session of their own and
 * look at the machine between them, or recompute a rule from the
 * numbers the setup prints: the fragmentation index and
 * compaction_suitable() from buddyinfo and the watermarks; the two
 * scanners' rule (nothing moves into a block below the meeting point,
 * nothing out of one above it); __rmqueue()'s CMA balancing from the free
 * counts; cma_alloc()'s first fit in the bitmap; has_unmovable_pages()
 * and do_migrate_range() for offlining.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mm/memory_hotplug.h"
#include "mm/page_inspect.h"
#include "mm/pageblock_census.h"
#include "mm/vmstat_counters.h"
#include "sim/lab_internal.h"
#include "tests/helpers.h"

#define LAB_SEEDS	12u

static const struct lab *lab_named(const char *name)
{
	for (size_t i = 0; i < lab_list_len; i++)
		if (!strcmp(lab_list[i]->name, name))
			return lab_list[i];
	ck_abort_msg("no lab %s", name);
	return NULL;
}

/* Generate lab's sheet for seed; every question answered on one line. */
static void lab_gen(const struct lab *lab, uint64_t seed, struct lab_sheet *sheet)
{
	char err[256] = "";

	memset(sheet, 0, sizeof(*sheet));
	ck_assert_ptr_nonnull(lab->generate);
	ck_assert_msg(lab->generate(sheet, seed, err, sizeof(err)) == 0, "seed %llu: %s",
		      (unsigned long long)seed, err);
	ck_assert(!sheet->failed);
	ck_assert_uint_ge(sheet->nr, 3);
	for (unsigned int i = 0; i < sheet->nr; i++)
		ck_assert_msg(sheet->q[i].answer && sheet->q[i].answer[0] &&
			      !strchr(sheet->q[i].answer, '\n'), "seed %llu Q%u",
			      (unsigned long long)seed, i + 1);
}

/* The answer of the first question whose text holds key. */
static const char *answer_of(const struct lab_sheet *s, const char *key)
{
	for (unsigned int i = 0; i < s->nr; i++)
		if (strstr(s->q[i].text, key))
			return s->q[i].answer;
	ck_abort_msg("no question with '%s'", key);
	return NULL;
}

static unsigned long number_after(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	ck_assert_msg(p, "no '%s' in: %s", key, text);
	return strtoul(p + strlen(key), NULL, 10);
}

/* A session of the lab's machine; its commands are replayed by the test. */
static struct lab_session *session_boot(const struct lab *lab)
{
	struct lab_session *s = calloc(1, sizeof(*s));

	ck_assert_ptr_nonnull(s);
	ck_assert_msg(lab_session_boot(s, lab->config_json, NULL) == 0, "%s", s->msg);
	return s;
}

static void session_run(struct lab_session *s, const char *line)
{
	ck_assert_msg(lab_run(s, "%s", line) == 0, "%s: %s", line, s->msg);
}

static void session_release(struct lab_session *s)
{
	lab_session_release(s);
	free(s);
}

/* The next line of *cursor (NUL-terminated in place), NULL at the end. */
static char *next_line(char **cursor)
{
	char *line = *cursor, *nl;

	if (!line || !*line)
		return NULL;
	nl = strchr(line, '\n');
	if (nl) {
		*nl = '\0';
		*cursor = nl + 1;
	} else {
		*cursor = line + strlen(line);
	}
	return line;
}

/*
 * Generate lab name's sheet for each seed and check it; at least two
 * seeds must give different answers to the question holding vary_key.
 */
static void check_seeds(const char *name, void (*check)(const struct lab *, struct lab_sheet *),
			const char *vary_key)
{
	const struct lab *lab = lab_named(name);
	char first[256] = "";
	bool differ = false;

	for (uint64_t seed = 0; seed < LAB_SEEDS; seed++) {
		struct lab_sheet sheet;
		const char *answer;

		lab_gen(lab, seed, &sheet);
		check(lab, &sheet);
		answer = answer_of(&sheet, vary_key);
		if (seed == 0)
			snprintf(first, sizeof(first), "%s", answer);
		differ |= strcmp(answer, first) != 0;
		lab_sheet_release(&sheet);
	}
	ck_assert_msg(differ, "lab %s: every seed answers '%s' the same", name, vary_key);
}

/* ==================== lab 8: compaction ==================== */

struct movable_blocks {
	unsigned long movable[64];
	size_t nr;
};

static void count_movable(void *arg, const struct pageblock_census *b)
{
	struct movable_blocks *mb = arg;

	ck_assert_uint_lt(mb->nr, 64);
	mb->movable[mb->nr++] = b->used[MIGRATE_MOVABLE];
}

static void census_movable(struct lab_session *s, struct movable_blocks *mb)
{
	memset(mb, 0, sizeof(*mb));
	pageblock_census_walk(&s->m, lab_zone(s, 0, ZONE_NORMAL), count_movable, mb);
}

/* The buddyinfo row the setup prints after "(show buddyinfo):". */
static void setup_buddyinfo(const char *setup, unsigned long nr_free[MAX_ORDER])
{
	const char *p = strstr(setup, "(show buddyinfo):");

	ck_assert_ptr_nonnull(p);
	p += strlen("(show buddyinfo):");
	for (unsigned int o = 0; o < MAX_ORDER; o++)
		nr_free[o] = strtoul(p, (char **)&p, 10);
}

/*
 * __fragmentation_index() (mm/vmstat.c) from the printed buddyinfo, and
 * compaction_suitable()'s verdict from the printed watermarks.
 */
static void check_compaction_suitable(const struct lab_sheet *sheet)
{
	unsigned long nr_free[MAX_ORDER], free_pages = 0, blocks = 0, suitable = 0;
	unsigned long low = number_after(sheet->setup, "low ");
	unsigned long zone_free = number_after(sheet->setup, "free pages: ");
	long threshold = (long)number_after(sheet->setup, "vm.extfrag_threshold to ");
	long index;
	char want[32];

	setup_buddyinfo(sheet->setup, nr_free);
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		free_pages += nr_free[o] << o;
		blocks += nr_free[o];
		if (o >= 9)
			suitable += nr_free[o];
	}
	ck_assert_uint_eq(free_pages, zone_free);
	/* -1000 when a block of the order is free: the allocation needs no compaction. */
	index = suitable ? -1000 : 1000 - (long)((1000 + free_pages * 1000 / 512) / blocks);
	snprintf(want, sizeof(want), "%ld.%03ld", index / 1000, labs(index % 1000));
	ck_assert_str_eq(answer_of(sheet, "fragmentation index"), want);
	/* __compaction_suitable(): order-0 free above low + compact_gap(9); then the index. */
	ck_assert_str_eq(answer_of(sheet, "compaction_suitable()"),
			 !suitable && zone_free > low + 1024 && index > threshold ? "yes" : "no");
}

/*
 * compact_zone() with order -1: the migrate scanner only takes from
 * blocks up to the meeting block, the free scanner only gives to blocks
 * from it up (isolate_freepages() stops at the migrate scanner's block),
 * so below it movable pages only leave, above it they only arrive, and
 * what leaves is what pgmigrate_success counts.
 */
static void check_compaction_run(const struct lab *lab, struct lab_sheet *sheet)
{
	struct lab_session *s = session_boot(lab);
	struct movable_blocks before, after;
	unsigned long met = strtoul(answer_of(sheet, "scanners meet"), NULL, 10);
	unsigned long moved = strtoul(answer_of(sheet, "how many pages does compaction"), NULL, 10);
	unsigned long out = 0, in = 0;
	char *cursor = sheet->commands, *line;

	while ((line = next_line(&cursor)) && strcmp(line, "sysctl vm.compact_memory=1"))
		session_run(s, line);
	ck_assert_ptr_nonnull(line);
	census_movable(s, &before);
	session_run(s, line);
	while ((line = next_line(&cursor)))
		session_run(s, line);
	census_movable(s, &after);
	ck_assert_uint_eq(before.nr, after.nr);
	ck_assert_uint_lt(met, before.nr);
	for (size_t b = 0; b < before.nr; b++) {
		if (b < met)
			ck_assert_uint_le(after.movable[b], before.movable[b]);
		if (b > met)
			ck_assert_uint_ge(after.movable[b], before.movable[b]);
		if (after.movable[b] < before.movable[b])
			out += before.movable[b] - after.movable[b];
		else
			in += after.movable[b] - before.movable[b];
	}
	ck_assert_uint_eq(out, moved);
	ck_assert_uint_eq(in, moved);
	/* Migration takes a free page per page it moves and frees the old one. */
	ck_assert_uint_eq(strtoul(answer_of(sheet, "how many free pages"), NULL, 10),
			  number_after(sheet->setup, "free pages: "));
	session_release(s);
}

static void check_compaction(const struct lab *lab, struct lab_sheet *sheet)
{
	check_compaction_suitable(sheet);
	check_compaction_run(lab, sheet);
}

START_TEST(test_compaction_lab)
{
	check_seeds("compaction", check_compaction, "how many pages does compaction");
}
END_TEST

/* ==================== lab 9: cma ==================== */

/*
 * __rmqueue() (mm/page_alloc.c): a movable request of these orders takes
 * from CMA when NR_FREE_CMA_PAGES > NR_FREE_PAGES / 2; other requests
 * never do.  Replayed on the printed free counts.
 */
static void check_cma_placement(const struct lab_sheet *sheet)
{
	unsigned long nr_free = number_after(sheet->setup, "free pages: ");
	unsigned long cma = number_after(sheet->setup, "of which CMA ");
	char want[128] = "", *copy = strdup(sheet->commands), *cursor = copy, *line;
	char id[16];
	unsigned int order;

	ck_assert_ptr_nonnull(copy);
	while ((line = next_line(&cursor))) {
		bool in_cma;

		if (sscanf(line, "alloc id=%15s order=%u", id, &order) != 2)
			continue;
		in_cma = strstr(line, "MOVABLE") && cma > nr_free / 2;
		if (in_cma) {
			snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s%s",
				 want[0] ? " " : "", id);
			cma -= 1ul << order;
		}
		nr_free -= 1ul << order;
	}
	free(copy);
	ck_assert_str_eq(answer_of(sheet, "took their pages from the CMA area"),
			 want[0] ? want : "none");
	ck_assert_uint_eq(strtoul(answer_of(sheet, "after the allocations"), NULL, 10), cma * 4);
}

/* The movable allocations the question lists in the area, overlapping [start, end). */
static unsigned long pages_listed_in(const char *text, unsigned long start, unsigned long end)
{
	unsigned long total = 0, a, b;
	const char *p = text;

	while ((p = strchr(p, '['))) {
		ck_assert_int_eq(sscanf(p, "[%lu, %lu)", &a, &b), 2);
		if (a < end && b > start)
			total += b - a;
		p++;
	}
	return total;
}

/*
 * cma_alloc(): first fit in the bitmap, aligned to 2^align pfns (the
 * area's base is aligned higher), -ENOMEM past the area's end; then
 * alloc_contig_range() migrates every allocation over the range.
 */
static void check_cma_alloc(const struct lab_sheet *sheet)
{
	unsigned long base = number_after(sheet->setup, "area 'reserved' is pfns ");
	unsigned long last = number_after(sheet->setup, " to ");
	const char *q = NULL;
	unsigned long fw, count, align, start, moved;

	for (unsigned int i = 0; i < sheet->nr; i++)
		if (strstr(sheet->q[i].text, "the first pfn of buf"))
			q = sheet->q[i].text;
	ck_assert_ptr_nonnull(q);
	fw = number_after(q, "cma_alloc id=fw count=");
	count = number_after(q, "id=buf\ncount=");
	align = number_after(q, " align=");
	ck_assert_uint_eq(base % 1024, 0);
	start = base + ((fw + (1ul << align) - 1) & ~((1ul << align) - 1));
	moved = pages_listed_in(q, base, base + fw);
	if (start + count > last + 1) {
		ck_assert_str_eq(answer_of(sheet, "the first pfn of buf"), "fail");
	} else {
		ck_assert_uint_eq(strtoul(answer_of(sheet, "the first pfn of buf"), NULL, 10), start);
		moved += pages_listed_in(q, start, start + count);
	}
	ck_assert_uint_eq(strtoul(answer_of(sheet, "migrate together"), NULL, 10), moved);
}

static void check_cma(const struct lab *lab, struct lab_sheet *sheet)
{
	ck_assert_ptr_nonnull(lab->config_json);
	check_cma_placement(sheet);
	check_cma_alloc(sheet);
}

START_TEST(test_cma_lab)
{
	check_seeds("cma", check_cma, "took their pages from the CMA area");
}
END_TEST

/* ==================== lab 10: hotplug ==================== */

static void count_pcp(void *arg, pfn_t pfn, uint64_t nr_pages)
{
	*(unsigned long *)arg += nr_pages;
}

/* Node nid's pages in use: managed, less free in the buddy and on the per-CPU lists. */
static unsigned long node_in_use(struct lab_session *s, int nid, unsigned long *managed)
{
	unsigned long in_use = 0;

	*managed = 0;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = lab_zone(s, nid, zid);
		unsigned long pcp = 0;

		if (!z || !populated_zone(z))
			continue;
		zone_pcp_for_each_block(&s->m, z, count_pcp, &pcp);
		*managed += z->managed_pages;
		in_use += z->managed_pages - zone_free_pages(z) - pcp;
	}
	return in_use;
}

/*
 * offline_pages(): has_unmovable_pages() refuses node 0's block (boot
 * reservations) and a ZONE_NORMAL block holding the GFP_KERNEL page;
 * otherwise do_migrate_range() moves every page in use and the block's
 * managed pages leave MemTotal.  A GFP_KERNEL page cannot come from a
 * node whose memory is ZONE_MOVABLE.
 */
static void check_hotplug(const struct lab *lab, struct lab_sheet *sheet)
{
	struct lab_session *s = session_boot(lab);
	unsigned long total = totalram_pages(&s->m), id, in_use, managed;
	char *cursor = sheet->commands, *line, q[64], want[64];
	int movable = -1, kernel_on = 0;
	bool allocs_done = false;

	ck_assert_ptr_nonnull(lab->config_json);

	while ((line = next_line(&cursor))) {
		if (sscanf(line, "sysfs path=devices/system/memory/memory%lu/state value=online_movable",
			   &id) == 1)
			movable = (int)id;
		if (!strncmp(line, "alloc", 5))
			allocs_done = true;
		if (sscanf(line, "alloc id=k%lu", &id) == 1) {
			snprintf(q, sizeof(q), "alloc id=k%lu ", id);
			ck_assert_str_eq(answer_of(sheet, q), (int)id == movable ? "no" : "yes");
			if ((int)id != movable)
				kernel_on |= 1 << id;
		}
		if (allocs_done &&
		    sscanf(line, "sysfs path=devices/system/memory/memory%lu/state value=offline",
			   &id) == 1) {
			bool refused = id == 0 || (kernel_on >> id & 1);

			in_use = node_in_use(s, (int)id, &managed);
			snprintf(q, sizeof(q), "Offlining memory%lu:", id);
			snprintf(want, sizeof(want), "%s %lu", refused ? "online" : "offline",
				 refused ? 0 : in_use);
			ck_assert_str_eq(answer_of(sheet, q), want);
			if (!refused)
				total -= managed;
		}
		session_run(s, line);
	}
	ck_assert_uint_eq(strtoul(answer_of(sheet, "MemTotal"), NULL, 10), total * 4);
	session_release(s);
}

START_TEST(test_hotplug_lab)
{
	check_seeds("hotplug", check_hotplug, "MemTotal");
}
END_TEST

/* Same seed, same sheet: the generators are deterministic. */
START_TEST(test_labs_deterministic)
{
	static const char *const names[] = { "compaction", "cma", "hotplug" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct lab_sheet a, b;

		lab_gen(lab_named(names[i]), 5, &a);
		lab_gen(lab_named(names[i]), 5, &b);
		ck_assert_str_eq(a.setup, b.setup);
		ck_assert_str_eq(a.commands, b.commands);
		ck_assert_uint_eq(a.nr, b.nr);
		for (unsigned int q = 0; q < a.nr; q++) {
			ck_assert_str_eq(a.q[q].answer, b.q[q].answer);
			ck_assert_str_eq(a.q[q].why, b.q[q].why);
		}
		lab_sheet_release(&a);
		lab_sheet_release(&b);
	}
}
END_TEST

/* ==================== the pages' shell blocks ==================== */

static char out[1 << 18], err[8192];

/* Pipe script into `numasim shell`, -c config when the lab has one; exit 0, no message. */
static void run_block(const struct lab *lab, const char *script, unsigned int nr)
{
	char spath[] = "/tmp/numasim-lab-block-XXXXXX", cpath[] = "/tmp/numasim-lab-conf-XXXXXX";
	char cmd[512], copt[64] = "";
	int fd = mkstemp(spath), status;

	ck_assert_int_ge(fd, 0);
	close(fd);
	test_write_file(spath, script, strlen(script));
	if (lab->config_json) {
		fd = mkstemp(cpath);
		ck_assert_int_ge(fd, 0);
		close(fd);
		test_write_file(cpath, lab->config_json, strlen(lab->config_json));
		snprintf(copt, sizeof(copt), "-c %s", cpath);
	}
	snprintf(cmd, sizeof(cmd), "{ %s shell --no-color %s < %s; }", test_numasim_path(), copt,
		 spath);
	status = test_run(cmd, out, sizeof(out), err, sizeof(err));
	unlink(spath);
	if (lab->config_json)
		unlink(cpath);
	ck_assert_msg(status == 0 && !err[0], "%s block %u: status %d: %s", lab->doc, nr, status,
		      err);
}

START_TEST(test_lab_pages_blocks)
{
	static const char *const names[] = { "compaction", "cma", "hotplug" };
	static const char open_mark[] = "```numasim\n";

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct lab *lab = lab_named(names[i]);
		char *text = test_read_file(lab->doc), *p = text;
		unsigned int nr = 0;

		while ((p = strstr(p, open_mark))) {
			char *end = strstr(p + strlen(open_mark), "```");

			ck_assert_ptr_nonnull(end);
			*end = '\0';
			run_block(lab, p + strlen(open_mark), ++nr);
			p = end + 1;
		}
		ck_assert_uint_ge(nr, 2);
		free(text);
	}
}
END_TEST

Suite *lab_compact_suite(void);

Suite *lab_compact_suite(void)
{
	Suite *s = suite_create("lab_compact");
	TCase *tc = tcase_create("labs 8-10");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_compaction_lab);
	tcase_add_test(tc, test_cma_lab);
	tcase_add_test(tc, test_hotplug_lab);
	tcase_add_test(tc, test_labs_deterministic);
	tcase_add_test(tc, test_lab_pages_blocks);
	suite_add_tcase(s, tc);
	return s;
}
