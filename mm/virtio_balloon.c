/*
 * mm/virtio_balloon.c - the virtio balloon driver (see mm/virtio_balloon.h
 * for what it does and when).
 *
 * Invariants (balloon_check(), the "balloon" checker): num_pages equals
 * the pages on the device's list plus the isolated ones, and every frame
 * marked as a balloon page is one of them; fill_batch holds
 * fill_batch_pages plain allocated pages, and only while the work sleeps
 * after a failed allocation (it is then armed); every page the host holds
 * was taken out of its zone's managed pages, once.
 *
 * What the kernel's driver does that is left out: the host itself (the
 * virtqueues: tell_host() has nobody to tell), the statistics queue, free
 * page hinting and reporting, the OOM notifier and shrinker of
 * VIRTIO_BALLOON_F_DEFLATE_ON_OOM / F_FREE_PAGE_HINT, which the device
 * does not offer, and the balloon_lock (work and migration never overlap
 * here, so virtballoon_migratepage()'s trylock cannot fail).
 *
 * Linux counterpart: drivers/virtio/virtio_balloon.c (6.1).  The file
 * sits in mm/ because it is the one user of mm/balloon_compaction.c that
 * numasim models, and what it does to the allocator is the point.
 */
#include "mm/virtio_balloon.h"

#include <errno.h>
#include <stdio.h>

#include "mm/balloon_compaction.h"
#include "mm/bug.h"
#include "mm/rmap.h"
#include "mm/sparse.h"

/* Balloon pages are 4 KiB: one per frame.  Linux: VIRTIO_BALLOON_PAGES_PER_PAGE. */
#define VIRTIO_BALLOON_PAGES_PER_PAGE	1u

/*
 * Linux: fill_balloon(), its first half: allocate up to a batch of pages
 * onto fill_batch.  False when an allocation failed (the caller sleeps,
 * then hands over what the batch got).
 */
static bool fill_balloon_alloc(struct machine *m, struct virtio_balloon *vb, size_t num)
{
	if (num > VIRTIO_BALLOON_ARRAY_PFNS_MAX)
		num = VIRTIO_BALLOON_ARRAY_PFNS_MAX;
	for (size_t num_pfns = 0; num_pfns < num; num_pfns += VIRTIO_BALLOON_PAGES_PER_PAGE) {
		struct page *page = balloon_page_alloc(m);

		if (!page)
			return false;	/* "Out of puff!" */
		balloon_page_push(m, &vb->fill_batch, page);
		vb->fill_batch_pages++;
	}
	return true;
}

/*
 * Linux: fill_balloon(), its second half: give the batch to the host,
 * last allocated first, each page out of its zone's managed pages.
 */
static void fill_balloon_enqueue(struct machine *m, struct virtio_balloon *vb)
{
	struct page *page;

	while ((page = balloon_page_pop(m, &vb->fill_batch))) {
		balloon_page_enqueue(m, &vb->vb_dev_info, page);
		vb->num_pages += VIRTIO_BALLOON_PAGES_PER_PAGE;
		adjust_managed_page_count(m, page, -1);
	}
	vb->fill_batch_pages = 0;
}

/* Linux: release_pages_balloon(): the pages the host gave back go free. */
static void release_pages_balloon(struct machine *m, struct page_list *pages)
{
	struct page *page;

	while ((page = balloon_page_pop(m, pages))) {
		adjust_managed_page_count(m, page, 1);
		put_page(m, page);	/* the balloon's reference */
	}
}

/*
 * Linux: leak_balloon(): take back up to a batch of pages, never more
 * than the host holds.  Returns the pages taken back; fewer than asked
 * only when the rest are isolated for migration.
 */
static uint32_t leak_balloon(struct machine *m, struct virtio_balloon *vb, size_t num)
{
	struct page_list pages;
	uint32_t num_pfns;

	page_list_init(&pages);
	if (num > VIRTIO_BALLOON_ARRAY_PFNS_MAX)
		num = VIRTIO_BALLOON_ARRAY_PFNS_MAX;
	if (num > vb->num_pages)
		num = vb->num_pages;
	for (num_pfns = 0; num_pfns < num; num_pfns += VIRTIO_BALLOON_PAGES_PER_PAGE) {
		struct page *page = balloon_page_dequeue(m, &vb->vb_dev_info);

		if (!page)
			break;
		page_list_add(m, &pages, page);
		vb->num_pages -= VIRTIO_BALLOON_PAGES_PER_PAGE;
	}
	release_pages_balloon(m, &pages);
	return num_pfns;
}

/* Linux: towards_target(): what the host still wants (negative: gives back). */
static int64_t towards_target(const struct virtio_balloon *vb)
{
	return (int64_t)vb->target_pages - (int64_t)vb->num_pages;
}

/*
 * Linux: update_balloon_size_func(), the work: one batch after another
 * (the kernel requeues the work after each) until the target is met.
 * A failed allocation puts the work to sleep for 200 ms with its partial
 * batch (fill_balloon()'s msleep()); waking, it hands that batch over and
 * carries on.  A leak that finds every remaining page isolated stops
 * (the kernel's work would spin until migration let them go; here a
 * migration ends before anything else runs, so the next change resumes).
 */
static void update_balloon_size_func(struct machine *m, struct mm_daemon *work)
{
	struct virtio_balloon *vb = &m->balloon;
	int64_t diff;

	fill_balloon_enqueue(m, vb);	/* the batch a sleep interrupted, if any */
	while ((diff = towards_target(vb)) != 0) {
		if (diff > 0) {
			if (!fill_balloon_alloc(m, vb, (size_t)diff)) {
				mm_daemon_wake_at(m, work, m->clock_ns + VIRTIO_BALLOON_FILL_RETRY_NS);
				return;
			}
			fill_balloon_enqueue(m, vb);
		} else if (!leak_balloon(m, vb, (size_t)-diff)) {
			return;
		}
	}
}

