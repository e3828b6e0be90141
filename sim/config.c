/*
 * sim/config.c - JSON machine descriptions (jansson) -> struct mm_boot_params.
 *
 * A config has two optional objects: "machine" (the hardware: nodes, SLIT
 * distances, holes) and "kernel" (what the kernel would learn from its
 * command line, its build configuration and its sysctls).  Loading starts
 * from the kernel's defaults (mm_boot_params_default()) and applies only the
 * keys present, so "{}" is the default machine.  docs/config.md documents
 * every key.
 *
 * Invariants:
 *   - every problem is reported as "NAME: key.path: message" (JSON syntax
 *     errors as "NAME:LINE: message") and the function returns -1 without
 *     touching the caller's parameters;
 *   - unknown keys and wrong JSON types are errors, never ignored, so a typo
 *     cannot silently fall back to a default;
 *   - on success the parameters pass hw_machine_validate() and the memmap
 *     they imply fits in the host's memory.
 *
 * The order matters in one place: node sizes must be multiples of the
 * pageblock size, which the "kernel" object may change, so the hardware is
 * parsed first and its alignment checked after the kernel keys are applied.
 *
 * Linux counterpart: the boot-time parsers of the kernel command line
 * (memparse() in lib/cmdline.c, cmdline_parse_kernelcore() in
 * mm/page_alloc.c) and the ranges of the vm.* sysctls (kernel/sysctl.c).
 */
#include "sim/config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "hw/machine.h"
#include "mm/profile.h"
#include "mm/sparse.h"

#define CFG_PATH_MAX	96
#define RESERVED_UNSET	UINT64_MAX

/* One load: where messages go and what the machine object left for later. */
struct cfg {
	const char *name;		/* file path, or the caller's label */
	char *err;
	size_t errlen;
	uint64_t node_reserved[HW_MAX_NODES];	/* machine.nodes[i].reserved */
	uint64_t kernel_reserved;		/* kernel.reserved */
};

/* ======================= messages ======================================= */

__attribute__((format(printf, 3, 4)))
static int cfg_error(const struct cfg *c, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s: %s: %s", c->name, path, msg);
	return -1;
}

/*
 * "machine" + "nodes" -> "machine.nodes"; the top level has an empty path.
 * Paths are short; an absurdly long user key is cut, which is harmless.
 */
static void key_path(char *buf, const char *path, const char *key)
{
	int n = snprintf(buf, CFG_PATH_MAX, "%s%s%s", path, path[0] ? "." : "", key);

	if (n >= CFG_PATH_MAX)
		buf[CFG_PATH_MAX - 1] = '\0';
}

static void index_path(char *buf, const char *path, size_t i)
{
	int n = snprintf(buf, CFG_PATH_MAX, "%s[%zu]", path, i);

	if (n >= CFG_PATH_MAX)
		buf[CFG_PATH_MAX - 1] = '\0';
}

/*
 * Print a size the way a user writes it, in the largest binary unit it
 * reaches: "2M", "636K", or "23.54G" when that unit does not divide it.
 */
static const char *format_size(char *buf, size_t len, uint64_t bytes)
{
	static const char units[] = "KMGT";

	for (int u = 3; u >= 0; u--) {
		uint64_t unit = (uint64_t)1 << (10 * (u + 1));

		if (bytes < unit)
			continue;
		if (bytes % unit == 0)
			snprintf(buf, len, "%llu%c", (unsigned long long)(bytes / unit), units[u]);
		else
			snprintf(buf, len, "%.2f%c", (double)bytes / (double)unit, units[u]);
		return buf;
	}
	snprintf(buf, len, "%llu", (unsigned long long)bytes);
	return buf;
}

/* ======================= scalar values ================================== */

static unsigned int size_suffix_shift(char suffix)
{
	switch (toupper((unsigned char)suffix)) {
	case 'K': return 10;
	case 'M': return 20;
	case 'G': return 30;
	case 'T': return 40;
	default: return 0;
	}
}

static int digit_value(char ch, unsigned int base)
{
	int d = isdigit((unsigned char)ch) ? ch - '0' :
		isxdigit((unsigned char)ch) ? tolower((unsigned char)ch) - 'a' + 10 : -1;

	return d < (int)base ? d : -1;
}

/*
 * Decimal digits, or "0x" and hex digits, then at most one binary suffix;
 * no sign, spaces, fractions or octal.
 * Linux: memparse(), lib/cmdline.c (which also takes P and E).
 */
