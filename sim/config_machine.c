/*
 * sim/config_machine.c - the config's "machine" object: nodes (sizes,
 * starts, CPUs, per-node reservations), the SLIT distances, holes, the
 * migration cost model, the block device and the hotplug region, each
 * checked with the loader's helpers (sim/config_internal.h).
 *
 * Invariants: on success hw describes a machine hw_machine_check() would
 * take; on failure the message names the key path.
 *
 * Linux counterpart: none (the firmware's tables: SRAT, SLIT, e820).
 */
#include "sim/config_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw/migrate_cost.h"
#include "mm/memory_hotplug.h"
#include "mm/mm.h"
#include "mm/sparse.h"

#define SLIT_MAX_DISTANCE	255	/* a SLIT entry is one byte */

/* ======================= machine ======================================== */

static void default_distances(struct hw_machine *hw)
{
	for (unsigned int i = 0; i < hw->nr_nodes; i++)
		for (unsigned int j = 0; j < hw->nr_nodes; j++)
			hw->distance[i][j] = i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

/* "start" places the node; without it the node follows the previous one. */
static int parse_node_range(const struct cfg *c, json_t *node, const char *path,
			    struct hw_machine *hw, unsigned int nid)
{
	char sub[CFG_PATH_MAX], a[32];
	paddr_t prev_end = nid ? hw->node[nid - 1].start + hw->node[nid - 1].bytes : 0;
	json_t *v;

	key_path(sub, path, "mem");
	v = json_object_get(node, "mem");
	if (!v)
		return cfg_error(c, sub, "missing: every node needs its size");
	if (get_size(c, v, sub, &hw->node[nid].bytes))
		return -1;
	hw->node[nid].start = prev_end;
	key_path(sub, path, "start");
	v = json_object_get(node, "start");
	/* A CPU-only node's empty range stays where the previous node ends. */
	if (v && hw->node[nid].bytes == 0)
		return cfg_error(c, sub, "a node without memory has no range to place");
	if (v && get_size(c, v, sub, &hw->node[nid].start))
		return -1;
	if (hw->node[nid].start < prev_end)
		return cfg_error(c, sub, "overlaps node %u, which ends at %s", nid - 1,
				 format_size(a, sizeof(a), prev_end));
	if (hw->node[nid].start > UINT64_MAX - hw->node[nid].bytes)
		return cfg_error(c, sub, "the node ends beyond the 64-bit address space");
	return 0;
}

static int parse_node(struct cfg *c, json_t *node, const char *path,
		      struct hw_machine *hw, unsigned int nid, unsigned int *total_cpus)
{
	static const char *const keys[] = { "mem", "cpus", "start", "reserved", NULL };
	char sub[CFG_PATH_MAX];
	long long cpus = 1;
	json_t *v;

	if (expect_object(c, node, path, keys) || parse_node_range(c, node, path, hw, nid))
		return -1;
	key_path(sub, path, "cpus");
	v = json_object_get(node, "cpus");
	if (v && get_int(c, v, sub, 0, HW_MAX_CPUS, &cpus))
		return -1;
	*total_cpus += (unsigned int)cpus;
	if (*total_cpus > HW_MAX_CPUS)
		return cfg_error(c, sub, "%u CPUs in total so far, more than the %d supported",
				 *total_cpus, HW_MAX_CPUS);
	hw->node[nid].nr_cpus = (unsigned int)cpus;
	key_path(sub, path, "reserved");
	v = json_object_get(node, "reserved");
	if (v && hw->node[nid].bytes == 0)
		return cfg_error(c, sub, "a node without memory has nothing to reserve");
	if (v && get_size(c, v, sub, &c->node_reserved[nid]))
		return -1;
	return 0;
}

static int parse_nodes(struct cfg *c, json_t *nodes, struct hw_machine *hw)
{
	const char *path = "machine.nodes";
	unsigned int total_cpus = 0;
	size_t nid;
	json_t *node;

	if (!json_is_array(nodes))
		return cfg_error(c, path, "expected an array of nodes");
	if (json_array_size(nodes) == 0)
		return cfg_error(c, path, "a machine needs at least one node");
	if (json_array_size(nodes) > HW_MAX_NODES)
		return cfg_error(c, path, "%zu nodes, at most %d are supported",
				 json_array_size(nodes), HW_MAX_NODES);
	memset(hw->node, 0, sizeof(hw->node));
	memset(hw->distance, 0, sizeof(hw->distance));
	hw->nr_nodes = (unsigned int)json_array_size(nodes);
	json_array_foreach(nodes, nid, node) {
		char sub[CFG_PATH_MAX];

		index_path(sub, path, nid);
		if (parse_node(c, node, sub, hw, (unsigned int)nid, &total_cpus))
			return -1;
	}
	default_distances(hw);
	return 0;
}

/*
 * One SLIT entry: 10 to itself, 11..255 to others (more than the local
 * distance, and one byte), both ends of the range in one message.
 */
static int parse_distance_entry(const struct cfg *c, json_t *v, size_t i, size_t j,
				struct hw_machine *hw)
{
	char path[CFG_PATH_MAX];
	long long d;

	snprintf(path, sizeof(path), "machine.distance[%zu][%zu]", i, j);
	if (!json_is_integer(v))
		return cfg_error(c, path, "expected an integer");
	d = json_integer_value(v);
	if (i == j && d != LOCAL_DISTANCE)
		return cfg_error(c, path, "a node's distance to itself must be %d, got %lld",
				 LOCAL_DISTANCE, d);
	if (i != j && (d <= LOCAL_DISTANCE || d > SLIT_MAX_DISTANCE))
		return cfg_error(c, path, "a remote distance must be between %d and %d (more than "
				 "the local %d, and one byte), got %lld", LOCAL_DISTANCE + 1,
				 SLIT_MAX_DISTANCE, LOCAL_DISTANCE, d);
	hw->distance[i][j] = (unsigned int)d;
	return 0;
}

/*
 * The kernel's own SLIT rules, plus symmetry (a hw/machine.h invariant; the
 * kernel itself would accept an asymmetric table).
 * Linux: slit_valid(), drivers/acpi/numa/srat.c; numa_set_distance(), arch/x86/mm/numa.c
 */
static int parse_distance(const struct cfg *c, json_t *rows, struct hw_machine *hw)
{
	const char *path = "machine.distance";
	size_t n = hw->nr_nodes, i, j;
	json_t *row, *v;

	if (!json_is_array(rows) || json_array_size(rows) != n)
		return cfg_error(c, path, "expected %zu rows of %zu integers (one per node)", n, n);
	json_array_foreach(rows, i, row) {
		char sub[CFG_PATH_MAX];

		index_path(sub, path, i);
		if (!json_is_array(row) || json_array_size(row) != n)
			return cfg_error(c, sub, "expected a row of %zu integers (one per node)",
					 n);
		json_array_foreach(row, j, v)
			if (parse_distance_entry(c, v, i, j, hw))
				return -1;
	}
	for (i = 0; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			char sub[CFG_PATH_MAX];

			if (hw->distance[i][j] == hw->distance[j][i])
				continue;
			snprintf(sub, sizeof(sub), "%s[%zu][%zu]", path, i, j);
			return cfg_error(c, sub, "is %u but [%zu][%zu] is %u: the matrix must be "
					 "symmetric", hw->distance[i][j], j, i, hw->distance[j][i]);
		}
	}
	return 0;
}

