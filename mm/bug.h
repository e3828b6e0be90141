/*
 * mm/bug.h - assertions: MM_BUG_ON and the bug handler behind it.
 *
 * MM_BUG_ON(c) is a precondition or "cannot happen" check.  MM_DEBUG picks
 * how much is checked: 0 compiles the condition without evaluating it (it
 * still type-checks, like the kernel's BUILD_BUG_ON_INVALID), 1 checks cheap
 * conditions, 2 also expensive ones (MM_BUG_ON_EXPENSIVE).  A failed check
 * calls the machine-independent bug handler, which sim/ installs to print the
 * location (and the frame, for MM_BUG_ON_PAGE) before aborting; mm/ itself
 * never prints.
 *
 * This header and mm/bug.c depend on nothing else in mm/: every file may
 * assert without joining a cycle.  The whole-structure checkers are in
 * mm/check.h.
 *
 * Linux counterpart: include/linux/mmdebug.h (VM_BUG_ON, VM_BUG_ON_PAGE),
 * include/asm-generic/bug.h (BUG).
 */
#ifndef MM_BUG_H
#define MM_BUG_H

#ifndef MM_DEBUG
#define MM_DEBUG 1
#endif

struct machine;
struct page;

typedef void (*mm_bug_handler_t)(const char *file, int line, const char *cond,
				 const struct machine *m, const struct page *page);

/* Install the handler called on a failed MM_BUG_ON (default: a trap, as BUG()). */
void mm_set_bug_handler(mm_bug_handler_t handler);
__attribute__((noreturn))
void mm_bug(const char *file, int line, const char *cond,
	    const struct machine *m, const struct page *page);

#if MM_DEBUG >= 1
#define MM_BUG_ON(c) do { if (__builtin_expect(!!(c), 0)) mm_bug(__FILE__, __LINE__, #c, NULL, NULL); } while (0)
#define MM_BUG_ON_PAGE(c, m, page) \
	do { if (__builtin_expect(!!(c), 0)) mm_bug(__FILE__, __LINE__, #c, (m), (page)); } while (0)
#else
#define MM_BUG_ON(c) ((void)sizeof(!!(c)))
#define MM_BUG_ON_PAGE(c, m, page) ((void)sizeof(!!(c)), (void)(m), (void)(page))
#endif

#if MM_DEBUG >= 2
#define MM_BUG_ON_EXPENSIVE(c) MM_BUG_ON(c)
#else
#define MM_BUG_ON_EXPENSIVE(c) ((void)sizeof(!!(c)))
#endif

#endif /* MM_BUG_H */
