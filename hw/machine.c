/*
 * hw/machine.c - the simulated machine's topology and physical address map.
 *
 * A node owns one physical range [start, start + bytes); holes cut frames out
 * of it.  DIMMs plugged at run time add ranges of a node inside the hotplug
 * region above the last node.  The memory manager asks only two questions
 * of this layer: which frames are present on a node
 * (hw_node_next_present_range) and how far apart two nodes are
 * (distance[][]).
 *
 * Invariants: see hw/machine.h.
 * Linux counterpart: the e820/SRAT/SLIT tables the kernel reads at boot;
 * the ACPI memory devices (drivers/acpi/acpi_memhotplug.c) that arrive and
 * leave later.
 */
#include "hw/machine.h"

#include <stdio.h>
#include <string.h>

void hw_machine_assign_cpus(struct hw_machine *hw)
{
	unsigned int cpu = 0;

	for (unsigned int nid = 0; nid < hw->nr_nodes; nid++)
		for (unsigned int i = 0; i < hw->node[nid].nr_cpus && cpu < HW_MAX_CPUS; i++)
			hw->cpu_to_node[cpu++] = (unsigned char)nid;
	hw->nr_cpus = cpu;
}

void hw_machine_default(struct hw_machine *hw)
{
	const uint64_t node_bytes = (uint64_t)4 << 30;

	memset(hw, 0, sizeof(*hw));
	hw->nr_nodes = 2;
	for (unsigned int nid = 0; nid < 2; nid++) {
		hw->node[nid].start = nid * node_bytes;
		hw->node[nid].bytes = node_bytes;
		hw->node[nid].nr_cpus = 2;
		for (unsigned int j = 0; j < 2; j++)
			hw->distance[nid][j] = nid == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	}
	hw_machine_assign_cpus(hw);
	hw_migrate_cost_default(&hw->migrate_cost, hw, MIGRATE_COPY_MBPS_AT_20);
	hw_blockdev_default(&hw->disk);
}

/* A node brings memory, CPUs or both; the machine as a whole needs both. */
static int validate_nodes(const struct hw_machine *hw, char *err, size_t errlen)
{
	bool any_memory = false, any_cpu = false;

	if (hw->nr_nodes == 0 || hw->nr_nodes > HW_MAX_NODES) {
		snprintf(err, errlen, "nodes: need 1..%d nodes, got %u", HW_MAX_NODES, hw->nr_nodes);
		return -1;
	}
	for (unsigned int nid = 0; nid < hw->nr_nodes; nid++) {
		const struct hw_node *n = &hw->node[nid];

		if (n->bytes == 0 && n->nr_cpus == 0) {
			snprintf(err, errlen, "nodes[%u]: a node needs memory, CPUs or both; "
				 "this one has neither", nid);
			return -1;
		}
		if (nid > 0 && n->start < hw->node[nid - 1].start + hw->node[nid - 1].bytes) {
			snprintf(err, errlen, "nodes[%u].start: overlaps node %u", nid, nid - 1);
			return -1;
		}
		any_memory |= n->bytes != 0;
		any_cpu |= n->nr_cpus != 0;
	}
	if (!any_memory) {
		snprintf(err, errlen, "nodes: no node has memory, and a machine cannot boot without");
		return -1;
	}
	if (!any_cpu) {
		snprintf(err, errlen, "nodes: no node has a CPU, and a machine cannot boot without");
		return -1;
	}
	if (hw->nr_cpus > HW_MAX_CPUS) {
		snprintf(err, errlen, "nodes: more than %d CPUs in total", HW_MAX_CPUS);
		return -1;
	}
	return 0;
}

static int validate_distance(const struct hw_machine *hw, char *err, size_t errlen)
{
	for (unsigned int i = 0; i < hw->nr_nodes; i++) {
		for (unsigned int j = 0; j < hw->nr_nodes; j++) {
			unsigned int d = hw->distance[i][j];

			if (i == j && d != LOCAL_DISTANCE) {
				snprintf(err, errlen, "distance[%u][%u]: a node's distance to itself must be %d, got %u",
					 i, j, LOCAL_DISTANCE, d);
				return -1;
			}
			if (i != j && d <= LOCAL_DISTANCE) {
				snprintf(err, errlen, "distance[%u][%u]: remote distance must be greater than %d, got %u",
					 i, j, LOCAL_DISTANCE, d);
				return -1;
			}
			if (d != hw->distance[j][i]) {
				snprintf(err, errlen, "distance[%u][%u]: matrix is not symmetric (%u vs %u)",
					 i, j, d, hw->distance[j][i]);
				return -1;
			}
		}
	}
	return 0;
}