void virtballoon_changed(struct machine *m, uint32_t target_pages, int cpu)
{
	struct virtio_balloon *vb = &m->balloon;
	struct mm_daemon *work = &vb->update_balloon_size_work;

	vb->target_pages = target_pages;
	if (mm_daemon_pending(work))
		return;		/* asleep in fill_balloon(): it rereads the target */
	work->cpu = cpu;
	mm_daemon_wake(m, work);
}

/*
 * Linux: virtballoon_migratepage(): the host takes newpage instead of
 * page.  newpage gets the balloon's reference and page drops it (the
 * migration core's isolation reference keeps page until the core frees
 * it).  A move across zones moves the managed page with it.
 */
static int virtballoon_migratepage(struct machine *m, struct balloon_dev_info *b,
				   struct page *newpage, struct page *page, enum migrate_mode mode)
{
	get_page(m, newpage);
	if (page_zone(m, page) != page_zone(m, newpage)) {
		adjust_managed_page_count(m, page, 1);
		adjust_managed_page_count(m, newpage, -1);
	}
	balloon_page_insert(m, b, newpage);
	b->isolated_pages--;
	__count_vm_events(m, BALLOON_MIGRATE, 1);
	balloon_page_finalize(page);
	put_page(m, page);
	return MIGRATEPAGE_SUCCESS;
}

int virtio_balloon_probe(struct machine *m)
{
	struct virtio_balloon *vb = &m->balloon;

	vb->num_pages = vb->target_pages = 0;
	page_list_init(&vb->fill_batch);
	vb->fill_batch_pages = 0;
	if (balloon_devinfo_init(m, &vb->vb_dev_info))
		return -ENOMEM;
	vb->vb_dev_info.migratepage = virtballoon_migratepage;
	vb->update_balloon_size_work = (struct mm_daemon){
		.name = "update_balloon_size_func",
		.run = update_balloon_size_func,
		.next_ns = MM_DAEMON_ASLEEP,
	};
	return mm_daemon_register(m, &vb->update_balloon_size_work);
}

/* ---- the checker ---- */

/* Is page a balloon page of device b, as balloon_page_insert() made it? */
static bool balloon_page_ok(const struct balloon_dev_info *b, const struct page *page)
{
	return page->_refcount > 0 && PageOffline(page) && __PageMovable(page) &&
	       page_mapping_id(page) == b->mops_id && page->private == BALLOON_DEV_PRIVATE;
}

/*
 * Count a list's pages, each a balloon page (balloon) or a plain allocated
 * one (the fill batch); -1, with the message, on one that is not.
 */
static long count_list(const struct machine *m, const struct balloon_dev_info *b,
		       const struct page_list *list, bool balloon, char *msg, size_t msglen)
{
	long nr = 0;
	const struct page *page;

	page_list_for_each(m, page, list) {
		bool ok = balloon ? balloon_page_ok(b, page)
				  : page->_refcount == 1 && !PageOffline(page) && !__PageMovable(page);

		if (!ok || ++nr > (long)m->end_pfn) {
			snprintf(msg, msglen, "pfn %#llx on the %s list is not a %s page",
				 (unsigned long long)page_to_pfn(m, page),
				 balloon ? "balloon" : "fill batch", balloon ? "balloon" : "plain allocated");
			return -1;
		}
	}
	return nr;
}

/* Frames that look like balloon pages (PageOffline or marked with balloon_mops). */
static long count_marked_frames(const struct machine *m, const struct balloon_dev_info *b,
				char *msg, size_t msglen)
{
	long nr = 0;

	for_each_valid_pfn_run(m, run, run_end, 0, m->end_pfn)
		for (pfn_t pfn = run; pfn < run_end; pfn++) {
			const struct page *page = pfn_to_page(m, pfn);

			if (!PageOffline(page) &&
			    !(__PageMovable(page) && page_mapping_id(page) == b->mops_id))
				continue;
			if (!balloon_page_ok(b, page)) {
				snprintf(msg, msglen, "pfn %#llx is half a balloon page",
					 (unsigned long long)pfn);
				return -1;
			}
			nr++;
		}
	return nr;
}

int balloon_check(const struct machine *m, char *msg, size_t msglen)
{
	const struct virtio_balloon *vb = &m->balloon;
	const struct balloon_dev_info *b = &vb->vb_dev_info;
	long listed = count_list(m, b, &b->pages, true, msg, msglen);
	long batch = listed < 0 ? -1 : count_list(m, b, &vb->fill_batch, false, msg, msglen);
	long marked = batch < 0 ? -1 : count_marked_frames(m, b, msg, msglen);

	if (marked < 0)
		return 1;
	if ((unsigned long)listed + b->isolated_pages != vb->num_pages || marked != (long)vb->num_pages) {
		snprintf(msg, msglen, "num_pages %u, but %ld listed, %lu isolated, %ld frames marked",
			 vb->num_pages, listed, b->isolated_pages, marked);
		return 1;
	}
	if ((unsigned long)batch != vb->fill_batch_pages ||
	    (batch && !mm_daemon_pending(&vb->update_balloon_size_work))) {
		snprintf(msg, msglen, "fill batch of %ld pages, %u counted, work %s", batch,
			 vb->fill_batch_pages,
			 mm_daemon_pending(&vb->update_balloon_size_work) ? "armed" : "asleep");
		return 1;
	}
	return 0;
}
