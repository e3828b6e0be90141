/*
 * tests/check_cma.c - the contiguous memory allocator (mm/cma.c) against
 * Linux 6.1's rules: where boot places an area (cma_declare_contiguous_nid()),
 * its activation (cma_activate_area(), init_cma_reserved_pageblock()), the
 * allocator's use of MIGRATE_CMA blocks (gfp_to_alloc_flags_cma(),
 * __rmqueue(), __rmqueue_cma_fallback()), cma_alloc() over the bitmap with
 * order_per_bit, alignment and retries, cma_release(), the counters and
 * /proc lines, the trace verbs and the config keys.
 *
 * Most tests run on one 64 MiB node (16384 frames, 32 pageblocks of 512),
 * nothing reserved, per-CPU lists off so that frees reach the buddy at
 * once.  Memory ends below 4 GiB + size, so an area goes top-down under
 * the end of memory: a 16 MiB area is [48 MiB, 64 MiB), pfns 12288-16383.
 * The checkers run after every step.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/cma.h"
#include "mm/internal.h"
#include "mm/mm_init.h"
#include "mm/raw_alloc.h"
#include "mm/vmstat_counters.h"
#include "sim/config.h"
#include "sim/engine.h"
#include "sim/procfs.h"
#include "tests/process_helpers.h"

/* TEST_K_PLAIN's machine with CMA, and without per-CPU lists. */
#define K_NO_DMA	"\"dma\": false, \"dma32\": false, "
#define K_CMA_REST	"\"mobility_grouping\": true, \"reserved\": \"0\", " \
			"\"transparent_hugepage\": \"never\", \"pcp\": false, \"cma\": true"
#define K_CMA		K_NO_DMA K_CMA_REST

static struct machine *boot_cma(const char *size)
{
	char keys[256];

	snprintf(keys, sizeof(keys), K_CMA ", \"cma_size\": \"%s\"", size);
	return test_boot_node("64M", 1, keys);
}

static bool in_area(const struct cma *cma, pfn_t pfn)
{
	return pfn >= cma->base_pfn && pfn < cma->base_pfn + cma->count;
}

/* NR_FREE_CMA_PAGES of every zone, exactly (the per-CPU diffs included). */
static long free_cma(const struct machine *m)
{
	long n = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			n += zone_page_state_snapshot(&NODE_DATA(m, nid)->node_zones[z],
						      NR_FREE_CMA_PAGES);
	return n;
}

static unsigned long bits_set(const struct cma *cma)
{
	unsigned long n = 0;

	for (unsigned long b = 0; b < cma_bitmap_maxno(cma); b++)
		n += cma_bit_set(cma, b);
	return n;
}

/*
 * cma_declare_contiguous_nid(): memory ends below 4 GiB + size, so the
 * area goes top-down under the limit, the end of memory; size rounded up
 * to a pageblock.  init_cma_reserved_pageblock(): every pageblock
 * MIGRATE_CMA, freed, managed, in zone->cma_pages and NR_FREE_CMA_PAGES;
 * CmaTotal/CmaFree (meminfo_proc_show()) say the same, and the vm events
 * appear in /proc/vmstat (vmstat_text[] with CONFIG_CMA).
 */
START_TEST(test_boot_reserves_top_down)
{
	struct machine *m = boot_cma("15M");	/* 3840 frames: 7.5 pageblocks, 8 taken */
	struct cma *cma = cma_find(m, "reserved");
	struct zone *z = test_normal0(m);
	char *text;

	ck_assert_ptr_nonnull(cma);
	ck_assert_uint_eq(cma->base_pfn, 12288);
	ck_assert_uint_eq(cma->count, 4096);
	ck_assert_uint_eq(m->cma->totalcma_pages, 4096);
	for (pfn_t pfn = 0; pfn < 16384; pfn += pageblock_nr_pages(m))
		ck_assert_int_eq(get_pageblock_migratetype(m, pfn),
				 pfn >= 12288 ? MIGRATE_CMA : MIGRATE_MOVABLE);
	ck_assert_uint_eq(z->cma_pages, 4096);
	ck_assert_uint_eq(z->managed_pages, z->present_pages);
	ck_assert_int_eq(zone_page_state_snapshot(z, NR_FREE_CMA_PAGES), 4096);
	ck_assert_uint_eq(test_meminfo_kb(m, "CmaTotal:"), 16384);
	ck_assert_uint_eq(test_meminfo_kb(m, "CmaFree:"), 16384);
	text = test_render(procfs_vmstat, m);
	ck_assert_ptr_nonnull(strstr(text, "\ncma_alloc_success 0\ncma_alloc_fail 0\n"));
	free(text);
	test_release(m);
}
END_TEST

