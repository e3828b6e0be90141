/*
 * tests/check_lab_migrate.c - the migration labs (5 migration, 6
 * numa-api, 7 swap-migration): their exercises over many seeds, and the
 * `numasim` blocks of their pages in the shell.
 *
 * Each exercise is generated, then its commands are replayed on a fresh
 * session of the lab's machine, and the answers are checked against the
 * machine's state read another way than the lab reads it: page by page
 * through the page tables (follow_pte(), page_inspect()) instead of
 * counters and numa_maps, with the kernel rule that ties the two named.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hw/migrate_cost.h"
#include "mm/mm.h"
#include "mm/page_inspect.h"
#include "mm/pgtable.h"
#include "mm/swap.h"
#include "sim/lab_internal.h"
#include "sim/names.h"
#include "sim/verbs.h"
#include "tests/helpers.h"

#define NR_SEEDS	20

extern const struct lab lab_migration, lab_numa_api, lab_swap_migration;

/* ---- replaying a sheet ---- */

struct replay {
	struct lab_sheet sheet;		/* the generated exercise */
	struct lab_session s;		/* its commands run again */
	char *cmds;			/* a copy of the sheet's commands ... */
	char *next;			/* ... and the first not run yet */
};

static unsigned long answer_ul(const struct replay *r, unsigned int q)
{
	ck_assert_uint_lt(q, r->sheet.nr);
	return strtoul(r->sheet.q[q].answer, NULL, 10);
}

/*
 * Run the commands not run yet up to and including the first that starts
 * with upto (all of them when NULL).
 */
static void replay_to(struct replay *r, const char *upto)
{
	while (r->next && *r->next) {
		char *line = r->next, *end = strchr(line, '\n');
		bool last;

		if (end)
			*end = '\0';
		r->next = end ? end + 1 : NULL;
		last = upto && !strncmp(line, upto, strlen(upto));
		ck_assert_msg(lab_run(&r->s, "%s", line) == 0, "%s: %s", line, r->s.msg);
		if (last)
			return;
	}
	ck_assert_msg(!upto, "no command '%s'", upto);
}

/* Generate lab's exercise for seed and boot a session to run its commands on. */
static struct replay *replay_begin(const struct lab *lab, uint64_t seed)
{
	struct replay *r = calloc(1, sizeof(*r));
	char err[256] = "";

	ck_assert_ptr_nonnull(r);
	ck_assert_msg(lab->generate(&r->sheet, seed, err, sizeof(err)) == 0, "seed %llu: %s",
		      (unsigned long long)seed, err);
	ck_assert(!r->sheet.failed);
	ck_assert_int_eq(lab_session_boot(&r->s, lab->config_json, NULL), 0);
	r->cmds = strdup(r->sheet.commands);
	r->next = r->cmds;
	return r;
}

static struct replay *replay(const struct lab *lab, uint64_t seed)
{
	struct replay *r = replay_begin(lab, seed);

	replay_to(r, NULL);
	return r;
}

static void replay_free(struct replay *r)
{
	lab_session_release(&r->s);
	lab_sheet_release(&r->sheet);
	free(r->cmds);
	free(r);
}

/* The number after key in the n-th (from 0) command line starting with prefix. */
static unsigned long command_nth(const struct replay *r, const char *prefix, unsigned int n,
				 const char *key)
{
	const char *line = r->sheet.commands, *v;

	for (;; line++) {
		line = strstr(line, prefix);
		ck_assert_msg(line, "no command '%s' number %u", prefix, n);
		if ((line == r->sheet.commands || line[-1] == '\n') && n-- == 0)
			break;
	}
	v = strstr(line, key);
	ck_assert_msg(v && v < line + strcspn(line, "\n"), "no %s in '%s'", key, prefix);
	return strtoul(v + strlen(key), NULL, 10);
}

static unsigned long command_value(const struct replay *r, const char *prefix, const char *key)
{
	return command_nth(r, prefix, 0, key);
}

