/*
 * mm/sparse.c - memory sections: which parts of the physical range have
 * memory and a memmap, set up at boot and changed by hotplug.
 *
 * Boot (sparse_init): the vmemmap is reserved for the whole physical range;
 * every section that holds some memory of some node is marked present and
 * online (memory_present), then each present section gets its memmap
 * populated and a zeroed usage record (sparse_init_nid), and the
 * subsections that hold memory are marked active (subsection_map_init).
 * Sections without memory get nothing: no struct pages, no pageblock
 * flags, no host memory.
 *
 * Hotplug (sparse_add_section / sparse_remove_section): activate or
 * deactivate a subsection-aligned range of one section, populating or
 * releasing its memmap; the section stops being present when its last
 * subsection goes.
 *
 * Invariants: see mm/sparse.h.  All state hangs off struct machine
 * (m->mem_section, m->vmemmap, m->highest_present_section_nr).
 *
 * Linux counterpart: mm/sparse.c (6.1), with pfn_to_online_page() from
 * mm/memory_hotplug.c.  The kernel carves the usage records of a node's
 * boot sections out of one memblock allocation (and so keeps an early
 * section's usage when the section is removed); here each section has its
 * own, freed with it.
 */
#include "mm/sparse.h"

#include <errno.h>
#include <stdlib.h>

#include "mm/debug.h"
#include "mm/sparse-vmemmap.h"

size_t mem_section_usage_size(const struct machine *m)
{
	return sizeof(struct mem_section_usage) + (PAGES_PER_SECTION >> m->pageblock_order);
}

/* Linux: sparse_index_init() (SPARSEMEM_EXTREME): the root of section nr. */
static int sparse_index_init(struct machine *m, unsigned long nr)
{
	unsigned long root = SECTION_NR_TO_ROOT(nr);

	if (m->mem_section[root])
		return 0;
	m->mem_section[root] = calloc(SECTIONS_PER_ROOT, sizeof(struct mem_section));
	return m->mem_section[root] ? 0 : -ENOMEM;
}

/* Linux: __section_mark_present() */
static void __section_mark_present(struct machine *m, struct mem_section *ms, unsigned long nr)
{
	if (nr > m->highest_present_section_nr)
		m->highest_present_section_nr = nr;
	ms->section_mem_map |= SECTION_MARKED_PRESENT;
}

/* Linux: next_present_section_nr(); -1 past the last. */
static long next_present_section_nr(const struct machine *m, long nr)
{
	while ((unsigned long)++nr <= m->highest_present_section_nr)
		if (present_section_nr(m, (unsigned long)nr))
			return nr;
	return -1;
}

#define for_each_present_section_nr(m, start, nr)				\
	for (long nr = next_present_section_nr((m), (long)(start) - 1); nr != -1;	\
	     nr = next_present_section_nr((m), nr))

/* Linux: sparse_encode_early_nid() / sparse_early_nid() */
static uintptr_t sparse_encode_early_nid(int nid)
{
	return (uintptr_t)nid << SECTION_NID_SHIFT;
}

static int sparse_early_nid(const struct mem_section *ms)
{
	return (int)(ms->section_mem_map >> SECTION_NID_SHIFT);
}

/*
 * Linux: memory_present(), mm/sparse.c.  Record [start, end) of node nid:
 * each section it touches becomes present and online, and remembers the
 * first node that claimed it.
 */
static int memory_present(struct machine *m, int nid, pfn_t start, pfn_t end)
{
	if (!m->mem_section) {
		m->mem_section = calloc(NR_SECTION_ROOTS, sizeof(*m->mem_section));
		if (!m->mem_section)
			return -ENOMEM;
	}
	for (pfn_t pfn = SECTION_ALIGN_DOWN(start); pfn < end; pfn += PAGES_PER_SECTION) {
		unsigned long nr = pfn_to_section_nr(pfn);
		struct mem_section *ms;

		if (sparse_index_init(m, nr))
			return -ENOMEM;
		ms = __nr_to_section(m, nr);
		if (!ms->section_mem_map) {
			ms->section_mem_map = sparse_encode_early_nid(nid) | SECTION_IS_ONLINE;
			__section_mark_present(m, ms, nr);
		}
	}
	return 0;
}

