/*
 * mm/migrate.c - the page migration core: isolating folios for
 * migration, migrate_pages() with its retry passes and THP splitting,
 * unmapping and moving each folio, hugetlb pages, and the default
 * destination allocator.
 *
 * The flow is the reference kernel's (Debian's 6.1.192, whose stable
 * series took 6.3's split of the per-folio step into unmap and move but
 * still moves each folio right after unmapping it):
 *   migrate_pages()       hugetlb folios first (migrate_hugetlbs()),
 *                         then the rest in batches of at most
 *                         HPAGE_PMD_NR base pages (migrate_pages_batch())
 *   migrate_pages_batch() up to 10 passes while some folio answered
 *                         -EAGAIN, forcing (sleeping on locks and
 *                         writeback) from the fourth; a THP that cannot
 *                         get a destination (-ENOMEM, not for NUMA
 *                         faults) is split and its pieces migrated in a
 *                         second round that counts no new failures;
 *                         any other -ENOMEM ends everything at once
 *   migrate_folio_unmap() the destination, the locks, migration entries
 *   migrate_folio_move()  move_to_new_folio(), the new folio on the LRU,
 *                         the entries pointed at it, the source freed
 * Under a profile with migrate.batch_unmap (linux-6.12: 6.3's batching)
 * a batch is unmapped whole before any of it moves: in MIGRATE_ASYNC the
 * unmaps defer their TLB flushes to one try_to_unmap_flush() for the
 * batch (TTU_BATCH_FLUSH), and any other mode goes through
 * migrate_pages_sync(): the batch in MIGRATE_ASYNC first, then each
 * folio that failed alone in the caller's mode.
 * Results per folio: success (freed, off the list), -EAGAIN (stays on the
 * list for the next pass), -ENOMEM / -ENOSYS (handled above), anything
 * else (-EBUSY: off to the failed list, not retried).  Failed folios end
 * back on the caller's list.
 *
 * Invariants: an isolated LRU folio is off the LRU (PG_lru clear), holds
 * the isolation's reference and counts in its node's NR_ISOLATED_ANON or
 * NR_ISOLATED_FILE (by PG_swapbacked) until migrate_folio_done() or
 * putback_movable_pages(); an isolated non-LRU movable page is
 * PG_isolated; an isolated hugetlb page is not HPG_migratable.  The page
 * locks taken here are released before a folio's step returns.
 *
 * Not modelled: the anon_vma reference the kernel holds across the unmap
 * (nothing can free an anon_vma in the middle of a call here), the
 * PF_MEMALLOC rule of direct compaction (no caller runs under it yet),
 * page_owner's migrate reason.  The TLB flushes and the data copy do
 * nothing to the simulated memory; their time is charged to the clock by
 * the cost model (migrate_charge_time(), hw/migrate_cost.h).
 *
 * Linux counterpart: mm/migrate.c (Debian 6.1.192): migrate_pages,
 * migrate_hugetlbs, migrate_pages_batch, try_split_folio,
 * migrate_folio_unmap, __migrate_folio_unmap, migrate_folio_move,
 * __migrate_folio_move, migrate_folio_done, unmap_and_move_huge_page,
 * isolate_movable_page, putback_movable_pages, alloc_migration_target;
 * isolate_folio_to_list() of 6.12; migrate_pages_batch() and
 * migrate_pages_sync() of 6.12, try_to_unmap_flush() of mm/rmap.c.
 */
#include <errno.h>

#include "hw/migrate_cost.h"
#include "mm/bug.h"
#include "mm/explain.h"
#include "mm/huge_mm.h"
#include "mm/hugetlb.h"
#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/migrate_internal.h"
#include "mm/rmap.h"
#include "mm/trace_events.h"
#include "mm/vmscan.h"
#include "mm/vmstat_counters.h"

#define NR_MAX_BATCHED_MIGRATION	HPAGE_PMD_NR
#define NR_MAX_MIGRATE_PAGES_RETRY	10

/* The source is unmapped and the destination locked: move it next. */
#define MIGRATEPAGE_UNMAP		1

/* Linux: struct migrate_pages_stats, mm/migrate.c */
struct migrate_pages_stats {
	unsigned long nr_succeeded;	/* base pages */
	unsigned long nr_failed_pages;	/* base pages (untried ones not counted) */
	unsigned long nr_thp_succeeded;
	unsigned long nr_thp_failed;
	unsigned long nr_thp_split;
	unsigned long nr_split;		/* large folios split (6.12's; not in 6.1's event) */
};

/* What the unmap step tells the move step (the kernel keeps it in dst->private). */
struct migrate_record {
	bool page_was_mapped;
	bool flush_deferred;		/* its entries' flush waits for the batch's (6.3) */
};

/*
 * Linux: struct tlbflush_unmap_batch (arch_tlbflush_unmap_batch's cpumask),
 * mm/rmap.c: the flushes try_to_migrate(TTU_BATCH_FLUSH) deferred, and the
 * CPUs other than the migrating one that ran the mms they were for.
 */
struct tlb_batch {
	bool pending;
	uint64_t cpus[HW_MAX_CPUS / 64];
};

/* Everything a pass hands down to each folio's step. */
struct migrate_ctx {
	new_page_t get_new_page;
	free_page_t put_new_page;
	unsigned long private;
	enum migrate_mode mode;
	int reason;
	struct page_list *ret;		/* folios that failed for good */
	struct tlb_batch *tlb;		/* the batch's deferred flush; NULL: 6.1, none */
};

/* ---- list helpers (the kernel's list_move_tail, list_splice ...) ---- */

static void list_move_tail_to(struct machine *m, struct page_list *from, struct page_list *to,
			      struct page *head)
{
	page_list_del(m, from, head);
	page_list_add_tail(m, to, head);
}

/* Append every folio of src to dst, in order; src ends empty. */
static void list_splice_tail_init(struct machine *m, struct page_list *src, struct page_list *dst)
{
	struct page *head;

	while ((head = page_list_first(m, src)))
		list_move_tail_to(m, src, dst, head);
}

/* Put every folio of src, in order, in front of dst's; src ends empty. */
static void list_splice_init(struct machine *m, struct page_list *src, struct page_list *dst)
{
	struct page *head;

	while ((head = page_list_last(m, src))) {
		page_list_del(m, src, head);
		page_list_add(m, dst, head);
	}
}

/* Move the folios of from before entry to the (empty) list to.  Linux: list_cut_before() */
static void list_cut_before(struct machine *m, struct page_list *to, struct page_list *from,
			    struct page *entry)
{
	struct page *head;

	while ((head = page_list_first(m, from)) != entry)
		list_move_tail_to(m, from, to, head);
}

/* ---- isolation and putback ---- */

static enum node_stat_item isolated_item(const struct page *head)
{
	return folio_is_file_lru(head) ? NR_ISOLATED_FILE : NR_ISOLATED_ANON;
}