/* The present PTE mapping addr in task pid, NULL when none. */
static pte_t *mapped_pte(struct replay *r, int pid, uint64_t addr)
{
	const struct task_struct *t = find_task_by_pid(&r->s.m, pid);
	pmd_t *pmd = NULL;
	pte_t *pte;

	ck_assert_ptr_nonnull(t);
	pte = follow_pte(&r->s.m, t->mm, addr, &pmd);
	return pte && pte_present(*pte) ? pte : NULL;
}

/* The page mapped at addr in task pid, NULL when none is present. */
static struct page *mapped_page(struct replay *r, int pid, uint64_t addr)
{
	pte_t *pte = mapped_pte(r, pid, addr);

	return pte ? pfn_to_page(&r->s.m, pte_pfn(*pte)) : NULL;
}

static uint64_t mapping_start(struct replay *r, const char *id)
{
	const struct name_entry *n = name_table_find(&proc_verbs_state(&r->s.e)->addr_names, id);

	ck_assert_ptr_nonnull(n);
	return n->addr;
}

/* What a task's pages of one mapping look like, page by page. */
struct walk {
	unsigned long on_node[2];
	unsigned long mapcount_on1;	/* mappings of the pages on node 1 */
	unsigned long exclusive_on0;	/* pages on node 0 only this task maps */
	unsigned long dirty;
	unsigned long absent;
};

static void walk_mapping(struct replay *r, int pid, const char *id, unsigned long nr_pages,
			 struct walk *w)
{
	uint64_t start = mapping_start(r, id);

	memset(w, 0, sizeof(*w));
	for (unsigned long i = 0; i < nr_pages; i++) {
		pte_t *pte = mapped_pte(r, pid, start + i * PAGE_SIZE);
		struct page *page = pte ? pfn_to_page(&r->s.m, pte_pfn(*pte)) : NULL;
		struct page_info info;
		int nid;

		if (!page) {
			w->absent++;
			continue;
		}
		page_inspect(&r->s.m, page, &info);
		nid = page_to_nid(page);
		ck_assert_int_lt(nid, 2);
		w->on_node[nid]++;
		if (nid == 1)
			w->mapcount_on1 += (unsigned long)info.mapcount;
		else if (info.mapcount == 1)
			w->exclusive_on0++;
		/* Dirty as numa_maps' gather_stats() sees it: the PTE's bit or the page's. */
		if (pte_dirty(*pte) || (info.flags & (1ull << PG_dirty)))
			w->dirty++;
	}
}

/* "a b" answers: the two numbers. */
static void answer_pair(const struct replay *r, unsigned int q, unsigned long *a, unsigned long *b)
{
	ck_assert_int_eq(sscanf(r->sheet.q[q].answer, "%lu %lu", a, b), 2);
}

/* ---- lab 5: migration ---- */

/* The pages the driver holds: the pin or get line's length. */
static unsigned long held_pages(const struct replay *r)
{
	const char *kind = strstr(r->sheet.commands, "\npin id=dma") ? "pin id=dma" : "get id=dma";

	return command_value(r, kind, "len=") / 4;
}

/*
 * Everything started on node 0 and do_migrate_pages() moves node 0 to
 * node 1, so task 1's pages on node 1 are those that moved
 * (pgmigrate_success); try_to_migrate_one() put one migration entry in
 * each mapping of each, so their mapcounts sum to the entries rewritten.
 * migrate_folio_add() queued every page (MOVE_ALL) or those one task maps,
 * so such a page still on node 0 failed (pgmigrate_fail, the return).
 * fallback_migrate_folio() wrote every dirty file page before moving it.
 */
