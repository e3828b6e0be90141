/*
 * mm/mmap.c - VMAs: lookup, mmap, munmap, splitting and merging.
 *
 * An mm keeps its VMAs in an array sorted by address (the kernel's maple
 * tree answers the same queries).  New mappings without MAP_FIXED are
 * placed top-down below mmap_base in the highest gap that fits, as the
 * x86_64 kernel does with address randomisation off.  A VMA that a
 * system call created or changed joins an equal neighbour (vma_merge), so
 * numa_maps shows the kernel's lines.  A private writable mapping (and a
 * shared anonymous object) is charged to the committed memory when it is
 * made and refunded when unmapped (mm/mman.h); a charge the overcommit
 * policy refuses fails the mmap with ENOMEM.
 *
 * Invariants: VMAs are page aligned, non-empty, sorted and disjoint;
 * every VMA with an anon_vma is on that anon_vma's chains; every file VMA
 * is on its file's i_mmap; hugetlb VMAs start and end on 2 MiB.
 *
 * Linux counterpart: mm/mmap.c (do_mmap, mmap_region, __do_munmap,
 * __split_vma, vma_merge, unmapped_area_topdown), mm/util.c
 * (vm_mmap_pgoff), arch/x86/mm/pgprot.c (vm_get_page_prot).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/array.h"
#include "mm/bug.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/rmap.h"

/* Linux: mmap_min_addr (CONFIG_DEFAULT_MMAP_MIN_ADDR on Debian). */
#define MMAP_MIN_ADDR	((uint64_t)65536)

/* ---- the sorted VMA array ---- */