static int validate_holes(const struct hw_machine *hw, char *err, size_t errlen)
{
	for (unsigned int h = 0; h < hw->nr_holes; h++) {
		const struct hw_range *r = &hw->hole[h];

		if (r->end <= r->start || (r->start | r->end) % PAGE_SIZE) {
			snprintf(err, errlen, "holes[%u]: a hole must be a non-empty range of whole pages", h);
			return -1;
		}
		if (h > 0 && r->start < hw->hole[h - 1].end) {
			snprintf(err, errlen, "holes[%u]: holes must be sorted and must not overlap", h);
			return -1;
		}
	}
	return 0;
}

int hw_machine_validate(const struct hw_machine *hw, char *err, size_t errlen)
{
	if (validate_nodes(hw, err, errlen) || validate_distance(hw, err, errlen) ||
	    validate_holes(hw, err, errlen))
		return -1;
	for (unsigned int nid = 0; nid < hw->nr_nodes; nid++) {
		size_t cursor = 0;
		pfn_t s, e;

		if (hw->node[nid].bytes && !hw_node_next_present_range(hw, nid, &cursor, &s, &e)) {
			snprintf(err, errlen, "nodes[%u]: the node's whole range lies in holes", nid);
			return -1;
		}
	}
	return 0;
}

pfn_t hw_end_pfn(const struct hw_machine *hw)
{
	pfn_t end = 0;

	for (unsigned int nid = 0; nid < hw->nr_nodes; nid++) {
		pfn_t e = phys_to_pfn(hw->node[nid].start + hw->node[nid].bytes);

		if (e > end)
			end = e;
	}
	return end;
}

bool hw_hotplug_region(const struct hw_machine *hw, paddr_t *start, paddr_t *end)
{
	paddr_t top = pfn_to_phys(hw_end_pfn(hw));

	*start = (top + HW_HOTPLUG_ALIGN - 1) & ~(HW_HOTPLUG_ALIGN - 1);
	*end = *start + hw->hotplug_bytes;
	return hw->hotplug_bytes != 0;
}

pfn_t hw_addr_end_pfn(const struct hw_machine *hw)
{
	paddr_t start, end;

	if (!hw_hotplug_region(hw, &start, &end))
		return hw_end_pfn(hw);
	return phys_to_pfn(end);
}

/* The first DIMM whose range ends above addr (hw->nr_dimms if none). */
static unsigned int dimm_after(const struct hw_machine *hw, paddr_t addr)
{
	unsigned int i = 0;

	while (i < hw->nr_dimms && hw->dimm[i].range.end <= addr)
		i++;
	return i;
}

int hw_dimm_plug(struct hw_machine *hw, unsigned int nid, paddr_t start, paddr_t end)
{
	paddr_t rs, re;
	unsigned int i;

	if (!hw_hotplug_region(hw, &rs, &re) || start < rs || end > re || start >= end ||
	    hw->nr_dimms == HW_MAX_DIMMS)
		return -1;
	i = dimm_after(hw, start);
	if (i < hw->nr_dimms && hw->dimm[i].range.start < end)
		return -1;
	memmove(&hw->dimm[i + 1], &hw->dimm[i], (hw->nr_dimms - i) * sizeof(hw->dimm[0]));
	hw->dimm[i] = (struct hw_dimm){ nid, { start, end } };
	hw->nr_dimms++;
	return 0;
}

bool hw_dimm_covers(const struct hw_machine *hw, paddr_t start, paddr_t end)
{
	for (unsigned int i = dimm_after(hw, start); start < end; i++) {
		if (i == hw->nr_dimms || hw->dimm[i].range.start > start)
			return false;
		start = hw->dimm[i].range.end;
	}
	return true;
}

