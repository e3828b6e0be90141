/*
 * tests/helpers.h - fixtures shared by the Check suites.
 *
 * test_boot(json) builds a machine from an inline JSON config (the same
 * parser users go through) and fails the test on error; test_check(m) runs
 * every whole-structure checker and fails with the first violation.  Tests
 * call test_check() after every step that changes allocator state; the
 * helpers below that change it do so themselves, and test_release() checks
 * once more before it frees the machine (test_release_unchecked() is for
 * machines a test broke on purpose).
 *
 * A helper whose own work goes wrong fails the calling test (ck_assert,
 * ck_abort) instead of returning an error, so tests never check helpers for
 * failure; test_run() alone reports trouble as -1.  A helper is here because
 * two or more suites use it; what one suite needs stays in its own file.
 */
#ifndef TESTS_HELPERS_H
#define TESTS_HELPERS_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/mm_init.h"
#include "mm/trace_events.h"

/* Number of elements of an array (not a pointer). */
#define TEST_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- machines ------------------------------------------------------------ */

/*
 * Kernel keys of the small test machines: no ZONE_DMA or ZONE_DMA32, no
 * CMA, and mobility grouping on whatever the size (the kernel would turn it
 * off below pageblock_nr_pages * MIGRATE_TYPES free pages).
 */
#define TEST_K_BASE	"\"dma\": false, \"dma32\": false, \"mobility_grouping\": true," \
			" \"cma\": false"

/* ... and nothing reserved, THP "never": the allocator tests' plain machine. */
#define TEST_K_PLAIN	TEST_K_BASE ", \"reserved\": \"0\", \"transparent_hugepage\": \"never\""

/*
 * Node 0 spans 4G+16M with a hole over [0, 4080M), so its memory starts at
 * pfn 1044480 and straddles the 4G line (pfn 1048576); node 1 (16M) follows
 * at pfn 1052672.  Machine keys for test_boot_machine().
 */
#define TEST_M_ACROSS_4G "\"nodes\": [{\"mem\": \"4112M\", \"cpus\": 1}," \
			 " {\"mem\": \"16M\", \"cpus\": 1}], \"distance\": [[10, 20], [20, 10]]," \
			 " \"holes\": [{\"start\": \"0\", \"size\": \"4080M\"}]"

/* Parse an inline JSON config into *p; fails the test on a config error. */
void test_load_config(const char *json, struct mm_boot_params *p);

/* Parse the config file at path into *p; fails the test on any error. */
void test_load_config_file(const char *path, struct mm_boot_params *p);

/* Boot a machine from inline JSON; the returned machine is heap-allocated. */
struct machine *test_boot(const char *json);

/* Boot from filled-in boot parameters; fails the test if machine_boot() does. */
struct machine *test_boot_params(const struct mm_boot_params *p);

/*
 * Boot {"machine": {machine_keys}, "kernel": {kernel_keys}}: both strings
 * are the members of their object, without the braces.
 */
struct machine *test_boot_machine(const char *machine_keys, const char *kernel_keys);

/* One node of mem (a config size: "16M") with cpus CPUs, distance [[10]]. */
struct machine *test_boot_node(const char *mem, int cpus, const char *kernel_keys);

/* Two nodes of mem0 and mem1, one CPU each, at distance 20. */
struct machine *test_boot_node_pair(const char *mem0, const char *mem1,
				    const char *kernel_keys);

/*
 * Run every checker (test_check()), then machine_release() + free(): a
 * test that changed the machine ends checked.
 */
#define test_release(m) test_release_at((m), __FILE__, __LINE__)
void test_release_at(struct machine *m, const char *file, int line);

/* machine_release() + free() without the checkers: for machines broken on purpose. */
void test_release_unchecked(struct machine *m);

/* Run machine_check(); ck_assert with the checker's message on failure. */
#define test_check(m) test_check_at((m), __FILE__, __LINE__)
void test_check_at(const struct machine *m, const char *file, int line);

/* The zone of index zidx on node nid. */
struct zone *test_zone(struct machine *m, int nid, int zidx);

/* Node 0's Normal zone: the only zone of most test machines. */
struct zone *test_normal0(struct machine *m);

/* Every zone's managed pages added up, counted here: the kernel's totalram_pages(). */
unsigned long test_managed_pages(const struct machine *m);