int sim_parse_size(const char *text, uint64_t *bytes)
{
	const char *s = text;
	unsigned int base = 10, shift = 0;
	uint64_t value = 0;

	if (!s)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (digit_value(*s, base) < 0)
		return -1;
	for (; digit_value(*s, base) >= 0; s++) {
		unsigned int digit = (unsigned int)digit_value(*s, base);

		if (value > (UINT64_MAX - digit) / base)
			return -1;
		value = value * base + digit;
	}
	if (*s) {
		shift = size_suffix_shift(*s);
		if (!shift || s[1])
			return -1;
	}
	if (value > (UINT64_MAX >> shift))
		return -1;
	*bytes = value << shift;
	return 0;
}

/* A size: a string for sim_parse_size() or a non-negative JSON integer. */
static int get_size(const struct cfg *c, const json_t *v, const char *path, uint64_t *bytes)
{
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return cfg_error(c, path, "a size must not be negative");
		*bytes = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v))
		return cfg_error(c, path, "expected a size such as \"4G\" or a byte count");
	if (sim_parse_size(json_string_value(v), bytes))
		return cfg_error(c, path, "\"%s\" is not a size (a number, optionally with K, M, "
				 "G or T)", json_string_value(v));
	return 0;
}

static int get_int(const struct cfg *c, const json_t *v, const char *path,
		   long long min, long long max, long long *out)
{
	long long value;

	if (!json_is_integer(v))
		return cfg_error(c, path, "expected an integer");
	value = json_integer_value(v);
	if (value < min && max == INT_MAX)
		return cfg_error(c, path, "must be at least %lld, got %lld", min, value);
	if (value < min || value > max)
		return cfg_error(c, path, "must be between %lld and %lld, got %lld",
				 min, max, value);
	*out = value;
	return 0;
}

static int get_bool(const struct cfg *c, const json_t *v, const char *path, bool *out)
{
	if (!json_is_boolean(v))
		return cfg_error(c, path, "expected true or false");
	*out = json_is_true(v);
	return 0;
}

/* Every key of obj must appear in known[] (NULL-terminated). */
static int check_keys(const struct cfg *c, json_t *obj, const char *path,
		      const char *const known[])
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		char list[400] = "", sub[CFG_PATH_MAX];
		size_t i;

		for (i = 0; known[i] && strcmp(known[i], key); i++)
			;
		if (known[i])
			continue;
		for (i = 0; known[i]; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 i ? ", " : "", known[i]);
		key_path(sub, path, key);
		return cfg_error(c, sub, "unknown key (known here: %s)", list);
	}
	return 0;
}

static int expect_object(const struct cfg *c, json_t *v, const char *path,
			 const char *const known[])
{
	if (!json_is_object(v))
		return cfg_error(c, path, "expected an object");
	return check_keys(c, v, path, known);
}

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
	if (hw->node[nid].bytes == 0)
		return cfg_error(c, sub, "a node needs memory (got 0)");
	hw->node[nid].start = prev_end;
	key_path(sub, path, "start");
	v = json_object_get(node, "start");
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
	if (v && json_is_integer(v) && json_integer_value(v) < 1)
		return cfg_error(c, sub, "a node needs at least one CPU, got %lld",
				 (long long)json_integer_value(v));
	if (v && get_int(c, v, sub, 1, HW_MAX_CPUS, &cpus))
		return -1;
	*total_cpus += (unsigned int)cpus;
	if (*total_cpus > HW_MAX_CPUS)
		return cfg_error(c, sub, "%u CPUs in total so far, more than the %d supported",
				 *total_cpus, HW_MAX_CPUS);
	hw->node[nid].nr_cpus = (unsigned int)cpus;
	key_path(sub, path, "reserved");
	v = json_object_get(node, "reserved");
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

/* One SLIT entry: 10 to itself, more than 10 (and at most 255) to others. */
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
	if (i != j && d <= LOCAL_DISTANCE)
		return cfg_error(c, path, "a remote distance must be greater than %d, got %lld",
				 LOCAL_DISTANCE, d);
	if (d > 255)
		return cfg_error(c, path, "SLIT distances are one byte (at most 255), got %lld", d);
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

/*
 * Lists of physical ranges: machine.holes and kernel.reserved_ranges share
 * one syntax ([{"start": SIZE, "size": SIZE}, ...]) and one set of rules:
 * page-aligned, non-empty, inside one node, not overlapping one another.
 * Both end up sorted by address.
 */
