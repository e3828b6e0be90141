/*
 * sim/shell_pte.c - `show pte PID ADDR` in `numasim shell`: how a task's
 * page tables translate one virtual address, the way a student would
 * read them with a page-table dumper: the VMA that covers it, then the
 * leaf entry (a PTE, or the PMD of a huge page) and what it holds: a
 * present frame with its bits, a swap entry, a migration entry, or
 * nothing yet.
 *
 * Reads only: it walks with follow_pte(), which never allocates a table.
 *
 * Linux counterpart: none as a command; the encodings are x86-64's
 * (arch/x86/include/asm/pgtable_types.h, include/linux/swapops.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "mm/mm.h"
#include "mm/pgtable.h"
#include "mm/sparse.h"
#include "sim/shell_internal.h"
#include "workloads/trace.h"

/* The bits of a present entry a student looks for, as page-table dumpers name them. */
static void print_present_bits(pteval_t v)
{
	static const struct { pteval_t bit; const char *name; } bits[] = {
		{ _PAGE_RW, "RW" }, { _PAGE_USER, "USR" }, { _PAGE_ACCESSED, "accessed" },
		{ _PAGE_DIRTY, "dirty" }, { _PAGE_SOFT_DIRTY, "soft-dirty" },
		{ _PAGE_SPECIAL, "special" }, { _PAGE_PROTNONE, "protnone" }, { _PAGE_NX, "NX" },
	};

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (v & bits[i].bit)
			printf(" %s", bits[i].name);
}

static void print_frame(const struct machine *m, pfn_t pfn)
{
	printf("pfn %" PRIu64, (uint64_t)pfn);
	if (pfn_valid(m, pfn))
		printf(" (node %d)", page_to_nid(pfn_to_page(m, pfn)));
}

/* A non-present, non-empty entry: swap, migration or hwpoison. */
static void print_swap_entry(const struct machine *m, pte_t pte)
{
	unsigned int type = pte_swp_type(pte);

	if (is_migration_pte(pte)) {
		printf("migration entry (%s) for ",
		       type == SWP_MIGRATION_WRITE ? "write" :
		       type == SWP_MIGRATION_READ_EXCLUSIVE ? "read, exclusive" : "read");
		print_frame(m, migration_entry_pfn(pte));
		printf(": the page is being migrated; a fault waits for it\n");
	} else if (type == SWP_HWPOISON) {
		printf("hwpoison entry: the page was poisoned\n");
	} else {
		printf("swap entry: device %u, slot %" PRIu64 "%s\n", type,
		       pte_swp_offset(pte), pte_swp_exclusive(pte) ? ", exclusive" : "");
	}
}

static void print_vma(const struct vm_area_struct *vma)
{
	printf("vma %#" PRIx64 "-%#" PRIx64 " %c%c%c%c %s\n", vma->vm_start, vma->vm_end,
	       vma->vm_flags & VM_READ ? 'r' : '-', vma->vm_flags & VM_WRITE ? 'w' : '-',
	       vma->vm_flags & VM_EXEC ? 'x' : '-', vma->vm_flags & VM_SHARED ? 's' : 'p',
	       vma->vm_file ? "file" : "anon");
}

int shell_show_pte(struct shell *sh, const char *pid_text, const char *addr_text)
{
	uint64_t pid, addr;
	const struct task_struct *t;
	const struct vm_area_struct *vma;
	pmd_t *pmd = NULL;
	pte_t *pte;

	if (trace_parse_u64(pid_text, false, &pid) || pid > INT32_MAX)
		return shell_error(sh, "show pte: bad pid '%s'", pid_text);
	if (trace_parse_u64(addr_text, false, &addr))
		return shell_error(sh, "show pte: bad address '%s'", addr_text);
	t = find_task_by_pid(&sh->m, (int)pid);
	if (!t || !t->mm)
		return shell_error(sh, "show pte: unknown pid %" PRIu64, pid);
	vma = find_vma(t->mm, addr);
	if (!vma || vma->vm_start > addr)
		return printf("%#" PRIx64 ": no vma: an access would be a segmentation fault\n",
			      addr), 0;
	print_vma(vma);
	pte = follow_pte(&sh->m, t->mm, addr, &pmd);
	if (pmd && pmd_trans_huge(*pmd)) {
		printf("pmd %#018" PRIx64 ": huge page, ", pmd->pmd);
		print_frame(&sh->m, pmd_pfn(*pmd) + ((addr & ~PMD_MASK) >> PAGE_SHIFT));
		print_present_bits(pmd->pmd);
		printf("\n");
	} else if (!pte || pte_none(*pte)) {
		printf("pte none: not faulted in yet\n");
	} else if (pte_present(*pte)) {
		printf("pte %#018" PRIx64 ": present, ", pte->pte);
		print_frame(&sh->m, pte_pfn(*pte));
		print_present_bits(pte->pte);
		printf("\n");
	} else {
		printf("pte %#018" PRIx64 ": ", pte->pte);
		print_swap_entry(&sh->m, *pte);
	}
	return 0;
}
