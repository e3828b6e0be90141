/*
 * sim/lab_numa_api.c - lab 6, migrate_pages, move_pages, mbind and
 * numa_maps (docs/labs/06-numa-api.md): its seeded exercise.
 *
 * The scenario, on the lab's two-node machine: task 1 on node 0 writes a
 * buffer `data` under the default (local) policy, switches to an
 * interleave policy over both nodes and writes part of a buffer `il`
 * placed at a fixed address (so the student sees the address the
 * interleave offset starts from), binds part of `data` to node 1 with
 * mbind(MPOL_MF_MOVE), forks task 2, which writes the first pages of
 * `il`, and then moves a range of `il` with move_pages(2).
 *
 * What a student works out from the kernel's rules: interleave_nid()
 * (the node of a page is its offset in the VMA's file-offset space, for
 * anonymous memory its address in pages, modulo the node count), the
 * VMA split mbind_range() makes, and the status add_page_for_migration()
 * gives each move_pages entry (-EFAULT for a page never touched, the node
 * when the page is already there, -EACCES for a page two tasks map).
 *
 * Invariant: every answer is read off the machine (a move_pages query,
 * numa_maps counts, vmstat lines, the named call's status counts, the
 * task's VMAs), not computed here.
 *
 * No kernel counterpart: the rules are mm/mempolicy.c's and mm/migrate.c's.
 */
#include <stdio.h>

#include "mm/mm.h"
#include "sim/lab_internal.h"
#include "sim/lab_util_migrate.h"
#include "workloads/gen_random.h"

#define NUMA_LAB_DATA_ADDR	0x20000000ull
#define NUMA_LAB_IL_ADDR	0x10000000ull

/* The seeded scenario, in pages. */
struct numa_scenario {
	unsigned int data;		/* `data`, written under the local policy */
	unsigned int bind_at, bind;	/* the mbind range in it */
	unsigned int il, il_shift;	/* `il`'s size, its start in pages past NUMA_LAB_IL_ADDR */
	unsigned int touched;		/* its first pages, written under interleave */
	unsigned int query;		/* the page whose node Q1 asks */
	unsigned int cow;		/* `il`'s first pages task 2 writes */
	unsigned int move_at;		/* move_pages from there to the end of `il` */
	int move_to;			/* ... to this node */
};

struct numa_lab {
	struct lab_session *s;
	struct lab_sheet *sheet;
	struct numa_scenario sc;
	unsigned long success;		/* pgmigrate_success before a command */
};

static void numa_draw(struct numa_scenario *sc, uint64_t *rng)
{
	sc->data = (unsigned int)gen_random_range(rng, 6, 12);
	sc->bind_at = (unsigned int)gen_random_range(rng, 0, sc->data / 2);
	sc->bind = (unsigned int)gen_random_range(rng, 1, sc->data - sc->bind_at);
	sc->il = (unsigned int)gen_random_range(rng, 8, 14);
	sc->il_shift = (unsigned int)gen_random_range(rng, 0, 3);
	sc->touched = sc->il - (unsigned int)gen_random_range(rng, 1, 3);
	sc->query = (unsigned int)gen_random_range(rng, 0, sc->touched - 1);
	sc->cow = (unsigned int)gen_random_range(rng, 1, sc->touched / 2);
	sc->move_at = (unsigned int)gen_random_range(rng, 0, 2);
	sc->move_to = (int)gen_random_range(rng, 0, 1);
}

static uint64_t il_addr(const struct numa_scenario *sc)
{
	return NUMA_LAB_IL_ADDR + (uint64_t)sc->il_shift * PAGE_SIZE;
}

static void numa_setup(struct numa_lab *l)
{
	const struct numa_scenario *sc = &l->sc;

	lab_setup(l->sheet,
		  "The lab's machine: two nodes of 16 MiB (node 0 with CPU 0, node 1 with\n"
		  "CPU 1). Task 1 runs on CPU 0. Pages are 4 KiB; page k of a mapping\n"
		  "counts from 0.\n\n"
		  "- Task 1 writes `data`, %u pages at %#llx, under the default policy.\n"
		  "- It sets an interleave policy over nodes 0-1, maps `il`, %u pages at\n"
		  "  %#llx, and writes its first %u pages.\n"
		  "- It binds `data` pages %u to %u to node 1, moving them (mbind with\n"
		  "  MPOL_MF_MOVE).\n"
		  "- It forks task 2, which writes the first %u page(s) of `il`.\n"
		  "- Task 1 moves `il` pages %u to %u to node %d with move_pages(2)\n"
		  "  (MPOL_MF_MOVE).\n",
		  sc->data, NUMA_LAB_DATA_ADDR, sc->il, (unsigned long long)il_addr(sc),
		  sc->touched, sc->bind_at, sc->bind_at + sc->bind - 1, sc->cow, sc->move_at,
		  sc->il - 1, sc->move_to);
}