/*
 * cma_declare_contiguous_nid(): with memory reaching 4 GiB + size the
 * area goes bottom-up from 4 GiB (not at the top of memory); per-node
 * areas first (dma_pernuma_cma_reserve()), each on its node, then the
 * global one, past the ones already placed.  Node 0 has memory
 * [4080M, 4112M), node 1 [4112M, 4128M).
 */
START_TEST(test_boot_bottom_up_from_4g)
{
	struct machine *m = test_boot_machine(TEST_M_ACROSS_4G, K_CMA ", "
					      "\"cma_pernuma\": \"4M\", \"cma_size\": \"8M\"");
	const pfn_t mib = (1 << 20) / PAGE_SIZE;

	ck_assert_uint_eq(m->cma->nr_areas, 3);
	ck_assert_uint_eq(cma_find(m, "pernuma0")->base_pfn, 4096 * mib);
	ck_assert_uint_eq(cma_find(m, "pernuma1")->base_pfn, 4112 * mib);
	ck_assert_uint_eq(cma_find(m, "reserved")->base_pfn, 4100 * mib);
	ck_assert_uint_eq(cma_find(m, "reserved")->count, 8 * mib);
	ck_assert_uint_eq(m->cma->totalcma_pages, 16 * mib);
	ck_assert_int_eq(free_cma(m), 16 * mib);
	test_release(m);
}
END_TEST

/*
 * cma_activate_area(): an area must lie in one zone; one that crosses
 * DMA/Normal (at 16 MiB) is given up, its frames freed as ordinary pages,
 * and leaves CmaTotal.
 */
START_TEST(test_area_across_zones_not_activated)
{
	struct machine *m = test_boot_node("64M", 1, "\"dma\": true, \"dma32\": false, "
					   K_CMA_REST ", \"cma_size\": \"60M\"");
	unsigned long managed = 0, present = 0;

	ck_assert_uint_eq(m->cma->nr_activate_failed, 1);
	ck_assert_uint_eq(m->cma->totalcma_pages, 0);
	ck_assert_uint_eq(cma_find(m, "reserved")->count, 0);
	ck_assert_int_eq(free_cma(m), 0);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		managed += NODE_DATA(m, 0)->node_zones[z].managed_pages;
		present += NODE_DATA(m, 0)->node_zones[z].present_pages;
	}
	ck_assert_uint_eq(managed, present);
	ck_assert_uint_eq(test_meminfo_kb(m, "CmaTotal:"), 0);
	test_release(m);
}
END_TEST

/*
 * gfp_to_alloc_flags_cma(): only a movable request gets ALLOC_CMA, so
 * unmovable pages never come from a CMA block, even when nothing else is
 * left (__zone_watermark_ok() also leaves free CMA pages out for them).
 */
START_TEST(test_unmovable_never_in_cma)
{
	struct machine *m = boot_cma("16M");
	struct cma *cma = cma_find(m, "reserved");
	gfp_t gfp = GFP_KERNEL | __GFP_THISNODE | __GFP_NORETRY | __GFP_NOWARN;
	unsigned long nr = 0;
	struct page *page;

	while ((page = alloc_pages_node(m, 0, gfp, 0))) {
		ck_assert(!in_area(cma, page_to_pfn(m, page)));
		nr++;
	}
	test_check(m);
	ck_assert_uint_gt(nr, 8192);
	ck_assert_int_eq(free_cma(m), 4096);
	/* A movable request still finds the CMA pages (__rmqueue_cma_fallback()). */
	page = alloc_pages_node(m, 0, GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, 0);
	ck_assert_ptr_nonnull(page);
	ck_assert(in_area(cma, page_to_pfn(m, page)));
	test_release(m);
}
END_TEST