static int parse_range_field(const struct cfg *c, json_t *obj, const char *path,
			     const char *key, uint64_t *bytes)
{
	char sub[CFG_PATH_MAX], a[32];
	json_t *v = json_object_get(obj, key);

	key_path(sub, path, key);
	if (!v)
		return cfg_error(c, sub, "missing: a range needs a start and a size");
	if (get_size(c, v, sub, bytes))
		return -1;
	if (*bytes % PAGE_SIZE)
		return cfg_error(c, sub, "not a multiple of the page size (%s)",
				 format_size(a, sizeof(a), PAGE_SIZE));
	return 0;
}

/* Does r overlap one of the nr ranges? The index of the first, or -1. */
int find_overlap(const struct hw_range *r, const struct hw_range *ranges, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		if (r->start < ranges[i].end && ranges[i].start < r->end)
			return (int)i;
	return -1;
}

/* A range must lie inside one node and apart from the list's other ranges. */
static int check_range(const struct cfg *c, const struct hw_machine *hw,
		       const struct range_list *list, const char *path, const struct hw_range *r)
{
	unsigned int nid;
	int clash;

	for (nid = 0; nid < hw->nr_nodes; nid++) {
		const struct hw_node *n = &hw->node[nid];

		if (r->start >= n->start && r->end <= n->start + n->bytes)
			break;
	}
	if (nid == hw->nr_nodes)
		return cfg_error(c, path, "[%#llx, %#llx) does not lie inside any one node",
				 (unsigned long long)r->start, (unsigned long long)r->end);
	clash = find_overlap(r, list->range, *list->nr);
	if (clash >= 0)
		return cfg_error(c, path, "overlaps %s[%d]", list->path, clash);
	return 0;
}

