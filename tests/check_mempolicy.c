/*
 * tests/check_mempolicy.c - memory policies against the rules of Linux 6.1
 * mm/mempolicy.c: set_mempolicy and mbind validation, placement of pages
 * by policy, interleave striping and its counter, VMA splitting, the
 * numa_maps text, reference counts.
 *
 * Machines: two 16M nodes (cpu0 on node 0, cpu1 on node 1, distance 20),
 * Normal zones only, per-CPU lists off and watermarks at zero, so that a
 * node takes pages until it is empty and then the zonelist falls back.
 * Tasks, address spaces and VMAs are plain structs built by hand, with an
 * empty set of page tables (a PGD); nothing is mapped: vma_alloc_folio()
 * only picks the frames.
 *
 * Expected values come from the kernel's rules (each test names the
 * function), never from our own output; the gfp masks of user pages are
 * those of the oracle's 6.1 traces.
 *
 * Linux counterpart: mm/mempolicy.c (v6.1): sanitize_mpol_flags, mpol_new,
 * mpol_set_nodemask, mpol_relative_nodemask, do_set_mempolicy, do_mbind,
 * queue_pages_test_walk, mbind_range, get_vma_policy, policy_node,
 * policy_nodemask, interleave_nid, offset_il_node, alloc_page_interleave,
 * alloc_pages_preferred_many, vma_alloc_folio, huge_node, mpol_to_str.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/helpers.h"
#include "mm/cpuset.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "mm/vmstat_counters.h"

#define K_MPOL		TEST_K_PLAIN ", \"pcp\": false, \"min_free_kbytes\": 0," \
			" \"watermark_scale_factor\": 1"

#define BASE		((uint64_t)0x10000000)	/* 256M: 2M aligned, pgoff 0x10000 */
#define NODES(bits)	((nodemask_t){ (bits) })
#define N0		1u
#define N1		2u
#define N2		4u

/* A task with its own address space. */
struct proc {
	struct mm_struct mm;
	struct task_struct task;
};

static struct machine *mpol_boot(void)
{
	struct machine *m = test_boot_node_pair("16M", "16M", K_MPOL);

	ck_assert_int_eq(cpu_to_node(m, 0), 0);
	ck_assert_int_eq(cpu_to_node(m, 1), 1);
	return m;
}

/* A task outside the task table, with a real (empty) set of page tables. */
static void proc_init(struct machine *m, struct proc *p, int pid, int cpu)
{
	memset(p, 0, sizeof(*p));
	p->task.pid = pid;
	p->task.cpu = cpu;
	p->task.mm = &p->mm;
	cpuset_task_init(m, &p->task, NULL);	/* the top cpuset, as task_spawn() does */
	ck_assert_int_eq(pgd_alloc(m, &p->mm), 0);
}

/* An anonymous VMA of nr_pages at start; VMAs are added in address order. */
static struct vm_area_struct *proc_add_vma(struct proc *p, uint64_t start, uint64_t nr_pages)
{
	struct mm_struct *mm = &p->mm;
	struct vm_area_struct *vma = calloc(1, sizeof(*vma));

	ck_assert_ptr_nonnull(vma);
	ck_assert(mm->nr_vmas == 0 || mm->vmas[mm->nr_vmas - 1]->vm_end <= start);
	vma->vm_start = start;
	vma->vm_end = start + (nr_pages << PAGE_SHIFT);
	vma->vm_mm = mm;
	vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE;
	vma->vm_pgoff = start >> PAGE_SHIFT;
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	INIT_LIST_HEAD(&vma->shared);
	if (mm->nr_vmas == mm->vmas_cap) {
		mm->vmas_cap = mm->vmas_cap ? 2 * mm->vmas_cap : 8;
		mm->vmas = realloc(mm->vmas, mm->vmas_cap * sizeof(*mm->vmas));
		ck_assert_ptr_nonnull(mm->vmas);
	}
	mm->vmas[mm->nr_vmas++] = vma;
	return vma;
}

static void proc_release(struct machine *m, struct proc *p)
{
	for (size_t i = 0; i < p->mm.nr_vmas; i++)
		vm_area_free(m, p->mm.vmas[i]);
	free(p->mm.vmas);
	pgd_free(m, &p->mm);
	mpol_put(p->task.mempolicy);
	if (m->current == &p->task)
		m->current = NULL;
}

/* Make t the running task (what set_current() does). */
static void run_on(struct machine *m, struct task_struct *t)
{
	m->current = t;
	m->current_cpu = t->cpu;
}

/* Node of a user page allocated for addr of vma (asserts success). */
static int fault_nid(struct machine *m, struct vm_area_struct *vma, uint64_t addr)
{
	struct page *page = vma_alloc_folio(m, GFP_HIGHUSER_MOVABLE, 0, vma, addr, false);

	ck_assert_ptr_nonnull(page);
	test_check(m);
	return page_to_nid(page);
}