/*
 * __rmqueue(): a movable request takes from CMA first when the zone's
 * NR_FREE_CMA_PAGES is more than half its NR_FREE_PAGES (as
 * zone_page_state() reads them).  A 48 MiB area of 64 MiB: CMA first
 * until the condition stops holding (about 8192 pages on), then the
 * Movable lists; a 16 MiB one (4096 of 16384): the Movable lists from the
 * start.
 */
START_TEST(test_half_free_rule)
{
	struct machine *big = boot_cma("48M"), *small = boot_cma("16M");
	struct zone *z = test_normal0(big);
	unsigned long nr = 0;
	pfn_t pfn;

	pfn = test_alloc_pfn(small, TEST_GFP_MOV, 0);
	ck_assert(!in_area(cma_find(small, "reserved"), pfn));
	while (zone_page_state(z, NR_FREE_CMA_PAGES) > zone_page_state(z, NR_FREE_PAGES) / 2) {
		pfn = page_to_pfn(big, alloc_pages_node(big, 0, TEST_GFP_MOV, 0));
		ck_assert(in_area(cma_find(big, "reserved"), pfn));
		nr++;
	}
	test_check(big);
	ck_assert_uint_gt(nr, 8000);
	pfn = test_alloc_pfn(big, TEST_GFP_MOV, 0);
	ck_assert(!in_area(cma_find(big, "reserved"), pfn));
	test_release(big);
	test_release(small);
}
END_TEST

/* A task with nr_pages anonymous pages written, all in the area (the half rule). */
static uint64_t fill_area(struct machine *m, struct task_struct *t, unsigned long nr_pages)
{
	uint64_t addr = proc_mmap_anon(m, t, nr_pages * PAGE_SIZE);
	struct cma *cma = cma_find(m, "reserved");

	proc_touch(m, t, addr, nr_pages * PAGE_SIZE, true);
	for (unsigned long i = 0; i < nr_pages; i++)
		ck_assert(in_area(cma, page_to_pfn(m, proc_page_at(m, t, addr + i * PAGE_SIZE))));
	test_check(m);
	return addr;
}

/*
 * cma_alloc() -> alloc_contig_range(MIGRATE_CMA): the whole area, while a
 * task's anonymous pages and raw movable pages sit in it; they migrate
 * out (the task still maps every address, to pages outside the area; the
 * raw handles still hold their blocks); the bitmap is full; one
 * cma_alloc_success.  cma_release() gives every frame back to the CMA
 * free lists and clears the bitmap.
 */