/* Linux: for_each_mem_pfn_range() over every node; stops at fn's first error. */
static int for_each_mem_pfn_range(struct machine *m,
				  int (*fn)(struct machine *m, int nid, pfn_t start, pfn_t end))
{
	for (unsigned int nid = 0; nid < m->hw.nr_nodes; nid++) {
		size_t cursor = 0;
		pfn_t start, end;
		int rc;

		while (hw_node_next_present_range(&m->hw, nid, &cursor, &start, &end))
			if ((rc = fn(m, (int)nid, start, end)))
				return rc;
	}
	return 0;
}

/* Linux: memblocks_present(): every memory range of every node. */
static int memblocks_present(struct machine *m)
{
	return for_each_mem_pfn_range(m, memory_present);
}

/* Linux: subsection_mask_set(): the bits of [pfn, pfn + nr_pages) in one section. */
static uint64_t subsection_mask(pfn_t pfn, unsigned long nr_pages)
{
	unsigned int first = subsection_map_index(pfn);
	unsigned int last = subsection_map_index(pfn + nr_pages - 1);

	return (~0ull >> (63 - last)) & (~0ull << first);
}

/* Linux: subsection_map_init(): mark the subsections [pfn, end) touches. */
static int subsection_map_init(struct machine *m, int nid, pfn_t pfn, pfn_t end)
{
	unsigned long nr_pages = (unsigned long)(end - pfn);

	while (nr_pages) {
		unsigned long pfns = PAGES_PER_SECTION - (unsigned long)(pfn & ~PAGE_SECTION_MASK);
		struct mem_section *ms = __pfn_to_section(m, pfn);

		if (pfns > nr_pages)
			pfns = nr_pages;
		ms->usage->subsection_map |= subsection_mask(pfn, pfns);
		pfn += pfns;
		nr_pages -= pfns;
	}
	return 0;
}

/*
 * Linux: sparse_encode_mem_map().  Store the memmap less the section's
 * first pfn, so that adding any pfn of the section gives its struct page;
 * with the vmemmap that is the vmemmap's base, whatever the section.
 */
static uintptr_t sparse_encode_mem_map(const struct page *map, unsigned long nr)
{
	uintptr_t coded = (uintptr_t)map - (uintptr_t)section_nr_to_pfn(nr) * sizeof(struct page);

	MM_BUG_ON(coded & ~SECTION_MAP_MASK);
	return coded;
}

/* Linux: sparse_init_one_section() */
static void sparse_init_one_section(struct mem_section *ms, unsigned long nr, struct page *map,
				    struct mem_section_usage *usage, uintptr_t flags)
{
	ms->section_mem_map &= ~SECTION_MAP_MASK;
	ms->section_mem_map |= sparse_encode_mem_map(map, nr) | SECTION_HAS_MEM_MAP | flags;
	ms->usage = usage;
}

/*
 * Linux: sparse_init_nid().  Give every present section of [begin, end)
 * (all of one node) a usage record and a populated memmap.
 */
static int sparse_init_nid(struct machine *m, unsigned long begin, unsigned long end)
{
	for_each_present_section_nr(m, begin, nr) {
		pfn_t pfn = section_nr_to_pfn((unsigned long)nr);
		struct mem_section_usage *usage;
		struct page *map;

		if ((unsigned long)nr >= end)
			break;
		usage = calloc(1, mem_section_usage_size(m));
		map = usage ? __populate_section_memmap(m, pfn, PAGES_PER_SECTION) : NULL;
		if (!map) {
			free(usage);
			return -ENOMEM;
		}
		sparse_init_one_section(__nr_to_section(m, (unsigned long)nr), (unsigned long)nr,
					map, usage, SECTION_IS_EARLY);
	}
	return 0;
}

/* Linux: sparse_init(), mm/sparse.c: runs of present sections of one node at a time. */
int sparse_init(struct machine *m)
{
	long begin;
	int nid_begin;

	if (vmemmap_reserve(m) || memblocks_present(m))
		return -1;
	begin = next_present_section_nr(m, -1);
	if (begin < 0)
		return 0;
	nid_begin = sparse_early_nid(__nr_to_section(m, (unsigned long)begin));
	for_each_present_section_nr(m, begin + 1, nr) {
		int nid = sparse_early_nid(__nr_to_section(m, (unsigned long)nr));

		if (nid == nid_begin)
			continue;
		if (sparse_init_nid(m, (unsigned long)begin, (unsigned long)nr))
			return -1;
		nid_begin = nid;
		begin = nr;
	}
	if (sparse_init_nid(m, (unsigned long)begin, m->highest_present_section_nr + 1))
		return -1;
	/* free_area_init() does this in the kernel, once the usage exists. */
	return for_each_mem_pfn_range(m, subsection_map_init);
}

