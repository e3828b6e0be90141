/*
 * mm/mempolicy.c - NUMA memory policies: set_mempolicy(2), mbind(2), and
 * the node a user page (a small page, a THP, a hugetlb page) comes from.
 *
 * A policy is a mode and a node mask.  The policy in force for an address
 * is the VMA's (mbind), else the running task's (set_mempolicy), else the
 * default: the node of the CPU the task runs on, then that node's zonelist.
 * Modes: preferred (one node first, then the usual fallback), preferred
 * many (the mask's nodes first, without direct reclaim, then anywhere),
 * bind (only the mask's nodes, the nearest first), interleave (page n of
 * a VMA on the (n mod weight)-th node of the mask, whatever the order of
 * the faults), local (the current CPU's node, even under a task policy).
 *
 * Invariants:
 *   - a policy's mask only holds nodes with memory (node_states[N_MEMORY]
 *     when it was made): never empty for bind, interleave and preferred
 *     many, exactly one node for preferred, empty for local;
 *   - each VMA and each task owns its policy object (refcnt 1): fork and
 *     split_vma copy it with mpol_dup(), as the kernel does;
 *   - the default policy is a read-only object that reference counting
 *     never touches (there is no global mutable state).
 *
 * Cpusets (mm/cpuset.c) limit a new policy's nodes to the task's
 * mems_allowed and rebind policies when the task moves.  mbind's
 * MPOL_MF_MOVE* and MPOL_MF_STRICT walk the range's pages and migrate
 * them in mm/mempolicy_migrate.c, which also holds migrate_pages(2).
 * For NUMA balancing: which policy wants pages moved on hinting faults
 * (only the default, the kernel's preferred_node_policy[]), where a
 * faulting page belongs (mpol_misplaced()), and the marking of a range
 * (change_prot_numa()).
 *
 * Not modelled: shared (shmem inode) policies, MPOL_F_NUMA_BALANCING,
 * MPOL_MF_LAZY, home nodes.
 *
 * Linux counterpart: mm/mempolicy.c (v6.1), include/linux/mempolicy.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "mm/cpuset.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/nodemask.h"
#include "mm/numa_balancing.h"

/* The hugetlb pool has one size, 2 MiB.  Linux: huge_page_shift(). */
#define HUGE_PAGE_SHIFT	(PAGE_SHIFT + HPAGE_PMD_ORDER)

/*
 * The policy of a task that set none, and of allocations with no task.
 * The kernel returns preferred_node_policy[numa_node_id()] there, a
 * "prefer the local node" policy marked MPOL_F_MORON so that it prints as
 * "default"; a local policy places pages the same way without a per-node
 * table.  Const: never written, never counted.
 * Linux: default_policy / preferred_node_policy, mm/mempolicy.c.
 */
static const struct mempolicy default_policy = {
	.refcnt = 1,
	.mode = MPOL_LOCAL,
};

/* ==================== node masks ==================== */

/*
 * Nodes with present pages in a zone below zone_end: MAX_NR_ZONES gives
 * node_states[N_MEMORY], ZONE_MOVABLE gives N_HIGH_MEMORY (the same as
 * N_NORMAL_MEMORY without highmem).  Linux: check_for_memory().
 */
static nodemask_t node_states_below(const struct machine *m, enum zone_type zone_end)
{
	nodemask_t mask = { 0 };

	for_each_online_node(m, nid)
		for (int z = 0; z < (int)zone_end; z++)
			if (populated_zone(&NODE_DATA(m, nid)->node_zones[z]))
				mask.bits |= (uint64_t)1 << nid;
	return mask;
}

/*
 * Map orig onto the nodes of rel, by position: orig's node n becomes the
 * (n mod weight(rel))-th node of rel.  With rel = {1, 3}: {0} -> {1},
 * {1} -> {3}, {2} -> {1}.  Linux: mpol_relative_nodemask() (nodes_fold()
 * then nodes_onto()).
 */
static nodemask_t mpol_relative_nodemask(const nodemask_t *orig, const nodemask_t *rel)
{
	int weight = nodes_weight(rel);
	nodemask_t folded = { 0 }, out = { 0 };

	if (weight == 0)
		return out;
	for (int n = first_node(orig); n < MAX_NUMNODES; n = next_node(n, orig))
		folded.bits |= (uint64_t)1 << (n % weight);
	for (int pos = 0, nid = first_node(rel); nid < MAX_NUMNODES;
	     pos++, nid = next_node(nid, rel))
		if (node_isset(pos, &folded))
			out.bits |= (uint64_t)1 << nid;
	return out;
}

