/*
 * hw/machine.h - the simulated hardware: NUMA nodes, CPUs, distances and the
 * physical address map.  No operating-system policy lives here.
 *
 * Vocabulary:
 *   node    a NUMA node: a range of physical addresses plus the CPUs close to
 *           it (ACPI SRAT), at a SLIT distance from every other node.  Either
 *           part may be missing: a memory-only node (CXL memory, a memory
 *           tier, a VM's second socket without vCPUs) has no CPUs, a CPU-only
 *           node has an empty range (bytes 0, start at the previous node's
 *           end, so that the ranges stay in address order).
 *   hole    a physical range with no RAM behind it (the x86 PCI hole, the
 *           legacy VGA window, ...).  Frames in a hole are never present.
 *   hotplug region  address space above the last node where DIMMs may be
 *           plugged while the machine runs (QEMU's maxmem beyond RAM, the
 *           SRAT's hot-pluggable ranges); it starts at the last node's
 *           end rounded up to 1 GiB, as QEMU places its device memory.
 *   DIMM    memory plugged into the hotplug region at run time, on a node
 *           (an ACPI memory device); its frames are present until unplugged.
 *
 * Invariants (checked by hw_machine_validate()):
 *   - nodes occupy disjoint, ascending physical ranges;
 *   - every node has memory or CPUs or both, and the machine has at least
 *     one node with memory and one CPU;
 *   - distance[i][i] == 10 (LOCAL_DISTANCE), the matrix is symmetric and
 *     every remote entry is > 10 (as the kernel's SLIT parser demands);
 *   - cpu_to_node[] maps every CPU to a node, CPUs numbered node by node.
 *
 * Linux counterpart: the firmware tables the kernel parses at boot
 * (arch/x86/mm/numa.c, drivers/acpi/numa/srat.c, e820).
 */
#ifndef HW_MACHINE_H
#define HW_MACHINE_H

#include <stddef.h>
#include "hw/blockdev.h"
#include "hw/migrate_cost.h"
#include "hw/types.h"

#define LOCAL_DISTANCE	10
#define REMOTE_DISTANCE	20
#define HW_MAX_DIMMS	64
#define HW_HOTPLUG_ALIGN	((uint64_t)1 << 30)

struct hw_range {
	paddr_t start;		/* inclusive */
	paddr_t end;		/* exclusive */
};

struct hw_node {
	paddr_t start;		/* first byte of the node's physical range */
	uint64_t bytes;		/* length of that range, holes included; 0: no memory */
	unsigned int nr_cpus;	/* 0: a memory-only node */
};

/* A DIMM plugged at run time: [range.start, range.end) of node nid. */
struct hw_dimm {
	unsigned int nid;
	struct hw_range range;
};

struct hw_machine {
	unsigned int nr_nodes;
	struct hw_node node[HW_MAX_NODES];
	unsigned int distance[HW_MAX_NODES][HW_MAX_NODES];
	unsigned int nr_holes;
	struct hw_range hole[HW_MAX_HOLES];	/* sorted, disjoint */
	unsigned int nr_cpus;
	unsigned char cpu_to_node[HW_MAX_CPUS];
	struct hw_migrate_cost migrate_cost;	/* what moving a folio costs */
	struct hw_blockdev disk;		/* where the files live (hw/blockdev.h) */
	uint64_t hotplug_bytes;			/* size of the hotplug region; 0: none */
	unsigned int nr_dimms;
	struct hw_dimm dimm[HW_MAX_DIMMS];	/* sorted, disjoint, inside the hotplug region */
};

/* Two nodes of 4 GiB, 2 CPUs each, distance 10/20: the embedded default. */
void hw_machine_default(struct hw_machine *hw);

/* Number the CPUs node by node from the nodes' nr_cpus. */
void hw_machine_assign_cpus(struct hw_machine *hw);

/*
 * Check the invariants above.  Returns 0, or -1 with a message naming the
 * offending item written to err (the caller adds the file name).
 */
int hw_machine_validate(const struct hw_machine *hw, char *err, size_t errlen);

/* One past the highest pfn of any node. */
pfn_t hw_end_pfn(const struct hw_machine *hw);

/*
 * The hotplug region [*start, *end); false (and an empty range at the
 * region's would-be start) when the machine has none.
 */
bool hw_hotplug_region(const struct hw_machine *hw, paddr_t *start, paddr_t *end);

/* One past the highest pfn memory may ever occupy: the nodes' and the hotplug region's. */
pfn_t hw_addr_end_pfn(const struct hw_machine *hw);

/*
 * Plug a DIMM of node nid at [start, end): 0, or -1 if it leaves the
 * hotplug region, overlaps a DIMM or the table is full.
 */
int hw_dimm_plug(struct hw_machine *hw, unsigned int nid, paddr_t start, paddr_t end);

/* True if [start, end) is wholly DIMM memory (every byte of it plugged). */
bool hw_dimm_covers(const struct hw_machine *hw, paddr_t start, paddr_t end);

/*
 * Unplug [start, end), which hw_dimm_covers(): DIMMs it cuts keep their
 * other parts.  0, or -1 (nothing changed) if the table has no room for
 * the pieces.
 */
int hw_dimm_unplug(struct hw_machine *hw, paddr_t start, paddr_t end);

/* True if pfn has RAM behind it (inside some node and outside every hole, or in a DIMM). */
bool hw_pfn_present(const struct hw_machine *hw, pfn_t pfn);

/*
 * Walk the present (RAM-backed) pfn ranges of node nid in ascending order,
 * its DIMMs' after its own range:
 * start with cursor = 0; each call stores the next range in start and end
 * (end exclusive) and returns true, or returns false when done.
 */
bool hw_node_next_present_range(const struct hw_machine *hw, unsigned int nid,
				size_t *cursor, pfn_t *start, pfn_t *end);

#endif /* HW_MACHINE_H */