void sparse_release(struct machine *m)
{
	if (m->mem_section) {
		for (unsigned long root = 0; root < NR_SECTION_ROOTS; root++) {
			struct mem_section *sections = m->mem_section[root];

			if (!sections)
				continue;
			for (unsigned long i = 0; i < SECTIONS_PER_ROOT; i++)
				free(sections[i].usage);
			free(sections);
		}
		free(m->mem_section);
		m->mem_section = NULL;
	}
	vmemmap_release(m);
	m->highest_present_section_nr = 0;
}

/* ---- hotplug ---- */

/* Linux: clear_subsection_map(): the range must be active, and is no more. */
static int clear_subsection_map(struct mem_section *ms, pfn_t pfn, unsigned long nr_pages)
{
	uint64_t map = subsection_mask(pfn, nr_pages);

	if (!ms->usage || (ms->usage->subsection_map & map) != map)
		return -EINVAL;
	ms->usage->subsection_map &= ~map;
	return 0;
}

/* Linux: fill_subsection_map(): the range must be inactive, and is active now. */
static int fill_subsection_map(struct mem_section *ms, pfn_t pfn, unsigned long nr_pages)
{
	uint64_t map = subsection_mask(pfn, nr_pages);

	if (ms->usage->subsection_map & map)
		return -EEXIST;
	ms->usage->subsection_map |= map;
	return 0;
}

/*
 * Linux: section_deactivate(), mm/sparse.c.  A boot section's memmap was
 * populated whole, so it is released whole once the section empties; a
 * hot-added range releases its own part at once.
 */
static void section_deactivate(struct machine *m, pfn_t pfn, unsigned long nr_pages)
{
	struct mem_section *ms = __pfn_to_section(m, pfn);
	bool early = early_section(ms), empty;

	if (clear_subsection_map(ms, pfn, nr_pages))
		return;		/* the kernel WARNs: deactivated already */
	empty = !ms->usage->subsection_map;
	if (empty) {
		/* valid_section() turns false before the usage goes. */
		ms->section_mem_map &= ~SECTION_HAS_MEM_MAP;
		free(ms->usage);
		ms->usage = NULL;
	}
	if (!early)
		vmemmap_free(m, pfn, nr_pages);
	else if (empty)
		vmemmap_free(m, SECTION_ALIGN_DOWN(pfn), PAGES_PER_SECTION);
	if (empty)
		ms->section_mem_map = 0;
}

/* Linux: section_activate(), mm/sparse.c. */
static int section_activate(struct machine *m, pfn_t pfn, unsigned long nr_pages,
			    struct page **memmap)
{
	struct mem_section *ms = __pfn_to_section(m, pfn);
	struct mem_section_usage *usage = NULL;
	int rc;

	if (!ms->usage) {
		usage = calloc(1, mem_section_usage_size(m));
		if (!usage)
			return -ENOMEM;
		ms->usage = usage;
	}
	rc = fill_subsection_map(ms, pfn, nr_pages);
	if (rc) {
		if (usage)
			ms->usage = NULL;
		free(usage);
		return rc;
	}
	/* A hole of a boot section has its memmap already. */
	if (nr_pages < PAGES_PER_SECTION && early_section(ms)) {
		*memmap = pfn_to_page(m, pfn);
		return 0;
	}
	*memmap = __populate_section_memmap(m, pfn, nr_pages);
	if (!*memmap) {
		section_deactivate(m, pfn, nr_pages);
		return -ENOMEM;
	}
	return 0;
}

