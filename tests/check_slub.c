/*
 * tests/check_slub.c - the kernel object caches (mm/slab.h): SLUB's
 * sizing, slabs filling and emptying, where slabs come from, the
 * superblock shrinker, the counters and views, the trace verbs and the
 * slab checker.
 *
 * Expected values are worked out by hand from the kernel's rules (the
 * function is named at each); a two-CPU machine has slub_min_objects
 * 4 * (fls(2) + 1) = 12.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "mm/check.h"
#include "mm/slab.h"
#include "mm/vmscan.h"
#include "mm/vmstat_counters.h"
#include "sim/procfs.h"
#include "sim/procparse.h"
#include "tests/verbs_fixture.h"

static struct machine *boot2(void)
{
	return test_boot_node("1G", 2, K_PLAIN);
}

static struct kmem_cache *cache(struct machine *m, const char *name)
{
	struct kmem_cache *s = kmem_cache_find(m, name);

	ck_assert_msg(s, "no cache %s", name);
	return s;
}

static slab_obj_t alloc_obj(struct machine *m, const char *name, bool pinned)
{
	slab_obj_t obj;

	ck_assert_int_eq(kmem_cache_alloc_obj(m, cache(m, name), GFP_KERNEL, NUMA_NO_NODE, pinned,
					      &obj), 0);
	ck_assert_uint_ne(obj, SLAB_OBJ_NONE);
	return obj;
}

static unsigned long nr_slabs(struct machine *m, const char *name)
{
	struct slabinfo si;

	get_slabinfo(m, cache(m, name), &si);
	return si.num_slabs;
}

/* Linux: calculate_order() / calc_slab_order(), mm/slub.c, worked by hand. */
START_TEST(test_calculate_order)
{
	/* 12 objects of 8 bytes fit order 0 with no waste. */
	ck_assert_int_eq(slub_calculate_order(8, 12, 0, 3), 0);
	/* 12 KiB of 1 KiB objects: get_order() 2, nothing left over. */
	ck_assert_int_eq(slub_calculate_order(1024, 12, 0, 3), 2);
	/* 20 objects (8 CPUs): 20 KiB -> order 3. */
	ck_assert_int_eq(slub_calculate_order(1024, 20, 0, 3), 3);
	/* 8 KiB: order 3 holds 4, so min_objects drops to 4: 32 KiB, order 3. */
	ck_assert_int_eq(slub_calculate_order(8192, 12, 0, 3), 3);
	/* 608 bytes: 12 need 7296 -> order 1; 8192 % 608 = 288 <= 8192/16. */
	ck_assert_int_eq(slub_calculate_order(608, 12, 0, 3), 1);
	/*
	 * 3000 bytes: order 3 holds 10; 32768 % 3000 = 2768 exceeds 1/16 of
	 * the slab, so the first pass runs past slub_max_order; 1/8 takes it.
	 */
	ck_assert_int_eq(slub_calculate_order(3000, 12, 0, 3), 3);
	/* 40000 bytes fit no slab up to slub_max_order: the order of one object. */
	ck_assert_int_eq(slub_calculate_order(40000, 12, 0, 3), 4);
	/* slub_min_order raises the start. */
	ck_assert_int_eq(slub_calculate_order(64, 12, 2, 3), 2);
}
END_TEST