/*
 * Host pages backing the struct pages of [pfn, pfn + nr_pages) (mincore()):
 * 0 where sections have no memmap, as sparse memory promises.
 */
size_t test_resident_memmap_pages(const struct machine *m, pfn_t pfn, unsigned long nr_pages);

/* Asserts the zone's min/low/high watermarks, all three in one message. */
void test_expect_wmarks(const struct zone *z, unsigned long min, unsigned long low,
			unsigned long high);

/* ---- allocating and freeing ---------------------------------------------- */

/* The gfp masks of an Unmovable, a Movable and a Reclaimable request. */
#define TEST_GFP_UNMOV	GFP_KERNEL
#define TEST_GFP_MOV	GFP_HIGHUSER_MOVABLE
#define TEST_GFP_RECL	(GFP_KERNEL | __GFP_RECLAIMABLE)

/*
 * alloc_pages_node() on node 0; asserts that the allocation succeeds, runs
 * test_check() and returns the pfn of the block's first page.
 */
pfn_t test_alloc_pfn(struct machine *m, gfp_t gfp, unsigned int order);

/* __free_pages() of the block at pfn, then test_check(). */
void test_free_pfn(struct machine *m, pfn_t pfn, unsigned int order);

/*
 * Allocate every free page of node nid at order 0, movable, this node only
 * (with per-CPU lists off the pfns come out ascending).  Asserts that each
 * allocation succeeds and that the node has no free page left; test_check().
 */
void test_take_all(struct machine *m, int nid);

/*
 * Free the order-0 pages [start, start + nr_pages) one by one, ascending,
 * then test_check().  A range of 2^k pages whose neighbours stay allocated
 * merges into one order-k block.
 */
void test_free_range(struct machine *m, pfn_t start, unsigned long nr_pages);

/*
 * Put the allocated order-0 pages [start, start + nr_pages) on their
 * node's LRU (folio_add_lru(), a file LRU page), as the page cache would;
 * move_freepages_block() then counts them movable.  test_check().
 */
void test_set_lru(struct machine *m, pfn_t start, unsigned long nr_pages);

/* ---- the free lists ------------------------------------------------------ */

/* Number of blocks on zone->free_area[order].free_list[mt]. */
unsigned long test_nr_on_list(const struct machine *m, const struct zone *zone,
			      unsigned int order, int mt);

/* Whether page is on zone->free_area[order].free_list[mt]. */
bool test_on_free_list(struct machine *m, struct zone *zone, struct page *page,
		       unsigned int order, int mt);

/*
 * Asserts that pfn heads a free block (PageBuddy) of this order that sits on
 * the order's list of type mt in its zone; the message names what is wrong.
 */
void test_expect_free_block(struct machine *m, pfn_t pfn, unsigned int order, int mt);

/*
 * Asserts that a page list (a free list or a pcp list) holds exactly the
 * pages of the listed pfns, from head to tail:
 *	test_expect_list(m, &zone->free_area[2].free_list[MIGRATE_MOVABLE], 64, 32, 8);
 * The message names the caller's line, the position and both pfns.
 */
#define test_expect_list(m, list, ...)							\
	test_expect_list_at((m), (list), (const pfn_t[]){ __VA_ARGS__ },		\
			    sizeof((const pfn_t[]){ __VA_ARGS__ }) / sizeof(pfn_t),	\
			    __FILE__, __LINE__)
void test_expect_list_at(struct machine *m, const struct page_list *list, const pfn_t *want,
			 unsigned int nr, const char *file, int line);

/* ---- event log ----------------------------------------------------------- */

#define TEST_EV_MAX	512

/* The events of a machine's sink, in order; n counts past TEST_EV_MAX too. */
struct test_ev_log {
	unsigned int n;
	unsigned int pageblock_order;	/* the machine's, for "fragmenting" */
	struct mm_event ev[TEST_EV_MAX];
};

/*
 * Empty log and make it m's sink, recording the events whose bit
 * (MM_EV_BIT(enum mm_event_id)) is set in mask.
 */
void test_ev_attach(struct machine *m, struct test_ev_log *log, uint64_t mask);

/*
 * Assert that log holds exactly one event, an mm_page_alloc_extfrag with
 * these fields (the fields of the kernel's tracepoint; fragmenting is what
 * its TP_printk derives: fallback_order < pageblock_order).
 */