/* isolate_movable_page()'s answer, told with what decided it; returns rc. */
static int explain_isolate_movable(struct machine *m, struct page *page, int rc, bool freed,
				   bool locked, bool isolated)
{
	MM_EXPLAIN(&m->explain, "isolate_movable", "isolate_movable_page", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, page) }, { "ok", !rc }, { "freed", freed },
		   { "locked", locked }, { "isolated", isolated });
	return rc;
}

/* Linux: isolate_movable_page(), mm/migrate.c */
int isolate_movable_page(struct machine *m, struct page *page, isolate_mode_t mode)
{
	if (page_count(compound_head(m, page)) <= 0)	/* get_page_unless_zero() */
		return explain_isolate_movable(m, page, -EBUSY, 1, 0, 0);
	get_page(m, page);
	if (!__PageMovable(page) || !folio_trylock(page))
		goto out_putpage;
	if (!PageMovable(page) || PageIsolated(page) ||
	    !page_movable_ops(m, page)->isolate_page(m, page, mode))
		goto out_no_isolated;
	SetPageIsolated(page);
	folio_unlock(page);
	return explain_isolate_movable(m, page, 0, 0, 0, 0);
out_no_isolated:
	folio_unlock(page);
	put_page(m, page);
	return explain_isolate_movable(m, page, -EBUSY, 0, 0, PageIsolated(page));
out_putpage:
	put_page(m, page);
	return explain_isolate_movable(m, page, -EBUSY, 0, PageFlag(page, PG_locked), 0);
}

/* folio_isolate_lru() (0 or -EBUSY), told: who holds the folio now, or that it was off the LRU. */
static int isolate_lru_explained(struct machine *m, struct page *head)
{
	int rc = folio_isolate_lru(m, head);

	MM_EXPLAIN(&m->explain, "isolate_lru", "folio_isolate_lru", "mm/vmscan.c",
		   { "pfn", (long)page_to_pfn(m, head) }, { "nr_pages", (long)folio_nr_pages(head) },
		   { "ok", !rc });
	return rc;
}

/* Linux: isolate_folio_to_list(), mm/migrate.c (6.12) */
bool isolate_folio_to_list(struct machine *m, struct page *page, struct page_list *list)
{
	struct page *head = compound_head(m, page);
	bool lru = !__PageMovable(head);

	if (PageHuge(m, head))
		return folio_isolate_hugetlb(m, head, list) == 0;
	if (lru ? isolate_lru_explained(m, head) : isolate_movable_page(m, head, ISOLATE_UNEVICTABLE))
		return false;
	/* 6.1's callers (add_page_for_migration()) queue at the tail. */
	page_list_add_tail(m, list, head);
	if (lru)
		mod_node_page_state(m, head, isolated_item(head), folio_nr_pages(head));
	return true;
}

/* Linux: putback_movable_page(), mm/migrate.c, under the page lock */
static void putback_movable_page(struct machine *m, struct page *page)
{
	folio_lock(m, page);
	if (PageMovable(page))
		page_movable_ops(m, page)->putback_page(m, page);
	ClearPageIsolated(page);
	folio_unlock(page);
	put_page(m, page);
}

/* Linux: putback_movable_pages(), mm/migrate.c */
void putback_movable_pages(struct machine *m, struct page_list *l)
{
	struct page *head;

	while ((head = page_list_first(m, l))) {
		page_list_del(m, l, head);
		MM_EXPLAIN(&m->explain, "migrate_putback", "putback_movable_pages", "mm/migrate.c",
			   { "pfn", (long)page_to_pfn(m, head) },
			   { "nr_pages", (long)folio_nr_pages(head) },
			   { "lru", !PageHuge(m, head) && !__PageMovable(head) });
		if (PageHuge(m, head)) {
			folio_putback_hugetlb(m, head);
		} else if (__PageMovable(head)) {
			MM_BUG_ON_PAGE(!PageIsolated(head), m, head);
			putback_movable_page(m, head);
		} else {
			mod_node_page_state(m, head, isolated_item(head),
					    -(long)folio_nr_pages(head));
			putback_lru_page(m, head);
		}
	}
}

/* ---- what a move costs ---- */

/* rmap_one: a mapping's PTEs and PMDs, and the TLB flushes that reach another CPU. */
static bool count_flushes(struct machine *m, struct page *head, struct vm_area_struct *vma,
			  uint64_t addr, void *arg)
{
	struct hw_migrate_folio *f = arg;
	unsigned long nr = folio_mappings_in_vma(m, head, vma, addr);
	const struct task_struct *owner = vma->vm_mm->owner;

	f->nr_mappings += (unsigned int)nr;
	if (owner && owner->cpu != m->current_cpu)
		f->nr_ipi_cpus += (unsigned int)nr;
	return true;
}

/*
 * dst has taken src's place: advance the clock by what the move cost
 * (hw/migrate_cost.h): each mapping now on dst had its own migration
 * entry, and its own flush (6.1's try_to_migrate_one() flushes per entry:
 * ptep_clear_flush()), with an IPI when its mm's task runs on another CPU;
 * unless the flush was deferred to the batch's (6.3: TTU_BATCH_FLUSH),
 * which try_to_unmap_flush() charged.
 */
static void migrate_charge_time(struct machine *m, struct page *src, struct page *dst,
				bool flush_deferred)
{
	struct hw_migrate_folio f = {
		.src_nid = (unsigned int)page_to_nid(src),
		.dst_nid = (unsigned int)page_to_nid(dst),
		.bytes = folio_nr_pages(dst) * PAGE_SIZE,
		.tlb_flush_deferred = flush_deferred,
	};
	struct rmap_walk_control rwc = { .rmap_one = count_flushes, .arg = &f };
	uint64_t ns;

	if (folio_mapped(dst))
		rmap_walk(m, dst, &rwc);
	ns = hw_migrate_cost_ns(&m->hw.migrate_cost, &f);
	m->clock_ns += ns;
	m->migrate_time.folios++;
	m->migrate_time.bytes += f.bytes;
	m->migrate_time.time_ns += ns;
	if (!flush_deferred) {
		m->migrate_time.tlb_flushes += f.nr_mappings;
		m->migrate_time.tlb_ipis += f.nr_ipi_cpus;
	}
}

/* rmap_one: the CPUs other than ours that ran a mapping's mm join the batch. */
static bool add_flush_cpus(struct machine *m, struct page *head, struct vm_area_struct *vma,
			   uint64_t addr, void *arg)
{
	struct tlb_batch *tlb = arg;
	const struct task_struct *owner = vma->vm_mm->owner;

	(void)head;
	(void)addr;
	tlb->pending = true;
	if (owner && owner->cpu != m->current_cpu)
		tlb->cpus[owner->cpu / 64] |= 1ull << (owner->cpu % 64);
	return true;
}

