/*
 * tests/check_sparse.c - memory sections (mm/sparse.c, mm/sparse-vmemmap.c)
 * against the rules of Linux 6.1 SPARSEMEM on x86_64.
 *
 * Facts the expected values rest on:
 *   - SECTION_SIZE_BITS is 27 and PAGE_SHIFT 12, so PFN_SECTION_SHIFT is
 *     15 and PAGES_PER_SECTION 32768 (128 MiB); MAX_PHYSMEM_BITS 46 gives
 *     NR_MEM_SECTIONS 2^19; subsections are 2 MiB (SUBSECTION_SHIFT 21),
 *     64 to a section (include/linux/mmzone.h, asm/sparsemem.h);
 *   - SPARSEMEM_EXTREME: SECTIONS_PER_ROOT = PAGE_SIZE / sizeof(struct
 *     mem_section) (16 bytes here: 256 per root), and sparse_index_init()
 *     allocates a root only for a section made present;
 *   - memory_present() rounds a memory range's start down to its section
 *     and marks every section it touches present and online;
 *     sparse_init_nid() makes each one valid (a memmap) and early;
 *   - pfn_valid(): a valid early section has a struct page for every
 *     frame, holes included; a hot-added one only for active subsections;
 *   - subsection_map_init() marks the subsections that memory touches;
 *     pfn_to_online_page() wants an online section and an active one;
 *   - get_pageblock_bitmap()/pfn_to_bitidx(): a pageblock's flags sit in
 *     its section's usage at (pfn & (PAGES_PER_SECTION - 1)) >>
 *     pageblock_order;
 *   - section_deactivate() releases the memmap and, when the last
 *     subsection goes, clears the section; sparse_add_section() brings it
 *     back present and valid but neither early nor online.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/helpers.h"
#include "mm/internal.h"
#include "mm/pageblock-flags.h"
#include "mm/sparse.h"
#include "sim/config.h"

#define MiB	((uint64_t)1 << 20)
#define GiB	((uint64_t)1 << 30)

static pfn_t mib_pfn(uint64_t mib)
{
	return phys_to_pfn(mib * MiB);
}

/*
 * One node of 2 GiB with a hole over [320M, 1600M): sections 0-1 hold
 * memory, section 2 ([256M, 384M)) has memory below 320M and hole above,
 * sections 3-11 lie wholly in the hole, section 12 ([1536M, 1664M)) is
 * hole up to 1600M, sections 13-15 are memory.
 */
#define M_HOLE	"\"nodes\": [{\"mem\": \"2G\", \"cpus\": 1}], \"distance\": [[10]]," \
		" \"holes\": [{\"start\": \"320M\", \"size\": \"1280M\"}]"

/* 128 MiB at 0 and 128 MiB at 64G: 64 GiB of nothing between the nodes. */
#define M_FAR	"\"nodes\": [{\"mem\": \"128M\", \"cpus\": 1}," \
		" {\"mem\": \"128M\", \"cpus\": 1, \"start\": \"64G\"}]," \
		" \"distance\": [[10, 20], [20, 10]]"

#define K_SMALL	"\"reserved\": \"0\""

/* A machine with only its sections set up (no zones): what hotplug works on. */
static struct machine *memmap_only(const char *machine_keys)
{
	struct machine *m = calloc(1, sizeof(*m));
	struct mm_boot_params p;
	char *json;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_ge(asprintf(&json, "{\"machine\": {%s}}", machine_keys), 0);
	test_load_config(json, &p);
	free(json);
	m->hw = p.hw;
	m->end_pfn = hw_end_pfn(&m->hw);
	m->pageblock_order = p.pageblock_order;
	ck_assert_int_eq(sparse_init(m), 0);
	return m;
}

static void memmap_only_release(struct machine *m)
{
	sparse_release(m);
	free(m);
}

/*
 * The constants, from x86_64's SECTION_SIZE_BITS 27 and MAX_PHYSMEM_BITS
 * 46, and pfn -> section number -> pfn.  Expect 32768 pages per section,
 * 2^19 sections, 256 sections per root (a 4 KiB page of 16-byte
 * mem_sections), 2048 roots; pfn 32767 in section 0, 32768 in section 1.
 */