/* ==================== text ==================== */

/* Room for any list: at most 32 runs of up to "62-63," (6 characters). */
#define NODELIST_MAX	(MAX_NUMNODES * 4)

/* Runs of two or more nodes as "first-last": {0, 1, 3} is "0-1,3". */
static void nodelist_string(char *out, const nodemask_t *mask)
{
	const char *sep = "";

	*out = '\0';
	for (int lo = first_node(mask), hi; lo < MAX_NUMNODES; lo = next_node(hi, mask)) {
		hi = lo;
		while (hi + 1 < MAX_NUMNODES && node_isset(hi + 1, mask))
			hi++;
		if (hi == lo)
			out += sprintf(out, "%s%d", sep, lo);
		else
			out += sprintf(out, "%s%d-%d", sep, lo, hi);
		sep = ",";
	}
}

/*
 * The empty mask prints "".  snprintf semantics: returns the whole
 * length.  Linux: the "%*pbl" format (bitmap_list_string()).
 */
int nodelist_format(char *buf, size_t len, const nodemask_t *mask)
{
	char list[NODELIST_MAX];

	nodelist_string(list, mask);
	return snprintf(buf, len, "%s", list);
}

/* Linux: policy_modes[], mm/mempolicy.c */
static const char *const policy_modes[MPOL_MAX] = {
	[MPOL_DEFAULT] = "default",
	[MPOL_PREFERRED] = "prefer",
	[MPOL_BIND] = "bind",
	[MPOL_INTERLEAVE] = "interleave",
	[MPOL_LOCAL] = "local",
	[MPOL_PREFERRED_MANY] = "prefer (many)",
};

/*
 * NULL and the default policy print "default"; a local policy someone set
 * prints "local".  The two node flags exclude each other.  snprintf
 * semantics: returns the whole length.  Linux: mpol_to_str().
 */
int mpol_to_str(char *buf, size_t len, const struct mempolicy *pol)
{
	unsigned short mode = MPOL_DEFAULT, flags = 0;
	char list[NODELIST_MAX] = "";
	const char *flag = "";

	if (pol && pol != &default_policy) {
		mode = pol->mode;
		flags = pol->flags;
	}
	if (mode >= MPOL_MAX)
		return snprintf(buf, len, "unknown");
	if (flags & MPOL_MODE_FLAGS)
		flag = (flags & MPOL_F_STATIC_NODES) ? "=static" : "=relative";
	if (mode != MPOL_DEFAULT && mode != MPOL_LOCAL)
		nodelist_string(list, &pol->nodes);
	return snprintf(buf, len, "%s%s%s%s", policy_modes[mode], flag, *list ? ":" : "", list);
}

/* ==================== policy objects ==================== */

/*
 * A private copy with its own reference (refcnt 1); NULL for NULL, and
 * NULL when the host is out of memory (callers tell the two apart by
 * pol).  Linux: mpol_dup() / __mpol_dup(), mm/mempolicy.c.
 */
struct mempolicy *mpol_dup(const struct mempolicy *pol)
{
	struct mempolicy *copy;

	if (!pol)
		return NULL;
	copy = malloc(sizeof(*copy));
	if (!copy)
		return NULL;
	*copy = *pol;
	copy->refcnt = 1;
	return copy;
}

/* Drop a reference; the last frees.  Linux: mpol_put() / __mpol_put(). */
void mpol_put(struct mempolicy *pol)
{
	if (!pol || pol == &default_policy)
		return;
	if (--pol->refcnt == 0)
		free(pol);
}

/* Linux: mpol_equal() / __mpol_equal(), mm/mempolicy.c */
bool mpol_equal(const struct mempolicy *a, const struct mempolicy *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->mode != b->mode || a->flags != b->flags)
		return false;
	if ((a->flags & MPOL_MODE_FLAGS) && a->user_nodemask.bits != b->user_nodemask.bits)
		return false;
	/* Local policies have no nodes to compare. */
	return a->mode == MPOL_LOCAL || a->nodes.bits == b->nodes.bits;
}