/*
 * Linux: set_tlb_ubc_flush_pending(), mm/rmap.c (6.3 batches migration's
 * unmap): the flushes of src's mappings, about to become migration
 * entries, wait for the batch's; their mms' CPUs are remembered.
 */
static void tlb_batch_add(struct machine *m, struct tlb_batch *tlb, struct page *src)
{
	struct rmap_walk_control rwc = { .rmap_one = add_flush_cpus, .arg = tlb };

	rmap_walk(m, src, &rwc);
}

/*
 * Linux: try_to_unmap_flush(), mm/rmap.c: the batch's one flush, an IPI to
 * each other CPU it gathered, charged to the clock and the migration time.
 */
static void try_to_unmap_flush(struct machine *m, struct tlb_batch *tlb)
{
	unsigned int nr_ipi_cpus = 0;
	uint64_t ns;

	if (!tlb || !tlb->pending)
		return;
	for (size_t i = 0; i < HW_MAX_CPUS / 64; i++)
		nr_ipi_cpus += (unsigned int)__builtin_popcountll(tlb->cpus[i]);
	ns = hw_migrate_batch_flush_ns(&m->hw.migrate_cost, nr_ipi_cpus);
	m->clock_ns += ns;
	m->migrate_time.time_ns += ns;
	m->migrate_time.tlb_flushes++;
	m->migrate_time.tlb_ipis += nr_ipi_cpus;
	*tlb = (struct tlb_batch){ 0 };
}

/* ---- one folio: unmap, then move ---- */

/* Linux: migrate_folio_done(), mm/migrate.c: the source after success */
static void migrate_folio_done(struct machine *m, struct page *src, int reason)
{
	/* Non-LRU movable pages were never counted; demotion counts its own. */
	if (!__PageMovable(src) && reason != MR_DEMOTION)
		mod_node_page_state(m, src, isolated_item(src), -(long)folio_nr_pages(src));
	MM_EXPLAIN(&m->explain, "migrate_old_freed", "migrate_folio_done", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, src) }, { "nr_pages", (long)folio_nr_pages(src) },
		   { "refcount", page_count(src) }, { "kept", reason == MR_MEMORY_FAILURE });
	/* Memory failure keeps the page to poison it (page_handle_poison()). */
	if (reason != MR_MEMORY_FAILURE)
		put_page(m, src);
}

/* The source was locked by another, or under writeback: waited for (rc 0) or given up on. */
static void explain_src_lock(struct machine *m, struct page *src, const char *name,
			     enum migrate_mode mode, bool force, int rc)
{
	MM_EXPLAIN(&m->explain, name, "__migrate_folio_unmap", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, src) }, { "mode", mode }, { "force", force },
		   { "waited", !rc }, { "rc", rc });
}

/*
 * May the locked-for-migration step go on despite src's lock and
 * writeback?  -EAGAIN / -EBUSY as 6.1 gives up, else 0 (src locked).
 * Linux: the first half of __migrate_folio_unmap(), mm/migrate.c
 */
static int lock_for_migration(struct machine *m, struct page *src, bool force,
			      enum migrate_mode mode)
{
	int rc = 0;

	if (!folio_trylock(src)) {
		if (!force || mode == MIGRATE_ASYNC)
			rc = -EAGAIN;
		explain_src_lock(m, src, "migrate_folio_locked", mode, force, rc);
		if (rc)
			return rc;
		folio_lock(m, src);
	}
	if (PageFlag(src, PG_writeback)) {
		/* Only full sync migration waits: async's loop is too short, sync-light's stall too costly. */
		if (mode != MIGRATE_SYNC && mode != MIGRATE_SYNC_NO_COPY)
			rc = -EBUSY;
		else if (!force)
			rc = -EAGAIN;
		explain_src_lock(m, src, "migrate_folio_writeback", mode, force, rc);
		if (rc) {
			folio_unlock(src);
			return rc;
		}
		folio_wait_writeback(m, src);
	}
	return 0;
}

/* Linux: __migrate_folio_unmap(), mm/migrate.c */
static int __migrate_folio_unmap(struct machine *m, struct page *src, struct page *dst,
				 bool force, enum migrate_mode mode, struct tlb_batch *tlb,
				 struct migrate_record *rec)
{
	int rc = lock_for_migration(m, src, force, mode);
	bool page_was_mapped = false;

	if (rc)
		return rc;
	rc = -EAGAIN;
	if (!folio_trylock(dst)) {
		MM_EXPLAIN(&m->explain, "migrate_dst_locked", "__migrate_folio_unmap", "mm/migrate.c",
			   { "pfn", (long)page_to_pfn(m, dst) }, { "rc", rc });
		goto out_unlock;
	}
	if (__PageMovable(src)) {
		rec->page_was_mapped = false;
		return MIGRATEPAGE_UNMAP;
	}
	if (!page_mapping_id(src)) {
		/* An orphaned folio: drop its private data, do not move it. */
		if (PageFlag(src, PG_private)) {
			ClearPageFlag(src, PG_private);
			put_page(m, src);
			goto out_unlock_both;
		}
	} else if (folio_mapped(src)) {
		/* 6.3: an async batch defers the flushes (TTU_BATCH_FLUSH). */
		rec->flush_deferred = tlb && mode == MIGRATE_ASYNC;
		if (rec->flush_deferred)
			tlb_batch_add(m, tlb, src);
		try_to_migrate(m, src);
		page_was_mapped = true;
	}
	if (!folio_mapped(src)) {
		rec->page_was_mapped = page_was_mapped;
		return MIGRATEPAGE_UNMAP;
	}
	MM_EXPLAIN(&m->explain, "migrate_still_mapped", "__migrate_folio_unmap", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, src) }, { "mapcount", page_mapcount_total(m, src) },
		   { "rc", rc });
	if (page_was_mapped)
		remove_migration_ptes(m, src, src);
out_unlock_both:
	folio_unlock(dst);
out_unlock:
	folio_unlock(src);
	return rc;
}

/* Linux: __migrate_folio_move(), mm/migrate.c */
static int __migrate_folio_move(struct machine *m, struct page *src, struct page *dst,
				enum migrate_mode mode, const struct migrate_record *rec)
{
	bool is_lru = !__PageMovable(src);
	int rc = move_to_new_folio(m, dst, src, mode);

	if (is_lru) {
		/* On the LRU before the mappings return, so a locked VMA mlocks it there. */
		if (rc == MIGRATEPAGE_SUCCESS)
			folio_add_lru(m, dst, NULL);
		if (rec->page_was_mapped)
			remove_migration_ptes(m, src, rc == MIGRATEPAGE_SUCCESS ? dst : src);
	}
	folio_unlock(dst);
	folio_unlock(src);
	MM_EXPLAIN(&m->explain, "migrate_unlock", "__migrate_folio_move", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, src) }, { "dst_pfn", (long)page_to_pfn(m, dst) },
		   { "rc", rc });
	if (rc == MIGRATEPAGE_SUCCESS)
		put_page(m, dst);	/* its owners hold their own references now */
	return rc;
}