static int numa_ask_interleave(struct numa_lab *l)
{
	const struct numa_scenario *sc = &l->sc;
	unsigned long node[MAX_NUMNODES];
	struct lab_question *q;

	if (lab_run(l->s, "move_pages pid=1 addr=@il+%uK len=4K id=where", sc->query * LAB_PAGE_KIB) ||
	    lab_numa_maps_nodes(l->s, 1, "il", node))
		return -1;
	q = lab_ask(l->sheet, "On which node is `il` page %u?", sc->query);
	lab_answer(l->sheet, q, "%d", lab_numa_call_node(lab_numa_call(l->s, "where")));
	lab_why(l->sheet, q, "interleave_nid(): the page's offset is vm_pgoff (for anonymous memory\n"
		"the VMA's start address in pages, %#llx) plus its page index, and\n"
		"offset_il_node() takes it modulo the 2 nodes of the policy.",
		(unsigned long long)(il_addr(sc) >> PAGE_SHIFT));
	q = lab_ask(l->sheet, "Before the mbind: `il`'s numa_maps counts N0= and N1= (two\n"
		    "numbers, N0 first; 0 when absent)?");
	lab_answer(l->sheet, q, "%lu %lu", node[0], node[1]);
	lab_why(l->sheet, q, "Only the %u written pages are present; they alternate between the\n"
		"nodes, starting with the node of the mapping's first page.", sc->touched);
	return 0;
}

/* VMAs of task 1 that overlap [start, start + nr_pages). */
static unsigned int vmas_over(struct lab_session *s, uint64_t start, unsigned int nr_pages)
{
	const struct task_struct *t = find_task_by_pid(&s->m, 1);
	uint64_t end = start + (uint64_t)nr_pages * PAGE_SIZE;
	unsigned int nr = 0;

	for (size_t i = 0; t && t->mm && i < t->mm->nr_vmas; i++)
		nr += t->mm->vmas[i]->vm_start < end && t->mm->vmas[i]->vm_end > start;
	return nr;
}

static int numa_ask_mbind(struct numa_lab *l)
{
	const struct numa_scenario *sc = &l->sc;
	struct lab_question *q;

	l->success = lab_vmstat(l->s, "pgmigrate_success");
	if (lab_run(l->s, "mbind pid=1 addr=@data+%uK len=%uK mode=bind nodes=1 move",
		    sc->bind_at * LAB_PAGE_KIB, sc->bind * LAB_PAGE_KIB))
		return -1;
	q = lab_ask(l->sheet, "By how much does pgmigrate_success grow in the mbind?");
	lab_answer(l->sheet, q, "%lu", lab_vmstat(l->s, "pgmigrate_success") - l->success);
	lab_why(l->sheet, q, "do_mbind() with MPOL_MF_MOVE queues the range's pages that are on no\n"
		"node of the new policy and that task 1 alone maps (queue_pages_range()),\n"
		"and migrates them where the new policy allocates (new_page()).");
	q = lab_ask(l->sheet, "How many lines does numa_maps show for `data` after the mbind?");
	lab_answer(l->sheet, q, "%u", vmas_over(l->s, NUMA_LAB_DATA_ADDR, sc->data));
	lab_why(l->sheet, q, "A policy belongs to a VMA: mbind_range() splits `data` at the ends of\n"
		"the range (split_vma()) unless an end is the VMA's own, and numa_maps\n"
		"prints one line per VMA; the range's own says bind:1.");
	return 0;
}