/* ==================== rebinding to a cpuset's nodes ==================== */

/* Linux: mpol_rebind_nodemask() (bind and interleave), mm/mempolicy.c */
static void mpol_rebind_nodemask(struct mempolicy *pol, const nodemask_t *newmask)
{
	nodemask_t tmp;

	if (pol->flags & MPOL_F_STATIC_NODES) {
		tmp.bits = pol->user_nodemask.bits & newmask->bits;
	} else if (pol->flags & MPOL_F_RELATIVE_NODES) {
		tmp = mpol_relative_nodemask(&pol->user_nodemask, newmask);
	} else {
		tmp = nodes_remap(&pol->nodes, &pol->cpuset_mems_allowed, newmask);
		pol->cpuset_mems_allowed = *newmask;
	}
	pol->nodes = nodes_empty(&tmp) ? *newmask : tmp;
}

/*
 * Linux: mpol_rebind_policy() with the mpol_ops[].rebind table: default
 * and local have nothing to rebind; preferred and preferred many only
 * remember the new nodes (mpol_rebind_preferred()), in the kernel's one
 * union of the two masks: with a node flag that is the user's mask.
 */
static void mpol_rebind_policy(struct mempolicy *pol, const nodemask_t *newmask)
{
	if (!pol || pol->mode == MPOL_LOCAL || pol->mode == MPOL_DEFAULT)
		return;
	if (!(pol->flags & MPOL_MODE_FLAGS) && nodes_equal(&pol->cpuset_mems_allowed, newmask))
		return;
	if (pol->mode == MPOL_BIND || pol->mode == MPOL_INTERLEAVE)
		mpol_rebind_nodemask(pol, newmask);
	else if (pol->flags & MPOL_MODE_FLAGS)
		pol->user_nodemask = *newmask;
	else
		pol->cpuset_mems_allowed = *newmask;
}

/* Linux: mpol_rebind_task(), mm/mempolicy.c */
void mpol_rebind_task(struct task_struct *t, const nodemask_t *newmask)
{
	mpol_rebind_policy(t->mempolicy, newmask);
}

/* Linux: mpol_rebind_mm(), mm/mempolicy.c: every VMA's policy. */
void mpol_rebind_mm(struct mm_struct *mm, const nodemask_t *newmask)
{
	for (size_t i = 0; i < mm->nr_vmas; i++)
		mpol_rebind_policy(mm->vmas[i]->vm_policy, newmask);
}

/*
 * Split mode | flags.  -EINVAL for an unknown mode or both node flags.
 * Linux: sanitize_mpol_flags(), mm/mempolicy.c.
 */
static int sanitize_mpol_flags(int mode_flags, unsigned short *mode, unsigned short *flags)
{
	int lmode = mode_flags & ~MPOL_MODE_FLAGS;

	*flags = (unsigned short)(mode_flags & MPOL_MODE_FLAGS);
	if ((unsigned int)lmode >= MPOL_MAX)
		return -EINVAL;
	if ((*flags & MPOL_F_STATIC_NODES) && (*flags & MPOL_F_RELATIVE_NODES))
		return -EINVAL;
	*mode = (unsigned short)lmode;
	return 0;
}

/*
 * Check the mask against the mode and make the object (nodes not yet
 * set).  *out is NULL for MPOL_DEFAULT.  A preferred policy without nodes
 * is a local one.  -EINVAL, -ENOMEM.  Linux: mpol_new(), mm/mempolicy.c.
 */
static int mpol_new(unsigned short mode, unsigned short flags, const nodemask_t *nodes,
		    struct mempolicy **out)
{
	struct mempolicy *pol;

	*out = NULL;
	if (mode == MPOL_DEFAULT)
		return nodes_empty(nodes) ? 0 : -EINVAL;
	if (mode == MPOL_PREFERRED && nodes_empty(nodes))
		mode = MPOL_LOCAL;
	else if (mode == MPOL_LOCAL && !nodes_empty(nodes))
		return -EINVAL;
	/* Local allocation has no nodes for a node flag to qualify. */
	if (mode == MPOL_LOCAL ? (flags & MPOL_MODE_FLAGS) != 0 : nodes_empty(nodes))
		return -EINVAL;
	pol = calloc(1, sizeof(*pol));
	if (!pol)
		return -ENOMEM;
	pol->refcnt = 1;
	pol->mode = mode;
	pol->flags = flags;
	*out = pol;
	return 0;
}