static void release_dst(struct machine *m, const struct migrate_ctx *c, struct page *dst)
{
	if (c->put_new_page)
		c->put_new_page(m, dst, c->private);
	else
		put_page(m, dst);
}

/* The destination get_new_page() gave for src, or that it gave none (-ENOMEM). */
static void explain_target(struct machine *m, struct page *src, struct page *dst)
{
	MM_EXPLAIN(&m->explain, dst ? "migrate_target" : "migrate_no_target", "migrate_folio_unmap",
		   "mm/migrate.c", { "pfn", (long)page_to_pfn(m, src) },
		   { "nr_pages", (long)folio_nr_pages(src) },
		   { "dst_pfn", dst ? (long)page_to_pfn(m, dst) : -1 },
		   { "dst_nid", dst ? page_to_nid(dst) : -1 }, { "rc", dst ? 0 : -ENOMEM });
}

/* Linux: migrate_folio_unmap(), mm/migrate.c (x86_64 migrates THPs whole) */
static int migrate_folio_unmap(struct machine *m, const struct migrate_ctx *c,
			       struct page_list *from, struct page *src, struct page **dstp,
			       bool force, struct migrate_record *rec)
{
	int rc;

	if (page_count(src) == 1) {
		/* Freed under us: only the isolation holds it. */
		MM_EXPLAIN(&m->explain, "migrate_freed_under_us", "migrate_folio_unmap",
			   "mm/migrate.c", { "pfn", (long)page_to_pfn(m, src) });
		ClearPageFlag(src, PG_active);
		ClearPageFlag(src, PG_unevictable);
		page_list_del(m, from, src);
		migrate_folio_done(m, src, c->reason);
		return MIGRATEPAGE_SUCCESS;
	}
	*dstp = c->get_new_page(m, src, c->private);
	explain_target(m, src, *dstp);
	if (!*dstp)
		return -ENOMEM;
	rc = __migrate_folio_unmap(m, src, *dstp, force, c->mode, c->tlb, rec);
	if (rc == MIGRATEPAGE_UNMAP)
		return rc;
	if (rc != -EAGAIN)
		list_move_tail_to(m, from, c->ret, src);
	release_dst(m, c, *dstp);
	return rc;
}

/* Linux: migrate_folio_move(), mm/migrate.c */
static int migrate_folio_move(struct machine *m, const struct migrate_ctx *c,
			      struct page_list *from, struct page *src, struct page *dst,
			      const struct migrate_record *rec)
{
	int rc = __migrate_folio_move(m, src, dst, c->mode, rec);

	if (rc != -EAGAIN)
		page_list_del(m, from, src);
	if (rc == MIGRATEPAGE_SUCCESS) {
		migrate_charge_time(m, src, dst, rec->flush_deferred);
		migrate_folio_done(m, src, c->reason);
		return rc;
	}
	if (rc != -EAGAIN)
		page_list_add_tail(m, c->ret, src);
	release_dst(m, c, dst);
	return rc;
}

/* The whole per-folio step of a pass: unmap, then move. */
static int migrate_one_folio(struct machine *m, const struct migrate_ctx *c,
			     struct page_list *from, struct page *src, bool force)
{
	struct migrate_record rec = { 0 };
	struct page *dst = NULL;
	pfn_t pfn = page_to_pfn(m, src);
	int rc;

	MM_EXPLAIN(&m->explain, "migrate_folio_begin", "migrate_pages_batch", "mm/migrate.c",
		   { "pfn", (long)pfn }, { "nr_pages", (long)folio_nr_pages(src) },
		   { "anon", PageAnon(src) }, { "refcount", page_count(src) },
		   { "mapcount", page_mapcount_total(m, src) }, { "force", force });
	rc = migrate_folio_unmap(m, c, from, src, &dst, force, &rec);
	if (rc == MIGRATEPAGE_UNMAP)
		rc = migrate_folio_move(m, c, from, src, dst, &rec);
	MM_EXPLAIN(&m->explain, "migrate_folio_end", "migrate_pages_batch", "mm/migrate.c",
		   { "pfn", (long)pfn }, { "moved", rc == MIGRATEPAGE_SUCCESS },
		   { "retry", rc == -EAGAIN }, { "rc", rc });
	return rc;
}

/* ---- hugetlb ---- */

/* Linux: unmap_and_move_huge_page(), mm/migrate.c (2 MiB pages always migrate on x86_64) */
static int unmap_and_move_huge_page(struct machine *m, const struct migrate_ctx *c,
				    struct page_list *from, struct page *src, bool force)
{
	struct page *dst;
	bool page_was_mapped = false;
	int rc = -EAGAIN;

	if (page_count(src) == 1) {
		page_list_del(m, from, src);
		folio_putback_hugetlb(m, src);
		return MIGRATEPAGE_SUCCESS;
	}
	dst = c->get_new_page(m, src, c->private);
	if (!dst)
		return -ENOMEM;
	if (!folio_trylock(src)) {
		if (!force || (c->mode != MIGRATE_SYNC && c->mode != MIGRATE_SYNC_NO_COPY))
			goto out;
		folio_lock(m, src);
	}
	if (folio_trylock(dst)) {
		if (folio_mapped(src)) {
			try_to_migrate(m, src);
			page_was_mapped = true;
		}
		if (!folio_mapped(src))
			rc = move_to_new_folio(m, dst, src, c->mode);
		if (page_was_mapped)
			remove_migration_ptes(m, src, rc == MIGRATEPAGE_SUCCESS ? dst : src);
		folio_unlock(dst);
	}
	if (rc == MIGRATEPAGE_SUCCESS) {
		move_hugetlb_state(m, src, dst, c->reason);
		migrate_charge_time(m, src, dst, false);
	}
	folio_unlock(src);
out:
	if (rc == MIGRATEPAGE_SUCCESS) {
		page_list_del(m, from, src);
		folio_putback_hugetlb(m, src);	/* the last reference: src leaves */
		put_page(m, dst);		/* the destination is in use now */
		return rc;
	}
	if (rc != -EAGAIN)
		list_move_tail_to(m, from, c->ret, src);
	release_dst(m, c, dst);
	return rc;
}

/* Linux: migrate_hugetlbs(), mm/migrate.c.  -ENOMEM, or the hugetlb folios not migrated. */
static int migrate_hugetlbs(struct machine *m, const struct migrate_ctx *c, struct page_list *from,
			    struct migrate_pages_stats *stats)
{
	unsigned long nr_retry_pages = 0;
	int retry = 1, nr_failed = 0;