/* Index of the first VMA with vm_end > addr (nr_vmas if none). */
static size_t vma_index(const struct mm_struct *mm, uint64_t addr)
{
	size_t lo = 0, hi = mm->nr_vmas;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (mm->vmas[mid]->vm_end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Linux: find_vma(), mm/mmap.c */
struct vm_area_struct *find_vma(const struct mm_struct *mm, uint64_t addr)
{
	size_t i = vma_index(mm, addr);

	return i < mm->nr_vmas ? mm->vmas[i] : NULL;
}

/* Linux: vma_lookup(), include/linux/mm.h */
struct vm_area_struct *vma_lookup(const struct mm_struct *mm, uint64_t addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

static int vma_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	return array_insert(&mm->vmas, sizeof(*mm->vmas), &mm->nr_vmas, &mm->vmas_cap,
			    vma_index(mm, vma->vm_start), &vma);
}

static void vma_remove(struct mm_struct *mm, const struct vm_area_struct *vma)
{
	size_t i = vma_index(mm, vma->vm_start);

	MM_BUG_ON(i >= mm->nr_vmas || mm->vmas[i] != vma);
	array_remove(mm->vmas, sizeof(*mm->vmas), &mm->nr_vmas, i);
}

/* Linux: vm_area_free() with unlink_anon_vmas(), unlink_file_vma(), mpol_put(). */
void vm_area_free(struct machine *m, struct vm_area_struct *vma)
{
	unlink_anon_vmas(m, vma);
	if (vma->vm_file) {
		list_del_init(&vma->shared);
		mapping_put(m, vma->vm_file);
	}
	if (vma->vm_policy)
		mpol_put(vma->vm_policy);
	if (vma->hugetlb_resv)
		hugetlb_unreserve_pages(m, vma->hugetlb_resv);
	free(vma);
}

/* ---- protections ---- */

/*
 * Linux: vm_get_page_prot() / protection_map[], arch/x86/mm/pgprot.c.
 * Private mappings never get RW here: write access is granted per PTE at
 * fault time (maybe_mkwrite), so that fork can share pages copy-on-write.
 * x86 user protections carry _PAGE_ACCESSED, so new PTEs start young.
 */
pteval_t vm_get_page_prot(unsigned long vm_flags)
{
	pteval_t prot = _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED;

	if (!(vm_flags & VM_ACCESS_FLAGS))
		return PAGE_NONE;
	if ((vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE))
		prot |= _PAGE_RW;
	if (!(vm_flags & VM_EXEC))
		prot |= _PAGE_NX;
	return prot;
}

/*
 * Linux: vma_set_page_prot() / vma_wants_writenotify(), mm/mmap.c: a
 * shared mapping of a file whose dirty pages must be tracked starts
 * write-protected, so the first write to each page faults
 * (wp_page_shared) and dirties it; shmem needs no such tracking.
 */
pteval_t vma_page_prot(const struct vm_area_struct *vma)
{
	pteval_t prot = vm_get_page_prot(vma->vm_flags);

	if ((vma->vm_flags & VM_SHARED) && vma->vm_file && !vma->vm_file->shmem)
		prot &= ~_PAGE_RW;
	return prot;
}

/* Linux: calc_vm_prot_bits() + calc_vm_flag_bits(), include/linux/mman.h */
static unsigned long calc_vm_flags(unsigned long prot, unsigned long flags)
{
	unsigned long vm_flags = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (prot & PROT_READ)
		vm_flags |= VM_READ;
	if (prot & PROT_WRITE)
		vm_flags |= VM_WRITE;
	if (prot & PROT_EXEC)
		vm_flags |= VM_EXEC;
	if (flags & MAP_SHARED)
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (flags & MAP_LOCKED)
		vm_flags |= VM_LOCKED;
	if (flags & MAP_HUGETLB)
		vm_flags |= VM_HUGETLB;
	return vm_flags;
}

/* ---- placement ---- */

static bool range_is_free(const struct mm_struct *mm, uint64_t addr, uint64_t len)
{
	struct vm_area_struct *next = find_vma(mm, addr);

	return addr >= MMAP_MIN_ADDR && addr + len <= TASK_SIZE && addr + len > addr &&
	       (!next || next->vm_start >= addr + len);
}

/*
 * Linux: unmapped_area_topdown(), mm/mmap.c: the highest gap below
 * mmap_base that fits len bytes at the given alignment.  0: none.
 */
static uint64_t unmapped_area_topdown(const struct mm_struct *mm, uint64_t len, uint64_t align)
{
	uint64_t high = mm->mmap_base;

	for (size_t i = vma_index(mm, high - 1) + 1; i-- > 0;) {
		uint64_t low = i > 0 ? mm->vmas[i - 1]->vm_end : MMAP_MIN_ADDR;
		uint64_t gap_end = high;
		uint64_t addr;

		if (i < mm->nr_vmas && mm->vmas[i]->vm_start < gap_end)
			gap_end = mm->vmas[i]->vm_start;
		addr = (gap_end - len) & ~(align - 1);
		if (gap_end >= len && addr >= low && addr + len <= gap_end)
			return addr;
		if (i < mm->nr_vmas)
			high = mm->vmas[i]->vm_start;
	}
	return 0;
}

/* Linux: get_unmapped_area(), mm/mmap.c (a free hint is honoured). */
static uint64_t get_unmapped_area(const struct mm_struct *mm, uint64_t hint, uint64_t len,
				  uint64_t align)
{
	if (hint && !(hint & (align - 1)) && range_is_free(mm, hint, len))
		return hint;
	return unmapped_area_topdown(mm, len, align);
}

/* ---- merging ---- */

void vma_neighbours(const struct mm_struct *mm, const struct vm_area_struct *vma,
		    struct vm_area_struct **prev, struct vm_area_struct **next)
{
	size_t i = vma_index(mm, vma->vm_start);

	*prev = i > 0 ? mm->vmas[i - 1] : NULL;
	*next = i + 1 < mm->nr_vmas ? mm->vmas[i + 1] : NULL;
}

/*
 * Linux: is_mergeable_anon_vma(), mm/mmap.c: two anon_vmas agree if they
 * are the same, or one side has none and the other was never forked
 * (a single chain).
 */
static bool anon_vmas_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	const struct vm_area_struct *with = a->anon_vma ? a : b;

	if (a->anon_vma && b->anon_vma)
		return a->anon_vma == b->anon_vma;
	return !with->anon_vma || with->anon_vma_chain.next->next == &with->anon_vma_chain;
}

/*
 * Linux: the conditions of vma_merge(), mm/mmap.c (is_mergeable_vma and
 * can_vma_merge_before/after): a ends where b begins, same flags, file,
 * policy and contiguous offsets.  hugetlb VMAs carry reservations and are
 * left alone.
 */
static bool vmas_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_flags == b->vm_flags &&
	       a->vm_file == b->vm_file && a->vm_pgoff + vma_pages(a) == b->vm_pgoff &&
	       !(a->vm_flags & VM_HUGETLB) && mpol_equal(a->vm_policy, b->vm_policy) &&
	       anon_vmas_mergeable(a, b);
}