static int numa_ask_move_pages(struct numa_lab *l)
{
	const struct numa_scenario *sc = &l->sc;
	const struct numa_call *c;
	unsigned long node[MAX_NUMNODES];
	struct lab_question *q;

	l->success = lab_vmstat(l->s, "pgmigrate_success");
	if (lab_run(l->s, "move_pages pid=1 addr=@il+%uK len=%uK node=%d id=mv",
		    sc->move_at * LAB_PAGE_KIB, (sc->il - sc->move_at) * LAB_PAGE_KIB, sc->move_to))
		return -1;
	c = lab_numa_call(l->s, "mv");
	if (!c || lab_numa_maps_nodes(l->s, 1, "il", node))
		return -1;
	q = lab_ask(l->sheet, "move_pages' status array: how many entries are %d (the node), how\n"
		    "many -EACCES, how many -EFAULT (three numbers in that order)?", sc->move_to);
	lab_answer(l->sheet, q, "%lu %lu %lu", c->on_node[sc->move_to],
		   c->errors[NUMA_STATUS_EACCES], c->errors[NUMA_STATUS_EFAULT]);
	lab_why(l->sheet, q, "add_page_for_migration(), in this order: no page (never touched) is\n"
		"-EFAULT; a page already on the target node is the node, shared or not;\n"
		"a page two tasks map (task 2 did not write it) is -EACCES without\n"
		"MPOL_MF_MOVE_ALL; the rest is queued and, once moved, gets the node.");
	q = lab_ask(l->sheet, "By how much does pgmigrate_success grow in the move_pages?");
	lab_answer(l->sheet, q, "%lu", lab_vmstat(l->s, "pgmigrate_success") - l->success);
	lab_why(l->sheet, q, "Only the queued pages migrate: the entries that got the node less\n"
		"those whose page was there already.");
	q = lab_ask(l->sheet, "After the move_pages: task 1's numa_maps counts for `il`, N0= and\n"
		    "N1= (N0 first)?");
	lab_answer(l->sheet, q, "%lu %lu", node[0], node[1]);
	lab_why(l->sheet, q, "The counts before the call, with each page move_pages() migrated\n"
		"counted on its new node instead (gather_numa_maps() counts every\n"
		"present page of the VMA by the node of its frame).");
	return 0;
}

static int numa_build(struct numa_lab *l)
{
	const struct numa_scenario *sc = &l->sc;
	struct lab_session *s = l->s;

	if (lab_run(s, "spawn pid=1 cpu=0 name=app") ||
	    lab_run(s, "mmap pid=1 addr=%#llx len=%uK fixed id=data", NUMA_LAB_DATA_ADDR,
		    sc->data * LAB_PAGE_KIB) ||
	    lab_run(s, "touch pid=1 addr=@data len=%uK write", sc->data * LAB_PAGE_KIB) ||
	    lab_run(s, "set_mempolicy pid=1 mode=interleave nodes=0-1") ||
	    lab_run(s, "mmap pid=1 addr=%#llx len=%uK fixed id=il",
		    (unsigned long long)il_addr(sc), sc->il * LAB_PAGE_KIB) ||
	    lab_run(s, "touch pid=1 addr=@il len=%uK write", sc->touched * LAB_PAGE_KIB) ||
	    numa_ask_interleave(l) || numa_ask_mbind(l) ||
	    lab_run(s, "fork pid=1 child=2") ||
	    lab_run(s, "touch pid=2 addr=@il len=%uK write", sc->cow * LAB_PAGE_KIB))
		return -1;
	return numa_ask_move_pages(l);
}

static int numa_run(void *state, void *arg)
{
	struct lab_session *s = state;
	struct numa_lab *l = arg;

	l->s = s;
	numa_setup(l);
	return numa_build(l);
}

static int numa_api_lab_generate(struct lab_sheet *sheet, uint64_t seed, char *err,
				 size_t err_len)
{
	struct numa_lab l = { .sheet = sheet };
	uint64_t rng = seed;

	numa_draw(&l.sc, &rng);
	return lab_generate_on(sheet, "numa-api", lab_two_node_config, sizeof(struct lab_session), numa_run, &l, err, err_len);
}

const struct lab lab_numa_api = {
	.name = "numa-api",
	.title = "migrate_pages, move_pages, mbind and numa_maps",
	.doc = "docs/labs/06-numa-api.md",
	.config_json = lab_two_node_config,
	.generate = numa_api_lab_generate,
};
