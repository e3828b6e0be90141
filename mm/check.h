/*
 * mm/check.h - the whole-machine checker: a registry of subsystem checkers.
 *
 * Each subsystem that keeps invariants across structures (the buddy lists,
 * the LRU, the reverse map, ...) provides one function that walks the
 * whole machine and reports the first broken invariant into msg; it joins
 * the table in mm/check.c with one row.  machine_check() runs every row in
 * order.  Tests run it after every step, `numasim run --check=N` every N
 * events.  The checkers are slow (they walk every frame) and never run on
 * the simulation's own paths.
 *
 * Contract of a checker: returns 0, or the number of violations found with
 * the first described in msg ("zone Normal: ..."), msg always terminated
 * when msglen > 0; it never changes the machine.
 *
 * Linux counterpart: none as a whole (CONFIG_DEBUG_VM checks each structure
 * where it is used).
 */
#ifndef MM_CHECK_H
#define MM_CHECK_H

#include <stddef.h>

struct machine;

typedef int (*mm_checker_fn)(const struct machine *m, char *msg, size_t msglen);

struct mm_checker {
	const char *name;	/* "buddy", "lru", "rmap", ... */
	mm_checker_fn check;
};

/* The registry, ended by a row with a NULL name. */
extern const struct mm_checker mm_checkers[];

/*
 * Run every checker in registry order; stop at the first that finds a
 * violation.  Returns its count (0: all invariants hold), the message
 * prefixed with the checker's name ("rmap: ...").
 */
int machine_check(const struct machine *m, char *msg, size_t msglen);

#endif /* MM_CHECK_H */