/* Linux: calculate_sizes(), calculate_alignment(), set_min_partial(). */
START_TEST(test_cache_sizes)
{
	struct machine *m = boot2();
	struct kmem_cache *s;

	ck_assert_uint_eq(m->slab->min_objects, 12);
	s = cache(m, "dentry");		/* 192, no ctor: 21 in a page */
	ck_assert_uint_eq(s->size, 192);
	ck_assert_uint_eq(s->oo.order, 0);
	ck_assert_uint_eq(s->oo.objects, 21);
	ck_assert_uint_eq(s->min_partial, 5);	/* ilog2(192)/2 = 3, clamped up */
	ck_assert(s->allocflags & __GFP_RECLAIMABLE);
	s = cache(m, "inode_cache");	/* a ctor: the free pointer after 600 bytes */
	ck_assert_uint_eq(s->size, 608);
	s = cache(m, "filp");		/* SLAB_HWCACHE_ALIGN: 232 -> 256 */
	ck_assert_uint_eq(s->size, 256);
	s = cache(m, "anon_vma");	/* RCU and ctor: 96 + 8 */
	ck_assert_uint_eq(s->size, 104);
	s = cache(m, "kmalloc-8k");	/* 4 per order-3 slab, min one per order 1 */
	ck_assert_uint_eq(s->oo.order, 3);
	ck_assert_uint_eq(s->oo.objects, 4);
	ck_assert_uint_eq(s->min.order, 1);
	ck_assert_uint_eq(s->min.objects, 1);
	ck_assert_uint_eq(s->min_partial, 6);	/* ilog2(8192)/2 */
	ck_assert_uint_eq(s->allocflags, __GFP_COMP);
	s = cache(m, "kmalloc-8");
	ck_assert_uint_eq(s->allocflags, 0);	/* order 0: no __GFP_COMP */
	ck_assert(cache(m, "kmalloc-rcl-96")->allocflags & __GFP_RECLAIMABLE);
	ck_assert(cache(m, "dma-kmalloc-64")->allocflags & __GFP_DMA);
	test_release(m);
}
END_TEST

/* Linux: kmalloc_index()/kmalloc_type(): which cache a size and gfp pick. */
START_TEST(test_kmalloc_slab)
{
	struct machine *m = boot2();

	ck_assert_str_eq(kmalloc_slab(m, 1, GFP_KERNEL)->name, "kmalloc-8");
	ck_assert_str_eq(kmalloc_slab(m, 65, GFP_KERNEL)->name, "kmalloc-96");
	ck_assert_str_eq(kmalloc_slab(m, 97, GFP_KERNEL)->name, "kmalloc-128");
	ck_assert_str_eq(kmalloc_slab(m, 129, GFP_KERNEL)->name, "kmalloc-192");
	ck_assert_str_eq(kmalloc_slab(m, 193, GFP_KERNEL)->name, "kmalloc-256");
	ck_assert_str_eq(kmalloc_slab(m, 8192, GFP_KERNEL)->name, "kmalloc-8k");
	ck_assert_str_eq(kmalloc_slab(m, 64, GFP_KERNEL | __GFP_RECLAIMABLE)->name, "kmalloc-rcl-64");
	ck_assert_str_eq(kmalloc_slab(m, 64, GFP_KERNEL_ACCOUNT)->name, "kmalloc-cg-64");
	ck_assert_str_eq(kmalloc_slab(m, 64, GFP_KERNEL | __GFP_DMA | __GFP_RECLAIMABLE)->name,
			 "dma-kmalloc-64");
	test_release(m);
}
END_TEST

/* Linux: ___slab_alloc(): a CPU's objects fill its slab before another is taken. */
START_TEST(test_fill_then_new_slab)
{
	struct machine *m = boot2();
	slab_obj_t first = alloc_obj(m, "dentry", false), obj = first;
	struct page *page;

	for (int i = 1; i < 21; i++) {
		obj = alloc_obj(m, "dentry", false);
		ck_assert_ptr_eq(slab_obj_slab(m, obj), slab_obj_slab(m, first));
		test_check(m);
	}
	ck_assert_uint_eq(nr_slabs(m, "dentry"), 1);
	obj = alloc_obj(m, "dentry", false);
	ck_assert_ptr_ne(slab_obj_slab(m, obj), slab_obj_slab(m, first));
	ck_assert_uint_eq(nr_slabs(m, "dentry"), 2);
	/* A slab is PG_slab and came from a __GFP_RECLAIMABLE allocation. */
	page = slab_page(m, slab_obj_slab(m, obj));
	ck_assert(PageFlag(page, PG_slab));
	ck_assert_int_eq(get_pageblock_migratetype(m, page_to_pfn(m, page)), MIGRATE_RECLAIMABLE);
	/* Another CPU allocates from a slab of its own. */
	m->current_cpu = 1;
	ck_assert_ptr_ne(slab_obj_slab(m, alloc_obj(m, "dentry", false)), slab_obj_slab(m, obj));
	ck_assert_uint_eq(nr_slabs(m, "dentry"), 3);
	test_release(m);
}
END_TEST

