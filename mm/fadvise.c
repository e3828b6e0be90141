/*
 * mm/fadvise.c - posix_fadvise(): what a task tells the kernel about its
 * use of a file.
 *
 * NORMAL, RANDOM and SEQUENTIAL set the task's readahead state for the
 * file (the open file's f_ra and FMODE_RANDOM in the kernel); WILLNEED
 * reads the range ahead without waiting; DONTNEED starts writeback of the
 * range's dirty pages (without waiting) and frees its clean, unmapped,
 * idle pages, keeping partial pages at both ends.
 *
 * Invariants: none beyond the page cache's own.
 *
 * Linux counterpart: mm/fadvise.c (v6.1): generic_fadvise().
 */
#include "mm/writeback.h"

#include <limits.h>

#include "mm/internal.h"
#include "mm/mm.h"

/* Linux: the POSIX_FADV_DONTNEED arm of generic_fadvise(). */
static void fadvise_dontneed(struct machine *m, struct address_space *mapping, uint64_t offset,
			     uint64_t endbyte)
{
	struct writeback_control wbc = { .nr_to_write = LONG_MAX, .sync_mode = WB_SYNC_NONE,
					 .range_start = offset, .range_end = endbyte };
	uint64_t start_index = (offset + PAGE_SIZE - 1) >> PAGE_SHIFT;
	uint64_t end_index = endbyte >> PAGE_SHIFT;

	write_cache_pages(m, mapping, &wbc);	/* __filemap_fdatawrite_range() */
	/* A partial last page stays: someone may still want its other bytes. */
	if ((endbyte & (PAGE_SIZE - 1)) != PAGE_SIZE - 1) {
		if (end_index == 0)
			return;
		end_index--;
	}
	if (end_index >= start_index)
		invalidate_mapping_pages(m, mapping, start_index, end_index);
}

void generic_fadvise(struct machine *m, struct address_space *mapping, uint64_t offset,
		     uint64_t len, enum fadvise_advice advice)
{
	struct file_ra_state *ra = file_ra_state_of(m, mapping);
	unsigned long bdi_ra_pages = m->hw.disk.read_ahead_kb >> (PAGE_SHIFT - 10);
	uint64_t endbyte = offset + len;

	/* len 0 (or a wrapping one) means to the end of the file: LLONG_MAX. */
	if (!len || endbyte < len || endbyte > LLONG_MAX)
		endbyte = LLONG_MAX;
	else
		endbyte--;
	if (!ra)
		return;
	switch (advice) {
	case FADV_NORMAL:
		ra->ra_pages = bdi_ra_pages;
		ra->random = false;
		break;
	case FADV_RANDOM:
		ra->random = true;
		break;
	case FADV_SEQUENTIAL:
		ra->ra_pages = bdi_ra_pages * 2;
		ra->random = false;
		break;
	case FADV_WILLNEED: {
		uint64_t start_index = offset >> PAGE_SHIFT, nr = (endbyte >> PAGE_SHIFT) - start_index + 1;

		force_page_cache_ra(m, mapping, ra, start_index, nr ? (unsigned long)nr : ULONG_MAX);
		break;
	}
	case FADV_DONTNEED:
		fadvise_dontneed(m, mapping, offset, endbyte);
		break;
	}
}