void test_expect_extfrag(const struct test_ev_log *log, pfn_t pfn, int alloc_order,
			 int fallback_order, int alloc_mt, int fallback_mt,
			 bool fragmenting, bool change_ownership);

/* ---- text and files ------------------------------------------------------ */

/* A /proc view of m rendered to a heap string; the caller frees it. */
char *test_render(void (*view)(FILE *f, const struct machine *m), const struct machine *m);

/*
 * The number on the line of /proc/meminfo (procfs_meminfo()) that starts
 * with label ("MemTotal:"), in kB as the file prints it.
 */
unsigned long test_meminfo_kb(const struct machine *m, const char *label);

/* The same for a per-node view (procfs_node_meminfo()) of node nid. */
char *test_render_node(void (*view)(FILE *f, const struct machine *m, int nid),
		       const struct machine *m, int nid);

/*
 * The whole file at path, NUL-terminated, on the heap (the caller frees it).
 * Asserts that the file opens (paths are relative to the project root) and
 * reads completely.
 */
char *test_read_file(const char *path);

/* Create or truncate path and write len bytes of data; asserts every step. */
void test_write_file(const char *path, const char *data, size_t len);

/* ---- replaying traces ---------------------------------------------------- */

struct engine;

/*
 * Replay "numasim-trace v1\n" + body through e as the file "t.trace" (the
 * body starts on line 2); returns engine_replay()'s status.
 */
int test_replay_body(struct engine *e, const char *body);

struct engine_opts;

/*
 * What write(params) writes (a generator's gen_write_fn), NUL-terminated
 * on the heap; asserts that it writes (the caller frees it).
 */
char *test_gen_text(int (*write)(FILE *out, const void *params), const void *params);

/*
 * Replay text (a whole trace, named name) on m with opts (checks, the
 * snapshot hook); asserts that the replay ends ENGINE_OK.  m stays the
 * caller's.
 */
void test_replay_text(struct machine *m, const char *name, const char *text,
		      const struct engine_opts *opts);

/* How many lines of text start with prefix. */
unsigned int test_count_lines(const char *text, const char *prefix);

/* ---- running numasim ----------------------------------------------------- */

/* Path of the numasim binary for CLI tests ($NUMASIM or ./numasim). */
const char *test_numasim_path(void);

/*
 * Run a shell command line, capturing stderr into err (may be NULL) and
 * stdout into out (may be NULL).  Returns the exit status (or -1).
 */
int test_run(const char *cmdline, char *out, size_t outlen, char *err, size_t errlen);

/* test_run() of "NUMASIM args" (test_numasim_path()). */
int test_run_numasim(const char *args, char *out, size_t outlen, char *err, size_t errlen);

/*
 * Make a fresh directory /tmp/numasim-NAME-XXXXXX and put its path in dir
 * (len bytes, at least 64); asserts that mkdtemp() succeeds.
 */
void test_scratch_dir(char *dir, size_t len, const char *name);

/*
 * For each bad[i] = { options, message }: "numasim COMMAND options -o
 * path" exits 2, its stderr starts with the message, and path is not
 * created.
 */
void test_expect_usage_errors(const char *command, const char *const (*bad)[2], size_t nr,
			      const char *path);

/* The JSON file at path (jansson's json_t *, to json_decref()); asserts that it parses. */
struct json_t *test_load_json(const char *path);

/* rm -rf dir; asserts that it succeeds. */
void test_remove_dir(const char *dir);

/*
 * "dir/rel" in a static buffer, one of four used in turn, so a call may
 * take up to four such paths.
 */
const char *test_path_in(const char *dir, const char *rel);

/*
 * Copy args into buf (len bytes), each "@" replaced by dir: command lines
 * that name files in a scratch directory.  Asserts that it fits.
 */
void test_expand_at(char *buf, size_t len, const char *args, const char *dir);

/*
 * test_run_numasim() of the printf-style arguments fmt..., each "@" in the
 * result standing for dir (a scratch directory); stdout into out, stderr
 * into err.  Returns the exit status.
 */
int test_numasim_at(const char *dir, char *out, size_t outlen, char *err, size_t errlen,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* system() of the printf-style command fmt..., "@" standing for dir; asserts success. */
void test_sh_at(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* TESTS_HELPERS_H */