static unsigned long interleave_hits(struct machine *m, int nid)
{
	return NODE_DATA(m, nid)->node_zones[ZONE_NORMAL].vm_numa_event[NUMA_INTERLEAVE_HIT];
}

static const char *pol_str(const struct mempolicy *pol)
{
	static char buf[64];

	mpol_to_str(buf, sizeof(buf), pol);
	return buf;
}

/* ==================== set_mempolicy ==================== */

/*
 * Every invalid set_mempolicy(): sanitize_mpol_flags() (unknown mode, both
 * node flags), mpol_new() (a mask with default or local, a node flag with
 * local allocation, an empty mask for bind/interleave/preferred many) and
 * mpol_set_nodemask() (no node of the mask has memory: node 5 does not
 * exist).  Expect -EINVAL each time and the task's policy untouched.
 */
START_TEST(test_set_mempolicy_einval)
{
	static const struct { int mode; uint64_t nodes; } bad[] = {
		{ MPOL_MAX, N0 },
		{ -1, 0 },
		{ MPOL_BIND | MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES, N0 },
		{ MPOL_DEFAULT, N0 },
		{ MPOL_LOCAL, N1 },
		{ MPOL_LOCAL | MPOL_F_STATIC_NODES, 0 },
		{ MPOL_PREFERRED | MPOL_F_STATIC_NODES, 0 },
		{ MPOL_PREFERRED | MPOL_F_RELATIVE_NODES, 0 },
		{ MPOL_BIND, 0 },
		{ MPOL_INTERLEAVE, 0 },
		{ MPOL_PREFERRED_MANY, 0 },
		{ MPOL_BIND, 1u << 5 },
		{ MPOL_PREFERRED, 1u << 5 },
		{ MPOL_INTERLEAVE | MPOL_F_STATIC_NODES, 1u << 5 },
	};
	struct machine *m = mpol_boot();
	struct mempolicy *before;
	struct proc p;

	proc_init(m, &p, 1, 0);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_BIND, &NODES(N1)), 0);
	before = p.task.mempolicy;
	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		ck_assert_msg(do_set_mempolicy(m, &p.task, bad[i].mode, &NODES(bad[i].nodes)) ==
			      -EINVAL, "case %zu: expected -EINVAL", i);
		ck_assert_ptr_eq(p.task.mempolicy, before);
	}
	ck_assert_str_eq(pol_str(p.task.mempolicy), "bind:1");
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/*
 * The valid forms (mpol_new(), mpol_set_nodemask()): default with no mask
 * (or a NULL one) removes the policy; preferred without nodes becomes
 * local; preferred keeps only the first node; masks lose nodes without
 * memory; a node flag keeps the user's mask; interleave rewinds il_prev to
 * MAX_NUMNODES - 1 (do_set_mempolicy()).  Relative {3} on nodes {0, 1}:
 * 3 mod 2 = 1, the second node, so node 1.  Relative {1, 2}: {1, 0}, so
 * both nodes.
 */
START_TEST(test_set_mempolicy_valid_forms)
{
	struct machine *m = mpol_boot();
	struct task_struct *t;
	struct proc p;

	proc_init(m, &p, 1, 0);
	t = &p.task;
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_PREFERRED, &NODES(0)), 0);
	ck_assert_int_eq(t->mempolicy->mode, MPOL_LOCAL);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_DEFAULT, NULL), 0);
	ck_assert_ptr_null(t->mempolicy);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_PREFERRED, &NODES(N0 | N1)), 0);
	ck_assert_uint_eq(t->mempolicy->nodes.bits, N0);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_BIND, &NODES(N1 | (1u << 5))), 0);
	ck_assert_uint_eq(t->mempolicy->nodes.bits, N1);
	ck_assert_uint_eq(t->mempolicy->user_nodemask.bits, 0);

	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_BIND | MPOL_F_STATIC_NODES,
					  &NODES(N1 | (1u << 5))), 0);
	ck_assert_uint_eq(t->mempolicy->nodes.bits, N1);
	ck_assert_uint_eq(t->mempolicy->user_nodemask.bits, N1 | (1u << 5));
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_BIND | MPOL_F_RELATIVE_NODES,
					  &NODES(1u << 3)), 0);
	ck_assert_uint_eq(t->mempolicy->nodes.bits, N1);
	ck_assert_uint_eq(t->mempolicy->user_nodemask.bits, 1u << 3);
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_INTERLEAVE | MPOL_F_RELATIVE_NODES,
					  &NODES(N1 | N2)), 0);
	ck_assert_uint_eq(t->mempolicy->nodes.bits, N0 | N1);

	t->il_prev = 0;
	ck_assert_int_eq(do_set_mempolicy(m, t, MPOL_INTERLEAVE, &NODES(N0 | N1)), 0);
	ck_assert_int_eq(t->il_prev, MAX_NUMNODES - 1);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/* ==================== placement ==================== */