START_TEST(test_section_arithmetic)
{
	ck_assert_uint_eq(PAGES_PER_SECTION, 1ul << (27 - 12));
	ck_assert_uint_eq(NR_MEM_SECTIONS, 1ul << (46 - 27));
	ck_assert_uint_eq(SUBSECTIONS_PER_SECTION, 64);
	ck_assert_uint_eq(sizeof(struct mem_section), 16);
	ck_assert_uint_eq(SECTIONS_PER_ROOT, 4096 / 16);
	ck_assert_uint_eq(NR_SECTION_ROOTS, (1ul << 19) / 256);
	ck_assert_uint_eq(pfn_to_section_nr(32767), 0);
	ck_assert_uint_eq(pfn_to_section_nr(32768), 1);
	ck_assert_uint_eq(pfn_to_section_nr(mib_pfn(64 * 1024)), 512);
	ck_assert_uint_eq(section_nr_to_pfn(3), 3 * 32768);
	ck_assert_uint_eq(SECTION_ALIGN_DOWN(40000), 32768);
	ck_assert_uint_eq(SECTION_ALIGN_UP(40000), 65536);
	ck_assert_uint_eq(SECTION_ALIGN_UP(65536), 65536);
	ck_assert_uint_eq(subsection_map_index(32768 + 511), 0);
	ck_assert_uint_eq(subsection_map_index(32768 + 512), 1);
}
END_TEST

/*
 * The root table on M_FAR: sections 0 (root 0) and 512 (root 512 / 256 =
 * 2) hold memory.  Expect __nr_to_section() and __pfn_to_section() to land
 * in those roots, root 1 never allocated (its sections NULL), NULL past
 * NR_SECTION_ROOTS, and pfn_valid() false past NR_MEM_SECTIONS.
 */