START_TEST(test_migration_answers)
{
	struct replay *r = replay(&lab_migration, (uint64_t)_i);
	unsigned long anon = command_value(r, "touch pid=1 addr=@buf", "len=") / 4;
	unsigned long file = command_nth(r, "touch pid=1 addr=@log", 0, "len=") / 4;
	unsigned long dirty = command_nth(r, "touch pid=1 addr=@log", 1, "len=") / 4;
	bool all = strstr(r->sheet.commands, "to=1 all") != NULL;
	struct walk buf, log, child;
	unsigned long n0, n1;

	ck_assert_uint_eq(r->sheet.nr, 7);
	walk_mapping(r, 1, "buf", anon, &buf);
	walk_mapping(r, 1, "log", file, &log);
	walk_mapping(r, 2, "buf", anon, &child);
	ck_assert_uint_eq(buf.absent + log.absent, 0);
	ck_assert_uint_eq(answer_ul(r, 0), buf.on_node[1] + log.on_node[1]);
	ck_assert_uint_eq(answer_ul(r, 1), all ? buf.on_node[0] : buf.exclusive_on0);
	ck_assert_uint_eq(answer_ul(r, 1), held_pages(r));
	ck_assert_uint_eq(answer_ul(r, 2), answer_ul(r, 1));
	ck_assert_uint_eq(answer_ul(r, 3), buf.mapcount_on1 + log.mapcount_on1);
	answer_pair(r, 4, &n0, &n1);
	ck_assert_uint_eq(n0, buf.on_node[0]);
	ck_assert_uint_eq(n1, buf.on_node[1]);
	answer_pair(r, 5, &n0, &n1);
	ck_assert_uint_eq(n0, child.on_node[0]);
	ck_assert_uint_eq(n1, child.on_node[1]);
	ck_assert_uint_eq(log.on_node[0] + log.dirty, 0);
	ck_assert_uint_eq(answer_ul(r, 6), dirty);
	replay_free(r);
}
END_TEST

/* ---- lab 6: numa-api ---- */

/* The node of task pid's page at addr, -1 when no page is there. */
static int page_node(struct replay *r, int pid, uint64_t addr)
{
	struct page *page = mapped_page(r, pid, addr);

	return page ? page_to_nid(page) : -1;
}

/*
 * The statuses add_page_for_migration() gives, in its order: no page is
 * -EFAULT, a page on the target node is the node, a page mapped more
 * than once is -EACCES (no MOVE_ALL), the rest migrates.
 */
struct expected_status {
	unsigned long node, eacces, efault, moved;
};

static void expect_statuses(struct replay *r, uint64_t start, unsigned long nr_pages, int target,
			    struct expected_status *x)
{
	memset(x, 0, sizeof(*x));
	for (unsigned long i = 0; i < nr_pages; i++) {
		struct page *page = mapped_page(r, 1, start + i * PAGE_SIZE);
		struct page_info info;

		if (!page) {
			x->efault++;
			continue;
		}
		page_inspect(&r->s.m, page, &info);
		if (page_to_nid(page) == target)
			x->node++;
		else if (info.mapcount > 1)
			x->eacces++;
		else
			x->moved++;
	}
}