struct range_list {
	const char *path;		/* "machine.holes" */
	struct hw_range *range;		/* HW_MAX_HOLES entries */
	unsigned int *nr;
};

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

/* A range must lie inside one node and apart from the list's other ranges. */
static int check_range(const struct cfg *c, const struct hw_machine *hw,
		       const struct range_list *list, const char *path, const struct hw_range *r)
{
	unsigned int nid;

	for (nid = 0; nid < hw->nr_nodes; nid++) {
		const struct hw_node *n = &hw->node[nid];

		if (r->start >= n->start && r->end <= n->start + n->bytes)
			break;
	}
	if (nid == hw->nr_nodes)
		return cfg_error(c, path, "[%#llx, %#llx) does not lie inside any one node",
				 (unsigned long long)r->start, (unsigned long long)r->end);
	for (unsigned int i = 0; i < *list->nr; i++)
		if (r->start < list->range[i].end && list->range[i].start < r->end)
			return cfg_error(c, path, "overlaps %s[%u]", list->path, i);
	return 0;
}

static int parse_range(const struct cfg *c, json_t *obj, const char *path,
		       const struct hw_machine *hw, struct range_list *list)
{
	static const char *const keys[] = { "start", "size", NULL };
	uint64_t start, size;
	struct hw_range r;

	if (expect_object(c, obj, path, keys) ||
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

static int parse_range_list(const struct cfg *c, json_t *array, const struct hw_machine *hw,
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
	struct range_list list = { "machine.holes", hw->hole, &hw->nr_holes };

	return parse_range_list(c, holes, hw, &list);
}

/* Absent keys keep hw_machine_default(): 2 nodes x 4 GiB, 2 CPUs each. */
static int parse_machine(struct cfg *c, json_t *machine, struct hw_machine *hw)
{
	static const char *const keys[] = { "nodes", "distance", "holes", NULL };
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
	return 0;
}

/* ======================= kernel ========================================= */

/* The vm.* sysctls, with the ranges their proc handlers accept. */
struct int_key {
	const char *key;
	size_t offset;		/* of an int in struct mm_boot_params */
	long long min, max;
};

#define PARAM(field)	offsetof(struct mm_boot_params, field)

static const struct int_key kernel_int_keys[] = {
	{ "min_free_kbytes", PARAM(min_free_kbytes), 0, INT_MAX },
	{ "watermark_scale_factor", PARAM(watermark_scale_factor), 1, 3000 },
	{ "watermark_boost_factor", PARAM(watermark_boost_factor), 0, INT_MAX },
	{ "percpu_pagelist_high_fraction", PARAM(percpu_pagelist_high_fraction), 0, INT_MAX },
};

struct bool_key {
	const char *key;
	size_t offset;		/* of a bool in struct mm_boot_params */
};

static const struct bool_key kernel_bool_keys[] = {
	{ "pcp", PARAM(pcp) },
	{ "mobility_grouping", PARAM(mobility_grouping) },
	{ "dma", PARAM(zone_dma) },
	{ "dma32", PARAM(zone_dma32) },
	{ "cma", PARAM(has_cma) },
};

/* Below this, a non-zero fraction makes pcp->high too small to be useful. */
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION	8

/*
 * The integer and boolean keys, table-driven.
 * Linux: the vm.* entries of vm_table[], kernel/sysctl.c, and
 * percpu_pagelist_high_fraction_sysctl_handler(), mm/page_alloc.c
 */
/*
 * Linux 6.1: pageblock_order is min(HUGETLB_PAGE_ORDER, MAX_ORDER - 1), and
 * with SPARSEMEM the pageblock flags live in each memory section, which
 * must therefore hold whole pageblocks.  The first bound implies the second
 * (mm/sparse.h asserts it at compile time); a pageblock larger than a
 * section is refused for that reason.
 */
static int parse_pageblock_order(const struct cfg *c, json_t *v, struct mm_boot_params *p)
{
	const char *path = "kernel.pageblock_order";
	long long value;
	char size[32];

	if (json_is_integer(v) && json_integer_value(v) > PFN_SECTION_SHIFT)
		return cfg_error(c, path, "must be between 1 and %d, got %lld: a memory section "
				 "(%s) must hold whole pageblocks", MAX_ORDER - 1,
				 (long long)json_integer_value(v),
				 format_size(size, sizeof(size), PAGE_SIZE << PFN_SECTION_SHIFT));
	if (json_is_integer(v) && json_integer_value(v) > MAX_ORDER - 1)
		return cfg_error(c, path, "must be between 1 and %d, got %lld: a pageblock is at "
				 "most the largest buddy block (%s)", MAX_ORDER - 1,
				 (long long)json_integer_value(v),
				 format_size(size, sizeof(size), PAGE_SIZE << (MAX_ORDER - 1)));
	if (get_int(c, v, path, 1, MAX_ORDER - 1, &value))
		return -1;
	p->pageblock_order = (unsigned int)value;
	return 0;
}

static int parse_kernel_scalars(const struct cfg *c, json_t *kernel, struct mm_boot_params *p)
{
	char path[CFG_PATH_MAX];
	long long value = 0;
	bool flag = false;
	json_t *v;

	for (size_t i = 0; i < sizeof(kernel_int_keys) / sizeof(kernel_int_keys[0]); i++) {
		const struct int_key *k = &kernel_int_keys[i];

		key_path(path, "kernel", k->key);
		v = json_object_get(kernel, k->key);
		if (v && get_int(c, v, path, k->min, k->max, &value))
			return -1;
		if (v)
			*(int *)((char *)p + k->offset) = (int)value;
	}
	if (p->percpu_pagelist_high_fraction &&
	    p->percpu_pagelist_high_fraction < MIN_PERCPU_PAGELIST_HIGH_FRACTION)
		return cfg_error(c, "kernel.percpu_pagelist_high_fraction",
				 "must be 0 or at least %d, got %d",
				 MIN_PERCPU_PAGELIST_HIGH_FRACTION,
				 p->percpu_pagelist_high_fraction);
	for (size_t i = 0; i < sizeof(kernel_bool_keys) / sizeof(kernel_bool_keys[0]); i++) {
		const struct bool_key *k = &kernel_bool_keys[i];

		key_path(path, "kernel", k->key);
		v = json_object_get(kernel, k->key);
		if (v && get_bool(c, v, path, &flag))
			return -1;
		if (v)
			*(bool *)((char *)p + k->offset) = flag;
	}
	v = json_object_get(kernel, "pageblock_order");
	if (v && parse_pageblock_order(c, v, p))
		return -1;
	return 0;
}

static int parse_profile(const struct cfg *c, json_t *v, struct mm_boot_params *p)
{
	const char *path = "kernel.profile";
	const struct mm_profile *profile;
	char list[256] = "";

	if (!json_is_string(v))
		return cfg_error(c, path, "expected a string naming a kernel profile");
	profile = mm_profile_find(json_string_value(v));
	if (profile) {
		p->profile = profile->name;
		return 0;
	}
	for (size_t i = 0; mm_profiles[i]; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? ", " : "", mm_profiles[i]->name);
	return cfg_error(c, path, "unknown profile \"%s\" (known: %s)", json_string_value(v), list);
}

/* Linux: the transparent_hugepage= and sysfs "enabled" parsers, mm/huge_memory.c */
static int parse_thp(const struct cfg *c, json_t *v, struct mm_boot_params *p)
{
	static const struct { const char *name; enum thp_mode mode; } modes[] = {
		{ "always", THP_ALWAYS }, { "madvise", THP_MADVISE }, { "never", THP_NEVER },
	};
	const char *path = "kernel.transparent_hugepage";

	if (!json_is_string(v))
		return cfg_error(c, path, "expected \"always\", \"madvise\" or \"never\"");
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (!strcmp(json_string_value(v), modes[i].name)) {
			p->thp = modes[i].mode;
			return 0;
		}
	}
	return cfg_error(c, path, "\"%s\" is not one of always, madvise, never",
			 json_string_value(v));
}

/*
 * kernelcore= / movablecore=: a size or a percentage of all memory.
 * Linux: cmdline_parse_core(), mm/page_alloc.c
 */
static int parse_core(const struct cfg *c, json_t *v, const char *path,
		      uint64_t *bytes, unsigned int *percent)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	size_t len = s ? strlen(s) : 0;

	*bytes = 0;
	*percent = 0;
	if (s && !strcmp(s, "mirror"))
		return cfg_error(c, path, "\"mirror\" (mirrored memory) is not modelled");
	if (!s || len < 2 || s[len - 1] != '%') {
		if (get_size(c, v, path, bytes))
			return cfg_error(c, path, "expected a size (\"2G\") or a percentage "
					 "(\"25%%\")");
		return 0;
	}
	for (size_t i = 0; i + 1 < len; i++) {
		if (!isdigit((unsigned char)s[i]) || i > 3)
			return cfg_error(c, path, "\"%s\" is not a percentage", s);
		*percent = *percent * 10 + (unsigned int)(s[i] - '0');
	}
	if (*percent > 100)
		return cfg_error(c, path, "%u%% is more than 100%%", *percent);
	return 0;
}

