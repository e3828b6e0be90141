/*
 * sim/sysfs_memory.c - the memory block devices as sysfs shows them:
 * /sys/devices/system/memory/ (block_size_bytes, auto_online_blocks, and
 * per block memoryN/{online,phys_device,phys_index,removable,state,
 * valid_zones}) and the links /sys/devices/system/node/nodeN/memoryM.
 *
 * Two views go into a snapshot:
 *   memory_blocks.txt   one line per block, "memoryN node=X state=S
 *                       zones=Z removable=R", blocks in the order ls(1)
 *                       lists the directories: the digest the reference
 *                       recordings hold (memory_blocks.txt), so the two
 *                       compare byte for byte;
 *   sysfs_memory        every file as "grep -r . " prints it from
 *                       /sys/devices/system ("memory/memory0/state:online"),
 *                       then the node links as "node/node0/memory0 ->
 *                       ../../memory/memory0", blocks in numeric order.
 *
 * Invariants: the text of each file is the kernel's (sysfs_emit() of
 * drivers/base/memory.c and drivers/base/core.c's online_show()).
 *
 * Linux counterpart: drivers/base/memory.c (phys_index_show,
 * removable_show, state_show, phys_device_show, valid_zones_show,
 * block_size_bytes_show, auto_online_blocks_show), drivers/base/node.c
 * (the memoryN links), drivers/base/core.c (online_show).
 */
#include "sim/sysfs_memory.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memory_hotplug.h"

/* Linux: state_show() */
static const char *state_text(const struct memory_block *mem)
{
	switch (mem->state) {
	case MEM_ONLINE:
		return "online";
	case MEM_GOING_OFFLINE:
		return "going-offline";
	default:
		return "offline";
	}
}

/* The first node linking to the block: what the recordings' node= names. */
static int first_linked_node(const struct memory_block *mem)
{
	return mem->nodes ? __builtin_ctzll(mem->nodes) : mem->nid;
}

/* "memoryN" names sort as ls sorts them: by their text. */
static int cmp_block_names(const void *a, const void *b)
{
	char x[32], y[32];

	snprintf(x, sizeof(x), "memory%lu", *(const unsigned long *)a);
	snprintf(y, sizeof(y), "memory%lu", *(const unsigned long *)b);
	return strcmp(x, y);
}

void sysfs_memory_blocks_digest(FILE *f, const struct machine *m)
{
	unsigned long *ids = malloc(m->hotplug->nr_blocks * sizeof(*ids)), nr = 0;
	char zones[64];

	if (!ids) {
		fputs("numasim: out of memory for the memory block list\n", f);
		return;
	}
	for (unsigned long id = 0; id < m->hotplug->nr_blocks; id++)
		if (find_memory_block_by_id(m, id))
			ids[nr++] = id;
	qsort(ids, nr, sizeof(*ids), cmp_block_names);
	for (unsigned long i = 0; i < nr; i++) {
		const struct memory_block *mem = find_memory_block_by_id(m, ids[i]);

		memory_block_valid_zones(m, ids[i], zones, sizeof(zones));
		fprintf(f, "memory%lu node=%d state=%s zones=%s removable=1\n", ids[i],
			first_linked_node(mem), state_text(mem), zones);
	}
	free(ids);
}

/* One block's files, in the order ls lists them. */
static void block_files(FILE *f, const struct machine *m, unsigned long id)
{
	const struct memory_block *mem = find_memory_block_by_id(m, id);
	char zones[64];

	memory_block_valid_zones(m, id, zones, sizeof(zones));
	/* online_show(): the device is online unless offline (dev->offline). */
	fprintf(f, "memory/memory%lu/online:%d\n", id, mem->state != MEM_OFFLINE);
	/* phys_device_show(): arch_get_memory_phys_device() is 0 on x86. */
	fprintf(f, "memory/memory%lu/phys_device:0\n", id);
	fprintf(f, "memory/memory%lu/phys_index:%08lx\n", id, id);
	/* removable_show(): always 1 with CONFIG_MEMORY_HOTREMOVE. */
	fprintf(f, "memory/memory%lu/removable:1\n", id);
	fprintf(f, "memory/memory%lu/state:%s\n", id, state_text(mem));
	fprintf(f, "memory/memory%lu/valid_zones:%s\n", id, zones);
}

void sysfs_memory_tree(FILE *f, const struct machine *m)
{
	const struct memory_hotplug *h = m->hotplug;

	fprintf(f, "memory/auto_online_blocks:%s\n", mhp_online_type_names[h->default_online_type]);
	fprintf(f, "memory/block_size_bytes:%" PRIx64 "\n", h->block_size_bytes);
	for (unsigned long id = 0; id < h->nr_blocks; id++)
		if (find_memory_block_by_id(m, id))
			block_files(f, m, id);
	for_each_online_node(m, nid)
		for (unsigned long id = 0; id < h->nr_blocks; id++) {
			const struct memory_block *mem = find_memory_block_by_id(m, id);

			if (mem && (mem->nodes & (1ull << nid)))
				fprintf(f, "node/node%d/memory%lu -> ../../memory/memory%lu\n", nid, id, id);
		}
}