/* b joins a (a just below it).  Returns false if the anon_vma chains could not follow. */
static bool vma_absorb(struct machine *m, struct mm_struct *mm, struct vm_area_struct *a,
		       struct vm_area_struct *b)
{
	if (!a->anon_vma && b->anon_vma && anon_vma_clone(m, a, b))
		return false;
	vma_remove(mm, b);	/* first: the lookup finds b by its range */
	a->vm_end = b->vm_end;
	vm_area_free(m, b);
	return true;
}

/*
 * Linux: vma_merge(), mm/mmap.c: after a VMA was created or its flags,
 * policy or lock changed, join it with an equal neighbour on either side.
 * Returns the VMA that now covers its range.
 */
struct vm_area_struct *vma_merge_neighbours(struct machine *m, struct mm_struct *mm,
					    struct vm_area_struct *vma)
{
	struct vm_area_struct *prev, *next;

	vma_neighbours(mm, vma, &prev, &next);
	if (prev && vmas_mergeable(prev, vma) && vma_absorb(m, mm, prev, vma))
		vma = prev;
	if (next && vmas_mergeable(vma, next))
		vma_absorb(m, mm, vma, next);
	return vma;
}

/* ---- mmap ---- */

/* Linux: vm_area_alloc(), kernel/fork.c */
static struct vm_area_struct *vma_new(struct mm_struct *mm, uint64_t addr, uint64_t end,
				      unsigned long vm_flags, struct address_space *file,
				      uint64_t pgoff)
{
	struct vm_area_struct *vma = calloc(1, sizeof(*vma));

	if (!vma)
		return NULL;
	vma->vm_start = addr;
	vma->vm_end = end;
	vma->vm_mm = mm;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	vma->vm_file = file;
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	INIT_LIST_HEAD(&vma->shared);
	return vma;
}

/*
 * The file a mapping really maps: hugetlbfs for MAP_HUGETLB, a shmem
 * object for shared anonymous memory (charged for mm: shmem_zero_setup).
 */
static struct address_space *mapping_file(struct machine *m, const struct mm_struct *mm,
					  uint64_t len, unsigned long vm_flags, unsigned long flags,
					  struct address_space *file)
{
	if (file) {
		mapping_get(file);
		return file;
	}
	if (flags & MAP_HUGETLB)
		return shmem_object_new(m, "/anon_hugepage (deleted)");
	if (flags & MAP_SHARED)
		return shmem_zero_setup(m, mm, len >> PAGE_SHIFT, vm_flags);
	return NULL;
}

/*
 * Linux: accountable_mapping(), mm/mmap.c: a private writable mapping
 * may need a page of its own for every page it spans; hugetlb has its
 * own reservations, and VM_NORESERVE asks not to be charged.
 */
static bool accountable_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE | VM_HUGETLB)) == VM_WRITE;
}

/*
 * Linux: the end of __mmap_region(): a hugetlb VMA is never mlocked
 * (VM_LOCKED_CLEAR_MASK), any other locked one counts in locked_vm.
 */
static void mmap_account_vma(struct mm_struct *mm, struct vm_area_struct *vma,
			     unsigned long vm_flags, uint64_t len)
{
	mm->total_vm += len >> PAGE_SHIFT;
	if (!(vm_flags & VM_LOCKED))
		return;
	if (vm_flags & VM_HUGETLB)
		vma->vm_flags &= ~VM_LOCKED_MASK;
	else
		mm->locked_vm += len >> PAGE_SHIFT;
}

/* Linux: mmap_region(), mm/mmap.c */
static int mmap_region(struct machine *m, struct mm_struct *mm, uint64_t addr, uint64_t len,
		       unsigned long vm_flags, unsigned long flags, struct address_space *file,
		       uint64_t pgoff)
{
	unsigned long charged = 0;
	struct address_space *mapped;
	struct vm_area_struct *vma;

	if (accountable_mapping(vm_flags)) {
		charged = len >> PAGE_SHIFT;
		if (security_vm_enough_memory_mm(m, mm, (long)charged))
			return -ENOMEM;
		vm_flags |= VM_ACCOUNT;
	}
	mapped = mapping_file(m, mm, len, vm_flags, flags, file);
	if ((flags & (MAP_SHARED | MAP_HUGETLB)) && !mapped)
		goto unacct;
	if (!mapped)
		pgoff = addr >> PAGE_SHIFT;
	else if (!file)
		pgoff = 0;
	vma = vma_new(mm, addr, addr + len, vm_flags, mapped, pgoff);
	if (!vma || vma_insert(mm, vma)) {
		free(vma);
		if (mapped)
			mapping_put(m, mapped);
		goto unacct;
	}
	if (mapped)
		list_add_tail(&vma->shared, &mapped->i_mmap);
	vma = vma_merge_neighbours(m, mm, vma);
	mmap_account_vma(mm, vma, vm_flags, len);
	return 0;
unacct:
	vm_unacct_memory(m, (long)charged);
	return -ENOMEM;
}

