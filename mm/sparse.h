/*
 * mm/sparse.h - memory sections: the physical address range cut into 128 MiB
 * sections, each of which, once present, has its own memmap in the vmemmap
 * and its own usage record (the pageblock flags and the subsection map).
 *
 * Vocabulary:
 *   section     PAGES_PER_SECTION frames (2^15 = 128 MiB) aligned on their
 *               size; struct mem_section says what is known of them.
 *   present     the section holds some memory (SECTION_MARKED_PRESENT);
 *               memblocks_present() marks them at boot, hot-add later.
 *   valid       the section has a memmap (SECTION_HAS_MEM_MAP): its struct
 *               pages and its usage exist.  pfn_valid() answers this for a
 *               frame.
 *   online      the section's memory is in the buddy allocator's hands
 *               (SECTION_IS_ONLINE).
 *   early       the section was set up at boot (SECTION_IS_EARLY): its
 *               memmap covers the whole section, holes included.
 *   subsection  2 MiB; a section's usage records which of its 64
 *               subsections are active (have memory, or were hot-added).
 *   vmemmap     host address space for the struct pages of the whole
 *               physical range, reserved once; only valid sections are
 *               backed by host memory (mm/sparse-vmemmap.c), so
 *               pfn_to_page() is vmemmap + pfn.
 *
 * Invariants:
 *   - valid implies present; online implies valid;
 *   - a valid section's usage holds PAGES_PER_SECTION >> pageblock_order
 *     pageblock bytes: sections hold whole pageblocks (the config allows
 *     pageblock_order up to MAX_ORDER - 1) and whole MAX_ORDER blocks
 *     (checked at compile time below), so a buddy never crosses a section;
 *   - the root table m->mem_section is NULL until memory_present() runs;
 *     a root (SECTIONS_PER_ROOT sections) exists only once a section in it
 *     was made present.
 *
 * Linux counterpart: the CONFIG_SPARSEMEM part of include/linux/mmzone.h
 * with x86_64's SECTION_SIZE_BITS (27), CONFIG_SPARSEMEM_EXTREME and
 * CONFIG_SPARSEMEM_VMEMMAP, as the reference kernel is configured.
 */
#ifndef MM_SPARSE_H
#define MM_SPARSE_H

#include "mm/mmzone.h"

/* x86_64: arch/x86/include/asm/sparsemem.h (4-level paging's 46 bits). */
#define SECTION_SIZE_BITS	27
#define MAX_PHYSMEM_BITS	46

#define PFN_SECTION_SHIFT	(SECTION_SIZE_BITS - PAGE_SHIFT)
#define SECTIONS_SHIFT		(MAX_PHYSMEM_BITS - SECTION_SIZE_BITS)
#define NR_MEM_SECTIONS		(1ul << SECTIONS_SHIFT)
#define PAGES_PER_SECTION	(1ul << PFN_SECTION_SHIFT)
#define PAGE_SECTION_MASK	(~(pfn_t)(PAGES_PER_SECTION - 1))

#define SUBSECTION_SHIFT	21
#define PFN_SUBSECTION_SHIFT	(SUBSECTION_SHIFT - PAGE_SHIFT)
#define PAGES_PER_SUBSECTION	(1ul << PFN_SUBSECTION_SHIFT)
#define PAGE_SUBSECTION_MASK	(~(pfn_t)(PAGES_PER_SUBSECTION - 1))
#define SUBSECTIONS_PER_SECTION	(1ul << (SECTION_SIZE_BITS - SUBSECTION_SHIFT))

/* The kernel's "#error Allocator MAX_ORDER exceeds SECTION_SIZE". */
_Static_assert(MAX_ORDER - 1 + PAGE_SHIFT <= SECTION_SIZE_BITS,
	       "a MAX_ORDER block must fit in a memory section");
_Static_assert(SUBSECTIONS_PER_SECTION <= 64, "the subsection map is one 64-bit word");

/*
 * Linux: struct mem_section_usage.  The kernel packs 4 bits per pageblock
 * into longs; numasim keeps the byte per pageblock of pageblock-flags.h.
 */
struct mem_section_usage {
	uint64_t subsection_map;	/* bit i: subsection i is active */
	uint8_t pageblock_flags[];	/* PAGES_PER_SECTION >> pageblock_order bytes */
};

/*
 * Linux: struct mem_section.  section_mem_map holds the memmap pointer
 * minus the section's first pfn (so that adding a pfn gives its struct
 * page) with the SECTION_* flags in the low bits; before sparse_init()
 * stores a memmap, the bits above the flags hold the section's node.
 * The reference kernel's is 32 bytes (CONFIG_PAGE_EXTENSION adds page_ext
 * and padding); numasim has no page_ext, so 16.
 */
