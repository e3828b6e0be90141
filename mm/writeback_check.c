/*
 * mm/writeback_check.c - the whole-machine checker of dirty and
 * writeback state (mm/check.h).
 *
 * It walks every frame: the heads of regular-file folios that are
 * PG_dirty must add up, per node, to NR_FILE_DIRTY and, per file, to the
 * file's nrdirty; PG_writeback heads (any kind) to NR_WRITEBACK; per zone
 * both to NR_ZONE_WRITE_PENDING.  The block device's queue must name
 * PG_writeback folios only, in completion order.
 *
 * No kernel counterpart (the kernel trusts its counters; its
 * CONFIG_DEBUG_VM checks are per folio).
 */
#include <stdio.h>

#include "mm/internal.h"
#include "mm/migrate.h"
#include "mm/mm.h"
#include "mm/rmap.h"
#include "mm/sparse.h"
#include "mm/vmstat_counters.h"
#include "mm/writeback.h"

struct wb_counts {
	long dirty[MAX_NUMNODES];
	long writeback[MAX_NUMNODES];
	long pending[MAX_NUMNODES][MAX_NR_ZONES];
};

/* A regular file's folio head, counted dirty when PG_dirty. */
static bool file_folio_head(const struct machine *m, struct page *page)
{
	const struct address_space *mapping;

	if (page->_refcount <= 0 || PageFlag(page, PG_tail) || PageAnon(page) ||
	    !page_mapping_id(page) || __PageMovable(page) || PageHuge(m, page))
		return false;
	mapping = page_mapping(m, page);
	return mapping_can_writeback(mapping);
}

static void count_frames(const struct machine *m, struct wb_counts *c)
{
	for_each_valid_pfn_run(m, run, run_end, 0, m->end_pfn)
		for (pfn_t pfn = run; pfn < run_end; pfn++) {
			struct page *page = pfn_to_page(m, pfn);
			int nid = page_to_nid(page), zid = page_zonenum(page);
			long nr;

			if (page->_refcount <= 0 || PageFlag(page, PG_tail))
				continue;
			nr = folio_nr_pages(page);
			if (PageFlag(page, PG_writeback)) {
				c->writeback[nid] += nr;
				c->pending[nid][zid] += nr;
			}
			if (PageFlag(page, PG_dirty) && file_folio_head(m, page)) {
				c->dirty[nid] += nr;
				c->pending[nid][zid] += nr;
			}
		}
}

static int node_counts_check(const struct machine *m, const struct wb_counts *c, char *msg,
			     size_t msglen)
{
	for_each_online_node(m, nid) {
		const pg_data_t *pgdat = NODE_DATA(m, nid);

		if (!pgdat)
			continue;
		if (__node_page_state_snapshot(pgdat, NR_FILE_DIRTY) != c->dirty[nid] ||
		    __node_page_state_snapshot(pgdat, NR_WRITEBACK) != c->writeback[nid]) {
			snprintf(msg, msglen, "node %d: nr_dirty %ld nr_writeback %ld, but %ld dirty "
				 "file pages and %ld under writeback", nid,
				 __node_page_state_snapshot(pgdat, NR_FILE_DIRTY),
				 __node_page_state_snapshot(pgdat, NR_WRITEBACK), c->dirty[nid],
				 c->writeback[nid]);
			return 1;
		}
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			long pending = __zone_page_state_snapshot(&pgdat->node_zones[zid],
								  NR_ZONE_WRITE_PENDING);

			if (pending != c->pending[nid][zid]) {
				snprintf(msg, msglen, "node %d zone %d: nr_zone_write_pending %ld, "
					 "%ld pages dirty or under writeback", nid, zid, pending,
					 c->pending[nid][zid]);
				return 1;
			}
		}
	}
	return 0;
}

static void count_dirty(struct machine *m, struct address_space *mapping, struct page *folio,
			void *arg)
{
	(void)m;
	(void)mapping;
	if (PageFlag(folio, PG_dirty))
		*(unsigned long *)arg += folio_nr_pages(folio);
}

static int files_check(const struct machine *m, char *msg, size_t msglen)
{
	for (size_t i = 0; i < m->procs.nr_files; i++) {
		struct address_space *f = m->procs.files[i];
		unsigned long dirty = 0;

		/* The walk only reads; the callback type is the writers'. */
		filemap_for_each_folio((struct machine *)m, f, count_dirty, &dirty);
		if (dirty != f->nrdirty) {
			snprintf(msg, msglen, "file %s: nrdirty %lu, %lu dirty pages cached", f->name,
				 f->nrdirty, dirty);
			return 1;
		}
	}
	return 0;
}

static int queue_check(const struct machine *m, char *msg, size_t msglen)
{
	const struct bdi_writeback *wb = &m->wb;
	uint64_t prev = 0;

	for (size_t i = 0; i < wb->nr; i++) {
		const struct wb_inflight *e = &wb->inflight[(wb->head + i) % wb->cap];

		if (e->done_ns < prev ||
		    (e->pfn != PFN_NONE && !PageFlag(pfn_to_page(m, e->pfn), PG_writeback))) {
			snprintf(msg, msglen, "block queue entry %zu (pfn %#llx) is out of order or "
				 "not under writeback", i, (unsigned long long)e->pfn);
			return 1;
		}
		prev = e->done_ns;
	}
	return 0;
}

int writeback_check(const struct machine *m, char *msg, size_t msglen)
{
	static struct wb_counts zero;
	struct wb_counts c = zero;

	count_frames(m, &c);
	if (node_counts_check(m, &c, msg, msglen))
		return 1;
	return files_check(m, msg, msglen) || queue_check(m, msg, msglen);
}
