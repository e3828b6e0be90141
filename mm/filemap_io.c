/*
 * mm/filemap_io.c - the read() and write() paths through the page cache.
 *
 * A read takes the cached folios of its range in batches (at most 15,
 * a batch ending after a PG_readahead folio), runs synchronous readahead
 * where the first page is missing and asynchronous readahead when the
 * batch ends on the marker, and marks the folios accessed as 6.1 does
 * (the first only when the previous read did not end in it).  While it
 * waits for the device it holds a reference on each folio of its batch,
 * as filemap_get_pages() does, so nothing migrates or frees them.
 *
 * A write finds or allocates each page's folio (a partial write of a page
 * inside the file reads it first, as block_write_begin() does for a
 * mapped block), marks it accessed and dirty, extends i_size, and gives
 * balance_dirty_pages_ratelimited() its turn after each page.
 *
 * Invariants: nothing is read at or past i_size; a read or write never
 * holds a folio reference when it returns.
 *
 * Linux counterpart: mm/filemap.c (v6.1): filemap_read(),
 * filemap_get_pages(), filemap_get_read_batch(), filemap_readahead(),
 * filemap_create_folio(), generic_perform_write(); fs/buffer.c
 * block_write_begin().
 */
#include "mm/writeback.h"

#include <errno.h>

#include "mm/internal.h"
#include "mm/mm.h"

/* Linux: PAGEVEC_SIZE, the folio_batch of filemap_read(). */
#define READ_BATCH	15

struct read_batch {
	struct page *folios[READ_BATCH];
	int nr;
};

void filemap_wait_read(struct machine *m, uint64_t done_ns)
{
	if (done_ns <= m->clock_ns)
		return;
	m->wb.read_wait_ns += done_ns - m->clock_ns;
	io_wait_until(m, done_ns);
}

/* Linux: filemap_get_read_batch(): cached folios from index to max, each with a reference. */
static void get_read_batch(struct machine *m, struct address_space *mapping, uint64_t index,
			   uint64_t max, struct read_batch *b)
{
	b->nr = 0;
	for (; index <= max && b->nr < READ_BATCH; index++) {
		struct page *folio = filemap_lookup(m, mapping, index);

		if (!folio)
			break;
		get_page(m, folio);
		b->folios[b->nr++] = folio;
		if (PageFlag(folio, PG_readahead))
			break;
	}
}

static void put_read_batch(struct machine *m, struct read_batch *b)
{
	for (int i = 0; i < b->nr; i++)
		put_page(m, b->folios[i]);
	b->nr = 0;
}

/* An async window the batch reaches is still being read: wait for it. */
static void wait_for_async_window(struct machine *m, const struct file_ra_state *ra,
				  const struct read_batch *b)
{
	if (ra->io_done_ns > m->clock_ns && b->folios[0]->index < ra->io_end &&
	    b->folios[b->nr - 1]->index >= ra->io_start)
		filemap_wait_read(m, ra->io_done_ns);
}

/*
 * Linux: filemap_get_pages(): the batch for [pos, pos + count), read in
 * first if need be.  0 or -ENOMEM (not even one folio).
 */
static int filemap_get_pages(struct machine *m, struct address_space *mapping,
			     struct file_ra_state *ra, uint64_t pos, uint64_t count,
			     struct read_batch *b)
{
	uint64_t index = pos >> PAGE_SHIFT;
	uint64_t last_index = (pos + count + PAGE_SIZE - 1) >> PAGE_SHIFT;
	struct page *last;

	get_read_batch(m, mapping, index, last_index - 1, b);
	if (!b->nr) {
		filemap_wait_read(m, page_cache_sync_ra(m, mapping, ra, index,
						    (unsigned long)(last_index - index)));
		get_read_batch(m, mapping, index, last_index - 1, b);
	}
	if (!b->nr) {
		/* filemap_create_folio() + filemap_read_folio(): one page, read now. */
		if (!filemap_create_folio(m, mapping, index, mapping->gfp_mask))
			return -ENOMEM;
		get_read_batch(m, mapping, index, index, b);
		filemap_wait_read(m, blk_submit_read(m, 1));
	}
	last = b->folios[b->nr - 1];
	if (PageFlag(last, PG_readahead))
		page_cache_async_ra(m, mapping, ra, last, (unsigned long)(last_index - last->index));
	wait_for_async_window(m, ra, b);
	return 0;
}