	for (int pass = 0; pass < NR_MAX_MIGRATE_PAGES_RETRY && retry; pass++) {
		struct page *head, *next;

		retry = 0;
		nr_retry_pages = 0;
		for (head = page_list_first(m, from); head; head = next) {
			unsigned long nr_pages = folio_nr_pages(head);
			int rc;

			next = page_list_next(m, head);
			if (!PageHuge(m, head))
				continue;
			rc = unmap_and_move_huge_page(m, c, from, head, pass > 2);
			if (rc == -ENOMEM) {
				stats->nr_failed_pages += nr_pages + nr_retry_pages;
				return -ENOMEM;
			}
			if (rc == -EAGAIN) {
				retry++;
				nr_retry_pages += nr_pages;
			} else if (rc == MIGRATEPAGE_SUCCESS) {
				stats->nr_succeeded += nr_pages;
			} else {
				nr_failed++;	/* -EBUSY and kin; -ENOSYS cannot happen here */
				stats->nr_failed_pages += nr_pages;
			}
		}
	}
	stats->nr_failed_pages += nr_retry_pages;
	return nr_failed + retry;
}

/* ---- the batch loop ---- */

/* Linux: try_split_folio(), mm/migrate.c: split under the lock; the pieces join split. */
static int try_split_folio(struct machine *m, struct page_list *from, struct page *head,
			   struct page_list *split)
{
	int rc;

	folio_lock(m, head);
	rc = split_huge_page_to_list(m, head, split);
	folio_unlock(head);
	MM_EXPLAIN(&m->explain, "migrate_split", "try_split_folio", "mm/migrate.c",
		   { "pfn", (long)page_to_pfn(m, head) }, { "rc", rc });
	if (!rc)
		list_move_tail_to(m, from, split, head);
	return rc;
}

/* The counters of one batch, with the kernel's loop variables. */
struct batch_state {
	int retry, large_retry, thp_retry, nr_failed, nr_large_failed;
	unsigned long nr_retry_pages;
	bool no_split_folio_counting;
	struct page_list split_folios;
};

/* After a batch's last pass: what still answered -EAGAIN has failed. */
static void count_retries_failed(struct batch_state *b, struct migrate_pages_stats *stats)
{
	b->nr_failed += b->retry;
	b->nr_large_failed += b->large_retry;
	stats->nr_thp_failed += (unsigned long)b->thp_retry;
	stats->nr_failed_pages += b->nr_retry_pages;
}

/*
 * The pieces of THPs split in the round just ended get a round of their
 * own (what remains of the round goes to ret); false if none were split.
 * Failures there were counted with their THP.
 */
static bool next_split_round(struct machine *m, const struct migrate_ctx *c,
			     struct batch_state *b, struct page_list *from)
{
	if (page_list_empty(&b->split_folios))
		return false;
	list_splice_init(m, from, c->ret);
	list_splice_init(m, &b->split_folios, from);
	b->no_split_folio_counting = true;
	b->retry = 1;
	return true;
}

/*
 * A THP that could not get a destination (-ENOMEM), or whose migration
 * is unsupported (-ENOSYS): counted failed, split if it may be.  True if
 * it was split (its pieces wait for the second round).
 */
static bool fail_large(struct machine *m, struct batch_state *b, struct migrate_pages_stats *stats,
		       struct page_list *from, struct page *head, bool is_thp, bool may_split)
{
	b->nr_large_failed++;
	stats->nr_thp_failed += is_thp;
	if (may_split && !try_split_folio(m, from, head, &b->split_folios)) {
		stats->nr_thp_split += is_thp;
		stats->nr_split++;
		return true;
	}
	return false;
}

/*
 * One folio's result in a pass of migrate_pages_batch().  Returns
 * -ENOMEM when the batch must stop, else 0.  (6.1.192's MR_LONGTERM_PIN
 * retry of a split refused with -EAGAIN is not reachable: numasim's
 * split fails only with -EBUSY.)
 */
static int account_result(struct machine *m, const struct migrate_ctx *c, struct batch_state *b,
			  struct migrate_pages_stats *stats, struct page_list *from,
			  struct page *head, bool is_large, bool is_thp, unsigned long nr_pages,
			  int rc)
{
	switch (rc) {
	case -ENOSYS:
	case -ENOMEM:
		if (is_large && fail_large(m, b, stats, from, head, is_thp,
					   rc == -ENOSYS || c->reason != MR_NUMA_MISPLACED))
			return 0;
		if (!is_large && !b->no_split_folio_counting)
			b->nr_failed++;
		if (rc == -ENOSYS) {
			stats->nr_failed_pages += nr_pages;
			list_move_tail_to(m, from, c->ret, head);
			return 0;
		}
		stats->nr_failed_pages += nr_pages + b->nr_retry_pages;
		/* Pieces of THPs split before go back with the failures. */
		list_splice_tail_init(m, &b->split_folios, c->ret);
		b->nr_large_failed += b->large_retry;
		stats->nr_thp_failed += (unsigned long)b->thp_retry;
		return -ENOMEM;
	case -EAGAIN:
		if (is_large) {
			b->large_retry++;
			b->thp_retry += is_thp;
		} else if (!b->no_split_folio_counting) {
			b->retry++;
		}
		b->nr_retry_pages += nr_pages;
		return 0;
	case MIGRATEPAGE_SUCCESS:
		stats->nr_succeeded += nr_pages;
		stats->nr_thp_succeeded += is_thp;
		return 0;
	default:	/* a permanent failure (-EBUSY ...): off the list already */
		if (is_large) {
			b->nr_large_failed++;
			stats->nr_thp_failed += is_thp;
		} else if (!b->no_split_folio_counting) {
			b->nr_failed++;
		}
		stats->nr_failed_pages += nr_pages;
		return 0;
	}
}

/* One pass over from: each folio once.  -ENOMEM stops it. */
static int batch_pass(struct machine *m, const struct migrate_ctx *c, struct batch_state *b,
		      struct migrate_pages_stats *stats, struct page_list *from, bool force)
{
	struct page *head, *next;

	for (head = page_list_first(m, from); head; head = next) {
		/* What the statistics need, read before the folio changes. */
		bool is_large = PageFlag(head, PG_head);
		bool is_thp = is_large && PageTransHuge(head);
		unsigned long nr_pages = folio_nr_pages(head);
		int rc;

		next = page_list_next(m, head);
		rc = migrate_one_folio(m, c, from, head, force);
		if (account_result(m, c, b, stats, from, head, is_large, is_thp, nr_pages, rc))
			return -ENOMEM;
	}
	return 0;
}

/* Linux: migrate_pages_batch(), mm/migrate.c.  -ENOMEM, or the folios not migrated. */
static int migrate_pages_batch(struct machine *m, const struct migrate_ctx *c,
			       struct page_list *from, struct migrate_pages_stats *stats)
{
	struct batch_state b = { .retry = 1, .large_retry = 1 };

