/*
 * tests/zoneinfo_load.h - load a recorded /proc/zoneinfo (the reference
 * kernel's) into a machine's counters, sizes, watermarks, lowmem reserves
 * and pagesets, so that views computed from them can be compared with
 * what the kernel printed next to it.
 */
#ifndef TESTS_ZONEINFO_LOAD_H
#define TESTS_ZONEINFO_LOAD_H

#include "mm/mmzone.h"

/*
 * Every node the file names must exist in m with its zones' zone_pgdat
 * set; pageset lines are loaded only into zones that have pagesets.  An
 * unknown key fails the test.
 */
void test_zoneinfo_load(struct machine *m, const char *path);

#endif /* TESTS_ZONEINFO_LOAD_H */