/*
 * Give pol its nodes: the user's mask restricted to the nodes with memory
 * that mems_allowed (the calling task's cpuset, the kernel's
 * cpuset_current_mems_allowed) allows (or, with MPOL_F_RELATIVE_NODES,
 * mapped onto them by position).  An empty result is -EINVAL.  A
 * preferred policy keeps the first node only.
 * Linux: mpol_set_nodemask() + the mpol_ops[].create constructors
 * (mpol_new_nodemask(), mpol_new_preferred()), mm/mempolicy.c.
 */
static int mpol_set_nodemask(const struct machine *m, const nodemask_t *mems_allowed,
			     struct mempolicy *pol, const nodemask_t *nodes)
{
	nodemask_t allowed, mask;

	if (!pol || pol->mode == MPOL_LOCAL)
		return 0;
	allowed = node_states_below(m, MAX_NR_ZONES);
	allowed.bits &= mems_allowed->bits;
	if (pol->flags & MPOL_F_RELATIVE_NODES)
		mask = mpol_relative_nodemask(nodes, &allowed);
	else
		mask.bits = nodes->bits & allowed.bits;
	/* What a later rebind remaps from: the user's nodes with a flag, else the cpuset's. */
	pol->user_nodemask = (pol->flags & MPOL_MODE_FLAGS) ? *nodes : (nodemask_t){ 0 };
	pol->cpuset_mems_allowed = (pol->flags & MPOL_MODE_FLAGS) ? (nodemask_t){ 0 } :
				   *mems_allowed;
	if (nodes_empty(&mask))
		return -EINVAL;
	if (pol->mode == MPOL_PREFERRED)
		mask.bits = (uint64_t)1 << first_node(&mask);
	pol->nodes = mask;
	return 0;
}

/*
 * Linux: mpol_new() + mpol_set_nodemask(), mm/mempolicy.c, for a user's
 * mask (NULL: none) and the calling task t, freeing the object on failure.
 */
static int mpol_create(const struct machine *m, const struct task_struct *t,
		       unsigned short mode, unsigned short flags, const nodemask_t *nodes,
		       struct mempolicy **out)
{
	const nodemask_t none = { 0 };
	int err;

	if (!nodes)
		nodes = &none;
	err = mpol_new(mode, flags, nodes, out);

	if (!err)
		err = mpol_set_nodemask(m, &t->mems_allowed, *out, nodes);
	if (err) {
		mpol_put(*out);
		*out = NULL;
	}
	return err;
}

/* ==================== set_mempolicy ==================== */

/*
 * nodes may be NULL (no mask).  On success t's old policy is released;
 * an interleave policy starts again from its first node.
 * Linux: kernel_set_mempolicy() -> do_set_mempolicy(), mm/mempolicy.c.
 */
int do_set_mempolicy(struct machine *m, struct task_struct *t, int mode_flags,
		     const nodemask_t *nodes)
{
	struct mempolicy *new, *old;
	unsigned short mode, flags;
	int err;

	err = sanitize_mpol_flags(mode_flags, &mode, &flags);
	if (err)
		return err;
	err = mpol_create(m, t, mode, flags, nodes, &new);
	if (err)
		return err;
	old = t->mempolicy;
	t->mempolicy = new;
	/* interleave_nodes() moves on from il_prev: the next is the first. */
	if (new && new->mode == MPOL_INTERLEAVE)
		t->il_prev = MAX_NUMNODES - 1;
	mpol_put(old);
	return 0;
}

/* ==================== mbind ==================== */

/*
 * Give vma a copy of pol (NULL: no VMA policy), dropping the old one.
 * Linux: vma_replace_policy(), mm/mempolicy.c (no vm_ops->set_policy:
 * shmem's shared policies are not modelled).
 */
static int vma_replace_policy(struct vm_area_struct *vma, const struct mempolicy *pol)
{
	struct mempolicy *new = mpol_dup(pol);
	struct mempolicy *old;

	if (pol && !new)
		return -ENOMEM;
	old = vma->vm_policy;
	vma->vm_policy = new;
	mpol_put(old);
	return 0;
}

