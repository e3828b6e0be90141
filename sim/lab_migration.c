/*
 * sim/lab_migration.c - lab 5, page migration and its steps
 * (docs/labs/05-migration.md): its seeded exercise.
 *
 * The scenario, on the lab's two-node machine: task 1 on node 0 writes an
 * anonymous buffer and a shared file mapping (some of its pages dirty),
 * forks task 2, which writes the first pages of the buffer (copy-on-write
 * gives it copies of its own, and leaves task 1's originals mapped once),
 * then a driver takes a reference on some of task 1's pages: a DMA pin
 * (pin_user_pages()) or a plain get_user_pages() reference.  Then task 1
 * moves its node 0 memory to node 1 with migrate_pages(2), with or
 * without MPOL_MF_MOVE_ALL.  Every page is 4 KiB, so no THP is split.
 *
 * What a student works out from the kernel's rules: which pages
 * queue_folios_pte_range() takes (a page two tasks map only with
 * MOVE_ALL), which fail after the ten passes of migrate_pages_batch()
 * (a pin, or any reference folio_expected_refs() does not allow), how
 * many PTEs try_to_migrate() turned into migration entries (one per
 * mapping), what fallback_migrate_folio() writes first (the dirty file
 * pages), and where numa_maps then counts each task's pages.
 *
 * Invariant: every answer is read off the machine (vmstat lines, the
 * call's return, numa_maps counts, the migration cost model's count of
 * rewritten entries), not computed here.
 *
 * No kernel counterpart: the rules are mm/migrate.c's and mm/mempolicy.c's.
 */
#include <stdio.h>

#include "sim/lab_internal.h"
#include "sim/lab_util_migrate.h"
#include "workloads/gen_random.h"

/* The seeded scenario, in pages. */
struct migration_scenario {
	unsigned int anon;	/* task 1's buffer */
	unsigned int cow;	/* its first pages, written by task 2 after the fork */
	unsigned int file;	/* the shared file mapping, all read */
	unsigned int dirty;	/* its first pages, written */
	unsigned int held;	/* task 1's pages the driver holds, from held_at */
	unsigned int held_at;
	bool pin;		/* FOLL_PIN, else a FOLL_GET reference */
	bool all;		/* MPOL_MF_MOVE_ALL */
};

struct migration_lab {
	struct lab_session *s;
	struct lab_sheet *sheet;
	struct migration_scenario sc;
	unsigned long success, fail, written, entries;	/* before the call */
};

static void migration_draw(struct migration_scenario *sc, uint64_t *rng)
{
	sc->anon = (unsigned int)gen_random_range(rng, 8, 16);
	sc->cow = (unsigned int)gen_random_range(rng, 3, sc->anon / 2);
	sc->file = (unsigned int)gen_random_range(rng, 4, 8);
	sc->dirty = (unsigned int)gen_random_range(rng, 1, sc->file);
	sc->held = (unsigned int)gen_random_range(rng, 1, sc->cow - 1 < 3 ? sc->cow - 1 : 3);
	sc->held_at = (unsigned int)gen_random_range(rng, 0, sc->cow - sc->held);
	sc->pin = gen_random_range(rng, 0, 1);
	sc->all = gen_random_range(rng, 0, 1);
}

