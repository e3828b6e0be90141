/*
 * mm/balloon_compaction.c - a balloon device's list of pages and the
 * movable_operations that let compaction and migration move them (see
 * mm/balloon_compaction.h for what a balloon page is).
 *
 * Invariants (balloon_check(), the "balloon" checker in
 * mm/virtio_balloon.c): every page on the device's list is allocated,
 * PageOffline, __PageMovable with balloon_mops and names the device; every
 * frame marked with balloon_mops is on the list or isolated;
 * isolated_pages counts the isolated ones.
 *
 * The kernel takes each page's lock and the device's pages_lock around
 * these steps; numasim runs one thing at a time, so the locks are left
 * out, but a page another path holds locked (PG_locked) is skipped where
 * the kernel's trylock_page() would fail.
 *
 * Linux counterpart: mm/balloon_compaction.c (6.1, with
 * CONFIG_BALLOON_COMPACTION).
 */
#include "mm/balloon_compaction.h"

#include <errno.h>

#include "mm/bug.h"

/* Linux: balloon_page_enqueue_one(), mm/balloon_compaction.c */
static void balloon_page_enqueue_one(struct machine *m, struct balloon_dev_info *b,
				     struct page *page)
{
	/* Nobody else may hold a page the allocator just handed out. */
	MM_BUG_ON_PAGE(PageFlag(page, PG_locked), m, page);
	balloon_page_insert(m, b, page);
	__count_vm_events(m, BALLOON_INFLATE, 1);
}

size_t balloon_page_list_enqueue(struct machine *m, struct balloon_dev_info *b,
				 struct page_list *pages)
{
	struct page *page;
	size_t n_pages = 0;

	while ((page = balloon_page_pop(m, pages))) {
		balloon_page_enqueue_one(m, b, page);
		n_pages++;
	}
	return n_pages;
}

size_t balloon_page_list_dequeue(struct machine *m, struct balloon_dev_info *b,
				 struct page_list *pages, size_t n_req_pages)
{
	struct page *page = page_list_first(m, &b->pages), *next;
	size_t n_pages = 0;

	for (; page && n_pages < n_req_pages; page = next) {
		next = page_list_next(m, page);
		if (PageFlag(page, PG_locked))
			continue;	/* the kernel's trylock_page() fails */
		page_list_del(m, &b->pages, page);
		balloon_page_finalize(page);
		__count_vm_events(m, BALLOON_DEFLATE, 1);
		page_list_add(m, pages, page);
		n_pages++;
	}
	return n_pages;
}

struct page *balloon_page_alloc(struct machine *m)
{
	return alloc_pages_node(m, NUMA_NO_NODE,
				BALLOON_MAPPING_GFP | __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN,
				0);
}

void balloon_page_enqueue(struct machine *m, struct balloon_dev_info *b, struct page *page)
{
	balloon_page_enqueue_one(m, b, page);
}

struct page *balloon_page_dequeue(struct machine *m, struct balloon_dev_info *b)
{
	struct page_list pages;

	page_list_init(&pages);
	if (balloon_page_list_dequeue(m, b, &pages, 1) == 1)
		return page_list_first(m, &pages);
	/*
	 * The list is only empty for now if pages are isolated; empty with
	 * none isolated, the driver's count and the list disagree (the
	 * kernel's BUG(): a driver would loop for ever).
	 */
	MM_BUG_ON(page_list_empty(&b->pages) && !b->isolated_pages);
	return NULL;
}

/* ---- the movable operations ---- */

/* Linux: balloon_page_isolate(): off the list while migration holds it. */
static bool balloon_page_isolate(struct machine *m, struct page *page, isolate_mode_t mode)
{
	struct balloon_dev_info *b = balloon_page_device(m, page);

	MM_BUG_ON_PAGE(!b, m, page);
	page_list_del(m, &b->pages, page);
	b->isolated_pages++;
	return true;
}

/* Linux: balloon_page_putback(): migration gave up; back on the list. */
static void balloon_page_putback(struct machine *m, struct page *page)
{
	struct balloon_dev_info *b = balloon_page_device(m, page);

	MM_BUG_ON_PAGE(!b || !b->isolated_pages, m, page);
	page_list_add(m, &b->pages, page);
	b->isolated_pages--;
}

/*
 * Linux: balloon_page_migrate(), the balloon's move_to_new_folio(): the
 * driver asks the hypervisor to take newpage instead of page.  A copy
 * made elsewhere (MIGRATE_SYNC_NO_COPY) does not apply to pages whose
 * contents live in the hypervisor.
 */
static int balloon_page_migrate(struct machine *m, struct page *newpage, struct page *page,
				enum migrate_mode mode)
{
	struct balloon_dev_info *b = balloon_page_device(m, page);

	if (mode == MIGRATE_SYNC_NO_COPY)
		return -EINVAL;
	MM_BUG_ON_PAGE(!b, m, page);
	return b->migratepage(m, b, newpage, page, mode);
}

/* Linux: balloon_mops, mm/balloon_compaction.c */
static const struct movable_operations balloon_mops = {
	.migrate_page = balloon_page_migrate,
	.isolate_page = balloon_page_isolate,
	.putback_page = balloon_page_putback,
};

int balloon_devinfo_init(struct machine *m, struct balloon_dev_info *b)
{
	b->isolated_pages = 0;
	page_list_init(&b->pages);
	b->migratepage = NULL;
	b->mops_id = mapping_id_alloc(m, (void *)(uintptr_t)&balloon_mops);
	return b->mops_id ? 0 : -ENOMEM;
}
