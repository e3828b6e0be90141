/*
 * mm/mempolicy.h - NUMA memory policies: set_mempolicy(2), mbind(2), and
 * the node a user page is allocated on.
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

/* Linux: struct mempolicy, include/linux/mempolicy.h */
struct mempolicy {
	int refcnt;
	unsigned short mode;
	unsigned short flags;		/* MPOL_F_STATIC_NODES / MPOL_F_RELATIVE_NODES */
	nodemask_t nodes;
	nodemask_t user_nodemask;	/* as the user gave it (for the flags) */
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
 * range's ends and sets their policy.  MPOL_MF_MOVE/MOVE_ALL are accepted
 * and, until migration exists, move nothing.  -EINVAL (misaligned start,
 * bad mode), -EFAULT (a hole in the range).
 * Linux: do_mbind() / mbind_range(), mm/mempolicy.c.
 */
int do_mbind(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len,
	     int mode_flags, const nodemask_t *nodes, unsigned int flags);

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