/*
 * No policy anywhere: get_vma_policy() gives the default, which
 * allocates on the node of the CPU the task runs on (numa_node_id());
 * with no current task, the current CPU's node.  Expect node 1 from cpu1,
 * node 0 from cpu0, node 1 again with m->current NULL on cpu1.  The
 * request is the kernel's folio allocation: the oracle's 6.1 traces show
 * user pages as GFP_HIGHUSER_MOVABLE|__GFP_COMP.
 */
START_TEST(test_default_policy_is_local)
{
	struct machine *m = mpol_boot();
	struct vm_area_struct *vma;
	struct test_ev_log log;
	struct proc p0, p1;

	proc_init(m, &p0, 1, 0);
	proc_init(m, &p1, 2, 1);
	vma = proc_add_vma(&p1, BASE, 4);
	test_ev_attach(m, &log, MM_EV_BIT(MM_EV_mm_page_alloc));
	run_on(m, &p1.task);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 1);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_uint_eq(log.ev[0].mm_page_alloc.gfp_flags, GFP_HIGHUSER_MOVABLE | __GFP_COMP);
	run_on(m, &p0.task);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 0);
	m->current = NULL;
	m->current_cpu = 1;
	ck_assert_int_eq(fault_nid(m, vma, BASE), 1);
	ck_assert_str_eq(pol_str(get_vma_policy(m, vma, BASE)), "default");
	proc_release(m, &p0);
	proc_release(m, &p1);
	test_release(m);
}
END_TEST

/*
 * Bind: policy_node() keeps the local node and policy_nodemask() filters
 * the zonelist.  From cpu0, bind {1} gives node 1; bind {0, 1} gives the
 * local node (0 from cpu0, 1 from cpu1).  Once node 1 is full, bind {1}
 * fails rather than fall back.  Expect 1, 0, 1, then NULL.
 */
START_TEST(test_bind_restricts_to_mask)
{
	struct machine *m = mpol_boot();
	struct vm_area_struct *vma;
	struct proc p;

	proc_init(m, &p, 1, 0);
	vma = proc_add_vma(&p, BASE, 4);
	run_on(m, &p.task);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_BIND, &NODES(N1)), 0);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 1);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_BIND, &NODES(N0 | N1)), 0);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 0);
	p.task.cpu = 1;
	run_on(m, &p.task);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 1);

	p.task.cpu = 0;
	run_on(m, &p.task);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_BIND, &NODES(N1)), 0);
	test_take_all(m, 1);
	ck_assert_ptr_null(vma_alloc_folio(m, GFP_HIGHUSER_MOVABLE, 0, vma, BASE, false));
	test_check(m);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/*
 * Bind whose mask misses the local node starts from the nearest allowed
 * node, not the lowest: the zonelist of node 0 is ordered by distance
 * (0, then 2 at 20, then 1 at 30) and the mask {1, 2} filters it.
 * Expect node 2 from cpu0.
 */
START_TEST(test_bind_takes_nearest_allowed_node)
{
	struct machine *m = test_boot_machine(
		"\"nodes\": [{\"mem\": \"16M\", \"cpus\": 1}, {\"mem\": \"16M\", \"cpus\": 1},"
		" {\"mem\": \"16M\", \"cpus\": 1}],"
		" \"distance\": [[10, 30, 20], [30, 10, 20], [20, 20, 10]]", K_MPOL);
	struct vm_area_struct *vma;
	struct proc p;

	proc_init(m, &p, 1, 0);
	vma = proc_add_vma(&p, BASE, 4);
	run_on(m, &p.task);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_BIND, &NODES(N1 | N2)), 0);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 2);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/*
 * Preferred {1} from cpu0: policy_node() starts the zonelist at node 1,
 * with no mask, so once node 1 is full the page comes from node 0.
 * Preferred many {1} does the same in two passes
 * (alloc_pages_preferred_many()).  Expect 1, 1, then 0, 0.
 */
START_TEST(test_preferred_falls_back)
{
	struct machine *m = mpol_boot();
	struct vm_area_struct *vma;
	struct proc p;

	proc_init(m, &p, 1, 0);
	vma = proc_add_vma(&p, BASE, 4);
	run_on(m, &p.task);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_PREFERRED, &NODES(N1)), 0);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 1);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_PREFERRED_MANY, &NODES(N1)), 0);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 1);
	test_take_all(m, 1);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 0);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_PREFERRED, &NODES(N1)), 0);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 0);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/*
 * Interleave {0, 1} on a VMA (interleave_nid(), offset_il_node()): page n
 * goes to node (vm_pgoff + n) mod 2 whatever the order of the faults.
 * BASE's pgoff 0x10000 is even: pages 5, 2, 7, 0 go to 1, 0, 1, 0.  A VMA
 * at object offset 3 starts on node 1.  Each page on its target node
 * counts numa_interleave in that zone (alloc_page_interleave()): 2 + 1 on
 * node 1, 2 + 1 on node 0.  With node 1 full, page 3 falls back to node 0
 * and counts nothing.
 */
