/*
 * mm/mempolicy.h - NUMA memory policies: set_mempolicy(2), mbind(2)
 * (with its page moves), migrate_pages(2), and the node a user page is
 * allocated on.
 *
 * A policy is a mode plus a node mask; a VMA's policy (mbind) overrides
 * the task's (set_mempolicy), which overrides the default: allocate on the
 * node of the CPU the task runs on (numa_node_id()), falling back along
 * the zonelist.  Policies are reference-counted and shared by fork.
 *
 * Linux counterpart: mm/mempolicy.c, include/uapi/linux/mempolicy.h.
 */
#ifndef MM_MEMPOLICY_H
#define MM_MEMPOLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"

struct task_struct;
struct vm_area_struct;

/* Modes and flags.  Linux UAPI values. */
enum {
	MPOL_DEFAULT,
	MPOL_PREFERRED,
	MPOL_BIND,
	MPOL_INTERLEAVE,
	MPOL_LOCAL,
	MPOL_PREFERRED_MANY,
	MPOL_MAX
};

#define MPOL_F_STATIC_NODES	(1 << 15)
#define MPOL_F_RELATIVE_NODES	(1 << 14)
#define MPOL_MODE_FLAGS		(MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)

#define MPOL_MF_STRICT		(1 << 0)
#define MPOL_MF_MOVE		(1 << 1)
#define MPOL_MF_MOVE_ALL	(1 << 2)
/* mbind flags a caller may pass.  Linux: MPOL_MF_VALID. */
#define MPOL_MF_VALID		(MPOL_MF_STRICT | MPOL_MF_MOVE | MPOL_MF_MOVE_ALL)
/* numasim's own: do_migrate_pages() moves pages by swapping them out (mm/swap.h). */
#define MPOL_MF_SWAP		(1 << 8)

/* Linux: struct mempolicy, include/linux/mempolicy.h */
struct mempolicy {
	int refcnt;
	unsigned short mode;
	unsigned short flags;		/* MPOL_F_STATIC_NODES / MPOL_F_RELATIVE_NODES */
	nodemask_t nodes;
	nodemask_t user_nodemask;	/* as the user gave it (for the flags) */
	nodemask_t cpuset_mems_allowed;	/* no flag: the cpuset nodes made (rebound) in */
};

/*
 * set_mempolicy(mode | flags, nodes) for t.  -EINVAL for the kernel's
 * invalid combinations (unknown mode, both flags, empty mask where one is
 * needed, a mask for MPOL_LOCAL/DEFAULT, nodes without memory).
 * Linux: do_set_mempolicy() / mpol_new(), mm/mempolicy.c.
 */
int do_set_mempolicy(struct machine *m, struct task_struct *t, int mode_flags,
		     const nodemask_t *nodes);

/*
 * mbind(start, len, mode | flags, nodes, flags) for t: splits VMAs at the
 * range's ends and sets their policy.  With MPOL_MF_MOVE the pages of the
 * range on no node of nodes that t alone maps (MPOL_MF_MOVE_ALL: all of
 * them) migrate where the new policy places them (MR_MEMPOLICY_MBIND).
 * MPOL_MF_STRICT: -EIO when a page is on no node of nodes (policy left
 * unchanged), or, with a move flag, when one could not be taken or moved
 * (policy set, the rest moved).  -EINVAL (misaligned start, bad mode),
 * -EFAULT (a hole in the range).
 * Linux: do_mbind() / mbind_range(), mm/mempolicy.c.
 */
int do_mbind(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
	     int mode_flags, const nodemask_t *nodes, unsigned int flags);

/*
 * migrate_pages(2) by t on itself: move t's pages from the nodes of
 * old_nodes to those of new_nodes, node by node, keeping their relative
 * placement (do_migrate_pages()).  cap_sys_nice is the caller's
 * CAP_SYS_NICE: with it every page moves (MPOL_MF_MOVE_ALL), without it
 * only those t alone maps (MPOL_MF_MOVE) and new_nodes must lie within
 * t's cpuset (-EPERM).  new_nodes outside t's cpuset are dropped; none
 * left is -EINVAL.  Returns the folios that did not move, or -ENOMEM (a
 * destination node ran out of memory; what moved stays moved).  The
 * pages move through swap when the config says so (kernel.migration.via).
 * Linux: kernel_migrate_pages(), mm/mempolicy.c.
 */
int kernel_migrate_pages(struct machine *m, struct task_struct *t, const nodemask_t *old_nodes,
			 const nodemask_t *new_nodes, bool cap_sys_nice);
/*
 * The same, via_swap saying how: through swap (mm/swap.h,
 * migrate_pages_via_swap(); the folios left are those that could not be
 * swapped out, all of them without swap space) or by direct migration.
 */
int kernel_migrate_pages_via(struct machine *m, struct task_struct *t,
			     const nodemask_t *old_nodes, const nodemask_t *new_nodes,
			     bool cap_sys_nice, bool via_swap);

/*
 * Move mm's pages from the nodes of from to those of to: the k-th node of
 * from to the (k mod weight(to))-th node of to, one source node at a time
 * (MIGRATE_SYNC, MR_SYSCALL), each to a destination no later source still
 * has to empty when there is one.  flags: MPOL_MF_MOVE (pages mm alone
 * maps) or MPOL_MF_MOVE_ALL.  Returns the folios not moved, or -ENOMEM.
 * Linux: do_migrate_pages(), mm/mempolicy.c.
 */