int sparse_add_section(struct machine *m, pfn_t start_pfn, unsigned long nr_pages)
{
	unsigned long nr = pfn_to_section_nr(start_pfn);
	struct mem_section *ms;
	struct page *memmap;
	int rc;

	if (!nr_pages || SECTION_ALIGN_DOWN(start_pfn) != SECTION_ALIGN_DOWN(start_pfn + nr_pages - 1) ||
	    (start_pfn | nr_pages) & (PAGES_PER_SUBSECTION - 1) ||
	    start_pfn + nr_pages > SECTION_ALIGN_UP(m->end_pfn) || !m->mem_section)
		return -EINVAL;
	rc = sparse_index_init(m, nr);
	if (!rc)
		rc = section_activate(m, start_pfn, nr_pages, &memmap);
	if (rc)
		return rc;
	ms = __nr_to_section(m, nr);
	__section_mark_present(m, ms, nr);
	sparse_init_one_section(ms, nr, pfn_to_page(m, section_nr_to_pfn(nr)), ms->usage, 0);
	return 0;
}

void sparse_remove_section(struct machine *m, pfn_t pfn, unsigned long nr_pages)
{
	if (valid_section(__pfn_to_section(m, pfn)))
		section_deactivate(m, pfn, nr_pages);
}

void online_mem_sections(struct machine *m, pfn_t start_pfn, pfn_t end_pfn)
{
	for (pfn_t pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SECTION) {
		struct mem_section *ms = __pfn_to_section(m, pfn);

		if (valid_section(ms))
			ms->section_mem_map |= SECTION_IS_ONLINE;
	}
}

void offline_mem_sections(struct machine *m, pfn_t start_pfn, pfn_t end_pfn)
{
	for (pfn_t pfn = start_pfn; pfn < end_pfn; pfn += PAGES_PER_SECTION) {
		struct mem_section *ms = __pfn_to_section(m, pfn);

		if (valid_section(ms))
			ms->section_mem_map &= ~SECTION_IS_ONLINE;
	}
}

struct page *pfn_to_online_page(const struct machine *m, pfn_t pfn)
{
	const struct mem_section *ms;

	if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
		return NULL;
	ms = __pfn_to_section(m, pfn);
	if (!online_section(ms) || !pfn_section_valid(ms, pfn))
		return NULL;
	return pfn_to_page(m, pfn);
}

/* ---- walks ---- */

pfn_t next_valid_pfn(const struct machine *m, pfn_t pfn, pfn_t end)
{
	while (pfn < end) {
		const struct mem_section *ms;

		if (pfn_to_section_nr(pfn) >= NR_MEM_SECTIONS)
			return end;
		ms = __pfn_to_section(m, pfn);
		if (!valid_section(ms))
			pfn = SECTION_ALIGN_DOWN(pfn) + PAGES_PER_SECTION;
		else if (early_section(ms) || pfn_section_valid(ms, pfn))
			return pfn;
		else
			pfn = (pfn & PAGE_SUBSECTION_MASK) + PAGES_PER_SUBSECTION;
	}
	return end;
}

pfn_t valid_pfn_run_end(const struct machine *m, pfn_t pfn, pfn_t end)
{
	const struct mem_section *ms;
	pfn_t run_end;

	if (pfn >= end)
		return end;
	ms = __pfn_to_section(m, pfn);
	if (early_section(ms))
		run_end = SECTION_ALIGN_DOWN(pfn) + PAGES_PER_SECTION;
	else
		run_end = (pfn & PAGE_SUBSECTION_MASK) + PAGES_PER_SUBSECTION;
	return run_end < end ? run_end : end;
}

/* ---- sizing ---- */

uint64_t sparse_memmap_bytes(const struct hw_machine *hw, unsigned int pageblock_order)
{
	uint64_t usage = sizeof(struct mem_section_usage) + (PAGES_PER_SECTION >> pageblock_order);
	unsigned long nr_sections = 0, last = ~0ul;

	/* Present ranges come node by node in ascending order, so sections too. */
	for (unsigned int nid = 0; nid < hw->nr_nodes; nid++) {
		size_t cursor = 0;
		pfn_t start, end;

		while (hw_node_next_present_range(hw, nid, &cursor, &start, &end)) {
			unsigned long first = pfn_to_section_nr(start);
			unsigned long past = pfn_to_section_nr(end - 1) + 1;

			if (first == last)
				first++;
			if (past > first)
				nr_sections += past - first;
			last = past - 1;
		}
	}
	return nr_sections * (PAGES_PER_SECTION * sizeof(struct page) + usage);
}