/*
 * Apply pol to the part of *vmap inside [start, end): split off what lies
 * outside (the original struct keeps the middle), replace its policy and
 * join it with neighbours whose policy is now equal (vma_merge); *vmap is
 * then the VMA that covers the part.  A VMA whose policy is already equal
 * is left whole.  Linux: mbind_range(), mm/mempolicy.c.
 */
static int mbind_one_vma(struct machine *m, struct mm_struct *mm, struct vm_area_struct **vmap,
			 uint64_t start, uint64_t end, const struct mempolicy *pol)
{
	struct vm_area_struct *vma = *vmap;
	uint64_t vmstart = start > vma->vm_start ? start : vma->vm_start;
	uint64_t vmend = end < vma->vm_end ? end : vma->vm_end;
	int err;

	if (mpol_equal(vma->vm_policy, pol))
		return 0;
	if (vma->vm_start != vmstart) {
		err = split_vma(m, mm, vma, vmstart, 1);
		if (err)
			return err;
	}
	if (vma->vm_end != vmend) {
		err = split_vma(m, mm, vma, vmend, 0);
		if (err)
			return err;
	}
	err = vma_replace_policy(vma, pol);
	if (!err)
		*vmap = vma_merge_neighbours(m, mm, vma);
	return err;
}

/* Linux: mbind_range(), mm/mempolicy.c: every VMA meeting [start, end), in order. */
static int mbind_range(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end,
		       const struct mempolicy *pol)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	while (vma && vma->vm_start < end) {
		int err = mbind_one_vma(m, mm, &vma, start, end, pol);

		if (err)
			return err;
		/* After the splits vma ends at or before end. */
		if (vma->vm_end >= end)
			break;
		vma = find_vma(mm, vma->vm_end);
	}
	return 0;
}

/*
 * The pages of [start, end) for mbind: queue_pages_range() takes those
 * on no node of the user's nodes (every page for an empty mask: default
 * or local), as flags say, then the policy is set and, if that worked,
 * what was taken migrates.  With MPOL_MF_STRICT, a page that could not be
 * taken or did not move is -EIO, the rest done.
 * Linux: the body of do_mbind() after mpol_set_nodemask(), mm/mempolicy.c.
 */
static int mbind_apply(struct machine *m, struct task_struct *t, uint64_t start, uint64_t end,
		       const nodemask_t *nodes, unsigned long flags, const struct mempolicy *new)
{
	struct page_list pagelist;
	int ret, err, nr_failed = 0;

	page_list_init(&pagelist);
	ret = queue_pages_range(m, t->mm, start, end, nodes, flags | MPOL_MF_INVERT, &pagelist);
	err = ret < 0 ? ret : mbind_range(m, t->mm, start, end, new);
	if (err) {
		putback_movable_pages(m, &pagelist);
		return err;
	}
	if (!page_list_empty(&pagelist)) {
		/* The task runs the call: new_page() allocates as it, on its CPU. */
		set_current(m, t);
		nr_failed = mbind_migrate(m, &pagelist, start);
	}
	if ((ret > 0 || nr_failed) && (flags & MPOL_MF_STRICT))
		return -EIO;
	return 0;
}

/*
 * The checks in the kernel's order, so that the same call fails the same
 * way: mode and flags, mbind flags, alignment, wrap-around, then an empty
 * range succeeds before the mask is even looked at.  The task is treated
 * as privileged (MPOL_MF_MOVE_ALL needs CAP_SYS_NICE).  Resetting to the
 * default checks nothing (no MPOL_MF_STRICT) and may span holes
 * (MPOL_MF_DISCONTIG_OK).
 * Linux: kernel_mbind() -> do_mbind(), mm/mempolicy.c.
 */
int do_mbind(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
	     int mode_flags, const nodemask_t *nodes, unsigned int flags)
{
	const nodemask_t none = { 0 };
	unsigned short mode, mflags;
	struct mempolicy *new;
	uint64_t end;
	int err;

	err = sanitize_mpol_flags(mode_flags, &mode, &mflags);
	if (err)
		return err;
	if (flags & ~(unsigned int)MPOL_MF_VALID)
		return -EINVAL;
	if (start & (PAGE_SIZE - 1))
		return -EINVAL;
	if (mode == MPOL_DEFAULT)
		flags &= ~(unsigned int)MPOL_MF_STRICT;
	/* Like PAGE_ALIGN(), this wraps for a length near 2^64. */
	len = page_align(len);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	err = mpol_create(m, t, mode, mflags, nodes, &new);
	if (err)
		return err;
	if (!new)
		flags |= MPOL_MF_DISCONTIG_OK;
	err = mbind_apply(m, t, start, end, nodes ? nodes : &none, flags, new);
	mpol_put(new);
	return err;
}