/* Copy (account) one batch: advance *pos, mark the folios accessed. */
static uint64_t read_batch_copy(struct machine *m, struct file_ra_state *ra,
				const struct read_batch *b, uint64_t *pos, uint64_t end_offset)
{
	uint64_t copied = 0;

	/* pos_same_folio(): a read continuing in the folio the last one ended in. */
	if ((*pos >> PAGE_SHIFT) != ((ra->prev_pos - 1) >> PAGE_SHIFT))
		folio_mark_accessed(m, b->folios[0]);
	for (int i = 0; i < b->nr; i++) {
		uint64_t folio_pos = (uint64_t)b->folios[i]->index << PAGE_SHIFT;
		uint64_t bytes = PAGE_SIZE - (*pos & (PAGE_SIZE - 1));

		if (end_offset < folio_pos)
			break;
		if (i > 0)
			folio_mark_accessed(m, b->folios[i]);
		if (bytes > end_offset - *pos)
			bytes = end_offset - *pos;
		*pos += bytes;
		copied += bytes;
		ra->prev_pos = *pos;
	}
	return copied;
}

long filemap_read(struct machine *m, struct address_space *mapping, uint64_t pos, uint64_t len)
{
	struct file_ra_state *ra = file_ra_state_of(m, mapping);
	uint64_t already_read = 0;
	int error = 0;

	if (!ra)
		return -ENOMEM;
	while (len > already_read && pos < mapping->i_size) {
		uint64_t count = len - already_read, end_offset;
		struct read_batch b;

		error = filemap_get_pages(m, mapping, ra, pos, count, &b);
		if (error)
			break;
		end_offset = pos + count < mapping->i_size ? pos + count : mapping->i_size;
		already_read += read_batch_copy(m, ra, &b, &pos, end_offset);
		put_read_batch(m, &b);
	}
	return already_read ? (long)already_read : error;
}

/*
 * Linux: grab_cache_page_write_begin() + block_write_begin(): the folio
 * of index, allocated if missing; a new one that the write covers only
 * in part and that lies inside the file is read first.
 */
static struct page *write_begin(struct machine *m, struct address_space *mapping,
				uint64_t index, uint64_t offset, uint64_t bytes)
{
	struct page *folio = filemap_lookup(m, mapping, index);

	if (folio)
		return folio;
	/* Linux: FGP_WRITE: a page about to be dirtied spreads over the nodes (node_dirty_ok()). */
	folio = filemap_create_folio(m, mapping, index, mapping->gfp_mask | __GFP_WRITE);
	if (!folio || (!offset && bytes == PAGE_SIZE) || (index << PAGE_SHIFT) >= mapping->i_size)
		return folio;
	get_page(m, folio);
	filemap_wait_read(m, blk_submit_read(m, 1));
	put_page(m, folio);
	/* The wait ran the daemons: look again (a racing truncate is not modelled). */
	return filemap_lookup(m, mapping, index);
}

long generic_perform_write(struct machine *m, struct address_space *mapping, uint64_t pos,
			   uint64_t len)
{
	uint64_t written = 0;

	while (written < len) {
		uint64_t offset = pos & (PAGE_SIZE - 1);
		uint64_t bytes = PAGE_SIZE - offset < len - written ? PAGE_SIZE - offset
								    : len - written;
		struct page *folio = write_begin(m, mapping, pos >> PAGE_SHIFT, offset, bytes);

		if (!folio)
			break;
		folio_mark_accessed(m, folio);
		folio_mark_dirty(m, folio);
		pos += bytes;
		written += bytes;
		if (pos > mapping->i_size)
			mapping->i_size = pos;
		balance_dirty_pages_ratelimited(m);
	}
	return written ? (long)written : -ENOMEM;
}