/* Linux: allocate_slab() with cache_vmstat_idx()/allocflags: reclaimable vs unmovable. */
START_TEST(test_slab_migratetypes)
{
	struct machine *m = boot2();
	slab_obj_t k, r, c;
	pfn_t pfn;

	ck_assert_int_eq(kmalloc_obj(m, 64, GFP_KERNEL, NUMA_NO_NODE, &k), 0);
	ck_assert_int_eq(kmalloc_obj(m, 64, GFP_KERNEL | __GFP_RECLAIMABLE, NUMA_NO_NODE, &r), 0);
	c = alloc_obj(m, "radix_tree_node", false);
	pfn = slab_obj_slab(m, k)->pfn;
	ck_assert_int_eq(get_pageblock_migratetype(m, pfn), MIGRATE_UNMOVABLE);
	ck_assert_int_eq((int)(pfn_to_page(m, pfn)->owner & PAGE_OWNER_MT_MASK), MIGRATE_UNMOVABLE);
	pfn = slab_obj_slab(m, r)->pfn;
	ck_assert_int_eq(get_pageblock_migratetype(m, pfn), MIGRATE_RECLAIMABLE);
	pfn = slab_obj_slab(m, c)->pfn;
	ck_assert_int_eq((int)(pfn_to_page(m, pfn)->owner & PAGE_OWNER_MT_MASK), MIGRATE_RECLAIMABLE);
	/* 584 bytes: 12 need 7008 -> order 1, 8192 % 584 = 16: compound, 14 objects */
	ck_assert_uint_eq(cache(m, "radix_tree_node")->oo.objects, 14);
	ck_assert(PageFlag(pfn_to_page(m, pfn), PG_head));
	ck_assert(PageFlag(pfn_to_page(m, pfn + 1), PG_slab));
	test_release(m);
}
END_TEST

/*
 * Linux: __slab_free(): a slab that empties while its node holds
 * min_partial (5) partial slabs, itself included, goes back to the buddy.
 * Eight full dentry slabs emptied one after the other: the first four
 * stay (1..4 partial), the fifth to eighth find 5 and go.
 */
START_TEST(test_empty_slabs_freed_beyond_min_partial)
{
	struct machine *m = boot2();
	slab_obj_t objs[9 * 21];
	unsigned long free_before;

	for (int i = 0; i < 9 * 21; i++)
		objs[i] = alloc_obj(m, "dentry", true);
	ck_assert_uint_eq(nr_slabs(m, "dentry"), 9);	/* the ninth is CPU 0's */
	drain_all_pages(m, NULL);	/* freed slabs pass the per-CPU lists */
	free_before = zone_free_pages(test_normal0(m));
	for (int i = 0; i < 8 * 21; i++) {
		slab_obj_free(m, objs[i]);
		if (i % 21 == 20)
			test_check(m);
	}
	ck_assert_uint_eq(nr_slabs(m, "dentry"), 1 + 4);
	ck_assert_uint_eq(cache(m, "dentry")->node[0].nr_partial, 4);
	drain_all_pages(m, NULL);
	ck_assert_uint_eq(zone_free_pages(test_normal0(m)), free_before + 4);
	/* The CPU's own slab stays when it empties. */
	for (int i = 8 * 21; i < 9 * 21; i++)
		slab_obj_free(m, objs[i]);
	ck_assert_uint_eq(nr_slabs(m, "dentry"), 5);
	test_release(m);
}
END_TEST

/*
 * super_cache_scan() through drop_slab(): every unpinned dentry and inode
 * goes; slabs that keep a pinned object stay partly used (scattered
 * frees), the emptied ones follow __slab_free()'s min_partial rule.
 */