/* ==================== placement ==================== */

/* Linux: get_task_policy(), mm/mempolicy.c (see default_policy). */
static struct mempolicy *get_task_policy(const struct task_struct *t)
{
	if (t && t->mempolicy)
		return t->mempolicy;
	return (struct mempolicy *)&default_policy;
}

/*
 * The VMA's policy, else the current task's, else the default.  The
 * result is borrowed: no reference is taken (VMA and task policies live
 * while the caller holds the VMA).  Linux: get_vma_policy(), mm/mempolicy.c.
 */
struct mempolicy *get_vma_policy(struct machine *m, struct vm_area_struct *vma, uint64_t addr)
{
	if (vma && vma->vm_policy)
		return vma->vm_policy;
	return get_task_policy(m->current);
}

/*
 * Does a bind mask apply to an allocation of gfp?  Only if it may use the
 * highest zone the machine has (policy_zone, never ZONE_MOVABLE), or
 * ZONE_MOVABLE itself when the mask's nodes have nothing else.  Without
 * CONFIG_ZONE_DMA(32) the flag means Normal, as in the allocator.
 * Linux: apply_policy_zone() and check_highest_zone(), mm/mempolicy.c.
 */
static bool apply_policy_zone(const struct machine *m, const struct mempolicy *pol, gfp_t gfp)
{
	nodemask_t normal = node_states_below(m, ZONE_MOVABLE);
	int zidx = gfp_zone(gfp), policy_zone = 0;

	if ((zidx == ZONE_DMA && !m->has_zone_dma) || (zidx == ZONE_DMA32 && !m->has_zone_dma32))
		zidx = ZONE_NORMAL;
	for_each_online_node(m, nid)
		for (int z = 0; z < ZONE_MOVABLE; z++)
			if (z > policy_zone && managed_zone(&NODE_DATA(m, nid)->node_zones[z]))
				policy_zone = z;
	if (!(pol->nodes.bits & normal.bits))
		policy_zone = ZONE_MOVABLE;
	return zidx >= policy_zone;
}

/*
 * The mask that filters the zonelist, or NULL.  A bind mask that has no
 * node left in the task's cpuset is ignored (the cpuset wins).
 * Linux: policy_nodemask().
 */
static const nodemask_t *policy_nodemask(const struct machine *m, gfp_t gfp,
					 const struct mempolicy *pol)
{
	if (pol->mode == MPOL_BIND && apply_policy_zone(m, pol, gfp) &&
	    cpuset_nodemask_valid_mems_allowed(m, &pol->nodes))
		return &pol->nodes;
	if (pol->mode == MPOL_PREFERRED_MANY)
		return &pol->nodes;
	return NULL;
}

/*
 * Where the zonelist starts: the preferred node, else nid (the local
 * node).  Bind starts locally too; its mask then skips to the nearest
 * allowed node.  Linux: policy_node(), mm/mempolicy.c.
 */
static int policy_node(const struct mempolicy *pol, int nid)
{
	return pol->mode == MPOL_PREFERRED ? first_node(&pol->nodes) : nid;
}

/*
 * Process interleave (no VMA): the node after the last one used.
 * Linux: interleave_nodes(), mm/mempolicy.c.
 */
static int interleave_nodes(struct machine *m, const struct mempolicy *pol)
{
	struct task_struct *me = m->current;
	int next = next_node_in(me ? me->il_prev : MAX_NUMNODES - 1, &pol->nodes);

	if (me && next < MAX_NUMNODES)
		me->il_prev = next;
	return next;
}

/*
 * The node of a VMA's n-th unit of 2^shift bytes: the (n mod weight)-th
 * node of the mask.  n counts from the start of the object (vm_pgoff), so
 * the stripes of a file or a split VMA do not move.  Without a VMA the
 * task's rotor decides.  Interleave over {0, 2}: units 0, 1, 2 go to nodes
 * 0, 2, 0.  Linux: interleave_nid() / offset_il_node(), mm/mempolicy.c.
 */
