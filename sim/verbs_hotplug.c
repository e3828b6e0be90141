/*
 * sim/verbs_hotplug.c - memory hotplug: DIMMs arriving and leaving, and
 * the memory block files of sysfs the sysfs verb writes.
 *
 *   hotadd node=N size=S [addr=A]
 *       an ACPI memory device of S bytes on node N plugged at A (default:
 *       the lowest free block-aligned place of the hotplug region):
 *       add_memory(), blocks offline unless auto_online_blocks says else.
 *   hotremove addr=A size=S
 *       eject hot-added memory: remove_memory(); while a block of it is
 *       online the kernel answers -EBUSY, which is counted and the DIMM
 *       stays.
 *   sysfs path=devices/system/memory/memoryN/state value=online|
 *       online_kernel|online_movable|offline, .../memoryN/online value=0|1,
 *       devices/system/memory/auto_online_blocks value=offline|online|...
 *   sysfs path=kernel/debug/notifier-error-inject/memory/actions/
 *       MEM_GOING_OFFLINE/error value=ERRNO (or MEM_GOING_ONLINE): the
 *       memory notifier error injector, armed with a negative errno.
 *
 * What the input gets wrong (a block or node that does not exist, a word
 * the file does not take, a range that is misaligned, outside the hotplug
 * region, overlapping memory or not hot-added) is FILE:LINE: message.  What
 * the kernel refuses (onlining an online block: -EINVAL; offlining a block
 * with unmovable pages: -EBUSY; the injected errno; removing memory with
 * an online block: -EBUSY) is its answer: counted in the machine's
 * hotplug statistics (results.json "memory_hotplug"), and the replay goes on.
 *
 * Invariants: a refused record changes nothing; the hardware's DIMMs and
 * the memory manager's hot-added blocks cover the same ranges.
 *
 * Linux counterpart: drivers/acpi/acpi_memhotplug.c (acpi_memory_enable_
 * device -> __add_memory, acpi_memory_remove_memory -> __remove_memory),
 * drivers/base/memory.c's stores, drivers/base/core.c's online_store().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mm/memory_hotplug.h"
#include "mm/mm.h"
#include "sim/args.h"
#include "sim/verbs.h"

/* "size 192M: not a multiple of the memory block size (128M)"-style checks. */
static enum engine_status check_block_aligned(struct engine *e, const struct trace_record *rec,
					      const char *key, uint64_t value)
{
	uint64_t block = memory_block_size_bytes(e->m);

	if (value % block)
		return engine_bad_input(e, rec, "%s=%#llx is not a multiple of the memory block size "
					"(%#llx: add_memory() refuses it)", key,
					(unsigned long long)value, (unsigned long long)block);
	return ENGINE_OK;
}

/* The lowest block-aligned place of nr_bytes in the hotplug region with no DIMM; 0 if none. */
static paddr_t find_free_range(const struct machine *m, uint64_t nr_bytes)
{
	uint64_t block = memory_block_size_bytes(m);
	paddr_t start, end;

	hw_hotplug_region(&m->hw, &start, &end);
	for (paddr_t a = (start + block - 1) / block * block; a + nr_bytes <= end; a += block) {
		bool free = true;

		for (unsigned int i = 0; i < m->hw.nr_dimms && free; i++)
			free = m->hw.dimm[i].range.end <= a || m->hw.dimm[i].range.start >= a + nr_bytes;
		if (free)
			return a;
	}
	return 0;
}

/* The range [addr, addr + size) of a hot-add: inside the region, on nothing plugged. */
static enum engine_status check_hotadd_range(struct engine *e, const struct trace_record *rec,
					     paddr_t addr, uint64_t size)
{
	paddr_t start, end;

	if (!hw_hotplug_region(&e->m->hw, &start, &end))
		return engine_bad_input(e, rec, "hotadd: the machine has no hotplug region "
					"(machine.hotplug in the config)");
	if (addr < start || addr + size > end || addr + size < addr)
		return engine_bad_input(e, rec, "hotadd: [%#llx, %#llx) is outside the hotplug region "
					"[%#llx, %#llx)", (unsigned long long)addr,
					(unsigned long long)(addr + size), (unsigned long long)start,
					(unsigned long long)end);
	for (unsigned int i = 0; i < e->m->hw.nr_dimms; i++)
		if (e->m->hw.dimm[i].range.end > addr && e->m->hw.dimm[i].range.start < addr + size)
			return engine_bad_input(e, rec, "hotadd: [%#llx, %#llx) overlaps memory hot-added "
						"before (add_memory(): -EEXIST)",
						(unsigned long long)addr,
						(unsigned long long)(addr + size));
	return ENGINE_OK;
}