/*
 * kernel.reserved_ranges: boot reservations at given addresses, like the
 * firmware's and the kernel image's memblock.reserved entries.
 */
static int parse_reserved_ranges(const struct cfg *c, json_t *ranges, struct mm_boot_params *p)
{
	struct range_list list = { "kernel.reserved_ranges", p->reserved_range,
				   &p->nr_reserved_ranges };

	return parse_range_list(c, ranges, &p->hw, &list);
}

static int parse_kernel(struct cfg *c, json_t *kernel, struct mm_boot_params *p)
{
	static const char *const keys[] = {
		"profile", "min_free_kbytes", "watermark_scale_factor", "watermark_boost_factor",
		"percpu_pagelist_high_fraction", "pcp", "mobility_grouping", "reserved", "dma",
		"dma32", "kernelcore", "movablecore", "pageblock_order", "transparent_hugepage",
		"cma", "reserved_ranges", NULL
	};
	json_t *v;

	if (expect_object(c, kernel, "kernel", keys) || parse_kernel_scalars(c, kernel, p))
		return -1;
	if ((v = json_object_get(kernel, "profile")) && parse_profile(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "transparent_hugepage")) && parse_thp(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "kernelcore")) &&
	    parse_core(c, v, "kernel.kernelcore", &p->kernelcore_bytes, &p->kernelcore_percent))
		return -1;
	if ((v = json_object_get(kernel, "movablecore")) &&
	    parse_core(c, v, "kernel.movablecore", &p->movablecore_bytes, &p->movablecore_percent))
		return -1;
	if ((v = json_object_get(kernel, "reserved")) &&
	    get_size(c, v, "kernel.reserved", &c->kernel_reserved))
		return -1;
	if ((v = json_object_get(kernel, "reserved_ranges")) && parse_reserved_ranges(c, v, p))
		return -1;
	return 0;
}