START_TEST(test_interleave_by_offset)
{
	struct machine *m = mpol_boot();
	struct vm_area_struct *vma, *file;
	struct proc p;

	proc_init(m, &p, 1, 0);
	vma = proc_add_vma(&p, BASE, 8);
	file = proc_add_vma(&p, 2 * BASE, 2);
	file->vm_pgoff = 3;
	run_on(m, &p.task);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, 8 << PAGE_SHIFT, MPOL_INTERLEAVE,
				  &NODES(N0 | N1), 0), 0);
	ck_assert_int_eq(do_mbind(m, &p.task, 2 * BASE, 2 << PAGE_SHIFT, MPOL_INTERLEAVE,
				  &NODES(N0 | N1), 0), 0);
	ck_assert_int_eq(fault_nid(m, vma, BASE + (5 << PAGE_SHIFT)), 1);
	ck_assert_int_eq(fault_nid(m, vma, BASE + (2 << PAGE_SHIFT)), 0);
	ck_assert_int_eq(fault_nid(m, vma, BASE + (7 << PAGE_SHIFT)), 1);
	ck_assert_int_eq(fault_nid(m, vma, BASE), 0);
	ck_assert_int_eq(fault_nid(m, file, 2 * BASE), 1);
	ck_assert_int_eq(fault_nid(m, file, 2 * BASE + PAGE_SIZE), 0);
	ck_assert_uint_eq(interleave_hits(m, 0), 3);
	ck_assert_uint_eq(interleave_hits(m, 1), 3);

	test_take_all(m, 1);
	ck_assert_int_eq(fault_nid(m, vma, BASE + (3 << PAGE_SHIFT)), 0);
	ck_assert_uint_eq(interleave_hits(m, 0), 3);
	ck_assert_uint_eq(interleave_hits(m, 1), 3);
	ck_assert_uint_eq(global_numa_event_state(m, NUMA_INTERLEAVE_HIT), 6);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/*
 * A task's interleave policy: with a VMA the stripe follows the offset as
 * for a VMA policy (page 1 twice: node 1 twice); without one
 * interleave_nodes() turns the task's rotor from il_prev: 0, 1, 0, and
 * setting the policy again rewinds it (next: 0).
 */
START_TEST(test_interleave_task_rotor)
{
	struct machine *m = mpol_boot();
	struct vm_area_struct *vma;
	struct proc p;

	proc_init(m, &p, 1, 0);
	vma = proc_add_vma(&p, BASE, 4);
	run_on(m, &p.task);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_INTERLEAVE, &NODES(N0 | N1)), 0);
	ck_assert_int_eq(fault_nid(m, vma, BASE + PAGE_SIZE), 1);
	ck_assert_int_eq(fault_nid(m, vma, BASE + PAGE_SIZE), 1);
	ck_assert_int_eq(fault_nid(m, NULL, 0), 0);
	ck_assert_int_eq(fault_nid(m, NULL, 0), 1);
	ck_assert_int_eq(fault_nid(m, NULL, 0), 0);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_INTERLEAVE, &NODES(N0 | N1)), 0);
	ck_assert_int_eq(fault_nid(m, NULL, 0), 0);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/*
 * THP placement (the hugepage branch of vma_alloc_folio()): the default
 * policy first tries the local node alone, GFP_TRANSHUGE|__GFP_NORETRY|
 * __GFP_THISNODE in the oracle's trace; the page is a THP (compound,
 * TRANSHUGE dtor).  With node 0 full, a request that may not reclaim
 * (GFP_TRANSHUGE_LIGHT) gets nothing rather than a remote THP, while
 * GFP_TRANSHUGE retries along the zonelist: node 1.  Bind {1} excludes the
 * local node, so the standard path runs: node 1 even without reclaim.
 * Interleave stripes by 2M unit: BASE + 2M is unit 129, node 1.
 */
START_TEST(test_thp_tries_local_node_first)
{
	struct machine *m = mpol_boot();
	struct vm_area_struct *vma;
	struct test_ev_log log;
	struct page *page;
	struct proc p;

	proc_init(m, &p, 1, 0);
	vma = proc_add_vma(&p, BASE, 2 * HPAGE_PMD_NR);
	run_on(m, &p.task);
	test_ev_attach(m, &log, MM_EV_BIT(MM_EV_mm_page_alloc));
	page = vma_alloc_folio(m, GFP_TRANSHUGE, HPAGE_PMD_ORDER, vma, BASE, true);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(page_to_nid(page), 0);
	ck_assert(PageTransHuge(page));
	ck_assert_uint_eq(log.n, 1);
	ck_assert_uint_eq(log.ev[0].mm_page_alloc.gfp_flags, GFP_TRANSHUGE | __GFP_NORETRY | __GFP_THISNODE);
	test_check(m);

	test_take_all(m, 0);
	ck_assert_ptr_null(vma_alloc_folio(m, GFP_TRANSHUGE_LIGHT, HPAGE_PMD_ORDER, vma, BASE,
					   true));
	page = vma_alloc_folio(m, GFP_TRANSHUGE, HPAGE_PMD_ORDER, vma, BASE, true);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(page_to_nid(page), 1);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, HPAGE_PMD_SIZE, MPOL_BIND, &NODES(N1), 0), 0);
	page = vma_alloc_folio(m, GFP_TRANSHUGE_LIGHT, HPAGE_PMD_ORDER, vma, BASE, true);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(page_to_nid(page), 1);
	test_check(m);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/* Interleave of THPs: the 2M unit decides, not the 4K page. */
