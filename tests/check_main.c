/*
 * tests/check_main.c - the Check runner for every suite in tests/check_*.c.
 *
 * Each tests/check_<module>.c defines one "Suite *<module>_suite(void)".  The
 * Makefile collects their names into build/tests/suites.h, so adding a test
 * file never means editing this one.  Environment:
 *   CK_FORK=no          run in-process (for gdb)
 *   CK_RUN_SUITE=name   run one suite, CK_RUN_CASE=name one test case
 *   NUMASIM=path        the binary the CLI tests run (default ./numasim)
 */
#include <check.h>
#include <stdlib.h>

#define SUITE(fn) Suite *fn(void);
#include "suites.h"
#undef SUITE

int main(void)
{
	SRunner *sr = srunner_create(NULL);
	int failed;

#define SUITE(fn) srunner_add_suite(sr, fn());
#include "suites.h"
#undef SUITE
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