int hw_dimm_unplug(struct hw_machine *hw, paddr_t start, paddr_t end)
{
	struct hw_dimm kept[HW_MAX_DIMMS];
	unsigned int n = 0;

	for (unsigned int i = 0; i < hw->nr_dimms; i++) {
		const struct hw_dimm *d = &hw->dimm[i];
		struct hw_dimm below = *d, above = *d;

		below.range.end = d->range.end < start ? d->range.end : start;
		above.range.start = d->range.start > end ? d->range.start : end;
		if (below.range.start >= below.range.end && above.range.start >= above.range.end)
			continue;
		if (n + (below.range.start < below.range.end) + (above.range.start < above.range.end) >
		    HW_MAX_DIMMS)
			return -1;
		if (below.range.start < below.range.end)
			kept[n++] = below;
		if (above.range.start < above.range.end)
			kept[n++] = above;
	}
	memcpy(hw->dimm, kept, n * sizeof(kept[0]));
	hw->nr_dimms = n;
	return 0;
}

static bool pfn_in_dimm(const struct hw_machine *hw, pfn_t pfn)
{
	paddr_t addr = pfn_to_phys(pfn);
	unsigned int i = dimm_after(hw, addr);

	return i < hw->nr_dimms && hw->dimm[i].range.start <= addr;
}

static bool pfn_in_hole(const struct hw_machine *hw, pfn_t pfn)
{
	paddr_t addr = pfn_to_phys(pfn);

	for (unsigned int h = 0; h < hw->nr_holes; h++)
		if (addr >= hw->hole[h].start && addr < hw->hole[h].end)
			return true;
	return false;
}

bool hw_pfn_present(const struct hw_machine *hw, pfn_t pfn)
{
	paddr_t addr = pfn_to_phys(pfn);

	for (unsigned int nid = 0; nid < hw->nr_nodes; nid++) {
		const struct hw_node *n = &hw->node[nid];

		if (addr >= n->start && addr < n->start + n->bytes)
			return !pfn_in_hole(hw, pfn);
	}
	return pfn_in_dimm(hw, pfn);
}

/* The node's next DIMM range at or above the cursor, after its own range. */
static bool next_dimm_range(const struct hw_machine *hw, unsigned int nid, size_t *cursor,
			    pfn_t *start, pfn_t *end)
{
	for (unsigned int i = dimm_after(hw, pfn_to_phys(*cursor)); i < hw->nr_dimms; i++) {
		const struct hw_dimm *d = &hw->dimm[i];
		pfn_t s = phys_to_pfn(d->range.start);

		if (d->nid != nid)
			continue;
		*start = s > *cursor ? s : (pfn_t)*cursor;
		*end = phys_to_pfn(d->range.end);
		*cursor = *end;
		return true;
	}
	return false;
}

/*
 * The cursor is a pfn: the next range starts at the first present frame at or
 * after it.  Holes are few, so stepping over them one by one is cheap.
 */
bool hw_node_next_present_range(const struct hw_machine *hw, unsigned int nid,
				size_t *cursor, pfn_t *start, pfn_t *end)
{
	const struct hw_node *n = &hw->node[nid];
	pfn_t node_start = phys_to_pfn(n->start);
	pfn_t node_end = phys_to_pfn(n->start + n->bytes);
	pfn_t pfn = *cursor > node_start ? *cursor : node_start;

	while (pfn < node_end) {
		pfn_t stop = node_end;
		bool in_hole = false;

		for (unsigned int h = 0; h < hw->nr_holes; h++) {
			pfn_t hs = phys_to_pfn(hw->hole[h].start), he = phys_to_pfn(hw->hole[h].end);

			if (pfn >= hs && pfn < he) {
				pfn = he;
				in_hole = true;
				break;
			}
			if (hs > pfn && hs < stop)
				stop = hs;
		}
		if (in_hole)
			continue;
		*start = pfn;
		*end = stop;
		*cursor = stop;
		return true;
	}
	if (*cursor < node_end)
		*cursor = node_end;
	return next_dimm_range(hw, nid, cursor, start, end);
}