START_TEST(test_thp_interleave_by_huge_unit)
{
	struct machine *m = mpol_boot();
	struct vm_area_struct *vma;
	struct page *page;
	struct proc p;

	proc_init(m, &p, 1, 0);
	vma = proc_add_vma(&p, BASE, 2 * HPAGE_PMD_NR);
	run_on(m, &p.task);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, 2 * HPAGE_PMD_SIZE, MPOL_INTERLEAVE,
				  &NODES(N0 | N1), 0), 0);
	/* Unit (0x10000 >> 9) + 1 = 129: odd, node 1. */
	page = vma_alloc_folio(m, GFP_TRANSHUGE_LIGHT, HPAGE_PMD_ORDER, vma,
			       BASE + HPAGE_PMD_SIZE, true);
	ck_assert_ptr_nonnull(page);
	ck_assert_int_eq(page_to_nid(page), 1);
	ck_assert_uint_eq(interleave_hits(m, 1), 1);
	test_check(m);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/*
 * huge_node(): interleave uses the huge page as the unit (BASE is unit
 * 128: node 0; BASE + 2M: node 1) and no mask; bind gives the local node
 * (policy_node()) and its mask; preferred gives its node and no mask.
 */
START_TEST(test_huge_node)
{
	struct machine *m = mpol_boot();
	const nodemask_t *mask;
	struct vm_area_struct *vma;
	struct proc p;

	proc_init(m, &p, 1, 0);
	vma = proc_add_vma(&p, BASE, 2 * HPAGE_PMD_NR);
	run_on(m, &p.task);
	ck_assert_int_eq(huge_node(m, vma, BASE, &mask), 0);
	ck_assert_ptr_null(mask);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, 2 * HPAGE_PMD_SIZE, MPOL_INTERLEAVE,
				  &NODES(N0 | N1), 0), 0);
	ck_assert_int_eq(huge_node(m, vma, BASE, &mask), 0);
	ck_assert_int_eq(huge_node(m, vma, BASE + HPAGE_PMD_SIZE + PAGE_SIZE, &mask), 1);
	ck_assert_ptr_null(mask);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, 2 * HPAGE_PMD_SIZE, MPOL_BIND, &NODES(N1), 0),
			 0);
	ck_assert_int_eq(huge_node(m, vma, BASE, &mask), 0);
	ck_assert_ptr_eq(mask, &vma->vm_policy->nodes);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, 2 * HPAGE_PMD_SIZE, MPOL_PREFERRED,
				  &NODES(N1), 0), 0);
	ck_assert_int_eq(huge_node(m, vma, BASE, &mask), 1);
	ck_assert_ptr_null(mask);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/* ==================== mbind ==================== */

/*
 * mbind of pages 4-7 of a 16-page VMA (mbind_range()): split_vma() below
 * and above leaves three VMAs, [0, 4) and [8, 16) without a policy and
 * [4, 8) with bind {1}, pgoffs following the split.  Faults from cpu0:
 * node 1 inside, node 0 outside.  The same mbind again changes nothing
 * (mpol_equal(): the policy object stays).  Interleave over all 16 pages
 * makes the three equal, and mbind_range()'s vma_merge() joins them into
 * one VMA again; default on [4, 8) then splits it into three, the outer
 * two keeping their own copies of the interleave policy.
 */