struct mem_section {
	uintptr_t section_mem_map;
	struct mem_section_usage *usage;
};

/* SPARSEMEM_EXTREME: a root is one page of sections, allocated on demand. */
#define SECTIONS_PER_ROOT	(PAGE_SIZE / sizeof(struct mem_section))
#define SECTION_NR_TO_ROOT(sec)	((sec) / SECTIONS_PER_ROOT)
#define NR_SECTION_ROOTS	((NR_MEM_SECTIONS + SECTIONS_PER_ROOT - 1) / SECTIONS_PER_ROOT)
#define SECTION_ROOT_MASK	(SECTIONS_PER_ROOT - 1)

enum {
	SECTION_MARKED_PRESENT_BIT,
	SECTION_HAS_MEM_MAP_BIT,
	SECTION_IS_ONLINE_BIT,
	SECTION_IS_EARLY_BIT,
	SECTION_TAINT_ZONE_DEVICE_BIT,	/* never set: ZONE_DEVICE stays empty */
	SECTION_MAP_LAST_BIT,
};

#define SECTION_MARKED_PRESENT	(1ul << SECTION_MARKED_PRESENT_BIT)
#define SECTION_HAS_MEM_MAP	(1ul << SECTION_HAS_MEM_MAP_BIT)
#define SECTION_IS_ONLINE	(1ul << SECTION_IS_ONLINE_BIT)
#define SECTION_IS_EARLY	(1ul << SECTION_IS_EARLY_BIT)
#define SECTION_MAP_MASK	(~((1ul << SECTION_MAP_LAST_BIT) - 1))
#define SECTION_NID_SHIFT	SECTION_MAP_LAST_BIT

static inline unsigned long pfn_to_section_nr(pfn_t pfn)
{
	return (unsigned long)(pfn >> PFN_SECTION_SHIFT);
}

static inline pfn_t section_nr_to_pfn(unsigned long nr)
{
	return (pfn_t)nr << PFN_SECTION_SHIFT;
}

static inline pfn_t SECTION_ALIGN_UP(pfn_t pfn)
{
	return (pfn + PAGES_PER_SECTION - 1) & PAGE_SECTION_MASK;
}

static inline pfn_t SECTION_ALIGN_DOWN(pfn_t pfn)
{
	return pfn & PAGE_SECTION_MASK;
}

/* Linux: __nr_to_section(): NULL while the section's root does not exist. */
static inline struct mem_section *__nr_to_section(const struct machine *m, unsigned long nr)
{
	unsigned long root = SECTION_NR_TO_ROOT(nr);

	if (root >= NR_SECTION_ROOTS || !m->mem_section || !m->mem_section[root])
		return NULL;
	return &m->mem_section[root][nr & SECTION_ROOT_MASK];
}

/* Linux: __pfn_to_section() */
static inline struct mem_section *__pfn_to_section(const struct machine *m, pfn_t pfn)
{
	return __nr_to_section(m, pfn_to_section_nr(pfn));
}

static inline bool present_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_MARKED_PRESENT);
}

static inline bool valid_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_HAS_MEM_MAP);
}

static inline bool online_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_IS_ONLINE);
}

static inline bool early_section(const struct mem_section *ms)
{
	return ms && (ms->section_mem_map & SECTION_IS_EARLY);
}

static inline bool present_section_nr(const struct machine *m, unsigned long nr)
{
	return present_section(__nr_to_section(m, nr));
}

static inline bool valid_section_nr(const struct machine *m, unsigned long nr)
{
	return valid_section(__nr_to_section(m, nr));
}

static inline bool online_section_nr(const struct machine *m, unsigned long nr)
{
	return online_section(__nr_to_section(m, nr));
}

/* Linux: subsection_map_index() */
static inline unsigned int subsection_map_index(pfn_t pfn)
{
	return (unsigned int)((pfn & ~PAGE_SECTION_MASK) >> PFN_SUBSECTION_SHIFT);
}

/* Linux: pfn_section_valid() (SPARSEMEM_VMEMMAP). */
static inline bool pfn_section_valid(const struct mem_section *ms, pfn_t pfn)
{
	return ms->usage && ((ms->usage->subsection_map >> subsection_map_index(pfn)) & 1);
}