/* Check the flags and length of an mmap call; 0 or -EINVAL. */
static int mmap_check(uint64_t addr, uint64_t len, unsigned long flags, uint64_t align)
{
	unsigned long type = flags & (MAP_SHARED | MAP_PRIVATE);

	if (len == 0 || (type != MAP_SHARED && type != MAP_PRIVATE))
		return -EINVAL;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (align - 1)))
		return -EINVAL;
	return 0;
}

/* Linux: do_mmap(), mm/mmap.c */
int do_mmap(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
	    unsigned long prot, unsigned long flags, struct address_space *file,
	    uint64_t pgoff, uint64_t *out)
{
	struct mm_struct *mm = t->mm;
	uint64_t align = (flags & MAP_HUGETLB) ? HPAGE_PMD_SIZE : PAGE_SIZE;
	unsigned long vm_flags = calc_vm_flags(prot, flags);
	int ret = mmap_check(addr, len, flags, align);

	if (ret)
		return ret;
	/* MAP_NORESERVE is honoured while overcommit is allowed, and always by hugetlb. */
	if ((flags & MAP_NORESERVE) &&
	    (m->vm.overcommit_memory != OVERCOMMIT_NEVER || (flags & MAP_HUGETLB)))
		vm_flags |= VM_NORESERVE;
	set_current(m, t);
	len = (len + align - 1) & ~(align - 1);
	if (len == 0 || len > TASK_SIZE)	/* rounded past the top */
		return -ENOMEM;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
	    (addr > TASK_SIZE - len || addr < MMAP_MIN_ADDR))
		return -ENOMEM;
	if (flags & MAP_FIXED_NOREPLACE) {
		if (!range_is_free(mm, addr, len))
			return -EEXIST;
	} else if (flags & MAP_FIXED) {
		ret = do_munmap(m, t, addr, len);
		if (ret)
			return ret;
	} else {
		addr = get_unmapped_area(mm, addr & ~(align - 1), len, align);
		if (!addr)
			return -ENOMEM;
	}
	if ((vm_flags & VM_HUGETLB) && !(vm_flags & VM_NORESERVE) &&
	    hugetlb_reserve_pages(m, len >> (PAGE_SHIFT + HPAGE_PMD_ORDER)))
		return -ENOMEM;
	ret = mmap_region(m, mm, addr, len, vm_flags, flags, file, pgoff);
	if (ret) {
		if ((vm_flags & VM_HUGETLB) && !(vm_flags & VM_NORESERVE))
			hugetlb_unreserve_pages(m, len >> (PAGE_SHIFT + HPAGE_PMD_ORDER));
		return ret;
	}
	if ((vm_flags & VM_HUGETLB) && !(vm_flags & VM_NORESERVE))
		vma_lookup(mm, addr)->hugetlb_resv = len >> (PAGE_SHIFT + HPAGE_PMD_ORDER);
	/* Linux: vm_mmap_pgoff() -> mm_populate(): what populating meets is ignored. */
	if ((flags & MAP_POPULATE) || (vm_flags & VM_LOCKED))
		mm_populate(m, t, addr, len);
	*out = addr;
	return 0;
}

/* ---- splitting and unmapping ---- */