START_TEST(test_root_table)
{
	struct machine *m = test_boot_machine(M_FAR, K_SMALL);
	pfn_t far = mib_pfn(64 * 1024);

	ck_assert_ptr_nonnull(m->mem_section[0]);
	ck_assert_ptr_null(m->mem_section[1]);
	ck_assert_ptr_nonnull(m->mem_section[2]);
	for (unsigned long root = 3; root < NR_SECTION_ROOTS; root++)
		ck_assert_ptr_null(m->mem_section[root]);
	ck_assert_ptr_eq(__nr_to_section(m, 0), &m->mem_section[0][0]);
	ck_assert_ptr_eq(__nr_to_section(m, 512), &m->mem_section[2][0]);
	ck_assert_ptr_eq(__pfn_to_section(m, far + 5), &m->mem_section[2][0]);
	ck_assert_ptr_eq(__nr_to_section(m, 513), &m->mem_section[2][1]);
	ck_assert_ptr_null(__nr_to_section(m, 300));
	ck_assert_ptr_null(__nr_to_section(m, NR_SECTION_ROOTS * SECTIONS_PER_ROOT));
	ck_assert(!pfn_valid(m, (pfn_t)NR_MEM_SECTIONS << PFN_SECTION_SHIFT));
	ck_assert_uint_eq(m->highest_present_section_nr, 512);
	ck_assert(valid_section_nr(m, 512) && !present_section_nr(m, 511));
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * Section flags after boot on M_HOLE (memory_present, sparse_init_nid).
 * Expect sections 0-2 and 12-15 present, valid, online and early;
 * sections 3-11 none of these; the highest present section 15.
 */
START_TEST(test_flags_after_boot)
{
	struct machine *m = test_boot_machine(M_HOLE, K_SMALL);

	for (unsigned long nr = 0; nr < 16; nr++) {
		const struct mem_section *ms = __nr_to_section(m, nr);
		bool memory = nr <= 2 || nr >= 12;

		ck_assert_msg(present_section(ms) == memory, "section %lu present", nr);
		ck_assert_msg(valid_section(ms) == memory, "section %lu valid", nr);
		ck_assert_msg(online_section(ms) == memory, "section %lu online", nr);
		ck_assert_msg(early_section(ms) == memory, "section %lu early", nr);
	}
	ck_assert_uint_eq(m->highest_present_section_nr, 15);
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * pfn_valid() on M_HOLE.  Expect false from 384M to 1536M (whole sections
 * in the hole) and true in the hole parts of sections 2 and 12, whose
 * frames are reserved struct pages of the zone spanning them
 * (init_unavailable_range); pfn_to_online_page() NULL there (their
 * subsections have no memory) but not below 320M.  The subsection maps:
 * section 2's memory [256M, 320M) is subsections 0-31, section 12's
 * [1600M, 1664M) subsections 32-63.
 */
START_TEST(test_pfn_valid_in_holes)
{
	struct machine *m = test_boot_machine(M_HOLE, K_SMALL);
	struct zone *normal = test_zone(m, 0, ZONE_NORMAL);

	ck_assert(!pfn_valid(m, mib_pfn(384)));
	ck_assert(!pfn_valid(m, mib_pfn(1000)));
	ck_assert(!pfn_valid(m, mib_pfn(1536) - 1));
	ck_assert(pfn_valid(m, mib_pfn(320)));
	ck_assert(pfn_valid(m, mib_pfn(384) - 1));
	ck_assert(pfn_valid(m, mib_pfn(1536)));
	ck_assert(pfn_valid(m, mib_pfn(1600) - 1));
	ck_assert(PageReserved(pfn_to_page(m, mib_pfn(320))));
	ck_assert(PageReserved(pfn_to_page(m, mib_pfn(1536))));
	ck_assert_ptr_eq(page_zone(m, pfn_to_page(m, mib_pfn(320))), normal);
	ck_assert_ptr_null(pfn_to_online_page(m, mib_pfn(320)));
	ck_assert_ptr_nonnull(pfn_to_online_page(m, mib_pfn(320) - 1));
	ck_assert_ptr_null(pfn_to_online_page(m, mib_pfn(1600) - 1));
	ck_assert_ptr_nonnull(pfn_to_online_page(m, mib_pfn(1600)));
	ck_assert_uint_eq(__nr_to_section(m, 2)->usage->subsection_map, 0x00000000ffffffffull);
	ck_assert_uint_eq(__nr_to_section(m, 12)->usage->subsection_map, 0xffffffff00000000ull);
	ck_assert_uint_eq(__nr_to_section(m, 0)->usage->subsection_map, ~0ull);
	/* The zone (no DMA zones configured) spans the hole: 2G, 1280M of it absent. */
	ck_assert_uint_eq(normal->spanned_pages, mib_pfn(2048));
	ck_assert_uint_eq(normal->present_pages, mib_pfn(2048 - 1280));
	test_release(m);
}
END_TEST

/*
 * A pageblock's type is kept in its own section's usage: the last
 * pageblock of section 0 (pfn 32256) at byte (32256 & 32767) >> 9 = 63 of
 * section 0, the first of section 1 (pfn 32768) at byte 0 of section 1.
 * Expect each to read back what was set, the bytes to be where
 * pfn_to_bitidx() puts them, and the neighbours to stay Movable.
 */
START_TEST(test_pageblock_flags_per_section)
{
	struct machine *m = test_boot_node("512M", 1, K_SMALL);
	const struct mem_section *s0 = __nr_to_section(m, 0), *s1 = __nr_to_section(m, 1);

	ck_assert_uint_eq(mem_section_usage_size(m), sizeof(struct mem_section_usage) + 64);
	set_pageblock_migratetype(m, 32256, MIGRATE_RECLAIMABLE);
	set_pageblock_migratetype(m, 32768, MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 32256 + 100), MIGRATE_RECLAIMABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 32768 + 511), MIGRATE_UNMOVABLE);
	ck_assert_int_eq(s0->usage->pageblock_flags[63] & PB_MIGRATETYPE_MASK, MIGRATE_RECLAIMABLE);
	ck_assert_int_eq(s1->usage->pageblock_flags[0] & PB_MIGRATETYPE_MASK, MIGRATE_UNMOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 32256 - 1), MIGRATE_MOVABLE);
	ck_assert_int_eq(get_pageblock_migratetype(m, 32768 + 512), MIGRATE_MOVABLE);
	set_pageblock_skip(m, 32768, true);
	ck_assert(get_pageblock_skip(m, 32768) && !get_pageblock_skip(m, 32256));
	test_check(m);
	test_release(m);
}
END_TEST

/*
 * Host memory follows the sections (SPARSEMEM_VMEMMAP): on M_FAR the
 * struct pages of sections 1-511 were never backed.  Expect none of their
 * host pages resident, those of a present section resident once touched,
 * and the host memory estimate for a config to count 2 sections.
 */
START_TEST(test_host_memory_for_present_sections_only)
{
	struct machine *m = test_boot_machine(M_FAR, K_SMALL);
	struct mm_boot_params p;
	char *json;

	ck_assert_uint_eq(test_resident_memmap_pages(m, PAGES_PER_SECTION,
						     511 * PAGES_PER_SECTION), 0);
	(void)*(volatile uint32_t *)&pfn_to_page(m, 0)->flags;	/* touch it */
	ck_assert_uint_ge(test_resident_memmap_pages(m, 0, 128), 1);
	ck_assert_int_ge(asprintf(&json, "{\"machine\": {%s}}", M_FAR), 0);
	test_load_config(json, &p);
	free(json);
	ck_assert_uint_eq(machine_memmap_bytes(&p),
			  2 * (PAGES_PER_SECTION * sizeof(struct page) + sizeof(struct mem_section_usage) +
			       (PAGES_PER_SECTION >> 9)));
	test_release(m);
}
END_TEST