START_TEST(test_mbind_splits_vma_in_three)
{
	struct machine *m = mpol_boot();
	struct vm_area_struct *vma, *mid;
	struct mempolicy *pol;
	struct proc p;

	proc_init(m, &p, 1, 0);
	vma = proc_add_vma(&p, BASE, 16);
	run_on(m, &p.task);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE + 4 * PAGE_SIZE, 4 * PAGE_SIZE, MPOL_BIND,
				  &NODES(N1), 0), 0);
	ck_assert_uint_eq(p.mm.nr_vmas, 3);
	mid = vma_lookup(&p.mm, BASE + 4 * PAGE_SIZE);
	ck_assert_ptr_eq(mid, vma);
	ck_assert_uint_eq(mid->vm_start, BASE + 4 * PAGE_SIZE);
	ck_assert_uint_eq(mid->vm_end, BASE + 8 * PAGE_SIZE);
	ck_assert_uint_eq(mid->vm_pgoff, (BASE >> PAGE_SHIFT) + 4);
	ck_assert_str_eq(pol_str(mid->vm_policy), "bind:1");
	ck_assert_ptr_null(p.mm.vmas[0]->vm_policy);
	ck_assert_uint_eq(p.mm.vmas[0]->vm_end, BASE + 4 * PAGE_SIZE);
	ck_assert_ptr_null(p.mm.vmas[2]->vm_policy);
	ck_assert_uint_eq(p.mm.vmas[2]->vm_pgoff, (BASE >> PAGE_SHIFT) + 8);
	ck_assert_int_eq(fault_nid(m, mid, BASE + 5 * PAGE_SIZE), 1);
	ck_assert_int_eq(fault_nid(m, p.mm.vmas[0], BASE), 0);
	ck_assert_int_eq(fault_nid(m, p.mm.vmas[2], BASE + 8 * PAGE_SIZE), 0);

	pol = mid->vm_policy;
	ck_assert_int_eq(do_mbind(m, &p.task, BASE + 4 * PAGE_SIZE, 4 * PAGE_SIZE, MPOL_BIND,
				  &NODES(N1), 0), 0);
	ck_assert_ptr_eq(mid->vm_policy, pol);
	ck_assert_uint_eq(p.mm.nr_vmas, 3);

	ck_assert_int_eq(do_mbind(m, &p.task, BASE, 16 * PAGE_SIZE, MPOL_INTERLEAVE,
				  &NODES(N0 | N1), 0), 0);
	ck_assert_uint_eq(p.mm.nr_vmas, 1);
	ck_assert_uint_eq(p.mm.vmas[0]->vm_start, BASE);
	ck_assert_uint_eq(p.mm.vmas[0]->vm_end, BASE + 16 * PAGE_SIZE);
	ck_assert_str_eq(pol_str(p.mm.vmas[0]->vm_policy), "interleave:0-1");
	ck_assert_int_eq(p.mm.vmas[0]->vm_policy->refcnt, 1);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE + 4 * PAGE_SIZE, 4 * PAGE_SIZE, MPOL_DEFAULT,
				  NULL, 0), 0);
	ck_assert_uint_eq(p.mm.nr_vmas, 3);
	ck_assert_ptr_null(p.mm.vmas[1]->vm_policy);
	ck_assert_str_eq(pol_str(p.mm.vmas[0]->vm_policy), "interleave:0-1");
	ck_assert_str_eq(pol_str(p.mm.vmas[2]->vm_policy), "interleave:0-1");
	ck_assert_ptr_ne(p.mm.vmas[0]->vm_policy, p.mm.vmas[2]->vm_policy);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/*
 * Holes (queue_pages_range(), queue_pages_test_walk()): VMAs at pages
 * [1, 4) and [8, 12) of BASE.  Expect -EFAULT for a range over the gap,
 * one starting before the first VMA, one running past the last, and one
 * wholly inside the gap, with no VMA changed; MPOL_DEFAULT may span the
 * gap (MPOL_MF_DISCONTIG_OK) but not lie wholly in it.
 */
START_TEST(test_mbind_hole_efault)
{
	static const struct { uint64_t first_page, nr_pages; int mode; int err; } cases[] = {
		{ 0, 12, MPOL_BIND, -EFAULT },
		{ 2, 8, MPOL_BIND, -EFAULT },
		{ 8, 8, MPOL_BIND, -EFAULT },
		{ 4, 4, MPOL_BIND, -EFAULT },
		{ 4, 4, MPOL_DEFAULT, -EFAULT },
		{ 0, 12, MPOL_DEFAULT, 0 },
	};
	struct machine *m = mpol_boot();
	struct proc p;

	proc_init(m, &p, 1, 0);
	proc_add_vma(&p, BASE + PAGE_SIZE, 3);
	proc_add_vma(&p, BASE + 8 * PAGE_SIZE, 4);
	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		uint64_t nodes = cases[i].mode == MPOL_DEFAULT ? 0 : N1;
		int err = do_mbind(m, &p.task, BASE + cases[i].first_page * PAGE_SIZE,
				   cases[i].nr_pages * PAGE_SIZE, cases[i].mode, &NODES(nodes), 0);

		ck_assert_msg(err == cases[i].err, "case %zu: %d, expected %d", i, err,
			      cases[i].err);
		ck_assert_uint_eq(p.mm.nr_vmas, 2);
		ck_assert_ptr_null(p.mm.vmas[0]->vm_policy);
		ck_assert_ptr_null(p.mm.vmas[1]->vm_policy);
	}
	ck_assert_int_eq(do_mbind(m, &p.task, BASE + PAGE_SIZE, 3 * PAGE_SIZE, MPOL_BIND,
				  &NODES(N1), 0), 0);
	ck_assert_str_eq(pol_str(p.mm.vmas[0]->vm_policy), "bind:1");
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/*
 * do_mbind()'s checks, in its order: a bad mode (even with len 0), flags
 * outside STRICT|MOVE|MOVE_ALL, an unaligned start, a range that wraps:
 * -EINVAL.  An empty range returns 0 before the mask is checked (bind with
 * no nodes).  MOVE and STRICT are accepted.  A 1-byte length rounds up to
 * one page: the VMA splits after its first page.
 */
