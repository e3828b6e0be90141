/*
 * mm/debug.h - assertions and whole-structure checkers.
 *
 * MM_BUG_ON(c) is a precondition or "cannot happen" check.  MM_DEBUG picks
 * how much is checked: 0 compiles the condition without evaluating it (it
 * still type-checks, like the kernel's BUILD_BUG_ON_INVALID), 1 checks cheap
 * conditions, 2 also expensive ones (MM_BUG_ON_EXPENSIVE).  A failed check
 * calls the machine-independent bug handler, which sim/ installs to print the
 * location (and the frame, for MM_BUG_ON_PAGE) before aborting; mm/ itself
 * never prints.
 *
 * The checkers (buddy_check, pageblock_check) walk a whole zone and report
 * the first broken invariant into a buffer.  Tests run them after every step,
 * `numasim run --check=N` every N events.
 *
 * Linux counterpart: include/linux/mmdebug.h (VM_BUG_ON, VM_BUG_ON_PAGE),
 * and the checks of CONFIG_DEBUG_VM.
 */
#ifndef MM_DEBUG_H
#define MM_DEBUG_H

#include <stddef.h>
#include "mm/mmzone.h"

#ifndef MM_DEBUG
#define MM_DEBUG 1
#endif

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

/*
 * Check every buddy invariant of zone (see mmzone.h).  Returns 0, or the
 * number of violations found with the first described in msg.
 */
int buddy_check(const struct machine *m, const struct zone *zone, char *msg, size_t msglen);

/*
 * Check the pageblock bitmap against the zone: every pageblock of the zone
 * holds a valid migratetype (CMA only with CONFIG_CMA), the ISOLATE count
 * equals nr_isolate_pageblock, and pcp lists hold only allocatable pages of
 * their zone with refcount 0.
 */
int pageblock_check(const struct machine *m, const struct zone *zone, char *msg, size_t msglen);

/* Both checkers over every populated zone of the machine. */
int machine_check(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_DEBUG_H */