START_TEST(test_alloc_migrates_movable_pages)
{
	struct machine *m = boot_cma("48M");
	struct cma *cma = cma_find(m, "reserved");
	struct task_struct *t = proc_spawn(m, 100);
	uint64_t addr = fill_area(m, t, 1024);
	raw_handle_t h[64];
	pfn_t pfn;

	for (int i = 0; i < 64; i++) {
		ck_assert_int_eq(raw_alloc(m, 0, TEST_GFP_MOV, 0, &h[i]), 0);
		ck_assert(in_area(cma, page_to_pfn(m, raw_alloc_page(m, h[i]))));
	}
	test_check(m);
	ck_assert_int_eq(cma_alloc(m, cma, cma->count, 0, false, &pfn), 0);
	test_check(m);
	ck_assert_uint_eq(pfn, cma->base_pfn);
	ck_assert_uint_eq(bits_set(cma), cma->count);
	ck_assert_uint_eq(m->vm_events[CMA_ALLOC_SUCCESS], 1);
	ck_assert_uint_eq(cma->nr_pages_succeeded, cma->count);
	for (unsigned long i = 0; i < 1024; i++)
		ck_assert(!in_area(cma, page_to_pfn(m, proc_page_at(m, t, addr + i * PAGE_SIZE))));
	for (int i = 0; i < 64; i++)
		ck_assert(!in_area(cma, page_to_pfn(m, raw_alloc_page(m, h[i]))));
	for (pfn_t p = pfn; p < pfn + cma->count; p++)
		ck_assert_int_eq(pfn_to_page(m, p)->_refcount, 1);
	ck_assert_int_eq(free_cma(m), 0);
	ck_assert(cma_release(m, cma, pfn, cma->count));
	test_check(m);
	ck_assert_uint_eq(bits_set(cma), 0);
	ck_assert_int_eq(free_cma(m), (long)cma->count);
	ck_assert(!cma_release(m, cma, cma->base_pfn - 1, 1));	/* cma_pages_valid() */
	for (int i = 0; i < 64; i++)
		raw_free(m, h[i]);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * A page pinned with FOLL_PIN but not FOLL_LONGTERM stays in the area
 * (only a long-term pin migrates its page out first,
 * check_and_migrate_movable_pages()); migration cannot move a pinned
 * page (folio_migrate_mapping()'s reference check), so
 * alloc_contig_range() returns -EBUSY: cma_alloc() fails cleanly, the
 * bitmap unchanged, one cma_alloc_fail, the page where it was.  A
 * FOLL_LONGTERM pin of the same page then moves it out of CMA
 * (folio_is_longterm_pinnable()), and cma_alloc() succeeds.
 */
START_TEST(test_pinned_page_fails_cleanly)
{
	struct machine *m = boot_cma("48M");
	struct cma *cma = cma_find(m, "reserved");
	struct task_struct *t = proc_spawn(m, 100);
	uint64_t addr = fill_area(m, t, 16);
	struct page *pinned, *lt;
	pfn_t pfn, where;

	ck_assert_int_eq(gup_pages(m, t, addr, 1, FOLL_PIN | FOLL_WRITE, &pinned), 1);
	where = page_to_pfn(m, pinned);
	ck_assert(in_area(cma, where));
	ck_assert_int_eq(cma_alloc(m, cma, cma->count, 0, false, &pfn), -EBUSY);
	test_check(m);
	ck_assert_uint_eq(bits_set(cma), 0);
	ck_assert_uint_eq(m->vm_events[CMA_ALLOC_FAIL], 1);
	ck_assert_uint_eq(m->vm_events[CMA_ALLOC_SUCCESS], 0);
	ck_assert_uint_eq(cma->nr_pages_failed, cma->count);
	ck_assert_uint_eq(page_to_pfn(m, proc_page_at(m, t, addr)), where);
	for (pfn_t p = cma->base_pfn; p < cma->base_pfn + cma->count; p += pageblock_nr_pages(m))
		ck_assert_int_eq(get_pageblock_migratetype(m, p), MIGRATE_CMA);
	gup_release(m, &pinned, 1, FOLL_PIN);
	ck_assert_int_eq(gup_pages(m, t, addr, 1, FOLL_PIN | FOLL_WRITE | FOLL_LONGTERM, &lt), 1);
	ck_assert(!in_area(cma, page_to_pfn(m, lt)));
	test_check(m);
	ck_assert_int_eq(cma_alloc(m, cma, cma->count, 0, false, &pfn), 0);
	test_check(m);
	ck_assert(cma_release(m, cma, pfn, cma->count));
	gup_release(m, &lt, 1, FOLL_PIN);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * cma_alloc(): a candidate alloc_contig_range() finds busy is given back
 * and the search goes on at bitmap_no + mask + 1.  A task's pages fill
 * some pageblocks of the area; those of the lowest two pageblocks it
 * uses are pinned (FOLL_PIN), the others stay movable.  The pageblocks
 * below (k of them) are taken first, so that with align 9 (one
 * pageblock, mask 511) the candidates are pageblocks k, k+1, ...: the
 * result is the first holding no pinned page (its movable pages
 * migrated away), after one retry for each busy one before it.
 */
START_TEST(test_busy_candidate_retried)
{
	struct machine *m = boot_cma("48M");
	struct cma *cma = cma_find(m, "reserved");
	struct task_struct *t = proc_spawn(m, 100);
	uint64_t addr = fill_area(m, t, 2048);
	static struct page *pins[2048];
	unsigned long k = 24, k2 = 24, first, nr_pins = 0;
	bool busy[24] = { false };
	pfn_t below = 0, pfn;

	for (unsigned long i = 0; i < 2048; i++) {
		pfn_t p = page_to_pfn(m, proc_page_at(m, t, addr + i * PAGE_SIZE));
		unsigned long b = (p - cma->base_pfn) / pageblock_nr_pages(m);

		k2 = b < k ? k : (b > k && b < k2 ? b : k2);
		k = b < k ? b : k;
	}
	for (unsigned long i = 0; i < 2048; i++) {
		uint64_t va = addr + i * PAGE_SIZE;
		unsigned long b = (page_to_pfn(m, proc_page_at(m, t, va)) - cma->base_pfn) /
				  pageblock_nr_pages(m);

		if (b != k && b != k2)
			continue;
		ck_assert_int_eq(gup_pages(m, t, va, 1, FOLL_PIN, &pins[nr_pins++]), 1);
		busy[b] = true;
	}
	for (first = k; first < 24 && busy[first]; first++)
		;
	ck_assert_uint_lt(first, 24);
	if (k)
		ck_assert_int_eq(cma_alloc(m, cma, k * pageblock_nr_pages(m), 0, false, &below), 0);
	ck_assert_int_eq(cma_alloc(m, cma, 512, 9, false, &pfn), 0);
	test_check(m);
	ck_assert_uint_eq(pfn, cma->base_pfn + first * pageblock_nr_pages(m));
	ck_assert_uint_eq(m->cma->busy_retries, first - k);
	ck_assert_uint_gt(first - k, 0);
	ck_assert_uint_eq(bits_set(cma), (k + 1) * 512);
	ck_assert(cma_release(m, cma, pfn, 512));
	if (k)
		ck_assert(cma_release(m, cma, below, k * pageblock_nr_pages(m)));
	gup_release(m, pins, nr_pins, FOLL_PIN);
	test_check(m);
	proc_exit_all(m);
	test_release(m);
}
END_TEST

/*
 * cma_bitmap_pages_to_bits(), cma_bitmap_aligned_mask() and
 * cma_bitmap_aligned_offset(): an area with order_per_bit 2 (one bit, 4
 * frames) at pfn 10240 (a 24 MiB area on 64 MiB).  3 frames take one bit
 * (bit 0); 1 frame the next (bit 1, pfn 10244); 4 frames aligned to 2^12
 * frames: mask 2^(12-2)-1 = 1023, offset (10240 mod 4096) >> 2 = 512, so
 * the first bit b >= 2 with b + 512 a multiple of 1024: bit 512, pfn
 * 12288.  cma_release() clears only its own bits.
 */
START_TEST(test_order_per_bit_and_alignment)
{
	struct mm_boot_params p;
	struct machine *m;
	struct cma *cma;
	pfn_t a, b, c;

	test_load_config("{\"machine\": {\"nodes\": [{\"mem\": \"64M\", \"cpus\": 1}]}, "
			 "\"kernel\": {" K_CMA ", \"cma_size\": \"24M\"}}", &p);
	p.cma_order_per_bit = 2;
	m = test_boot_params(&p);
	cma = cma_find(m, "reserved");
	ck_assert_uint_eq(cma->base_pfn, 10240);
	ck_assert_uint_eq(cma_bitmap_maxno(cma), 6144 / 4);
	ck_assert_int_eq(cma_alloc(m, cma, 3, 0, false, &a), 0);
	ck_assert_int_eq(cma_alloc(m, cma, 1, 0, false, &b), 0);
	ck_assert_int_eq(cma_alloc(m, cma, 4, 12, false, &c), 0);
	test_check(m);
	ck_assert_uint_eq(a, 10240);
	ck_assert_uint_eq(b, 10244);
	ck_assert_uint_eq(c, 12288);
	ck_assert_uint_eq(bits_set(cma), 3);
	ck_assert(cma_bit_set(cma, 0) && cma_bit_set(cma, 1) && cma_bit_set(cma, 512));
	ck_assert(cma_release(m, cma, a, 3));
	ck_assert(!cma_bit_set(cma, 0) && cma_bit_set(cma, 1));
	ck_assert(cma_release(m, cma, b, 1));
	ck_assert(cma_release(m, cma, c, 4));
	test_check(m);
	ck_assert_uint_eq(bits_set(cma), 0);
	/* cma_alloc(): more bits than the area has, or none, fail at once. */
	ck_assert_int_eq(cma_alloc(m, cma, 6145, 0, false, &a), -ENOMEM);
	ck_assert_int_eq(cma_alloc(m, cma, 0, 0, false, &a), -ENOMEM);
	ck_assert_uint_eq(m->vm_events[CMA_ALLOC_FAIL], 2);
	test_release(m);
}
END_TEST

/*
 * The checker (cma_check()) finds a set bit over a free frame, a
 * pageblock of the area that is not MIGRATE_CMA, and zone counts that
 * disagree with the areas'; each repaired, it is green again.
 */
START_TEST(test_checker)
{
	struct machine *m = boot_cma("16M");
	struct cma *cma = cma_find(m, "reserved");
	char msg[256];

	ck_assert_int_eq(cma_check(m, msg, sizeof(msg)), 0);
	cma->bitmap[0] |= 1;
	ck_assert_int_eq(cma_check(m, msg, sizeof(msg)), 1);
	ck_assert_str_eq(msg, "area reserved: bit 0 is set but pfn 0x3000 is free");
	cma->bitmap[0] &= ~1ul;
	set_pageblock_migratetype(m, cma->base_pfn, MIGRATE_MOVABLE);
	ck_assert_int_eq(cma_check(m, msg, sizeof(msg)), 1);
	ck_assert_str_eq(msg, "area reserved: pageblock at pfn 0x3000 has type 1");
	set_pageblock_migratetype(m, cma->base_pfn, MIGRATE_CMA);
	test_normal0(m)->cma_pages--;
	ck_assert_int_eq(cma_check(m, msg, sizeof(msg)), 1);
	ck_assert_str_eq(msg, "zones' cma_pages 4095, areas 4096, totalcma_pages 4096");
	test_normal0(m)->cma_pages++;
	test_release(m);
}
END_TEST

/* The replay of body on a fresh machine stops with exactly msg. */
static void expect_bad(const char *kernel_keys, const char *body, const char *msg)
{
	struct machine *m = test_boot_node("64M", 1, kernel_keys);
	struct engine_opts opts = { .check_every = 1 };
	struct engine e;

	ck_assert_int_eq(engine_init(&e, m, &opts), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e, body), ENGINE_BAD_INPUT);
	ck_assert_str_eq(e.msg, msg);
	engine_release(&e);
	test_release(m);
}

/*
 * The verbs: cma_alloc of the global area and of a named one, a
 * cma_alloc the kernel refuses (more than the area: counted, not an
 * error, its release accepted), cma_release.
 */
START_TEST(test_verbs)
{
	struct machine *m = test_boot_node("64M", 1, K_CMA ", \"cma_size\": \"16M\", "
					   "\"cma_pernuma\": \"8M\"");
	struct engine_opts opts = { .check_every = 1 };
	struct engine e;

	ck_assert_int_eq(engine_init(&e, m, &opts), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e, "cma_alloc id=a count=100 align=4\n"
					  "cma_alloc id=b area=pernuma0 count=2048\n"
					  "cma_alloc id=c count=5000\n"), ENGINE_OK);
	ck_assert_uint_eq(m->vm_events[CMA_ALLOC_SUCCESS], 2);
	ck_assert_uint_eq(m->vm_events[CMA_ALLOC_FAIL], 1);
	ck_assert_uint_eq(bits_set(cma_find(m, "reserved")), 100);
	ck_assert_uint_eq(bits_set(cma_find(m, "pernuma0")), 2048);
	ck_assert_int_eq(test_replay_body(&e, "cma_release id=a\ncma_release id=b\n"
					  "cma_release id=c\n"), ENGINE_OK);
	ck_assert_uint_eq(bits_set(cma_find(m, "reserved")), 0);
	ck_assert_uint_eq(bits_set(cma_find(m, "pernuma0")), 0);
	engine_release(&e);
	test_release(m);
}
END_TEST

/* Bad cma_alloc / cma_release records: each a FILE:LINE error. */
START_TEST(test_verbs_bad_input)
{
	const char *k = K_CMA ", \"cma_pernuma\": \"8M\"";

	expect_bad(k, "cma_alloc id=a area=nope count=1\n", "t.trace:2: unknown CMA area 'nope' "
		   "(the first is 'pernuma0'; the global one is 'reserved', the per-node ones "
		   "'pernumaN')");
	expect_bad(k, "cma_alloc id=a count=1\n", "t.trace:2: no global CMA area "
		   "(kernel.cma_size): name one with area= (the first is 'pernuma0')");
	expect_bad(TEST_K_PLAIN, "cma_alloc id=a count=1\n", "t.trace:2: the machine has no "
		   "CMA area (kernel.cma with kernel.cma_size or kernel.cma_pernuma)");
	expect_bad(k, "cma_alloc id=a area=pernuma0 count=0\n",
		   "t.trace:2: count=0: cma_alloc needs at least one page");
	expect_bad(k, "cma_alloc id=a area=pernuma0 count=1 align=31\n",
		   "t.trace:2: align 31 out of range (0..30)");
	expect_bad(k, "cma_alloc id=a area=pernuma0 count=1\ncma_alloc id=a area=pernuma0 "
		   "count=1\n", "t.trace:3: id 'a' is already allocated");
	expect_bad(k, "cma_release id=z\n", "t.trace:2: cma_release of unknown id 'z' (never "
		   "allocated, or released already)");
	expect_bad(k, "cma_alloc id=a area=pernuma0 count=1\ncma_release id=a\ncma_release "
		   "id=a\n", "t.trace:4: cma_release of unknown id 'a' (never allocated, or "
		   "released already)");
}
END_TEST

/* Bad kernel.cma_size / kernel.cma_pernuma values: "FILE: KEY: message". */
START_TEST(test_config_errors)
{
	static const char *const bad[][2] = {
		{ "{\"kernel\": {\"cma_size\": \"16M\"}}",
		  "test.json: kernel.cma_size: needs \"cma\": true (a kernel built with CONFIG_CMA)" },
		{ "{\"kernel\": {\"cma\": true, \"cma_pernuma\": \"lots\"}}",
		  "test.json: kernel.cma_pernuma: \"lots\" is not a size (a number, optionally "
		  "with K, M, G or T)" },
		{ "{\"kernel\": {\"cma\": true, \"cma_size\": \"5G\"}}",
		  "test.json: kernel.cma_size: 5G (rounded up to whole pageblocks) is more than "
		  "any node's present memory (4G at most)" },
		{ "{\"kernel\": {\"cma\": true, \"cma_pernuma\": -1}}",
		  "test.json: kernel.cma_pernuma: a size must not be negative" },
	};
	struct mm_boot_params p;
	char err[512];

	for (size_t i = 0; i < TEST_ARRAY_SIZE(bad); i++) {
		ck_assert_int_eq(sim_config_load_string("test.json", bad[i][0], &p, err,
							sizeof(err)), -1);
		ck_assert_str_eq(err, bad[i][1]);
	}
}
END_TEST

Suite *cma_suite(void);

Suite *cma_suite(void)
{
	Suite *s = suite_create("cma");
	TCase *tc = tcase_create("cma");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_boot_reserves_top_down);
	tcase_add_test(tc, test_boot_bottom_up_from_4g);
	tcase_add_test(tc, test_area_across_zones_not_activated);
	tcase_add_test(tc, test_unmovable_never_in_cma);
	tcase_add_test(tc, test_half_free_rule);
	tcase_add_test(tc, test_alloc_migrates_movable_pages);
	tcase_add_test(tc, test_pinned_page_fails_cleanly);
	tcase_add_test(tc, test_busy_candidate_retried);
	tcase_add_test(tc, test_order_per_bit_and_alignment);
	tcase_add_test(tc, test_checker);
	tcase_add_test(tc, test_verbs);
	tcase_add_test(tc, test_verbs_bad_input);
	tcase_add_test(tc, test_config_errors);
	suite_add_tcase(s, tc);
	return s;
}
