/*
 * mm/bug.c - the bug handler behind MM_BUG_ON (see mm/bug.h).
 *
 * Invariant: mm_bug() never returns.
 *
 * Linux counterpart: BUG() (include/asm-generic/bug.h), dump_page()'s role
 * is played by the handler sim/ installs.
 */
#include "mm/bug.h"

#include <stddef.h>

/* Process-wide like the kernel's panic path, not machine state: one hook for every machine. */
static mm_bug_handler_t bug_handler;

void mm_set_bug_handler(mm_bug_handler_t handler)
{
	bug_handler = handler;
}

/*
 * Linux: BUG().  mm/ neither prints nor exits: the handler sim/ installed
 * reports and ends the run.  Without one (or if it returns) this traps
 * like the kernel's BUG() does, so the process stops where the state
 * broke and a debugger lands there.
 */
void mm_bug(const char *file, int line, const char *cond,
	    const struct machine *m, const struct page *page)
{
	if (bug_handler)
		bug_handler(file, line, cond, m, page);
	__builtin_trap();
}
