/*
 * tests/helpers.h - fixtures shared by the Check suites.
 *
 * test_boot(json) builds a machine from an inline JSON config (the same
 * parser users go through) and fails the test on error; test_check(m) runs
 * every whole-structure checker and fails with the first violation.  Tests
 * call test_check() after every step that changes allocator state.
 */
#ifndef TESTS_HELPERS_H
#define TESTS_HELPERS_H

#include <check.h>
#include <stdbool.h>

#include "mm/mmzone.h"
#include "mm/mm_init.h"

/* Boot a machine from inline JSON; the returned machine is heap-allocated. */
struct machine *test_boot(const char *json);

/* Boot from filled-in boot parameters. */
struct machine *test_boot_params(const struct mm_boot_params *p);

/* machine_release() + free(). */
void test_release(struct machine *m);

/* Run machine_check(); ck_assert with the checker's message on failure. */
#define test_check(m) test_check_at((m), __FILE__, __LINE__)
void test_check_at(const struct machine *m, const char *file, int line);

/* The zone of index zidx on node nid. */
struct zone *test_zone(struct machine *m, int nid, int zidx);

/* Number of blocks on zone->free_area[order].free_list[mt]. */
unsigned long test_nr_on_list(const struct machine *m, const struct zone *zone,
			      unsigned int order, int mt);

/* Path of the numasim binary for CLI tests ($NUMASIM or ./numasim). */
const char *test_numasim_path(void);

/*
 * Run a shell command line, capturing stderr into err (may be NULL) and
 * stdout into out (may be NULL).  Returns the exit status (or -1).
 */
int test_run(const char *cmdline, char *out, size_t outlen, char *err, size_t errlen);

#endif /* TESTS_HELPERS_H */