int parse_range(const struct cfg *c, json_t *obj, const char *path,
		const struct hw_machine *hw, struct range_list *list)
{
	static const char *const keys[] = { "start", "size", NULL };
	uint64_t start, size;
	struct hw_range r;

	if (expect_object(c, obj, path, list->keys ? list->keys : keys) ||
	    parse_range_field(c, obj, path, "start", &start) ||
	    parse_range_field(c, obj, path, "size", &size))
		return -1;
	if (size == 0)
		return cfg_error(c, path, "a range must not be empty");
	if (start > UINT64_MAX - size)
		return cfg_error(c, path, "the range ends beyond the 64-bit address space");
	r.start = start;
	r.end = start + size;
	if (check_range(c, hw, list, path, &r))
		return -1;
	list->range[(*list->nr)++] = r;
	return 0;
}

/* Sorted by address: hw_machine's holes, and the order boot frees memory in. */
static void sort_ranges(struct hw_range *range, unsigned int nr)
{
	for (unsigned int i = 1; i < nr; i++) {
		struct hw_range r = range[i];
		unsigned int j = i;

		for (; j > 0 && range[j - 1].start > r.start; j--)
			range[j] = range[j - 1];
		range[j] = r;
	}
}

int parse_range_list(const struct cfg *c, json_t *array, const struct hw_machine *hw,
		     struct range_list *list)
{
	size_t i;
	json_t *obj;

	if (!json_is_array(array))
		return cfg_error(c, list->path, "expected an array of {\"start\", \"size\"} objects");
	if (json_array_size(array) > HW_MAX_HOLES)
		return cfg_error(c, list->path, "%zu ranges, at most %d are supported",
				 json_array_size(array), HW_MAX_HOLES);
	json_array_foreach(array, i, obj) {
		char sub[CFG_PATH_MAX];

		index_path(sub, list->path, i);
		if (parse_range(c, obj, sub, hw, list))
			return -1;
	}
	sort_ranges(list->range, *list->nr);
	return 0;
}

static int parse_holes(const struct cfg *c, json_t *holes, struct hw_machine *hw)
{
	struct range_list list = { "machine.holes", hw->hole, &hw->nr_holes, NULL };

	return parse_range_list(c, holes, hw, &list);
}

/*
 * machine.hotplug: the size of the region DIMMs may be plugged into, whole
 * 128 MiB sections (the smallest memory block).
 */
static int parse_hotplug_region(const struct cfg *c, json_t *v, struct hw_machine *hw)
{
	const char *path = "machine.hotplug";
	char size[32];

	if (get_size(c, v, path, &hw->hotplug_bytes))
		return -1;
	if (hw->hotplug_bytes % MIN_MEMORY_BLOCK_SIZE)
		return cfg_error(c, path, "must be a multiple of %s (a memory section)",
				 format_size(size, sizeof(size), MIN_MEMORY_BLOCK_SIZE));
	if (hw->hotplug_bytes > ((uint64_t)1 << MAX_PHYSMEM_BITS))
		return cfg_error(c, path, "must be at most %s (x86_64's physical address space)",
				 format_size(size, sizeof(size), (uint64_t)1 << MAX_PHYSMEM_BITS));
	return 0;
}

/* Absent keys keep hw_machine_default(): 2 nodes x 4 GiB, 2 CPUs each. */
/* machine.migration_cost.copy_mbps: one number (at distance 20) or a matrix. */
static int parse_copy_mbps(const struct cfg *c, json_t *v, struct hw_machine *hw)
{
	const char *path = "machine.migration_cost.copy_mbps";
	long long mbps;

	if (!json_is_array(v)) {
		if (get_int(c, v, path, 1, UINT32_MAX, &mbps))
			return -1;
		hw_migrate_cost_default(&hw->migrate_cost, hw, (uint32_t)mbps);
		return 0;
	}
	if (json_array_size(v) != hw->nr_nodes)
		return cfg_error(c, path, "expected a number or %u rows of %u numbers (one per node)",
				 hw->nr_nodes, hw->nr_nodes);
	for (size_t i = 0; i < hw->nr_nodes; i++) {
		json_t *row = json_array_get(v, i);
		char sub[CFG_PATH_MAX];

		snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
		if (!json_is_array(row) || json_array_size(row) != hw->nr_nodes)
			return cfg_error(c, sub, "expected a row of %u numbers (one per node)",
					 hw->nr_nodes);
		for (size_t j = 0; j < hw->nr_nodes; j++) {
			snprintf(sub, sizeof(sub), "%s[%zu][%zu]", path, i, j);
			if (get_int(c, json_array_get(row, j), sub, 1, UINT32_MAX, &mbps))
				return -1;
			hw->migrate_cost.copy_mbps[i][j] = (uint32_t)mbps;
		}
	}
	return 0;
}