	page_list_init(&b.split_folios);
	for (;;) {
		for (int pass = 0; pass < NR_MAX_MIGRATE_PAGES_RETRY && (b.retry || b.large_retry);
		     pass++) {
			MM_EXPLAIN(&m->explain, "migrate_pass", "migrate_pages_batch", "mm/migrate.c",
				   { "pass", pass + 1 }, { "max_passes", NR_MAX_MIGRATE_PAGES_RETRY },
				   { "retry", pass ? b.retry + b.large_retry : 0 },
				   { "force", pass > 2 });
			b.retry = b.large_retry = b.thp_retry = 0;
			b.nr_retry_pages = 0;
			if (batch_pass(m, c, &b, stats, from, pass > 2))
				return -ENOMEM;
		}
		count_retries_failed(&b, stats);
		if (!next_split_round(m, c, &b, from))
			return b.nr_failed + b.nr_large_failed;
	}
}


/* ---- 6.3's batch: unmap every folio, flush once, then move them ---- */

/* The folios a batch has unmapped, in order, each with its destination. */
struct unmapped_batch {
	struct page_list folios;	/* unmap_folios: unmapped, locked, awaiting their move */
	unsigned int nr;
	struct unmapped {
		struct page *src, *dst;
		struct migrate_record rec;
	} f[NR_MAX_BATCHED_MIGRATION];
};

/*
 * One unmap pass of 6.3's migrate_pages_batch(): each folio of from
 * unmapped (and its destination taken), those that were joining u.
 * -ENOMEM stops it.  6.3 has no forcing pass: a sync call's batch is a
 * single folio and may sleep on it at once (force).
 */
static int unmap_pass(struct machine *m, const struct migrate_ctx *c, struct batch_state *b,
		      struct migrate_pages_stats *stats, struct page_list *from,
		      struct unmapped_batch *u)
{
	struct page *head, *next;

	for (head = page_list_first(m, from); head; head = next) {
		bool is_large = PageFlag(head, PG_head);
		bool is_thp = is_large && PageTransHuge(head);
		unsigned long nr_pages = folio_nr_pages(head);
		int rc = -EAGAIN;

		next = page_list_next(m, head);
		/* Full (only pieces of a folio larger than a batch): wait for the next pass. */
		if (u->nr < NR_MAX_BATCHED_MIGRATION) {
			struct unmapped *slot = &u->f[u->nr];

			*slot = (struct unmapped){ .src = head };
			rc = migrate_folio_unmap(m, c, from, head, &slot->dst, true, &slot->rec);
		}
		if (rc == MIGRATEPAGE_UNMAP) {
			list_move_tail_to(m, from, &u->folios, head);
			u->nr++;
			continue;
		}
		if (account_result(m, c, b, stats, from, head, is_large, is_thp, nr_pages, rc))
			return -ENOMEM;
	}
	return 0;
}

/* One move pass over the unmapped folios still waiting.  -ENOMEM stops it. */
static int move_pass(struct machine *m, const struct migrate_ctx *c, struct batch_state *b,
		     struct migrate_pages_stats *stats, struct unmapped_batch *u)
{
	for (unsigned int i = 0; i < u->nr; i++) {
		struct unmapped *f = &u->f[i];
		struct page *src = f->src;
		bool is_large, is_thp;
		unsigned long nr_pages;
		int rc;

		if (!src)
			continue;
		is_large = PageFlag(src, PG_head);
		is_thp = is_large && PageTransHuge(src);
		nr_pages = folio_nr_pages(src);
		if (f->dst) {
			rc = migrate_folio_move(m, c, &u->folios, src, f->dst, &f->rec);
		} else {
			/* Put back after -EAGAIN: unmapped and moved again as 6.1 does. */
			rc = migrate_one_folio(m, c, &u->folios, src, true);
			try_to_unmap_flush(m, c->tlb);
		}
		f->dst = NULL;
		if (rc != -EAGAIN)
			f->src = NULL;
		if (account_result(m, c, b, stats, &u->folios, src, is_large, is_thp, nr_pages, rc))
			return -ENOMEM;
	}
	return 0;
}

/*
 * Linux: the body of migrate_pages_batch(), mm/migrate.c (6.3): up to
 * nr_pass unmap passes, one flush for what they deferred
 * (try_to_unmap_flush()), up to nr_pass move passes.  numasim's move step
 * puts a folio that answers -EAGAIN back (mapped, unlocked), where 6.3
 * keeps it unmapped for the next move pass: a later pass unmaps it anew.
 * Folios still waiting at the end go back to from.  -ENOMEM or 0.
 */
static int unmap_and_move_batch(struct machine *m, const struct migrate_ctx *c,
				struct batch_state *b, struct migrate_pages_stats *stats,
				struct page_list *from, int nr_pass)
{
	struct unmapped_batch u;
	int unmap_rc = 0, rc = 0;

	u.nr = 0;
	page_list_init(&u.folios);
	for (int pass = 0; pass < nr_pass && (b->retry || b->large_retry) && !unmap_rc; pass++) {
		b->retry = b->large_retry = b->thp_retry = 0;
		b->nr_retry_pages = 0;
		unmap_rc = unmap_pass(m, c, b, stats, from, &u);
	}
	/* After -ENOMEM what is unmapped still moves; the call then ends. */
	if (!unmap_rc)
		count_retries_failed(b, stats);
	try_to_unmap_flush(m, c->tlb);
	b->retry = 1;
	for (int pass = 0; pass < nr_pass && (b->retry || b->large_retry) && !rc; pass++) {
		b->retry = b->large_retry = b->thp_retry = 0;
		b->nr_retry_pages = 0;
		rc = move_pass(m, c, b, stats, &u);
	}
	if (rc || unmap_rc) {
		list_splice_tail_init(m, &u.folios, c->ret);
		return -ENOMEM;
	}
	count_retries_failed(b, stats);
	list_splice_tail_init(m, &u.folios, c->ret);
	return rc;
}

/*
 * Linux: migrate_pages_batch(), mm/migrate.c (6.3 on, as 6.12 runs it):
 * the batch unmapped whole before any of it moves.  The pieces of THPs
 * split for want of a destination get a second round here, as in
 * 6.1.192 (6.12 gives them one async pass in migrate_pages()).
 */
static int migrate_pages_batch_6_12(struct machine *m, const struct migrate_ctx *c,
				    struct page_list *from, struct migrate_pages_stats *stats,
				    int nr_pass)
{
	struct tlb_batch tlb = { 0 };
	struct migrate_ctx bc = *c;
	struct batch_state b = { .retry = 1, .large_retry = 1 };

	bc.tlb = &tlb;
	page_list_init(&b.split_folios);
	for (;;) {
		if (unmap_and_move_batch(m, &bc, &b, stats, from, nr_pass))
			return -ENOMEM;
		if (!next_split_round(m, c, &b, from))
			return b.nr_failed + b.nr_large_failed;
	}
}

#define NR_MAX_MIGRATE_ASYNC_RETRY	3
#define NR_MAX_MIGRATE_SYNC_RETRY	(NR_MAX_MIGRATE_PAGES_RETRY - NR_MAX_MIGRATE_ASYNC_RETRY)