enum { HOTADD_NODE, HOTADD_SIZE, HOTADD_ADDR };

static enum engine_status do_hotadd(struct engine *e, const struct trace_record *rec,
				    const char *const *vals)
{
	uint64_t size, addr = 0;
	int nid, ret;

	if (engine_parse_node(e, rec, vals[HOTADD_NODE], &nid) ||
	    engine_parse_size(e, rec, "size", vals[HOTADD_SIZE], &size) ||
	    (vals[HOTADD_ADDR] && engine_parse_size(e, rec, "addr", vals[HOTADD_ADDR], &addr)))
		return ENGINE_BAD_INPUT;
	if (!size)
		return engine_bad_input(e, rec, "hotadd: size must not be 0");
	if (check_block_aligned(e, rec, "size", size) ||
	    (vals[HOTADD_ADDR] && check_block_aligned(e, rec, "addr", addr)))
		return ENGINE_BAD_INPUT;
	if (!vals[HOTADD_ADDR] && !(addr = find_free_range(e->m, size)))
		return engine_bad_input(e, rec, "hotadd: no free %#llx bytes left in the hotplug region",
					(unsigned long long)size);
	if (check_hotadd_range(e, rec, addr, size))
		return ENGINE_BAD_INPUT;
	if (hw_dimm_plug(&e->m->hw, (unsigned int)nid, addr, addr + size))
		return engine_bad_input(e, rec, "hotadd: more than %d DIMMs", HW_MAX_DIMMS);
	set_current(e->m, NULL);
	ret = add_memory(e->m, nid, addr, size);
	if (ret) {
		hw_dimm_unplug(&e->m->hw, addr, addr + size);
		return engine_internal(e, "hotadd: add_memory() failed with %d (out of host memory?)", ret);
	}
	return ENGINE_OK;
}

static const struct engine_verb verb_hotadd = {
	.name = "hotadd",
	.handler = do_hotadd,
	.keys = { { "node", true }, { "size", true }, { "addr", false } },
};

enum { HOTREMOVE_ADDR, HOTREMOVE_SIZE };

static enum engine_status do_hotremove(struct engine *e, const struct trace_record *rec,
				       const char *const *vals)
{
	uint64_t size, addr;

	if (engine_parse_size(e, rec, "addr", vals[HOTREMOVE_ADDR], &addr) ||
	    engine_parse_size(e, rec, "size", vals[HOTREMOVE_SIZE], &size))
		return ENGINE_BAD_INPUT;
	if (!size)
		return engine_bad_input(e, rec, "hotremove: size must not be 0");
	if (check_block_aligned(e, rec, "addr", addr) || check_block_aligned(e, rec, "size", size))
		return ENGINE_BAD_INPUT;
	if (addr + size < addr || !hw_dimm_covers(&e->m->hw, addr, addr + size))
		return engine_bad_input(e, rec, "hotremove: [%#llx, %#llx) is not all hot-added memory",
					(unsigned long long)addr, (unsigned long long)(addr + size));
	if (remove_memory(e->m, addr, size))
		return ENGINE_OK;	/* -EBUSY: counted, the DIMM stays */
	if (hw_dimm_unplug(&e->m->hw, addr, addr + size))
		return engine_internal(e, "hotremove: the DIMM table has no room for the pieces left");
	return ENGINE_OK;
}

static const struct engine_verb verb_hotremove = {
	.name = "hotremove",
	.handler = do_hotremove,
	.keys = { { "addr", true }, { "size", true } },
};

static const struct engine_verb *const hotplug_verbs[] = { &verb_hotadd, &verb_hotremove, NULL };

/* No state: the DIMMs live in the machine's hardware, the blocks in its memory manager. */
const struct engine_family family_hotplug = {
	.name = "hotplug",
	.verbs = hotplug_verbs,
};

/* ---- the sysfs files ---- */

/* The online type a state or auto_online_blocks value names, or an input error. */
static enum engine_status parse_online_type(struct engine *e, const struct trace_record *rec,
					    const char *path, const char *value, enum mmop *type)
{
	int t = mhp_online_type_from_str(value);

	if (t < 0)
		return engine_bad_input(e, rec, "bad value '%.64s' for %s (offline, online, "
					"online_kernel or online_movable)", value, path);
	*type = (enum mmop)t;
	return ENGINE_OK;
}