START_TEST(test_shrink_frees_objects_then_slabs)
{
	struct machine *m = boot2();
	slab_obj_t objs[8 * 21];
	unsigned long reclaimed;

	/* Slabs 1-3: one pinned object in each; slabs 4-8 all unused. */
	for (int i = 0; i < 8 * 21; i++)
		objs[i] = alloc_obj(m, "dentry", i < 3 * 21 && i % 21 == 7);
	alloc_obj(m, "inode_cache", false);
	ck_assert_uint_eq(nr_slabs(m, "dentry"), 8);
	ck_assert_uint_eq(slab_lru_count(m, SLAB_LRU_DENTRY, 0), 8 * 21 - 3);
	ck_assert_uint_eq(slab_lru_count(m, SLAB_LRU_INODE, 0), 1);
	reclaimed = drop_slab(m);
	ck_assert_uint_eq(reclaimed, 8 * 21 - 3 + 1);
	ck_assert_uint_eq(m->slab->stats.reclaimed, 8 * 21 - 3 + 1);
	ck_assert_uint_eq(slab_lru_count(m, SLAB_LRU_DENTRY, 0), 0);
	test_check(m);
	/*
	 * Oldest first: slabs 1-3 go partial and stay (one object each);
	 * slab 4 empties with 4 partial, stays; slabs 5-7 find 5 and go;
	 * slab 8 is CPU 0's and stays.
	 */
	ck_assert_uint_eq(nr_slabs(m, "dentry"), 5);
	ck_assert_uint_eq(cache(m, "dentry")->node[0].nr_partial, 4);
	/* A pinned object is still there; a reclaimed one's free only counts. */
	ck_assert_int_eq(slab_obj_state(m, objs[7]), SLAB_OBJ_LIVE);
	ck_assert_int_eq(slab_obj_state(m, objs[8]), SLAB_OBJ_RECLAIMED);
	slab_obj_free(m, objs[8]);
	ck_assert_uint_eq(m->slab->stats.freed_after_reclaim, 1);
	ck_assert_int_eq(slab_obj_state(m, objs[8]), SLAB_OBJ_FREE);
	test_release(m);
}
END_TEST

/* The kB of a "LABEL   N kB" line of text. */
static unsigned long node_kb(const char *text, const char *label)
{
	const char *line = strstr(text, label);

	ck_assert_msg(line, "no line '%s'", label);
	return strtoul(line + strlen(label), NULL, 10);
}

/* meminfo's Slab = SReclaimable + SUnreclaim, each the slab pages of its kind. */
START_TEST(test_meminfo_counts_slab_pages)
{
	struct machine *m = boot2();
	unsigned long rec_pages = 0, unrec_pages;
	slab_obj_t obj;
	char *text;

	for (int i = 0; i < 30; i++)		/* three order-1 slabs: 14 per slab */
		alloc_obj(m, "radix_tree_node", false);
	rec_pages += 3 * 2;
	alloc_obj(m, "dentry", false);		/* one page */
	rec_pages += 1;
	alloc_obj(m, "task_struct", false);	/* 5 per order-3 slab (12 objects wanted) */
	ck_assert_int_eq(kmalloc_obj(m, 100, GFP_KERNEL, NUMA_NO_NODE, &obj), 0);	/* kmalloc-128 */
	unrec_pages = 8 + 1;
	vmstat_refresh(m);
	ck_assert_uint_eq(test_meminfo_kb(m, "SReclaimable:   "), rec_pages * 4);
	ck_assert_uint_eq(test_meminfo_kb(m, "SUnreclaim:     "), unrec_pages * 4);
	ck_assert_uint_eq(test_meminfo_kb(m, "Slab:           "), (rec_pages + unrec_pages) * 4);
	/* node_read_meminfo(): the same from the node's counters */
	text = test_render_node(procfs_node_meminfo, m, 0);
	ck_assert_uint_eq(node_kb(text, "Node 0 SReclaimable:"), rec_pages * 4);
	ck_assert_uint_eq(node_kb(text, "Node 0 SUnreclaim:"), unrec_pages * 4);
	ck_assert_uint_eq(node_kb(text, "Node 0 Slab:"), (rec_pages + unrec_pages) * 4);
	free(text);
	test_release(m);
}
END_TEST