/* ======================= whole-machine checks =========================== */

/* Pageblocks must tile every node, so each node's range is pageblock-aligned. */
static int check_node_alignment(const struct cfg *c, const struct mm_boot_params *p)
{
	uint64_t block_bytes = PAGE_SIZE << p->pageblock_order;
	char path[CFG_PATH_MAX], a[32], b[32];

	for (unsigned int nid = 0; nid < p->hw.nr_nodes; nid++) {
		const struct hw_node *n = &p->hw.node[nid];

		snprintf(path, sizeof(path), "machine.nodes[%u].mem", nid);
		if (n->bytes % block_bytes)
			return cfg_error(c, path, "%s is not a multiple of the pageblock size (%s)",
					 format_size(a, sizeof(a), n->bytes),
					 format_size(b, sizeof(b), block_bytes));
		snprintf(path, sizeof(path), "machine.nodes[%u].start", nid);
		if (n->start % block_bytes)
			return cfg_error(c, path, "%s is not a multiple of the pageblock size (%s)",
					 format_size(a, sizeof(a), n->start),
					 format_size(b, sizeof(b), block_bytes));
	}
	return 0;
}

static uint64_t node_present_bytes(const struct hw_machine *hw, unsigned int nid)
{
	uint64_t nr_pages = 0;
	size_t cursor = 0;
	pfn_t start, end;

	while (hw_node_next_present_range(hw, nid, &cursor, &start, &end))
		nr_pages += end - start;
	return pfn_to_phys(nr_pages);
}