/*
 * Linux: migrate_pages_sync(), mm/migrate.c (6.3 on).  The batch first in
 * MIGRATE_ASYNC (3 passes: batched unmap, one flush), then what failed
 * one folio at a time in the caller's mode (7 passes), where waiting on
 * locks and writeback is allowed.  The async try's failures are not
 * counted (their sync retry is); its splits are, as failed THPs.
 */
static int migrate_pages_sync(struct machine *m, const struct migrate_ctx *c,
			      struct page_list *from, struct migrate_pages_stats *stats)
{
	struct migrate_pages_stats astats = { 0 };
	struct page_list folios;
	struct migrate_ctx ac = *c;
	int rc, nr_failed = 0;

	page_list_init(&folios);
	ac.mode = MIGRATE_ASYNC;
	ac.ret = &folios;
	rc = migrate_pages_batch_6_12(m, &ac, from, &astats, NR_MAX_MIGRATE_ASYNC_RETRY);
	stats->nr_succeeded += astats.nr_succeeded;
	stats->nr_thp_succeeded += astats.nr_thp_succeeded;
	stats->nr_thp_split += astats.nr_thp_split;
	stats->nr_split += astats.nr_split;
	if (rc < 0) {
		stats->nr_failed_pages += astats.nr_failed_pages;
		stats->nr_thp_failed += astats.nr_thp_failed;
		list_splice_tail_init(m, &folios, c->ret);
		list_splice_tail_init(m, from, c->ret);
		return rc;
	}
	stats->nr_thp_failed += astats.nr_thp_split;
	nr_failed += (int)astats.nr_split;
	/* What the async try gave up on is retried after what it never got to. */
	list_splice_tail_init(m, &folios, from);
	while (!page_list_empty(from)) {
		struct page_list one;

		page_list_init(&one);
		list_move_tail_to(m, from, &one, page_list_first(m, from));
		rc = migrate_pages_batch_6_12(m, c, &one, stats, NR_MAX_MIGRATE_SYNC_RETRY);
		list_splice_tail_init(m, &one, c->ret);
		if (rc < 0)
			return rc;
		nr_failed += rc;
	}
	return nr_failed;
}

/* Linux: trace_mm_migrate_pages_start() / trace_mm_migrate_pages(), include/trace/events/migrate.h */
static void trace_migrate_pages_start(struct machine *m, enum migrate_mode mode, int reason)
{
	struct mm_event ev = { .id = MM_EV_mm_migrate_pages_start };

	if (!mm_event_enabled(&m->sink, ev.id))
		return;
	ev.mm_migrate_pages_start = (struct mm_ev_mm_migrate_pages_start){ .mode = mode,
									.reason = reason };
	mm_event_emit(&m->sink, &ev);
}

static void trace_migrate_pages(struct machine *m, const struct migrate_pages_stats *s,
				enum migrate_mode mode, int reason)
{
	struct mm_event ev = { .id = MM_EV_mm_migrate_pages };

	if (!mm_event_enabled(&m->sink, ev.id))
		return;
	ev.mm_migrate_pages = (struct mm_ev_mm_migrate_pages){ .succeeded = s->nr_succeeded,
		.failed = s->nr_failed_pages, .thp_succeeded = s->nr_thp_succeeded,
		.thp_failed = s->nr_thp_failed, .thp_split = s->nr_thp_split, .mode = mode,
		.reason = reason };
	mm_event_emit(&m->sink, &ev);
}

/*
 * The next batch off from: the non-hugetlb folios up to
 * NR_MAX_BATCHED_MIGRATION base pages (hugetlb folios still there failed
 * their own loop and go to ret).
 */
static void take_batch(struct machine *m, struct page_list *from, struct page_list *batch,
		       struct page_list *ret)
{
	unsigned long nr_pages = 0;
	struct page *head, *next;

	for (head = page_list_first(m, from); head; head = next) {
		next = page_list_next(m, head);
		if (PageHuge(m, head)) {
			list_move_tail_to(m, from, ret, head);
			continue;
		}
		/*
		 * 6.1 cuts the batch before the folio that passes the limit.  A
		 * folio larger than a batch on its own (6.1 has none; a raw
		 * compound allocation here can be) is a batch of its own: cut
		 * before it, the batch would be empty and the loop endless.
		 */
		if (nr_pages && nr_pages + folio_nr_pages(head) > NR_MAX_BATCHED_MIGRATION)
			break;
		nr_pages += folio_nr_pages(head);
	}
	if (head)
		list_cut_before(m, batch, from, head);
	else
		list_splice_tail_init(m, from, batch);
}

static int migrate_all_batches(struct machine *m, const struct migrate_ctx *c,
			       struct page_list *from, struct migrate_pages_stats *stats)
{
	int nr_not_migrated = 0;

	do {
		struct page_list batch;
		int rc;

		page_list_init(&batch);
		take_batch(m, from, &batch, c->ret);
		if (!m->profile->migrate.batch_unmap)
			rc = migrate_pages_batch(m, c, &batch, stats);
		else if (c->mode == MIGRATE_ASYNC)	/* 6.3: batched unmap */
			rc = migrate_pages_batch_6_12(m, c, &batch, stats, NR_MAX_MIGRATE_PAGES_RETRY);
		else
			rc = migrate_pages_sync(m, c, &batch, stats);
		list_splice_tail_init(m, &batch, c->ret);
		if (rc < 0)
			return rc;
		nr_not_migrated += rc;
	} while (!page_list_empty(from));
	return nr_not_migrated;
}

/* The base pages on a list of folios: what a migrate_pages() call was handed. */
static unsigned long list_nr_pages(struct machine *m, struct page_list *list)
{
	unsigned long nr_pages = 0;
	struct page *head;

	page_list_for_each(m, head, list)
		nr_pages += folio_nr_pages(head);
	return nr_pages;
}