START_TEST(test_mbind_einval_and_rounding)
{
	struct machine *m = mpol_boot();
	struct proc p;

	proc_init(m, &p, 1, 0);
	proc_add_vma(&p, BASE, 4);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, 0, MPOL_MAX, &NODES(N0), 0), -EINVAL);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, PAGE_SIZE, MPOL_BIND, &NODES(N0),
				  MPOL_MF_MOVE_ALL << 1), -EINVAL);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE + 1, PAGE_SIZE, MPOL_BIND, &NODES(N0), 0),
			 -EINVAL);
	ck_assert_int_eq(do_mbind(m, &p.task, UINT64_MAX - PAGE_SIZE + 1, 2 * PAGE_SIZE,
				  MPOL_BIND, &NODES(N0), 0), -EINVAL);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, 0, MPOL_BIND, &NODES(0), 0), 0);
	ck_assert_int_eq(do_mbind(m, &p.task, BASE, PAGE_SIZE, MPOL_BIND, &NODES(0), 0), -EINVAL);
	ck_assert_uint_eq(p.mm.nr_vmas, 1);

	ck_assert_int_eq(do_mbind(m, &p.task, BASE, 1, MPOL_BIND, &NODES(N1),
				  MPOL_MF_STRICT | MPOL_MF_MOVE), 0);
	ck_assert_uint_eq(p.mm.nr_vmas, 2);
	ck_assert_uint_eq(p.mm.vmas[0]->vm_end, BASE + PAGE_SIZE);
	ck_assert_str_eq(pol_str(p.mm.vmas[0]->vm_policy), "bind:1");
	ck_assert_ptr_null(p.mm.vmas[1]->vm_policy);
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/* ==================== objects and text ==================== */

/*
 * mpol_to_str() as numa_maps prints it: the default (NULL or the default
 * object) is "default", a user's local policy "local", then mode, "=static"
 * or "=relative", ":" and the node list.  A short buffer truncates; the
 * length returned is the whole text's.
 */
START_TEST(test_mpol_to_str)
{
	static const struct { int mode; uint64_t nodes; const char *text; } cases[] = {
		{ MPOL_PREFERRED, 0, "local" },
		{ MPOL_LOCAL, 0, "local" },
		{ MPOL_PREFERRED, N0 | N1, "prefer:0" },
		{ MPOL_PREFERRED | MPOL_F_STATIC_NODES, N1, "prefer=static:1" },
		{ MPOL_BIND, N0 | N1, "bind:0-1" },
		{ MPOL_INTERLEAVE, N0 | N1, "interleave:0-1" },
		{ MPOL_INTERLEAVE | MPOL_F_RELATIVE_NODES, N0 | N1, "interleave=relative:0-1" },
		{ MPOL_PREFERRED_MANY, N1, "prefer (many):1" },
	};
	struct machine *m = mpol_boot();
	char buf[6];
	struct proc p;

	proc_init(m, &p, 1, 0);
	ck_assert_str_eq(pol_str(NULL), "default");
	m->current = NULL;
	ck_assert_str_eq(pol_str(get_vma_policy(m, NULL, 0)), "default");
	for (size_t i = 0; i < TEST_ARRAY_SIZE(cases); i++) {
		ck_assert_int_eq(do_set_mempolicy(m, &p.task, cases[i].mode,
						  &NODES(cases[i].nodes)), 0);
		ck_assert_str_eq(pol_str(p.task.mempolicy), cases[i].text);
	}
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_BIND, &NODES(N0 | N1)), 0);
	ck_assert_int_eq(mpol_to_str(buf, sizeof(buf), p.task.mempolicy), 8);
	ck_assert_str_eq(buf, "bind:");
	proc_release(m, &p);
	test_release(m);
}
END_TEST

/* The %*pbl list: runs of two or more as "a-b", "" for the empty mask. */
START_TEST(test_nodelist_format)
{
	char buf[32];

	ck_assert_int_eq(nodelist_format(buf, sizeof(buf), &NODES(N0 | N1 | (1u << 3))), 5);
	ck_assert_str_eq(buf, "0-1,3");
	ck_assert_int_eq(nodelist_format(buf, sizeof(buf), &NODES(0)), 0);
	ck_assert_str_eq(buf, "");
	nodelist_format(buf, sizeof(buf), &NODES(N0 | N2 | (1u << 4)));
	ck_assert_str_eq(buf, "0,2,4");
	nodelist_format(buf, sizeof(buf), &NODES((7ull << 5) | (1ull << 63)));
	ck_assert_str_eq(buf, "5-7,63");
	nodelist_format(buf, sizeof(buf), &NODES(~0ull));
	ck_assert_str_eq(buf, "0-63");
}
END_TEST