/* Linux: __kmalloc_large_node(): above 8 KiB, a compound block of get_order(size). */
START_TEST(test_kmalloc_large)
{
	struct machine *m = boot2();
	slab_obj_t big, top;
	struct page *page;

	ck_assert_int_eq(kmalloc_obj(m, 8193, GFP_KERNEL, NUMA_NO_NODE, &big), 0);
	ck_assert_int_eq(slab_obj_state(m, big), SLAB_OBJ_LARGE);
	page = pfn_to_page(m, m->slab->objs[big].pfn);
	ck_assert_uint_eq(m->slab->objs[big].order, 2);
	ck_assert(PageFlag(page, PG_head));
	ck_assert(!PageFlag(page, PG_slab));
	ck_assert_uint_eq(m->slab->large_pages[0], 4);
	ck_assert_int_eq(kmalloc_obj(m, KMALLOC_MAX_SIZE, GFP_KERNEL, NUMA_NO_NODE, &top), 0);
	ck_assert_uint_eq(m->slab->objs[top].order, MAX_ORDER - 1);
	vmstat_refresh(m);
	ck_assert_uint_eq(test_meminfo_kb(m, "SUnreclaim:     "), (4 + 1024) * 4);
	test_check(m);
	slab_obj_free(m, big);
	slab_obj_free(m, top);
	ck_assert_uint_eq(m->slab->large_pages[0], 0);
	test_release(m);
}
END_TEST

/* Linux: ___slab_alloc()'s node_match(): a request for another node leaves the CPU slab. */
START_TEST(test_node_request)
{
	struct machine *m = test_boot_node_pair("512M", "512M", K_PLAIN);
	struct kmem_cache *s = cache(m, "vm_area_struct");
	slab_obj_t a, b;

	ck_assert_int_eq(kmem_cache_alloc_obj(m, s, GFP_KERNEL, NUMA_NO_NODE, false, &a), 0);
	ck_assert_int_eq(slab_obj_slab(m, a)->node, 0);
	ck_assert_int_eq(kmem_cache_alloc_obj(m, s, GFP_KERNEL, 1, false, &b), 0);
	ck_assert_int_eq(slab_obj_slab(m, b)->node, 1);
	/* deactivate_slab(): the node-0 slab, partly used, is on node 0's partial list. */
	ck_assert_uint_eq(s->node[0].nr_partial, 1);
	ck_assert_ptr_eq(s->cpu_slab[0], slab_obj_slab(m, b));
	test_release(m);
}
END_TEST

/* The slab checker sees a counter that disagrees with the lists, and PG_slab on a stray frame. */
START_TEST(test_slab_checker)
{
	struct machine *m = boot2();
	struct kmem_cache *s = cache(m, "dentry");
	char msg[512];
	pfn_t pfn;

	alloc_obj(m, "dentry", false);
	ck_assert_int_eq(slab_check(m, msg, sizeof(msg)), 0);
	s->node[0].nr_slabs++;
	ck_assert_int_ne(slab_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "dentry: node 0 counts"), "%s", msg);
	s->node[0].nr_slabs--;
	pfn = test_alloc_pfn(m, GFP_KERNEL, 0);
	SetPageFlag(pfn_to_page(m, pfn), PG_slab);
	ck_assert_int_ne(slab_check(m, msg, sizeof(msg)), 0);
	ck_assert_msg(strstr(msg, "frames are PG_slab"), "%s", msg);
	ClearPageFlag(pfn_to_page(m, pfn), PG_slab);
	test_free_pfn(m, pfn, 0);
	test_release(m);
}
END_TEST

/* Linux: slabinfo_show(): the 2.1 header, newest cache first, SLUB's zero tunables. */
START_TEST(test_slabinfo)
{
	static const char header[] =
		"slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> "
		"<objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
		"slabdata <active_slabs> <num_slabs> <sharedavail>\n";
	struct machine *m = boot2();
	char *text;

	for (int i = 0; i < 17; i++)
		alloc_obj(m, "kmalloc-1k", false);	/* 16 per order-2 slab */
	text = test_render(procfs_slabinfo, m);
	ck_assert(!strncmp(text, header, strlen(header)));
	ck_assert_msg(strstr(text, "\nkmalloc-1k            32     32   1024   16    4 : tunables "
			     "   0    0    0 : slabdata      2      2      0\n"), "%s", text);
	ck_assert_msg(strstr(text, "\nkmalloc-8k             0      0   8192    4    8 :"), "%s", text);
	ck_assert_msg(strstr(text, "\nkmalloc-192            0      0    192   21    1 :"), "%s", text);
	/* ext4_inode_cache was created last: it comes first. */
	ck_assert_msg(strstr(text, "<sharedavail>\next4_inode_cache "), "%s", text);
	free(text);
	test_release(m);
}
END_TEST