/* Linux: migrate_pages(), mm/migrate.c (6.1.192) */
int migrate_pages(struct machine *m, struct page_list *from, new_page_t get_new_page,
		  free_page_t put_new_page, unsigned long private, enum migrate_mode mode,
		  int reason, unsigned int *ret_succeeded)
{
	struct migrate_pages_stats stats = { 0 };
	struct page_list ret_folios;
	struct migrate_ctx c = { .get_new_page = get_new_page, .put_new_page = put_new_page,
				 .private = private, .mode = mode, .reason = reason,
				 .ret = &ret_folios };
	int rc;

	page_list_init(&ret_folios);
	trace_migrate_pages_start(m, mode, reason);
	MM_EXPLAIN(&m->explain, "migrate_pages_begin", "migrate_pages", "mm/migrate.c",
		   { "mode", mode }, { "reason", reason },
		   { "nr_pages", mm_explaining(&m->explain) ? (long)list_nr_pages(m, from) : 0 });
	rc = migrate_hugetlbs(m, &c, from, &stats);
	if (rc >= 0) {
		int rc_batches = migrate_all_batches(m, &c, from, &stats);

		rc = rc_batches < 0 ? rc_batches : rc + rc_batches;
	}
	/* The failures go back to the caller's list, to be put back. */
	list_splice_init(m, &ret_folios, from);
	if (page_list_empty(from))
		rc = 0;
	__count_vm_events(m, PGMIGRATE_SUCCESS, stats.nr_succeeded);
	__count_vm_events(m, PGMIGRATE_FAIL, stats.nr_failed_pages);
	__count_vm_events(m, THP_MIGRATION_SUCCESS, stats.nr_thp_succeeded);
	__count_vm_events(m, THP_MIGRATION_FAIL, stats.nr_thp_failed);
	__count_vm_events(m, THP_MIGRATION_SPLIT, stats.nr_thp_split);
	trace_migrate_pages(m, &stats, mode, reason);
	MM_EXPLAIN(&m->explain, "migrate_pages_end", "migrate_pages", "mm/migrate.c",
		   { "rc", rc }, { "succeeded", (long)stats.nr_succeeded },
		   { "failed", (long)stats.nr_failed_pages },
		   { "thp_succeeded", (long)stats.nr_thp_succeeded },
		   { "thp_failed", (long)stats.nr_thp_failed }, { "thp_split", (long)stats.nr_thp_split });
	if (ret_succeeded)
		*ret_succeeded = (unsigned int)stats.nr_succeeded;
	return rc;
}

/* ---- the default destination ---- */

/* ---- NUMA balancing: a misplaced page to the node that faulted on it ---- */

/* Linux: migrate_balanced_pgdat(), mm/migrate.c: room without waking kswapd? */
static bool migrate_balanced_pgdat(struct machine *m, pg_data_t *pgdat, unsigned long nr_pages)
{
	for (int z = MAX_NR_ZONES - 1; z >= 0; z--) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!managed_zone(zone))
			continue;
		if (!zone_watermark_ok(m, zone, 0, high_wmark_pages(zone) + nr_pages, ZONE_MOVABLE,
				       0))
			continue;
		return true;
	}
	return false;
}

/* Linux: alloc_misplaced_dst_page(), mm/migrate.c: on node, no reclaim, no reserves. */
static struct page *alloc_misplaced_dst_page(struct machine *m, struct page *page,
					     unsigned long data)
{
	int nid = (int)data;
	unsigned int order = compound_order(compound_head(m, page));
	gfp_t gfp = __GFP_THISNODE;
	struct page *new;

	if (order > 0)
		gfp |= GFP_TRANSHUGE_LIGHT;
	else
		gfp |= (GFP_HIGHUSER_MOVABLE | __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN) &
		       ~__GFP_RECLAIM;
	new = alloc_pages_node(m, nid, gfp | __GFP_COMP, order);
	if (new && order > 1)
		set_compound_page_dtor(new, TRANSHUGE_PAGE_DTOR);
	return new;
}

/*
 * Linux: numamigrate_isolate_page(), mm/migrate.c.  Every node is top
 * tier in numasim (no memory tiering): a nearly full node just refuses.
 */
static bool numamigrate_isolate_page(struct machine *m, pg_data_t *pgdat, struct page *page)
{
	unsigned long nr_pages = folio_nr_pages(page);

	/* A THP mapped by several processes stays. */
	if (PageFlag(page, PG_head) && total_mapcount(page) > 1)
		return false;
	if (!migrate_balanced_pgdat(m, pgdat, nr_pages))
		return false;
	if (folio_isolate_lru(m, page))
		return false;
	mod_node_page_state(m, page, isolated_item(page), (long)nr_pages);
	/* The isolation holds the page now: the caller's reference may go. */
	put_page(m, page);
	return true;
}

/* Linux: migrate_misplaced_page(), mm/migrate.c */
int migrate_misplaced_page(struct machine *m, struct page *page, struct vm_area_struct *vma,
			   int node)
{
	bool file = !PageFlag(page, PG_swapbacked);
	struct page_list pages;
	unsigned int nr_succeeded = 0;
	int nr_remaining;

	/* Shared executable file pages are probably libraries: leave them. */
	if (page_mapcount_total(m, page) != 1 && file && (vma->vm_flags & VM_EXEC))
		goto out;
	/* Not every filesystem moves dirty pages in MIGRATE_ASYNC: do not try. */
	if (file && PageFlag(page, PG_dirty))
		goto out;
	if (!numamigrate_isolate_page(m, NODE_DATA(m, node), page))
		goto out;
	page_list_init(&pages);
	page_list_add_tail(m, &pages, page);
	nr_remaining = migrate_pages(m, &pages, alloc_misplaced_dst_page, NULL,
				     (unsigned long)node, MIGRATE_ASYNC, MR_NUMA_MISPLACED,
				     &nr_succeeded);
	if (nr_succeeded)
		__count_vm_events(m, NUMA_PAGES_MIGRATED, nr_succeeded);
	if (nr_remaining) {
		if (!page_list_empty(&pages)) {
			page_list_del(m, &pages, page);
			mod_node_page_state(m, page, isolated_item(page),
					    -(long)folio_nr_pages(page));
			putback_lru_page(m, page);
		}
		return 0;
	}
	return 1;
out:
	put_page(m, page);
	return 0;
}

/* Linux: htlb_modify_alloc_mask(), include/linux/hugetlb.h */
static gfp_t htlb_modify_alloc_mask(gfp_t gfp)
{
	return GFP_HIGHUSER_MOVABLE | (gfp & (__GFP_THISNODE | __GFP_NOWARN));
}

/* Linux: alloc_migration_target(), mm/migrate.c */
struct page *alloc_migration_target(struct machine *m, struct page *page, unsigned long private)
{
	const struct migration_target_control *mtc =
		(const struct migration_target_control *)private;
	struct page *head = compound_head(m, page), *new;
	gfp_t gfp = mtc->gfp_mask;
	int nid = mtc->nid == NUMA_NO_NODE ? page_to_nid(head) : mtc->nid;
	unsigned int order = 0;

	if (PageHuge(m, head))
		return alloc_huge_page_nodemask(m, nid, mtc->nmask, htlb_modify_alloc_mask(gfp));
	if (PageFlag(head, PG_head)) {
		/* As a THP fault asks, without reclaim of its own. */
		gfp = (gfp & ~__GFP_RECLAIM) | GFP_TRANSHUGE;
		order = compound_order(head);
	}
	if (zone_idx(page_zone(m, head)) == ZONE_MOVABLE)
		gfp |= __GFP_HIGHMEM;
	/* Linux: __folio_alloc(): a folio, a THP above order 1 (prep_transhuge_page()). */
	new = __alloc_pages(m, gfp | __GFP_COMP, order, nid, mtc->nmask);
	if (new && order > 1)
		set_compound_page_dtor(new, TRANSHUGE_PAGE_DTOR);
	return new;
}