/* machine.migration_cost (hw/migrate_cost.h); absent keys keep the calibrated defaults. */
static int parse_migration_cost(const struct cfg *c, json_t *obj, struct hw_machine *hw)
{
	static const char *const keys[] = {
		"copy_mbps", "isolate_ns", "unmap_ns", "tlb_flush_ns", "tlb_ipi_ns", "remap_ns",
		"scan_ns", NULL
	};
	struct hw_migrate_cost *cost = &hw->migrate_cost;
	uint32_t *const fields[] = {
		NULL, &cost->isolate_ns, &cost->unmap_ns, &cost->tlb_flush_ns, &cost->tlb_ipi_ns,
		&cost->remap_ns, &cost->scan_ns
	};
	json_t *v;

	if (expect_object(c, obj, "machine.migration_cost", keys))
		return -1;
	v = json_object_get(obj, "copy_mbps");
	if (v && parse_copy_mbps(c, v, hw))
		return -1;
	for (size_t i = 1; keys[i]; i++) {
		char path[CFG_PATH_MAX];
		long long ns;

		v = json_object_get(obj, keys[i]);
		snprintf(path, sizeof(path), "machine.migration_cost.%s", keys[i]);
		if (v && get_int(c, v, path, 0, 1000000000, &ns))
			return -1;
		if (v)
			*fields[i] = (uint32_t)ns;
	}
	return 0;
}

/* machine.disk (hw/blockdev.h); absent keys keep the defaults. */
static int parse_disk(const struct cfg *c, json_t *obj, struct hw_blockdev *disk)
{
	static const char *const keys[] = { "bandwidth_mib_s", "read_ahead_kb", NULL };
	long long v;
	json_t *j;

	if (expect_object(c, obj, "machine.disk", keys))
		return -1;
	j = json_object_get(obj, "bandwidth_mib_s");
	if (j && get_int(c, j, "machine.disk.bandwidth_mib_s", 1, BLOCKDEV_BANDWIDTH_MIB_S_MAX, &v))
		return -1;
	if (j)
		disk->bandwidth_mib_s = (uint32_t)v;
	j = json_object_get(obj, "read_ahead_kb");
	if (j && get_int(c, j, "machine.disk.read_ahead_kb", 0, BLOCKDEV_READ_AHEAD_KB_MAX, &v))
		return -1;
	if (j)
		disk->read_ahead_kb = (uint32_t)v;
	return 0;
}

int config_parse_machine(struct cfg *c, json_t *machine, struct hw_machine *hw)
{
	static const char *const keys[] = { "nodes", "distance", "holes", "migration_cost", "disk",
					    "hotplug", NULL };
	json_t *v;

	hw_machine_default(hw);
	if (!machine)
		return 0;
	if (expect_object(c, machine, "machine", keys))
		return -1;
	v = json_object_get(machine, "nodes");
	if (v && parse_nodes(c, v, hw))
		return -1;
	hw_machine_assign_cpus(hw);
	v = json_object_get(machine, "distance");
	if (v && parse_distance(c, v, hw))
		return -1;
	v = json_object_get(machine, "holes");
	if (v && parse_holes(c, v, hw))
		return -1;
	/* the bandwidths follow the distances */
	hw_migrate_cost_default(&hw->migrate_cost, hw, MIGRATE_COPY_MBPS_AT_20);
	v = json_object_get(machine, "migration_cost");
	if (v && parse_migration_cost(c, v, hw))
		return -1;
	v = json_object_get(machine, "disk");
	if (v && parse_disk(c, v, &hw->disk))
		return -1;
	v = json_object_get(machine, "hotplug");
	if (v && parse_hotplug_region(c, v, hw))
		return -1;
	return 0;
}

