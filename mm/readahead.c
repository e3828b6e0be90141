/*
 * mm/readahead.c - readahead: which pages a read brings into the page
 * cache besides the ones it asked for, and when.
 *
 * As 6.1 sizes it: a window (start, size, async_size) per open file,
 * grown by get_init_ra_size() / get_next_ra_size() up to ra_pages (the
 * device's read_ahead_kb), the PG_readahead marker on the first page of
 * the window's async tail, sequential detection against the previous
 * read's end (prev_pos) and the context readahead that counts the cached
 * pages just before a read.
 *
 * numasim has no open files: a task's reads and faults of a file share
 * one file_ra_state, made on its first read or fault
 * (file_ra_state_init()) and kept with the file until the file dies; a
 * reused pid inherits it.
 *
 * Simplified, without changing which pages are allocated when: folios
 * are order 0 (ext4 in 6.1 has no large folios, so page_cache_ra_order()
 * is do_page_cache_ra()); the device's io_pages (max_sectors_kb) equals
 * ra_pages; a folio is uptodate as soon as it is cached, the read's
 * caller waiting for the device's completion time instead (sync windows
 * at once, an async window when a read reaches one of its pages).
 *
 * Invariants: a window never extends past the page holding the file's
 * last byte (do_page_cache_ra()); ra->size <= max(ra_pages, the request).
 *
 * Linux counterpart: mm/readahead.c (v6.1): page_cache_ra_unbounded,
 * do_page_cache_ra, force_page_cache_ra, get_init_ra_size,
 * get_next_ra_size, count_history_pages, try_context_readahead,
 * ondemand_readahead, page_cache_sync_ra, page_cache_async_ra,
 * page_cache_ra_order.
 */
#include "mm/writeback.h"

#include <stdlib.h>

#include "mm/internal.h"
#include "mm/mm.h"

/* Linux: the 2 MiB chunks of force_page_cache_ra(). */
#define FORCE_RA_CHUNK_PAGES	((2ul << 20) / PAGE_SIZE)

/* Linux: file_ra_state_init(), mm/readahead.c; one per (task, file) here. */
struct file_ra_state *file_ra_state_of(struct machine *m, struct address_space *mapping)
{
	int pid = m->current ? m->current->pid : 0;
	struct file_ra_state *ra;

	for (size_t i = 0; i < mapping->nr_ra; i++)
		if (mapping->ra[i].pid == pid)
			return &mapping->ra[i];
	ra = realloc(mapping->ra, (mapping->nr_ra + 1) * sizeof(*ra));
	if (!ra)
		return NULL;
	mapping->ra = ra;
	ra = &mapping->ra[mapping->nr_ra++];
	*ra = (struct file_ra_state){
		.pid = pid,
		.ra_pages = m->hw.disk.read_ahead_kb >> (PAGE_SHIFT - 10),
		.prev_pos = UINT64_MAX,
	};
	return ra;
}