/* Linux: kstrtobool(): y/Y/1/on mean true, n/N/0/off false. */
static int kstrtobool(const char *s, bool *res)
{
	if (strchr("yY1", s[0]) && s[0])
		*res = true;
	else if (strchr("nN0", s[0]) && s[0])
		*res = false;
	else if ((s[0] | 0x20) == 'o' && (s[1] | 0x20) == 'n')
		*res = true;
	else if ((s[0] | 0x20) == 'o' && (s[1] | 0x20) == 'f')
		*res = false;
	else
		return -EINVAL;
	return 0;
}

/* The block id of "memoryN/FILE", decimal without a leading zero; false if none. */
static bool parse_block_path(const char *rest, unsigned long *id, const char **file)
{
	char *end;

	if (rest[0] < '0' || rest[0] > '9' || (rest[0] == '0' && rest[1] != '/'))
		return false;
	errno = 0;
	*id = strtoul(rest, &end, 10);
	if (errno || *end != '/')
		return false;
	*file = end + 1;
	return true;
}

/*
 * What a state or online write came back with: every answer offline_pages()
 * or online_pages() gives (-EINVAL, -EBUSY, -EINTR, a notifier's injected
 * error) is the kernel's, counted; the replay goes on.
 */
static enum engine_status block_store_result(struct engine *e, const char *path, int ret)
{
	if (ret > 0)
		return engine_internal(e, "%s: unexpected answer %d", path, ret);
	return ENGINE_OK;
}

static enum engine_status store_block_file(struct engine *e, const struct trace_record *rec,
					   const char *path, unsigned long id, const char *file,
					   const char *value)
{
	enum mmop type;
	bool online;

	if (!find_memory_block_by_id(e->m, id))
		return engine_bad_input(e, rec, "%s: no memory block %lu", path, id);
	if (!strcmp(file, "state")) {
		if (parse_online_type(e, rec, path, value, &type))
			return ENGINE_BAD_INPUT;
		return block_store_result(e, path, memory_block_store_state(e->m, id, type));
	}
	if (!strcmp(file, "online")) {
		if (kstrtobool(value, &online))
			return engine_bad_input(e, rec, "bad value '%.64s' for %s (0 or 1)", value, path);
		return block_store_result(e, path, memory_block_store_online(e->m, id, online));
	}
	return engine_bad_input(e, rec, "%s: not a writable file of a memory block (state, online)",
				path);
}

enum engine_status sysfs_memory_store(struct engine *e, const struct trace_record *rec,
				      const char *path, const char *value)
{
	const char *rest = path + strlen("devices/system/memory/"), *file;
	unsigned long id;
	enum mmop type;

	set_current(e->m, NULL);
	if (!strcmp(rest, "auto_online_blocks")) {
		if (parse_online_type(e, rec, path, value, &type))
			return ENGINE_BAD_INPUT;
		e->m->hotplug->default_online_type = type;
		return ENGINE_OK;
	}
	if (strncmp(rest, "memory", 6) || !parse_block_path(rest + 6, &id, &file))
		return engine_bad_input(e, rec, "unknown sysfs file '%.128s'", path);
	return store_block_file(e, rec, path, id, file, value);
}

/*
 * Linux: the errno files of lib/notifier-error-inject.c under debugfs
 * (DEFINE_SIMPLE_ATTRIBUTE_SIGNED): a signed number, decimal or 0x hex,
 * clamped to [-MAX_ERRNO, 0]; what does not parse fails the write.
 */
static int notifier_errno_parse(const char *value, int *err)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(value, &end, 0);
	if (errno || end == value || (*end && strcmp(end, "\n")))
		return -EINVAL;
	*err = v < -4095 ? -4095 : v > 0 ? 0 : (int)v;
	return 0;
}

enum engine_status sysfs_memory_notifier_inject(struct engine *e, const struct trace_record *rec,
						const char *path, const char *value)
{
	const char *action = path + strlen(MEMORY_NOTIFIER_INJECT_DIR);
	struct memory_hotplug *h = e->m->hotplug;
	int *slot, err;

	if (!strcmp(action, "MEM_GOING_OFFLINE/error"))
		slot = &h->inject_going_offline;
	else if (!strcmp(action, "MEM_GOING_ONLINE/error"))
		slot = &h->inject_going_online;
	else
		return engine_bad_input(e, rec, "unknown sysfs file '%.128s' (the memory notifier's "
					"actions are MEM_GOING_ONLINE/error and MEM_GOING_OFFLINE/error)",
					path);
	if (notifier_errno_parse(value, &err))
		return engine_bad_input(e, rec, "bad value '%.64s' for %s (an errno: 0, or -4095 "
					"to -1)", value, path);
	*slot = err;
	return ENGINE_OK;
}