static int interleave_nid(struct machine *m, const struct mempolicy *pol,
			  const struct vm_area_struct *vma, uint64_t addr, unsigned int shift)
{
	unsigned int weight = (unsigned int)nodes_weight(&pol->nodes);
	uint64_t off;
	int nid;

	if (!vma)
		return interleave_nodes(m, pol);
	if (weight == 0)
		return numa_node_id(m);
	off = (vma->vm_pgoff >> (shift - PAGE_SHIFT)) + ((addr - vma->vm_start) >> shift);
	nid = first_node(&pol->nodes);
	/* The kernel takes the offset modulo 2^32 first (an unsigned int). */
	for (unsigned int i = (unsigned int)off % weight; i > 0; i--)
		nid = next_node(nid, &pol->nodes);
	return nid;
}

/*
 * Allocate on nid with the usual fallback; a page that landed where
 * interleave meant it to counts numa_interleave in its zone.
 * Linux: alloc_page_interleave(), mm/mempolicy.c.
 */
static struct page *alloc_page_interleave(struct machine *m, gfp_t gfp, unsigned int order,
					  int nid)
{
	struct page *page = __alloc_pages(m, gfp, order, nid, NULL);

	if (page && page_to_nid(page) == nid)
		page_zone(m, page)->vm_numa_event[NUMA_INTERLEAVE_HIT]++;
	return page;
}

/*
 * Two passes: the mask's nodes without direct reclaim and allowed to
 * fail, then any node.  Linux: alloc_pages_preferred_many().
 */
static struct page *alloc_pages_preferred_many(struct machine *m, gfp_t gfp, unsigned int order,
					       int nid, const struct mempolicy *pol)
{
	gfp_t preferred_gfp = (gfp | __GFP_NOWARN) & ~(__GFP_DIRECT_RECLAIM | __GFP_NOFAIL);
	struct page *page = __alloc_pages(m, preferred_gfp, order, nid, &pol->nodes);

	return page ? page : __alloc_pages(m, gfp, order, nid, NULL);
}

/*
 * A THP is worth having only near the CPU: when the policy allows the
 * local (or preferred) node, try that node alone without reclaim; only if
 * the caller may reclaim (defrag settings, MADV_HUGEPAGE) go on to the
 * policy's normal fallback.  Returns false, having done nothing, when the
 * policy excludes that node (the standard path then runs).
 * Linux: the hugepage branch of vma_alloc_folio(), mm/mempolicy.c (6.1).
 */
static bool alloc_hugepage_near(struct machine *m, gfp_t gfp, unsigned int order,
				const struct mempolicy *pol, struct page **out)
{
	int hpage_node = policy_node(pol, numa_node_id(m));
	const nodemask_t *nmask = policy_nodemask(m, gfp, pol);

	if (nmask && !node_isset(hpage_node, nmask))
		return false;
	*out = __alloc_pages(m, gfp | __GFP_THISNODE | __GFP_NORETRY, order, hpage_node, NULL);
	if (!*out && (gfp & __GFP_DIRECT_RECLAIM))
		*out = __alloc_pages(m, gfp, order, hpage_node, nmask);
	return true;
}

/*
 * Linux: alloc_pages(), mm/mempolicy.c (6.1): an allocation the kernel
 * makes for the current task outside any VMA (its page tables, file pages
 * read into the page cache) follows the task's policy; __GFP_THISNODE
 * requests keep the default.  Interleave takes the task's rotor.
 */
struct page *alloc_pages(struct machine *m, gfp_t gfp, unsigned int order)
{
	const struct mempolicy *pol = (gfp & __GFP_THISNODE) ? &default_policy :
				      get_task_policy(m->current);
	int node = numa_node_id(m);

	if (pol->mode == MPOL_INTERLEAVE)
		return alloc_page_interleave(m, gfp, order, interleave_nodes(m, pol));
	if (pol->mode == MPOL_PREFERRED_MANY)
		return alloc_pages_preferred_many(m, gfp, order, policy_node(pol, node), pol);
	return __alloc_pages(m, gfp, order, policy_node(pol, node), policy_nodemask(m, gfp, pol));
}

/*
 * Every path allocates a folio, a compound page even at order 0 (so the
 * trace shows __GFP_COMP, as a 6.1 kernel's does); above order 1 it is a
 * THP (prep_transhuge_page()).  Linux: vma_alloc_folio(), mm/mempolicy.c.
 */