/*
 * Linux: pfn_valid(), include/linux/mmzone.h.  True if pfn has a struct
 * page; that says nothing of memory behind it (the frame may lie in a
 * hole of a present section, and is then reserved).  Boot sections have a
 * memmap for every frame; hot-added ones for their active subsections.
 * The bound on the section number also rejects pfns whose physical
 * address would not fit in 64 bits.
 */
static inline bool pfn_valid(const struct machine *m, pfn_t pfn)
{
	const struct mem_section *ms;

	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return false;
	ms = __pfn_to_section(m, pfn);
	if (!valid_section(ms))
		return false;
	return early_section(ms) || pfn_section_valid(ms, pfn);
}

/* Linux: pfn_in_present_section() */
static inline bool pfn_in_present_section(const struct machine *m, pfn_t pfn)
{
	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return false;
	return present_section(__pfn_to_section(m, pfn));
}

/* Linux: section_to_usemap(): the section's pageblock flags. */
static inline uint8_t *section_to_usemap(const struct mem_section *ms)
{
	return ms->usage->pageblock_flags;
}

/* ---- walking pfn ranges that may cross sections without a memmap ---- */

/* The first pfn in [pfn, end) that pfn_valid() accepts, or end. */
pfn_t next_valid_pfn(const struct machine *m, pfn_t pfn, pfn_t end);

/*
 * The end of the run of valid frames that starts at the valid pfn: the end
 * of its section (boot sections) or subsection (hot-added), capped at end.
 */
pfn_t valid_pfn_run_end(const struct machine *m, pfn_t pfn, pfn_t end);

/*
 * Walk [start, end) as runs [run, run_end) of frames that have a memmap,
 * stepping over what lies between.  Loops over frames nest inside.
 */
#define for_each_valid_pfn_run(m, run, run_end, start, end)				\
	for (pfn_t run = next_valid_pfn((m), (start), (end)),				\
		   run_end = valid_pfn_run_end((m), run, (end));				\
	     run < (end);								\
	     run = next_valid_pfn((m), run_end, (end)),					\
	     run_end = valid_pfn_run_end((m), run, (end)))

/* ---- mm/sparse.c ---- */

/* Bytes of one section's usage record.  Linux: mem_section_usage_size(). */
size_t mem_section_usage_size(const struct machine *m);

/*
 * Linux: sparse_init(), mm/sparse.c, with free_area_init()'s
 * subsection_map_init() loop.  Reserves the vmemmap for [0, m->end_pfn)
 * rounded up to a section, marks present every section holding memory of
 * m->hw (memblocks_present()) and gives each a zeroed memmap and usage.
 * m->hw, m->end_pfn and m->pageblock_order must be set.  0, or -1 when
 * host memory ran out (sparse_release() undoes what was done).
 */
int sparse_init(struct machine *m);

/* Unmap the vmemmap, free every usage and root.  Safe on a zeroed machine. */
void sparse_release(struct machine *m);

/*
 * Linux: sparse_add_section(), mm/sparse.c (hotplug).  Make the section
 * holding [start_pfn, start_pfn + nr_pages) present and give the range a
 * zeroed memmap; the range lies in one section below the vmemmap's end and
 * is subsection aligned.  The section is not online until
 * online_mem_sections().  The kernel's nid argument only places its
 * allocations, so there is none.  0, -EEXIST if a subsection of the range
 * is active already, -ENOMEM, -EINVAL.
 */
int sparse_add_section(struct machine *m, pfn_t start_pfn, unsigned long nr_pages);

/*
 * Linux: sparse_remove_section() -> section_deactivate(), mm/sparse.c.
 * Release the memmap of the range (host memory returned, the range made
 * inaccessible again); when no subsection stays active the section stops
 * being present.  Its frames must be out of every list.
 */
void sparse_remove_section(struct machine *m, pfn_t pfn, unsigned long nr_pages);

/* Linux: online_mem_sections() / offline_mem_sections(), mm/sparse.c. */
void online_mem_sections(struct machine *m, pfn_t start_pfn, pfn_t end_pfn);
void offline_mem_sections(struct machine *m, pfn_t start_pfn, pfn_t end_pfn);

/*
 * Linux: pfn_to_online_page(), mm/memory_hotplug.c.  The struct page of
 * pfn if its section is online and its subsection active, else NULL: the
 * test the kernel's /proc walkers use before trusting a memmap.
 */
struct page *pfn_to_online_page(const struct machine *m, pfn_t pfn);

/*
 * Host memory the memmap of a machine with these hardware ranges needs:
 * the struct pages and usage of every section holding memory.
 */
uint64_t sparse_memmap_bytes(const struct hw_machine *hw, unsigned int pageblock_order);

#endif /* MM_SPARSE_H */