START_TEST(test_numa_api_answers)
{
	struct replay *r = replay_begin(&lab_numa_api, (uint64_t)_i);
	unsigned long il = command_value(r, "mmap pid=1 addr=0x1", "len=") / 4;
	unsigned long data = command_value(r, "mmap pid=1 addr=0x2", "len=") / 4;
	unsigned long bind_at = command_value(r, "mbind", "@data+") / 4;
	unsigned long bind = command_value(r, "mbind", "len=") / 4;
	unsigned long query = command_value(r, "move_pages pid=1 addr=@il+", "@il+") / 4;
	unsigned long move_at = command_nth(r, "move_pages pid=1 addr=@il+", 1, "@il+") / 4;
	int target = (int)command_nth(r, "move_pages pid=1 addr=@il+", 1, "node=");
	uint64_t il_start, data_start;
	struct expected_status x;
	struct walk w;
	unsigned long n0, n1;

	ck_assert_uint_eq(r->sheet.nr, 7);
	replay_to(r, "move_pages pid=1 addr=@il+");
	il_start = mapping_start(r, "il");
	data_start = mapping_start(r, "data");
	/* interleave_nid() -> offset_il_node(): (vm_pgoff + index) mod 2 nodes. */
	ck_assert_uint_eq(answer_ul(r, 0), ((il_start >> PAGE_SHIFT) + query) % 2);
	ck_assert_int_eq(page_node(r, 1, il_start + query * PAGE_SIZE), (int)answer_ul(r, 0));
	walk_mapping(r, 1, "il", il, &w);
	answer_pair(r, 1, &n0, &n1);
	ck_assert_uint_eq(n0, w.on_node[0]);
	ck_assert_uint_eq(n1, w.on_node[1]);
	replay_to(r, "mbind");
	/* Every page of data was on node 0, task 1's alone: the range moves whole. */
	ck_assert_uint_eq(answer_ul(r, 2), bind);
	for (unsigned long i = 0; i < data; i++)
		ck_assert_int_eq(page_node(r, 1, data_start + i * PAGE_SIZE),
				 i >= bind_at && i < bind_at + bind);
	/* mbind_range() splits at the range's ends that are not the VMA's. */
	ck_assert_uint_eq(answer_ul(r, 3), 1 + (bind_at > 0) + (bind_at + bind < data));
	replay_to(r, "touch pid=2");
	expect_statuses(r, il_start + move_at * PAGE_SIZE, il - move_at, target, &x);
	replay_to(r, NULL);
	ck_assert_int_eq(sscanf(r->sheet.q[4].answer, "%lu %lu %lu", &n0, &n1, &w.absent), 3);
	ck_assert_uint_eq(n0, x.node + x.moved);
	ck_assert_uint_eq(n1, x.eacces);
	ck_assert_uint_eq(w.absent, x.efault);
	ck_assert_uint_eq(answer_ul(r, 5), x.moved);
	walk_mapping(r, 1, "il", il, &w);
	answer_pair(r, 6, &n0, &n1);
	ck_assert_uint_eq(n0, w.on_node[0]);
	ck_assert_uint_eq(n1, w.on_node[1]);
	replay_free(r);
}
END_TEST

/* ---- lab 7: swap-migration ---- */

/*
 * Before the swap-based call, the pages to write are task 1's dirty ones
 * (shrink_folio_list(): a clean swap-cache folio is freed unwritten);
 * every page comes back by do_swap_page() under the bind policy, at most
 * 2^page_cluster (8) per major fault (swapin_nr_pages()); a direct
 * migration costs each page hw_migrate_cost_ns() of one mapping, and the
 * swap path waits at least for its writes at the device's bandwidth.
 */
START_TEST(test_swap_migration_answers)
{
	struct replay *r = replay_begin(&lab_swap_migration, (uint64_t)_i);
	unsigned long pages = command_value(r, "mmap pid=1", "len=") / 4, n0, n1;
	struct hw_migrate_folio f = { .src_nid = 0, .dst_nid = 1, .bytes = PAGE_SIZE,
				      .nr_mappings = 1 };
	uint64_t direct_ns, write_ns;
	struct walk w;

	ck_assert_uint_eq(r->sheet.nr, 7);
	replay_to(r, "@100ms");
	walk_mapping(r, 1, "buf1", pages, &w);
	ck_assert_uint_eq(answer_ul(r, 0), w.dirty);
	replay_to(r, "touch pid=1");
	walk_mapping(r, 1, "buf1", pages, &w);
	ck_assert_uint_eq(w.on_node[1], pages);
	ck_assert_uint_eq(answer_ul(r, 1), pages);
	ck_assert_uint_ge(answer_ul(r, 2) * 8, pages);
	ck_assert_uint_le(answer_ul(r, 2), pages);
	replay_to(r, NULL);
	walk_mapping(r, 2, "buf2", pages, &w);
	ck_assert_uint_eq(w.on_node[1], pages);
	answer_pair(r, 3, &n0, &n1);
	ck_assert_uint_eq(n0, 0);
	ck_assert_uint_eq(n1, pages);
	direct_ns = pages * hw_migrate_cost_ns(&r->s.m.hw.migrate_cost, &f);
	ck_assert_uint_eq(answer_ul(r, 4), (direct_ns + 500) / 1000);
	write_ns = answer_ul(r, 0) * PAGE_SIZE * 1000 / r->s.m.swap.info[0]->write_mbps;
	ck_assert_uint_ge(answer_ul(r, 5), (write_ns + direct_ns / 2) / direct_ns);
	ck_assert_uint_ge(answer_ul(r, 6), answer_ul(r, 5));
	replay_free(r);
}
END_TEST

