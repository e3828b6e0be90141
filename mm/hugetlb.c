/* TEMPORARY stub until the pool lands. */
#include <errno.h>
#include "mm/hugetlb.h"
#include "mm/mm.h"
void hugetlb_init(struct machine *m) { m->hstate.order = HPAGE_PMD_ORDER; }
int hugetlb_set_nr_hugepages(struct machine *m, int nid, unsigned long count) { (void)m; (void)nid; (void)count; return 0; }
void hugetlb_set_overcommit(struct machine *m, unsigned long count) { (void)m; (void)count; }
int hugetlb_reserve_pages(struct machine *m, unsigned long nr) { (void)m; return nr ? -ENOMEM : 0; }
void hugetlb_unreserve_pages(struct machine *m, unsigned long nr) { (void)m; (void)nr; }
struct page *alloc_huge_page(struct machine *m, struct vm_area_struct *vma, uint64_t addr, bool r) { (void)m; (void)vma; (void)addr; (void)r; return NULL; }
void free_huge_page(struct machine *m, struct page *head) { (void)m; (void)head; }