/* ---- /proc/slabinfo read back (sim/procparse.c) ---- */

struct slab_items {
	unsigned int n;
	int64_t objperslab;	/* slabinfo/dentry/objperslab */
	int64_t active_objs;	/* slabinfo/kmalloc-64/active_objs */
};

static int slab_items_sink(void *ctx, const struct proc_item *item)
{
	struct slab_items *c = ctx;

	c->n++;
	if (!strcmp(item->name, "slabinfo/dentry/objperslab"))
		c->objperslab = item->value;
	if (!strcmp(item->name, "slabinfo/kmalloc-64/active_objs"))
		c->active_objs = item->value;
	return 0;
}

static int parse_slabinfo(const char *text, struct slab_items *c, char *err, size_t errlen)
{
	struct proc_file_kind kind;

	memset(c, 0, sizeof(*c));
	ck_assert(proc_file_kind("slabinfo", &kind));
	ck_assert_int_eq(kind.section, PROC_SEC_SLABINFO);
	return proc_parse(&kind, "t", text, strlen(text), slab_items_sink, c, err, errlen);
}

/* Linux: cache_show()'s line, eight numbers per cache taken (not SLUB's zero tunables). */
START_TEST(test_slabinfo_read_back)
{
	struct machine *m = boot2();
	struct slab_items c;
	char err[256], *text;
	slab_obj_t obj;

	ck_assert_int_eq(kmalloc_obj(m, 50, GFP_KERNEL, NUMA_NO_NODE, &obj), 0);
	text = test_render(procfs_slabinfo, m);
	ck_assert_msg(parse_slabinfo(text, &c, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(c.n, 8 * m->slab->nr_caches);
	ck_assert_int_eq(c.objperslab, 21);
	ck_assert_int_eq(c.active_objs, 64);	/* the CPU slab's objects count as active */
	free(text);
	ck_assert_int_eq(parse_slabinfo("slabinfo - version: 2.0\n", &c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t:1: expected 'slabinfo - version: 2.1' first");
	ck_assert_int_eq(parse_slabinfo("slabinfo - version: 2.1\n# name\n"
					"dentry 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1\n",
					&c, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t:3: expected 'NAME N N N N N : tunables N N N : slabdata N N N'");
	ck_assert_int_eq(parse_slabinfo("slabinfo - version: 2.1\n# name\n# again\n", &c, err,
					sizeof(err)), -1);
	ck_assert_str_eq(err, "t:3: a '#' line after the header");
	test_release(m);
}
END_TEST

/* ---- the verbs ---- */

START_TEST(test_verbs)
{
	struct fx fx;

	fx_boot(&fx, "1G", K_PLAIN);
	run_ok(&fx, "kmalloc id=a size=100\n"
		    "kmalloc id=b size=20K gfp=GFP_KERNEL node=0 cpu=1\n"
		    "cache_alloc cache=dentry id=d1\n"
		    "cache_alloc cache=dentry id=d2 pinned\n"
		    "sysctl vm.drop_caches=2\n"
		    "cache_free id=d1\n"
		    "cache_free id=d2\n"
		    "kfree id=a\n"
		    "kfree id=b\n"
		    "kmalloc id=a size=1\n");
	ck_assert_uint_eq(fx.m->slab->stats.reclaimed, 1);
	ck_assert_uint_eq(fx.m->slab->stats.freed_after_reclaim, 1);
	ck_assert_uint_eq(fx.m->slab->nr_live, 1);
	fx_release(&fx);
}
END_TEST

START_TEST(test_verbs_bad_input)
{
	struct fx fx;

	fx_boot(&fx, "1G", K_PLAIN);
	expect_bad(&fx, "cache_alloc cache=nosuch id=x\n",
		   "t.trace:2: unknown cache 'nosuch' (the caches are the names /proc/slabinfo lists)");
	expect_bad(&fx, "kmalloc id=x size=8\nkmalloc id=x size=8\n",
		   "t.trace:3: id 'x' is already allocated");
	expect_bad(&fx, "kfree id=nobody\n",
		   "t.trace:2: kfree of unknown id 'nobody' (never allocated, or freed already)");
	expect_bad(&fx, "cache_free id=nobody\n",
		   "t.trace:2: cache_free of unknown id 'nobody' (never allocated, or freed already)");
	expect_bad(&fx, "kmalloc id=y size=0\n", "t.trace:2: size 0 out of range (1..4194304)");
	expect_bad(&fx, "kmalloc id=y size=4194305\n",
		   "t.trace:2: size 4194305 out of range (1..4194304)");
	expect_bad(&fx, "kmalloc id=big size=9000\ncache_free id=big\n",
		   "t.trace:3: cache_free of 'big', a kmalloc of more than 8192 bytes (kfree frees it)");
	expect_bad(&fx, "cache_alloc cache=dentry id=z gfp=NOSUCH\n",
		   "t.trace:2: bad gfp flags 'NOSUCH': unknown flag 'NOSUCH'");
	fx_release(&fx);
}
END_TEST

/* A failed allocation binds its name to nothing; its free is accepted. */
START_TEST(test_verbs_failed_alloc)
{
	struct fx fx;

	fx_boot(&fx, "64M", K_PLAIN);
	run_ok(&fx, "kmalloc id=huge size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge2 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge3 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge4 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge5 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge6 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge7 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge8 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge9 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge10 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge11 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge12 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge13 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge14 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge15 size=4M gfp=GFP_NOWAIT\n"
		    "kmalloc id=huge16 size=4M gfp=GFP_NOWAIT\n"
		    "kfree id=huge16\n");
	ck_assert_uint_ge(fx.m->slab->stats.large_alloc_fail, 1);
	fx_release(&fx);
}
END_TEST

/* A run: slabinfo in the snapshot, the slab totals in results.json. */
START_TEST(test_run_outputs)
{
	char out[4096], err[1024], dir[128], *text;
	json_t *root, *slab;
	int status;

	test_scratch_dir(dir, sizeof(dir), "slub-run");
	test_sh_at(dir, "printf 'numasim-trace v1\\n"
		   "cache_alloc cache=dentry id=d1\\ncache_alloc cache=dentry id=d2 pinned\\n"
		   "kmalloc id=k size=9000\\nsysctl vm.drop_caches=2\\ncache_free id=d1\\n"
		   "snapshot name=s\\n' > @/t.trace");
	status = test_numasim_at(dir, out, sizeof(out), err, sizeof(err),
				 "run -q -o @/out @/t.trace");
	ck_assert_msg(status == 0, "status %d: %s", status, err);
	text = test_read_file(test_path_in(dir, "out/snapshots/s/slabinfo"));
	ck_assert_msg(strstr(text, "\ndentry                21     21    192   21    1 :"), "%s",
		      text);
	free(text);
	root = json_load_file(test_path_in(dir, "out/results.json"), 0, NULL);
	ck_assert_ptr_nonnull(root);
	slab = json_object_get(root, "slab");
	ck_assert_int_eq(json_integer_value(json_object_get(slab, "objects")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(slab, "reclaimed")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(slab, "freed_after_reclaim")), 1);
	ck_assert_int_eq(json_integer_value(json_object_get(slab, "slabs_allocated")), 1);
	json_decref(root);
	test_remove_dir(dir);
}
END_TEST

/* ---- the fragmentation story ---- */

/* dentry's and ext4_inode_cache's slabs at each snapshot. */
struct story_slabs {
	unsigned int nr;
	unsigned long dentry[4], inode[4];
};

static int story_snapshot(void *ctx, const char *name, const struct machine *m, char *err,
			  size_t errlen)
{
	struct story_slabs *ss = ctx;
	struct slabinfo si;

	ck_assert_uint_lt(ss->nr, 4);
	get_slabinfo(m, kmem_cache_find(m, "dentry"), &si);
	ss->dentry[ss->nr] = si.num_slabs;
	get_slabinfo(m, kmem_cache_find(m, "ext4_inode_cache"), &si);
	ss->inode[ss->nr++] = si.num_slabs;
	return 0;
}

/* 2520 files looked up on four CPUs in turn, one in five kept open; reclaim; all closed. */
static char *story_trace(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	fputs("numasim-trace v1\nsnapshot name=boot\n", f);
	for (int i = 0; i < 2520; i++)
		fprintf(f, "cache_alloc cache=dentry id=d%d cpu=%d%s\n"
			"cache_alloc cache=ext4_inode_cache id=i%d cpu=%d%s\n",
			i, i % 4, i % 5 ? "" : " pinned", i, i % 4, i % 5 ? "" : " pinned");
	fputs("snapshot name=loaded\nsysctl vm.drop_caches=2\nsnapshot name=dropped\n", f);
	for (int i = 0; i < 2520; i++)
		fprintf(f, "cache_free id=d%d\ncache_free id=i%d\n", i, i);
	fputs("snapshot name=closed\n", f);
	fclose(f);
	return text;
}

/*
 * On the default machine (2 nodes, CPUs 0-1 on node 0, 2-3 on node 1):
 * 630 dentries and inodes per CPU fill 30 dentry slabs (21 each) and 21
 * inode slabs (30 each); one object in five is pinned, so every slab keeps
 * some and drop_caches=2 frees no slab, however many objects it frees;
 * closing everything leaves per node its two CPUs' slabs and four empty
 * partial ones (__slab_free(): min_partial 5, the slab itself counted).
 */
START_TEST(test_fragmentation_story)
{
	struct mm_boot_params p;
	struct story_slabs ss = { 0 };
	struct engine_opts opts = { .snapshot = story_snapshot, .snapshot_ctx = &ss };
	char *text = story_trace();
	struct machine *m;
	long rec = 0;

	test_load_config_file("configs/default.json", &p);
	m = test_boot_params(&p);
	test_replay_text(m, "story.trace", text, &opts);
	ck_assert_uint_eq(ss.nr, 4);
	ck_assert_uint_eq(ss.dentry[0], 0);
	ck_assert_uint_eq(ss.dentry[1], 4 * 30);
	ck_assert_uint_eq(ss.inode[1], 4 * 21);
	ck_assert_uint_eq(ss.dentry[2], 4 * 30);
	ck_assert_uint_eq(ss.inode[2], 4 * 21);
	ck_assert_uint_eq(ss.dentry[3], 2 * (2 + 4));
	ck_assert_uint_eq(ss.inode[3], 2 * (2 + 4));
	for_each_online_node(m, nid)
		rec += __node_page_state_snapshot(NODE_DATA(m, nid), NR_SLAB_RECLAIMABLE_B);
	ck_assert_int_eq(rec, 12 * 1 + 12 * 8);
	ck_assert_uint_eq(m->slab->stats.freed_after_reclaim, 2 * (2520 - 504));
	free(text);
	test_release(m);
}
END_TEST

Suite *slub_suite(void);	/* called by the runner through suites.h */
Suite *slub_suite(void)
{
	Suite *s = suite_create("slub");
	TCase *tc = tcase_create("slub");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_calculate_order);
	tcase_add_test(tc, test_cache_sizes);
	tcase_add_test(tc, test_kmalloc_slab);
	tcase_add_test(tc, test_fill_then_new_slab);
	tcase_add_test(tc, test_slab_migratetypes);
	tcase_add_test(tc, test_empty_slabs_freed_beyond_min_partial);
	tcase_add_test(tc, test_shrink_frees_objects_then_slabs);
	tcase_add_test(tc, test_meminfo_counts_slab_pages);
	tcase_add_test(tc, test_kmalloc_large);
	tcase_add_test(tc, test_node_request);
	tcase_add_test(tc, test_slab_checker);
	tcase_add_test(tc, test_slabinfo);
	tcase_add_test(tc, test_slabinfo_read_back);
	tcase_add_test(tc, test_verbs);
	tcase_add_test(tc, test_verbs_bad_input);
	tcase_add_test(tc, test_verbs_failed_alloc);
	tcase_add_test(tc, test_run_outputs);
	tcase_add_test(tc, test_fragmentation_story);
	suite_add_tcase(s, tc);
	return s;
}