/* Per-node "reserved" wins over kernel.reserved; unset stays RESERVED_UNSET. */
static int apply_reserved(const struct cfg *c, struct mm_boot_params *p)
{
	char path[CFG_PATH_MAX], a[32], b[32];

	for (unsigned int nid = 0; nid < p->hw.nr_nodes; nid++) {
		uint64_t bytes = c->node_reserved[nid], present;

		snprintf(path, sizeof(path), "machine.nodes[%u].reserved", nid);
		if (bytes == RESERVED_UNSET) {
			bytes = c->kernel_reserved;
			snprintf(path, sizeof(path), "kernel.reserved");
		}
		if (bytes == RESERVED_UNSET)
			continue;
		present = node_present_bytes(&p->hw, nid);
		if (bytes % PAGE_SIZE)
			return cfg_error(c, path, "not a multiple of the page size (%s)",
					 format_size(a, sizeof(a), PAGE_SIZE));
		if (bytes >= present)
			return cfg_error(c, path, "%s would leave nothing of node %u's %s of "
					 "present memory to the buddy allocator",
					 format_size(a, sizeof(a), bytes), nid,
					 format_size(b, sizeof(b), present));
		p->reserved_bytes[nid] = bytes;
	}
	return 0;
}

/* The simulator allocates the memmap for real: it must fit in this host. */
static int check_host_memory(const struct cfg *c, const struct mm_boot_params *p)
{
	long nr_pages = sysconf(_SC_PHYS_PAGES), page_bytes = sysconf(_SC_PAGESIZE);
	uint64_t need = machine_memmap_bytes(p), have;
	char a[32], b[32];

	if (nr_pages <= 0 || page_bytes <= 0)
		return 0;
	have = (uint64_t)nr_pages * (uint64_t)page_bytes;
	if (need > have)
		return cfg_error(c, "machine", "the memmap of this machine needs %s of host "
				 "memory, but the host has only %s",
				 format_size(a, sizeof(a), need), format_size(b, sizeof(b), have));
	return 0;
}

static int check_machine(const struct cfg *c, struct mm_boot_params *p)
{
	char msg[200];

	if (check_node_alignment(c, p))
		return -1;
	/* Its messages start with the key below "machine": "nodes[1]: ...". */
	if (hw_machine_validate(&p->hw, msg, sizeof(msg))) {
		snprintf(c->err, c->errlen, "%s: machine.%s", c->name, msg);
		return -1;
	}
	if (apply_reserved(c, p))
		return -1;
	return check_host_memory(c, p);
}

/* ======================= entry points =================================== */

static int config_apply(struct cfg *c, json_t *root, struct mm_boot_params *p)
{
	static const char *const keys[] = { "machine", "kernel", NULL };
	struct hw_machine hw;
	json_t *kernel;

	if (!json_is_object(root))
		return cfg_error(c, "(top level)", "expected a JSON object");
	if (check_keys(c, root, "", keys) ||
	    parse_machine(c, json_object_get(root, "machine"), &hw))
		return -1;
	mm_boot_params_default(p, &hw);
	kernel = json_object_get(root, "kernel");
	if (kernel && parse_kernel(c, kernel, p))
		return -1;
	return check_machine(c, p);
}

/* Parse root (or report jerr when it is NULL) into *p only if it is valid. */
static int config_load(struct cfg *c, json_t *root, const json_error_t *jerr,
		       struct mm_boot_params *p)
{
	struct mm_boot_params *tmp;
	int ret;

	if (!root) {
		snprintf(c->err, c->errlen, "%s:%d: %s", c->name, jerr->line, jerr->text);
		return -1;
	}
	for (size_t nid = 0; nid < HW_MAX_NODES; nid++)
		c->node_reserved[nid] = RESERVED_UNSET;
	c->kernel_reserved = RESERVED_UNSET;
	/* Large (the distance matrix alone is 16 KiB): keep it off the stack. */
	tmp = malloc(sizeof(*tmp));
	if (!tmp) {
		json_decref(root);
		return cfg_error(c, "(top level)", "out of memory");
	}
	ret = config_apply(c, root, tmp);
	if (ret == 0)
		*p = *tmp;
	free(tmp);
	json_decref(root);
	return ret;
}

int sim_config_load_string(const char *name, const char *json, struct mm_boot_params *p,
			   char *err, size_t errlen)
{
	struct cfg c = { .name = name ? name : "(config)", .err = err, .errlen = errlen };
	json_error_t jerr;

	return config_load(&c, json_loads(json, JSON_REJECT_DUPLICATES, &jerr), &jerr, p);
}

int sim_config_load_file(const char *path, struct mm_boot_params *p, char *err, size_t errlen)
{
	struct cfg c = { .name = path, .err = err, .errlen = errlen };
	json_error_t jerr;
	json_t *root;
	FILE *f = fopen(path, "r");

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
	fclose(f);
	return config_load(&c, root, &jerr, p);
}