/* ---- every lab: the seed matters ---- */

/* At least two seeds of NR_SEEDS give a different answer to some question. */
static void expect_seeds_differ(const struct lab *lab)
{
	struct lab_sheet first = { 0 };
	char err[256];
	bool differ = false;

	ck_assert_int_eq(lab->generate(&first, 0, err, sizeof(err)), 0);
	for (uint64_t seed = 1; seed < NR_SEEDS && !differ; seed++) {
		struct lab_sheet s = { 0 };

		ck_assert_int_eq(lab->generate(&s, seed, err, sizeof(err)), 0);
		for (unsigned int q = 0; q < s.nr && q < first.nr; q++)
			differ |= strcmp(s.q[q].answer, first.q[q].answer) != 0;
		lab_sheet_release(&s);
	}
	lab_sheet_release(&first);
	ck_assert_msg(differ, "lab %s: every seed gives the same answers", lab->name);
}

START_TEST(test_seeds_differ)
{
	expect_seeds_differ(&lab_migration);
	expect_seeds_differ(&lab_numa_api);
	expect_seeds_differ(&lab_swap_migration);
}
END_TEST

/* ---- the pages' numasim blocks ---- */

static char out[1 << 17], err_buf[8192];

/* Run every ```numasim block of doc in `numasim shell -c` the lab's config. */
static void run_doc_blocks(const struct lab *lab)
{
	char cfg[] = "/tmp/numasim-lab-cfg-XXXXXX", script[] = "/tmp/numasim-lab-block-XXXXXX";
	char cmd[768];
	int cfd = mkstemp(cfg), sfd = mkstemp(script), blocks = 0;
	char *doc, *p;

	ck_assert(cfd >= 0 && sfd >= 0);
	close(cfd);
	close(sfd);
	test_write_file(cfg, lab->config_json, strlen(lab->config_json));
	doc = test_read_file(lab->doc);
	for (p = strstr(doc, "```numasim\n"); p; p = strstr(p, "```numasim\n")) {
		char *body = p + strlen("```numasim\n"), *end = strstr(body, "```");

		ck_assert_ptr_nonnull(end);
		test_write_file(script, body, (size_t)(end - body));
		snprintf(cmd, sizeof(cmd), "{ %s shell --no-color -c %s < %s; }", test_numasim_path(),
			 cfg, script);
		ck_assert_msg(test_run(cmd, out, sizeof(out), err_buf, sizeof(err_buf)) == 0,
			      "%s block %d: %s", lab->doc, blocks + 1, err_buf);
		ck_assert_msg(err_buf[0] == '\0', "%s block %d: %s", lab->doc, blocks + 1, err_buf);
		blocks++;
		p = end + 3;
	}
	ck_assert_int_gt(blocks, 0);
	free(doc);
	unlink(cfg);
	unlink(script);
}

START_TEST(test_doc_blocks)
{
	run_doc_blocks(&lab_migration);
	run_doc_blocks(&lab_numa_api);
	run_doc_blocks(&lab_swap_migration);
}
END_TEST

Suite *lab_migrate_suite(void);

Suite *lab_migrate_suite(void)
{
	Suite *s = suite_create("lab_migrate");
	TCase *tc = tcase_create("labs");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_migration_answers, 0, NR_SEEDS);
	tcase_add_loop_test(tc, test_numa_api_answers, 0, NR_SEEDS);
	tcase_add_loop_test(tc, test_swap_migration_answers, 0, NR_SEEDS);
	tcase_add_test(tc, test_seeds_differ);
	tcase_add_test(tc, test_doc_blocks);
	suite_add_tcase(s, tc);
	return s;
}