int do_migrate_pages(struct machine *m, struct mm_struct *mm, const nodemask_t *from,
		     const nodemask_t *to, int flags);

/* ---- between mempolicy.c and mempolicy_migrate.c ---- */

/* Internal flags of the page walk.  Linux: mm/mempolicy.c. */
#define MPOL_MF_INTERNAL	(1 << 4)
#define MPOL_MF_DISCONTIG_OK	(MPOL_MF_INTERNAL << 0)	/* holes are no error */
#define MPOL_MF_INVERT		(MPOL_MF_INTERNAL << 1)	/* pages on no node of nodes */

struct page_list;

/*
 * Walk the pages mapped in [start, end) of mm and take those on a node of
 * nodes (MPOL_MF_INVERT: on none) onto pagelist, as flags say (see
 * mm/mempolicy_migrate.c).  Returns 0, 1 (MPOL_MF_STRICT with a move
 * flag: some page could not be taken), -EIO (MPOL_MF_STRICT alone: a
 * page found on such a node), -EFAULT (a hole, unless
 * MPOL_MF_DISCONTIG_OK; no VMA at all in the range).
 * Linux: queue_pages_range(), mm/mempolicy.c.
 */
int queue_pages_range(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end,
		      const nodemask_t *nodes, unsigned long flags, struct page_list *pagelist);

/*
 * mbind's migration of what queue_pages_range() took, once the new
 * policy is in place: each folio to where its VMA's policy now allocates
 * (new_page()), MIGRATE_SYNC, MR_MEMPOLICY_MBIND; what stays is put back.
 * Returns migrate_pages()'s result.
 * Linux: the migration step of do_mbind(), mm/mempolicy.c.
 */
int mbind_migrate(struct machine *m, struct page_list *pagelist, uint64_t start);

/* The policy in force at addr of vma for the current task (never NULL). */
struct mempolicy *get_vma_policy(struct machine *m, struct vm_area_struct *vma, uint64_t addr);

/* Linux: alloc_pages(): the current task's policy, no VMA (page tables, page cache). */
struct page *alloc_pages(struct machine *m, gfp_t gfp, unsigned int order);

/*
 * Allocate a page (order 0) or a THP (order HPAGE_PMD_ORDER, hugepage set)
 * for addr of vma, where the policy says; interleave counts numa_interleave
 * on a hit.  Linux: vma_alloc_folio(), mm/mempolicy.c (6.1).
 */
struct page *vma_alloc_folio(struct machine *m, gfp_t gfp, unsigned int order,
			     struct vm_area_struct *vma, uint64_t addr, bool hugepage);

/*
 * The node and mask a hugetlb fault at addr of vma uses.
 * Linux: huge_node(), mm/mempolicy.c.  *nodemask is NULL or the policy's.
 */
int huge_node(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
	      const nodemask_t **nodemask);

/*
 * A cpuset moved the task to the nodes newmask: its policy (and its VMAs'
 * with mpol_rebind_mm()) follows.  A bind or interleave policy without a
 * flag keeps its nodes' positions among the cpuset's (remapped from the
 * nodes it was made or last rebound in); with MPOL_F_STATIC_NODES it
 * keeps the user's nodes that are in newmask, with MPOL_F_RELATIVE_NODES
 * the user's nodes folded onto newmask; either way newmask if nothing is
 * left.  Preferred policies keep their node (6.1 only remembers newmask).
 * Linux: mpol_rebind_task(), mpol_rebind_mm(), mpol_rebind_policy(),
 * mm/mempolicy.c.
 */
void mpol_rebind_task(struct task_struct *t, const nodemask_t *newmask);
void mpol_rebind_mm(struct mm_struct *mm, const nodemask_t *newmask);

/*
 * NUMA balancing: does vma's policy want its pages moved on hinting
 * faults (MPOL_F_MOF)?  Only the default policy does.
 * Linux: vma_policy_mof(), mm/mempolicy.c.
 */
bool vma_policy_mof(struct machine *m, struct vm_area_struct *vma);

/*
 * Make [addr, end) of vma PROT_NONE for NUMA hinting faults; counts
 * numa_pte_updates.  Returns the entries changed (a huge PMD: 512).
 * Linux: change_prot_numa(), mm/mempolicy.c.
 */
long change_prot_numa(struct machine *m, struct vm_area_struct *vma, uint64_t addr,
		      uint64_t end);

/*
 * The node a hinting fault of the current task at addr should move page
 * to, or NUMA_NO_NODE.  Linux: mpol_misplaced(), mm/mempolicy.c.
 */
int mpol_misplaced(struct machine *m, struct page *page, struct vm_area_struct *vma,
		   uint64_t addr);

/* Reference counting (fork shares policies by copying them). */
struct mempolicy *mpol_dup(const struct mempolicy *pol);
void mpol_put(struct mempolicy *pol);
bool mpol_equal(const struct mempolicy *a, const struct mempolicy *b);

/*
 * The numa_maps form of a policy: "default", "prefer:1", "bind:0-1",
 * "interleave:0,2", "local", "prefer (many):0-1", with "=static" or
 * "=relative" before the ':' when a flag is set.  Returns the length.
 * Linux: mpol_to_str(), mm/mempolicy.c.
 */
int mpol_to_str(char *buf, size_t len, const struct mempolicy *pol);

/* Format a node mask as a list ("0-1,3").  Linux: the %*pbl format. */
int nodelist_format(char *buf, size_t len, const nodemask_t *mask);

#endif /* MM_MEMPOLICY_H */