struct page *vma_alloc_folio(struct machine *m, gfp_t gfp, unsigned int order,
			     struct vm_area_struct *vma, uint64_t addr, bool hugepage)
{
	struct mempolicy *pol = get_vma_policy(m, vma, addr);
	int node = numa_node_id(m);
	struct page *page;

	gfp |= __GFP_COMP;
	if (pol->mode == MPOL_INTERLEAVE) {
		int nid = interleave_nid(m, pol, vma, addr, PAGE_SHIFT + order);

		page = alloc_page_interleave(m, gfp, order, nid);
	} else if (pol->mode == MPOL_PREFERRED_MANY) {
		page = alloc_pages_preferred_many(m, gfp, order, policy_node(pol, node), pol);
	} else if (!hugepage || !alloc_hugepage_near(m, gfp, order, pol, &page)) {
		page = __alloc_pages(m, gfp, order, policy_node(pol, node),
				     policy_nodemask(m, gfp, pol));
	}
	if (page && order > 1)
		set_compound_page_dtor(page, TRANSHUGE_PAGE_DTOR);
	/* The kernel resets it when the frame is freed; only user pages read it. */
	if (page)
		page_cpupid_reset_last(m, page);
	return page;
}

/*
 * Interleave stripes hugetlb mappings by huge page; other modes give the
 * policy's node, with the mask for bind and preferred many.
 * Linux: huge_node(), mm/mempolicy.c.
 */
int huge_node(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
	      const nodemask_t **nodemask)
{
	struct mempolicy *pol = get_vma_policy(m, vma, addr);

	*nodemask = NULL;
	if (pol->mode == MPOL_INTERLEAVE)
		return interleave_nid(m, pol, vma, addr, HUGE_PAGE_SHIFT);
	if (pol->mode == MPOL_BIND || pol->mode == MPOL_PREFERRED_MANY)
		*nodemask = &pol->nodes;
	return policy_node(pol, numa_node_id(m));
}

/* ==================== NUMA balancing ==================== */

/*
 * The default policy stands for the kernel's preferred_node_policy[]:
 * prefer the local node, MPOL_F_MOF | MPOL_F_MORON (migrate on fault,
 * towards the node of the CPU that faults).  The policies a user sets
 * carry neither flag: 6.1 gives them only with MPOL_F_NUMA_BALANCING,
 * which numasim does not take, and userspace cannot pass MPOL_MF_LAZY.
 * A shmem mapping asks its object's shared policy instead
 * (shmem_get_policy()), which numasim does not keep: none, so no.
 * Linux: vma_policy_mof(), mm/mempolicy.c.
 */
bool vma_policy_mof(struct machine *m, struct vm_area_struct *vma)
{
	if (vma->vm_file && vma->vm_file->shmem)
		return false;
	return get_vma_policy(m, vma, vma->vm_start) == &default_policy;
}

/*
 * Linux: change_prot_numa(), mm/mempolicy.c: make [addr, end) of vma
 * PROT_NONE for hinting faults; counts numa_pte_updates.
 */
long change_prot_numa(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
		      uint64_t end)
{
	long nr_updated = change_protection(m, vma, addr, end, MM_CP_PROT_NUMA);

	if (nr_updated)
		__count_vm_events(m, NUMA_PTE_UPDATES, (unsigned long)nr_updated);
	return nr_updated;
}

/*
 * Linux: mpol_misplaced(), mm/mempolicy.c, for the one policy that wants
 * migrate-on-fault here (vma_policy_mof()): preferred_node_policy[] of
 * the faulting CPU's node, with MPOL_F_MORON.  A page on that node is in
 * place; another moves there if should_numa_migrate_memory() agrees.
 * Returns the node, or NUMA_NO_NODE.
 */
int mpol_misplaced(struct machine *m, struct page *page, struct vm_area_struct *vma,
		   uint64_t addr)
{
	int curnid = page_to_nid(page), thiscpu = m->current_cpu;
	int thisnid = cpu_to_node(m, thiscpu);

	if (get_vma_policy(m, vma, addr) != &default_policy || curnid == thisnid)
		return NUMA_NO_NODE;
	if (!should_numa_migrate_memory(m, m->current, page, curnid, thiscpu))
		return NUMA_NO_NODE;
	return thisnid;
}