/*
 * The struct page of a frame in a section without memory is not mapped:
 * touching it faults, as an unpopulated vmemmap page does in the kernel.
 * Expect a child that reads one to die of SIGSEGV.
 */
START_TEST(test_absent_memmap_faults)
{
	struct machine *m = test_boot_machine(M_FAR, K_SMALL);
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		_exit((int)(*(volatile uint32_t *)&pfn_to_page(m, 2 * PAGES_PER_SECTION)->flags & 1));
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "status %#x", status);
	test_release(m);
}
END_TEST

/*
 * section_deactivate() of a whole boot section of a 512M node, then
 * sparse_add_section() (the hotplug path).  Expect after removal: not
 * present, valid or online, pfn_valid() false across it and true on both
 * sides, its usage gone and its struct pages no longer resident; a second
 * removal harmless.  After re-adding: present and valid, not early, not
 * online until online_mem_sections(), a zeroed memmap and zeroed
 * pageblock flags; adding it again -EEXIST.
 */
START_TEST(test_deactivate_and_reactivate)
{
	struct machine *m = memmap_only("\"nodes\": [{\"mem\": \"512M\", \"cpus\": 1}]");
	const pfn_t s1 = PAGES_PER_SECTION;
	struct mem_section *ms = __nr_to_section(m, 1);

	pfn_to_page(m, s1)->private = 0xabc;
	set_pageblock_migratetype(m, s1, MIGRATE_MOVABLE);
	ck_assert_uint_ge(test_resident_memmap_pages(m, s1, PAGES_PER_SECTION), 1);
	offline_mem_sections(m, s1, s1 + PAGES_PER_SECTION);
	ck_assert(!online_section(ms) && valid_section(ms));
	sparse_remove_section(m, s1, PAGES_PER_SECTION);
	ck_assert(!present_section(ms) && !valid_section(ms) && !online_section(ms));
	ck_assert_ptr_null(ms->usage);
	ck_assert(!pfn_valid(m, s1) && !pfn_valid(m, s1 + PAGES_PER_SECTION - 1));
	ck_assert(pfn_valid(m, s1 - 1) && pfn_valid(m, s1 + PAGES_PER_SECTION));
	ck_assert_uint_eq(test_resident_memmap_pages(m, s1, PAGES_PER_SECTION), 0);
	sparse_remove_section(m, s1, PAGES_PER_SECTION);
	ck_assert(!valid_section(ms));

	ck_assert_int_eq(sparse_add_section(m, s1, PAGES_PER_SECTION), 0);
	ck_assert(present_section(ms) && valid_section(ms));
	ck_assert(!early_section(ms) && !online_section(ms));
	ck_assert(pfn_valid(m, s1) && pfn_valid(m, s1 + PAGES_PER_SECTION - 1));
	ck_assert_uint_eq(pfn_to_page(m, s1)->private, 0);
	ck_assert_int_eq(get_pageblock_migratetype(m, s1), MIGRATE_UNMOVABLE);
	ck_assert_uint_eq(ms->usage->subsection_map, ~0ull);
	ck_assert_int_eq(sparse_add_section(m, s1, PAGES_PER_SECTION), -EEXIST);
	online_mem_sections(m, s1, s1 + PAGES_PER_SECTION);
	ck_assert(online_section(ms));
	memmap_only_release(m);
}
END_TEST

/*
 * Subsections of a hot-added section come and go one by one (only VMEMMAP
 * allows that), and a new section in a hole gets its root on demand.  On
 * M_FAR: add the first 2 MiB of section 300 (root 1, never allocated).
 * Expect the root to exist afterwards, pfn_valid() true in that subsection
 * only, the section's other struct pages unbacked; removing it makes the
 * section disappear.  Ranges crossing a section, not subsection aligned
 * or past the vmemmap are -EINVAL.
 */
