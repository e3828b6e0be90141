/* TEMPORARY stub until mempolicy lands. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include "mm/mempolicy.h"
#include "mm/mm.h"
int do_set_mempolicy(struct machine *m, struct task_struct *t, int mode_flags, const nodemask_t *nodes) { (void)m; (void)t; (void)mode_flags; (void)nodes; return -ENOSYS; }
int do_mbind(struct machine *m, struct task_struct *t, uint64_t start, uint64_t len, int mode_flags, const nodemask_t *nodes, unsigned int flags) { (void)m; (void)t; (void)start; (void)len; (void)mode_flags; (void)nodes; (void)flags; return -ENOSYS; }
struct page *vma_alloc_folio(struct machine *m, gfp_t gfp, unsigned int order, struct vm_area_struct *vma, uint64_t addr, bool hugepage)
{ (void)vma; (void)addr; (void)hugepage; return __alloc_pages(m, gfp | (order ? __GFP_COMP : 0), order, numa_node_id(m), NULL); }
int huge_node(struct machine *m, struct vm_area_struct *vma, uint64_t addr, const nodemask_t **nodemask) { (void)vma; (void)addr; *nodemask = NULL; return numa_node_id(m); }
struct mempolicy *mpol_dup(const struct mempolicy *pol) { struct mempolicy *p = malloc(sizeof(*p)); *p = *pol; p->refcnt = 1; return p; }
void mpol_put(struct mempolicy *pol) { if (pol && --pol->refcnt <= 0) free(pol); }
bool mpol_equal(const struct mempolicy *a, const struct mempolicy *b) { return a == b; }
int mpol_to_str(char *buf, size_t len, const struct mempolicy *pol) { (void)pol; return snprintf(buf, len, "default"); }
int nodelist_format(char *buf, size_t len, const nodemask_t *mask) { (void)mask; if (len) buf[0] = 0; return 0; }