static unsigned long roundup_pow_of_two(unsigned long n)
{
	unsigned long p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* Linux: get_init_ra_size(): 4x a small first request, 2x a medium one, else the maximum. */
unsigned long get_init_ra_size(unsigned long size, unsigned long max)
{
	unsigned long newsize = roundup_pow_of_two(size);

	if (newsize <= max / 32)
		return newsize * 4;
	if (newsize <= max / 4)
		return newsize * 2;
	return max;
}

/* Linux: get_next_ra_size(): 4x while small, then 2x, up to the maximum. */
unsigned long get_next_ra_size(const struct file_ra_state *ra, unsigned long max)
{
	unsigned long cur = ra->size;

	if (cur < max / 16)
		return 4 * cur;
	if (cur <= max / 2)
		return 2 * cur;
	return max;
}

/* Linux: read_pages(): submit one contiguous run of new folios; the later completion wins. */
static void read_pages(struct machine *m, unsigned long *nr_pages, uint64_t *done_ns)
{
	uint64_t done;

	if (!*nr_pages)
		return;
	done = blk_submit_read(m, *nr_pages);
	if (done > *done_ns)
		*done_ns = done;
	*nr_pages = 0;
}

/*
 * Linux: page_cache_ra_unbounded(): allocate and read the missing pages
 * of [index, index + nr_to_read), marking the one lookahead_size from the
 * end PG_readahead; stops at the first allocation that fails.  Returns
 * when the device has read them (the clock if nothing was read).
 */
static uint64_t page_cache_ra_unbounded(struct machine *m, struct address_space *mapping,
					uint64_t index, unsigned long nr_to_read,
					unsigned long lookahead_size)
{
	uint64_t done_ns = m->clock_ns;
	unsigned long batch = 0;

	for (unsigned long i = 0; i < nr_to_read; i++) {
		struct page *folio;

		if (filemap_lookup(m, mapping, index + i)) {
			read_pages(m, &batch, &done_ns);
			continue;
		}
		folio = filemap_create_folio(m, mapping, index + i, readahead_gfp_mask(mapping));
		if (!folio)
			break;
		if (i == nr_to_read - lookahead_size)
			SetPageFlag(folio, PG_readahead);
		batch++;
	}
	read_pages(m, &batch, &done_ns);
	return done_ns;
}

/* Linux: do_page_cache_ra(): never past the page of the file's last byte. */
static uint64_t do_page_cache_ra(struct machine *m, struct address_space *mapping,
				 uint64_t index, unsigned long nr_to_read,
				 unsigned long lookahead_size)
{
	uint64_t end_index;

	if (!mapping->i_size)
		return m->clock_ns;
	end_index = (mapping->i_size - 1) >> PAGE_SHIFT;
	if (index > end_index)
		return m->clock_ns;
	if (nr_to_read > end_index - index)
		nr_to_read = (unsigned long)(end_index - index + 1);
	return page_cache_ra_unbounded(m, mapping, index, nr_to_read, lookahead_size);
}

uint64_t page_cache_ra_order(struct machine *m, struct address_space *mapping,
			     const struct file_ra_state *ra)
{
	/* ext4 has no large folios in 6.1: always the order-0 fallback. */
	return do_page_cache_ra(m, mapping, ra->start, ra->size, ra->async_size);
}

uint64_t force_page_cache_ra(struct machine *m, struct address_space *mapping,
			     struct file_ra_state *ra, uint64_t index, unsigned long nr_to_read)
{
	uint64_t done_ns = m->clock_ns;

	if (nr_to_read > ra->ra_pages)
		nr_to_read = ra->ra_pages;	/* max(io_pages, ra_pages), io_pages == ra_pages */
	while (nr_to_read) {
		unsigned long chunk = nr_to_read < FORCE_RA_CHUNK_PAGES ? nr_to_read
									: FORCE_RA_CHUNK_PAGES;
		uint64_t done = do_page_cache_ra(m, mapping, index, chunk, 0);

		if (done > done_ns)
			done_ns = done;
		index += chunk;
		nr_to_read -= chunk;
	}
	return done_ns;
}

/*
 * Linux: count_history_pages() (index - 1 - page_cache_prev_miss()): the
 * cached pages just before index, at most max.
 */
static unsigned long count_history_pages(const struct machine *m,
					 const struct address_space *mapping, uint64_t index,
					 unsigned long max)
{
	unsigned long n = 0;

	while (n < max && n < index && filemap_lookup(m, mapping, index - 1 - n))
		n++;
	return n;
}

/* Linux: try_context_readahead(): a read that follows cached history is sequential too. */
static bool try_context_readahead(const struct machine *m, const struct address_space *mapping,
				  struct file_ra_state *ra, uint64_t index,
				  unsigned long req_size, unsigned long max)
{
	unsigned long size = count_history_pages(m, mapping, index, max);

	if (size <= req_size)
		return false;
	/* History back to the file's start: probably one long sequential stream. */
	if (size >= index)
		size *= 2;
	ra->start = index;
	ra->size = size + req_size < max ? size + req_size : max;
	ra->async_size = 1;
	return true;
}

/* Linux: page_cache_next_miss(): the first index after index not cached, within max_scan. */
static uint64_t page_cache_next_miss(const struct machine *m, const struct address_space *mapping,
				     uint64_t index, unsigned long max_scan)
{
	for (unsigned long n = 0; n < max_scan; n++, index++)
		if (!filemap_lookup(m, mapping, index))
			return index;
	return index;
}

/*
 * Linux: the window arithmetic of ondemand_readahead(): false when the
 * read is random (do_page_cache_ra() of the request alone, or nothing).
 */
static bool ondemand_window(const struct machine *m, const struct address_space *mapping,
			    struct file_ra_state *ra, const struct page *folio, uint64_t index,
			    unsigned long req_size, bool *initial)
{
	unsigned long max_pages = ra->ra_pages;

	*initial = false;
	if (!index)
		return *initial = true;
	if (index == ra->start + ra->size - ra->async_size || index == ra->start + ra->size) {
		unsigned long next = get_next_ra_size(ra, max_pages);

		ra->start += ra->size;
		ra->size = next > ra->size ? next : ra->size;
		ra->async_size = ra->size;
		return true;
	}
	if (folio) {
		uint64_t start = page_cache_next_miss(m, mapping, index + 1, max_pages);

		if (!start || start - index > max_pages)
			return false;
		ra->start = start;
		ra->size += req_size;
		ra->size = get_next_ra_size(ra, max_pages);
		ra->async_size = ra->size;
		return true;
	}
	if (req_size > max_pages || index - (ra->prev_pos >> PAGE_SHIFT) <= 1)
		return *initial = true;
	return try_context_readahead(m, mapping, ra, index, req_size, max_pages);
}

/* Linux: ondemand_readahead(), mm/readahead.c.  Returns when the device is done. */
static uint64_t ondemand_readahead(struct machine *m, struct address_space *mapping,
				   struct file_ra_state *ra, struct page *folio, uint64_t index,
				   unsigned long req_size)
{
	unsigned long max_pages = ra->ra_pages;
	bool initial;

	if (!ondemand_window(m, mapping, ra, folio, index, req_size, &initial)) {
		if (folio)
			return m->clock_ns;
		return do_page_cache_ra(m, mapping, index, req_size, 0);
	}
	if (initial) {
		ra->start = index;
		ra->size = get_init_ra_size(req_size, max_pages);
		ra->async_size = ra->size > req_size ? ra->size - req_size : ra->size;
	}
	/* A window that is all async tail at the read's page: add the next one now. */
	if (index == ra->start && ra->size == ra->async_size) {
		unsigned long add_pages = get_next_ra_size(ra, max_pages);

		if (ra->size + add_pages <= max_pages) {
			ra->async_size = add_pages;
			ra->size += add_pages;
		} else {
			ra->size = max_pages;
			ra->async_size = max_pages >> 1;
		}
	}
	return do_page_cache_ra(m, mapping, ra->start, ra->size, ra->async_size);
}

uint64_t page_cache_sync_ra(struct machine *m, struct address_space *mapping,
			    struct file_ra_state *ra, uint64_t index, unsigned long req_count)
{
	if (!ra->ra_pages)
		return force_page_cache_ra(m, mapping, ra, index, 1);
	if (ra->random)
		return force_page_cache_ra(m, mapping, ra, index, req_count);
	return ondemand_readahead(m, mapping, ra, NULL, index, req_count);
}

void page_cache_async_ra(struct machine *m, struct address_space *mapping,
			 struct file_ra_state *ra, struct page *folio, unsigned long req_count)
{
	uint64_t index = folio->index;

	if (!ra->ra_pages || PageFlag(folio, PG_writeback))
		return;
	ClearPageFlag(folio, PG_readahead);
	ra->io_done_ns = ondemand_readahead(m, mapping, ra, folio, index, req_count);
	ra->io_start = ra->start;
	ra->io_end = ra->start + ra->size;
}