START_TEST(test_subsection_hot_add)
{
	struct machine *m = memmap_only(M_FAR);
	const pfn_t s300 = section_nr_to_pfn(300);

	ck_assert_ptr_null(m->mem_section[1]);
	ck_assert_int_eq(sparse_add_section(m, s300, PAGES_PER_SUBSECTION), 0);
	ck_assert_ptr_nonnull(m->mem_section[1]);
	ck_assert(valid_section_nr(m, 300) && !early_section(__nr_to_section(m, 300)));
	ck_assert(pfn_valid(m, s300) && pfn_valid(m, s300 + PAGES_PER_SUBSECTION - 1));
	ck_assert(!pfn_valid(m, s300 + PAGES_PER_SUBSECTION));
	ck_assert_uint_eq(next_valid_pfn(m, s300 + 1, s300 + PAGES_PER_SECTION), s300 + 1);
	ck_assert_uint_eq(valid_pfn_run_end(m, s300 + 1, s300 + PAGES_PER_SECTION),
			  s300 + PAGES_PER_SUBSECTION);
	ck_assert_uint_eq(test_resident_memmap_pages(m, s300 + PAGES_PER_SUBSECTION,
					      PAGES_PER_SECTION - PAGES_PER_SUBSECTION), 0);
	sparse_remove_section(m, s300, PAGES_PER_SUBSECTION);
	ck_assert(!present_section_nr(m, 300) && !pfn_valid(m, s300));

	ck_assert_int_eq(sparse_add_section(m, s300 + PAGES_PER_SECTION - PAGES_PER_SUBSECTION,
					    2 * PAGES_PER_SUBSECTION), -EINVAL);
	ck_assert_int_eq(sparse_add_section(m, s300 + 1, PAGES_PER_SUBSECTION), -EINVAL);
	ck_assert_int_eq(sparse_add_section(m, SECTION_ALIGN_UP(m->end_pfn), PAGES_PER_SUBSECTION),
			 -EINVAL);
	memmap_only_release(m);
}
END_TEST

/*
 * The walk helpers on M_HOLE: a boot section is one run (its holes have
 * struct pages), sections 3-11 none.  Expect over [300M, 1700M) the runs
 * [300M, 384M), [1536M, 1664M) and [1664M, 1700M).
 */
START_TEST(test_valid_pfn_runs)
{
	struct machine *m = memmap_only(M_HOLE);
	const pfn_t want[] = { mib_pfn(300), mib_pfn(384), mib_pfn(1536), mib_pfn(1664),
			       mib_pfn(1664), mib_pfn(1700) };
	pfn_t got[8];
	size_t nr = 0;

	for_each_valid_pfn_run(m, run, run_end, mib_pfn(300), mib_pfn(1700)) {
		ck_assert_uint_lt(nr, TEST_ARRAY_SIZE(got));
		got[nr++] = run;
		got[nr++] = run_end;
	}
	ck_assert_uint_eq(nr, TEST_ARRAY_SIZE(want));
	for (size_t i = 0; i < nr; i++)
		ck_assert_uint_eq(got[i], want[i]);
	memmap_only_release(m);
}
END_TEST

/*
 * A pageblock larger than a memory section cannot keep its flags in one
 * section's usage: kernel.pageblock_order PFN_SECTION_SHIFT + 1 (16) is
 * refused naming the section; 15 (a pageblock as large as a section) is
 * refused too, since no pageblock exceeds a MAX_ORDER block (6.1's
 * pageblock_order = min(HUGETLB_PAGE_ORDER, MAX_ORDER - 1)).  Expect "FILE:
 * kernel.pageblock_order: ..." for both.
 */
START_TEST(test_config_pageblock_fits_section)
{
	struct mm_boot_params p;
	char json[128], err[512];

	snprintf(json, sizeof(json), "{\"kernel\": {\"pageblock_order\": %d}}", PFN_SECTION_SHIFT + 1);
	ck_assert_int_eq(sim_config_load_string("m.json", json, &p, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "m.json: kernel.pageblock_order: ") == err, "%s", err);
	ck_assert_msg(strstr(err, "memory section (128M) must hold whole pageblocks"), "%s", err);
	snprintf(json, sizeof(json), "{\"kernel\": {\"pageblock_order\": %d}}", PFN_SECTION_SHIFT);
	ck_assert_int_eq(sim_config_load_string("m.json", json, &p, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "m.json: kernel.pageblock_order: ") == err, "%s", err);
	ck_assert_msg(strstr(err, "largest buddy block (4M)"), "%s", err);
}
END_TEST

Suite *sparse_suite(void);

Suite *sparse_suite(void)
{
	Suite *s = suite_create("sparse");
	TCase *tc = tcase_create("sections");

	tcase_add_test(tc, test_section_arithmetic);
	tcase_add_test(tc, test_root_table);
	tcase_add_test(tc, test_flags_after_boot);
	tcase_add_test(tc, test_pfn_valid_in_holes);
	tcase_add_test(tc, test_pageblock_flags_per_section);
	tcase_add_test(tc, test_host_memory_for_present_sections_only);
	tcase_add_test(tc, test_absent_memmap_faults);
	tcase_add_test(tc, test_deactivate_and_reactivate);
	tcase_add_test(tc, test_subsection_hot_add);
	tcase_add_test(tc, test_valid_pfn_runs);
	tcase_add_test(tc, test_config_pageblock_fits_section);
	suite_add_tcase(s, tc);
	return s;
}