/*
 * Reference counts (mpol_dup(), mpol_put(), do_set_mempolicy()): a dup is
 * a separate object at refcnt 1, equal to the original, which keeps its
 * count; replacing a task policy drops one reference (a second holder
 * keeps the object: 2 -> 1); NULL and the default object are never
 * counted.  mpol_equal(): same mode and nodes are equal; with a node flag
 * the user's masks must match too.
 */
START_TEST(test_mpol_refcounts_and_equal)
{
	struct machine *m = mpol_boot();
	struct mempolicy *pol, *copy, *def;
	struct proc p, q;

	proc_init(m, &p, 1, 0);
	proc_init(m, &q, 2, 1);
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_BIND, &NODES(N0 | N1)), 0);
	pol = p.task.mempolicy;
	ck_assert_int_eq(pol->refcnt, 1);
	copy = mpol_dup(pol);
	ck_assert_ptr_ne(copy, pol);
	ck_assert_int_eq(copy->refcnt, 1);
	ck_assert_int_eq(pol->refcnt, 1);
	ck_assert(mpol_equal(copy, pol));
	mpol_put(copy);
	ck_assert_ptr_null(mpol_dup(NULL));

	pol->refcnt++;
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_DEFAULT, NULL), 0);
	ck_assert_ptr_null(p.task.mempolicy);
	ck_assert_int_eq(pol->refcnt, 1);
	mpol_put(pol);

	m->current = NULL;
	def = get_vma_policy(m, NULL, 0);
	mpol_put(def);
	mpol_put(NULL);
	ck_assert_int_eq(def->refcnt, 1);
	ck_assert_ptr_eq(get_vma_policy(m, NULL, 0), def);

	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_BIND | MPOL_F_STATIC_NODES,
					  &NODES(N1)), 0);
	ck_assert_int_eq(do_set_mempolicy(m, &q.task, MPOL_BIND | MPOL_F_STATIC_NODES,
					  &NODES(N1 | (1u << 5))), 0);
	ck_assert_uint_eq(p.task.mempolicy->nodes.bits, q.task.mempolicy->nodes.bits);
	ck_assert(!mpol_equal(p.task.mempolicy, q.task.mempolicy));
	ck_assert_int_eq(do_set_mempolicy(m, &q.task, MPOL_BIND, &NODES(N1)), 0);
	ck_assert(!mpol_equal(p.task.mempolicy, q.task.mempolicy));
	ck_assert_int_eq(do_set_mempolicy(m, &p.task, MPOL_BIND, &NODES(N1 | (1u << 5))), 0);
	ck_assert(mpol_equal(p.task.mempolicy, q.task.mempolicy));
	ck_assert(mpol_equal(NULL, NULL));
	ck_assert(!mpol_equal(NULL, q.task.mempolicy));
	proc_release(m, &p);
	proc_release(m, &q);
	test_release(m);
}
END_TEST

/* Collected by the Makefile into the runner (tests/check_main.c). */

Suite *mempolicy_suite(void);

Suite *mempolicy_suite(void)
{
	Suite *s = suite_create("mempolicy");
	TCase *tc;

	tc = tcase_create("set_mempolicy");
	tcase_add_test(tc, test_set_mempolicy_einval);
	tcase_add_test(tc, test_set_mempolicy_valid_forms);
	suite_add_tcase(s, tc);

	tc = tcase_create("placement");
	tcase_add_test(tc, test_default_policy_is_local);
	tcase_add_test(tc, test_bind_restricts_to_mask);
	tcase_add_test(tc, test_bind_takes_nearest_allowed_node);
	tcase_add_test(tc, test_preferred_falls_back);
	tcase_add_test(tc, test_interleave_by_offset);
	tcase_add_test(tc, test_interleave_task_rotor);
	tcase_add_test(tc, test_thp_tries_local_node_first);
	tcase_add_test(tc, test_thp_interleave_by_huge_unit);
	tcase_add_test(tc, test_huge_node);
	suite_add_tcase(s, tc);

	tc = tcase_create("mbind");
	tcase_add_test(tc, test_mbind_splits_vma_in_three);
	tcase_add_test(tc, test_mbind_hole_efault);
	tcase_add_test(tc, test_mbind_einval_and_rounding);
	suite_add_tcase(s, tc);

	tc = tcase_create("objects");
	tcase_add_test(tc, test_mpol_to_str);
	tcase_add_test(tc, test_nodelist_format);
	tcase_add_test(tc, test_mpol_refcounts_and_equal);
	suite_add_tcase(s, tc);
	return s;
}