static int migration_build(struct migration_lab *l)
{
	const struct migration_scenario *sc = &l->sc;
	struct lab_session *s = l->s;

	if (lab_run(s, "spawn pid=1 cpu=0 name=app") ||
	    lab_run(s, "mmap pid=1 len=%uK id=buf", sc->anon * LAB_PAGE_KIB) ||
	    lab_run(s, "touch pid=1 addr=@buf len=%uK write", sc->anon * LAB_PAGE_KIB) ||
	    lab_run(s, "mmap pid=1 len=%uK file=log shared id=log", sc->file * LAB_PAGE_KIB) ||
	    lab_run(s, "touch pid=1 addr=@log len=%uK", sc->file * LAB_PAGE_KIB) ||
	    lab_run(s, "touch pid=1 addr=@log len=%uK write", sc->dirty * LAB_PAGE_KIB) ||
	    lab_run(s, "fork pid=1 child=2") ||
	    lab_run(s, "touch pid=2 addr=@buf len=%uK write", sc->cow * LAB_PAGE_KIB) ||
	    lab_run(s, "%s id=dma pid=1 addr=@buf+%uK len=%uK", sc->pin ? "pin" : "get",
		    sc->held_at * LAB_PAGE_KIB, sc->held * LAB_PAGE_KIB) ||
	    lab_run(s, "sysctl vm.stat_refresh=1"))
		return -1;
	l->success = lab_vmstat(s, "pgmigrate_success");
	l->fail = lab_vmstat(s, "pgmigrate_fail");
	l->written = lab_vmstat(s, "nr_written");
	l->entries = s->m.migrate_time.tlb_flushes;
	return lab_run(s, "migrate_pages pid=1 from=0 to=1%s id=mig", sc->all ? " all" : "") ||
	       lab_run(s, "sysctl vm.stat_refresh=1");
}

static void migration_setup(struct migration_lab *l)
{
	const struct migration_scenario *sc = &l->sc;

	lab_setup(l->sheet,
		  "The lab's machine: two nodes of 16 MiB (node 0 with CPU 0, node 1 with\n"
		  "CPU 1). Task 1 runs on CPU 0, so its pages come from node 0.\n\n"
		  "- Task 1 writes an anonymous buffer `buf` of %u pages, and maps %u pages\n"
		  "  of a file `log` shared: it reads them all and writes the first %u.\n"
		  "- It forks task 2, which writes the first %u pages of `buf`.\n"
		  "- A driver takes %u of task 1's pages, from `buf` page %u (counting\n"
		  "  from 0), with %s.\n"
		  "- Task 1 calls migrate_pages(2) from node 0 to node 1,\n  %s.\n",
		  sc->anon, sc->file, sc->dirty, sc->cow, sc->held, sc->held_at,
		  sc->pin ? "pin_user_pages() (FOLL_PIN)" : "get_user_pages() (FOLL_GET)",
		  sc->all ? "as root (MPOL_MF_MOVE_ALL: `all`)" : "without `all` (MPOL_MF_MOVE)");
}

static void ask_counters(struct migration_lab *l, long ret)
{
	struct lab_sheet *sh = l->sheet;
	struct lab_question *q;

	q = lab_ask(sh, "By how much does pgmigrate_success (show vmstat) grow?");
	lab_answer(sh, q, "%lu", lab_vmstat(l->s, "pgmigrate_success") - l->success);
	lab_why(sh, q, "queue_folios_pte_range() takes each page of node 0 that task 1 maps,\n%s\n"
		"(migrate_folio_add()); migrate_pages() counts one per base page it moved.\n"
		"The file pages task 1 alone maps (task 2 never touched them) move too.",
		l->sc.all ? "shared or not (MPOL_MF_MOVE_ALL)" :
		"but a page another task maps too only with MPOL_MF_MOVE_ALL\n(without it, folio_estimated_sharers() must be 1)");
	q = lab_ask(sh, "By how much does pgmigrate_fail grow?");
	lab_answer(sh, q, "%lu", lab_vmstat(l->s, "pgmigrate_fail") - l->fail);
	lab_why(sh, q, "%s\nmigrate_pages_batch() retries -EAGAIN up to 10 passes, then counts the\n"
		"page as failed.",
		l->sc.pin ? "A pinned anonymous page cannot lose its PageAnonExclusive bit\n"
		"(page_try_share_anon_rmap() fails when folio_maybe_dma_pinned()), so\n"
		"try_to_migrate() leaves it mapped: -EAGAIN each pass." :
		"A page with a get_user_pages() reference unmaps, but its refcount is one\n"
		"more than folio_expected_refs() allows: folio_migrate_mapping() answers\n"
		"-EAGAIN and remove_migration_ptes() maps the old page back, each pass.");
	q = lab_ask(sh, "What does the migrate_pages(2) call return?");
	lab_answer(sh, q, "%ld", ret);
	lab_why(sh, q, "do_migrate_pages() returns the pages that did not move (migrate_pages()'s\n"
		"count of failures); pages it did not queue (shared, without MOVE_ALL) are\n"
		"not failures: they are skipped silently.");
}