/* Linux: __split_vma(), mm/mmap.c */
int split_vma(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma,
	      uint64_t addr, int new_below)
{
	struct vm_area_struct *new;

	MM_BUG_ON(addr <= vma->vm_start || addr >= vma->vm_end || (addr & (PAGE_SIZE - 1)));
	if ((vma->vm_flags & VM_HUGETLB) && (addr & (HPAGE_PMD_SIZE - 1)))
		return -EINVAL;
	new = malloc(sizeof(*new));
	if (!new)
		return -ENOMEM;
	/* vma_adjust_trans_huge(): no huge PMD may straddle the new boundary. */
	split_huge_pmd_address(m, vma, addr);
	*new = *vma;
	INIT_LIST_HEAD(&new->anon_vma_chain);
	INIT_LIST_HEAD(&new->shared);
	new->vm_policy = vma->vm_policy ? mpol_dup(vma->vm_policy) : NULL;
	if (anon_vma_clone(m, new, vma)) {
		if (new->vm_policy)
			mpol_put(new->vm_policy);
		free(new);
		return -ENOMEM;
	}
	if (new->vm_file) {
		mapping_get(new->vm_file);
		list_add_tail(&new->shared, &new->vm_file->i_mmap);
	}
	/* A reservation follows the huge pages it was made for (approximately: by size). */
	if (vma->hugetlb_resv) {
		uint64_t nr_new = (new_below ? addr - vma->vm_start : vma->vm_end - addr) >>
				  (PAGE_SHIFT + HPAGE_PMD_ORDER);

		new->hugetlb_resv = vma->hugetlb_resv < nr_new ? vma->hugetlb_resv : nr_new;
		vma->hugetlb_resv -= new->hugetlb_resv;
	}
	if (new_below) {
		new->vm_end = addr;
		vma->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_start = addr;
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_end = addr;
	}
	if (vma_insert(mm, new)) {
		vm_area_free(m, new);
		return -ENOMEM;
	}
	return 0;
}

/* Unmap one whole VMA: pages, mlock and commit accounting, the VMA itself. */
static void unmap_whole_vma(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma)
{
	uint64_t nr_pages = vma_pages(vma);

	zap_page_range(m, vma, vma->vm_start, vma->vm_end);
	mm->total_vm -= nr_pages;
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm -= nr_pages;
	if (vma->vm_flags & VM_ACCOUNT)
		vm_unacct_memory(m, (long)nr_pages);	/* Linux: remove_mt() */
	vma_remove(mm, vma);
}

/* Linux: __do_munmap() / do_vmi_munmap(), mm/mmap.c */
int do_munmap(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len)
{
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *vma, *prev, *next;
	uint64_t end, floor, ceiling;
	size_t i;
	int ret;

	if ((addr & (PAGE_SIZE - 1)) || addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -EINVAL;
	len = page_align(len);
	if (len == 0)
		return -EINVAL;
	end = addr + len;
	set_current(m, t);
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start >= end)
		return 0;
	ret = vma->vm_start < addr ? split_vma(m, mm, vma, addr, 1) : 0;
	vma = ret ? NULL : find_vma(mm, end - 1);
	if (vma && vma->vm_start < end && vma->vm_end > end)
		ret = split_vma(m, mm, vma, end, 1);
	if (ret)
		return ret;
	i = vma_index(mm, addr);
	prev = i > 0 ? mm->vmas[i - 1] : NULL;
	while (i < mm->nr_vmas && mm->vmas[i]->vm_start < end) {
		vma = mm->vmas[i];
		unmap_whole_vma(m, mm, vma);
		vm_area_free(m, vma);
	}
	next = i < mm->nr_vmas ? mm->vmas[i] : NULL;
	floor = prev ? prev->vm_end : 0;
	ceiling = next ? next->vm_start : 0;
	free_pgtables(m, mm, addr, end, floor, ceiling);
	return 0;
}

/* ---- helpers of the range system calls ---- */

/* Is any byte of [start, end) outside every VMA? */
bool vma_range_has_hole(const struct mm_struct *mm, uint64_t start, uint64_t end)
{
	for (uint64_t a = start; a < end;) {
		struct vm_area_struct *vma = vma_lookup(mm, a);

		if (!vma)
			return true;
		a = vma->vm_end;
	}
	return false;
}

/*
 * Split the VMAs that straddle start or end, so that [start, end) is made
 * of whole VMAs (what mprotect_fixup/madvise_update_vma/mlock_fixup do
 * before changing flags).  0, -ENOMEM, or -EINVAL (a hugetlb VMA split off
 * a huge-page boundary).
 */
int vma_split_edges(struct machine *m, struct mm_struct *mm, uint64_t start, uint64_t end)
{
	struct vm_area_struct *vma = vma_lookup(mm, start);
	int ret = 0;

	if (vma && vma->vm_start < start)
		ret = split_vma(m, mm, vma, start, 1);
	vma = ret ? NULL : vma_lookup(mm, end - 1);
	if (vma && vma->vm_end > end)
		ret = split_vma(m, mm, vma, end, 0);
	return ret;
}