static void ask_entries(struct migration_lab *l)
{
	struct lab_sheet *sh = l->sheet;
	struct lab_question *q;

	q = lab_ask(sh, "For the pages that moved, how many page table entries did\n"
		    "try_to_migrate() replace with migration entries (and\n"
		    "remove_migration_ptes() point at the new pages)?");
	lab_answer(sh, q, "%lu", l->s->m.migrate_time.tlb_flushes - l->entries);
	lab_why(sh, q, "try_to_migrate() walks the rmap: one migration entry per mapping, so a\n"
		"page task 2 still shares (not written after the fork) counts twice%s;\n"
		"a page only task 1 maps, and each file page, once (task 2 never faulted\n"
		"the shared file mapping in: fork copies no PTEs of a mapping without an\n"
		"anon_vma).", l->sc.all ? "" : "\n(but without MOVE_ALL none of those moved)");
}

static int ask_numa_maps(struct migration_lab *l, int pid, const char *id, const char *what)
{
	unsigned long node[MAX_NUMNODES];
	struct lab_question *q;

	if (lab_numa_maps_nodes(l->s, pid, id, node))
		return -1;
	q = lab_ask(l->sheet, "After the call, task %d's numa_maps line of %s: its N0= and N1=\n"
		    "counts (two numbers, N0 first; 0 when absent)?", pid, what);
	lab_answer(l->sheet, q, "%lu %lu", node[0], node[1]);
	return q ? 0 : -1;
}

static int migration_ask(struct migration_lab *l)
{
	const struct numa_call *c = lab_numa_call(l->s, "mig");
	struct lab_question *q;

	if (!c)
		return -1;
	ask_counters(l, c->ret);
	ask_entries(l);
	if (ask_numa_maps(l, 1, "buf", "`buf`"))
		return -1;
	lab_why(l->sheet, &l->sheet->q[l->sheet->nr - 1],
		"The pages that moved are on node 1; the held ones stay on node 0%s.",
		l->sc.all ? "" : ",\nand so do the pages task 2 still shares");
	if (ask_numa_maps(l, 2, "buf", "`buf`"))
		return -1;
	lab_why(l->sheet, &l->sheet->q[l->sheet->nr - 1],
		"Task 2's own copies (its copy-on-write faults ran on CPU 0) stay on node 0:\n"
		"migrate_pages(2) moves task 1's pages.%s",
		l->sc.all ? " But the pages the two still share are the\n"
		"same frames: they moved under task 2 too, its PTEs rewritten by the same\n"
		"rmap walk." : "");
	q = lab_ask(l->sheet, "By how much does nr_written (show vmstat) grow?");
	lab_answer(l->sheet, q, "%lu", lab_vmstat(l->s, "nr_written") - l->written);
	lab_why(l->sheet, q, "The file has no migrate_folio method of its own, so its folios take\n"
		"fallback_migrate_folio(): a dirty one is written out first (writeout(),\n"
		"-EAGAIN); the passes after find it under writeback (-EAGAIN) until the\n"
		"fourth, which forces: it waits for the write (folio_wait_writeback())\n"
		"and moves the clean page.");
	return 0;
}

static int migration_run(void *state, void *arg)
{
	struct lab_session *s = state;
	struct migration_lab *l = arg;

	l->s = s;
	migration_setup(l);
	return migration_build(l) || migration_ask(l) ? -1 : 0;
}

static int migration_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err,
				  size_t err_len)
{
	struct migration_lab l = { .sheet = sheet };
	uint64_t rng = seed;

	migration_draw(&l.sc, &rng);
	return lab_generate_on(sheet, "migration", lab_two_node_config, sizeof(struct lab_session), migration_run, &l, err,
			       err_len);
}

const struct lab lab_migration = {
	.name = "migration",
	.title = "page migration and its steps",
	.doc = "docs/labs/05-migration.md",
	.config_json = lab_two_node_config,
	.generate = migration_lab_generate,
};
