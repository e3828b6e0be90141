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
 *     errors as "NAME:LINE: message", a file that cannot be read as
 *     "NAME: cannot open: REASON" or "NAME: cannot read: REASON") and the
 *     function returns -1 without touching the caller's parameters;
 *   - every message leaves through cfg_report(), which escapes the bytes
 *     outside printable ASCII (workloads/input.h): a key, a value or a
 *     file name that holds a newline or an escape sequence still gives one
 *     plain line.  A quoted value is cut at 64 characters, as the trace
 *     reader cuts a token, so that the rest of the message survives;
 *   - unknown keys and wrong JSON types are errors, never ignored, so a typo
 *     cannot silently fall back to a default;
 *   - on success the parameters pass hw_machine_validate() and the memory
 *     the run will need (check_host_memory()) is available on this host.
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
#include "sim/config_internal.h"

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
#include "mm/numa_balancing.h"
#include "mm/profile.h"
#include "mm/sparse.h"
#include "mm/swap.h"
#include "workloads/input.h"
#include "workloads/trace.h"

/* ======================= messages ======================================= */

/*
 * The one way out for a message: formatted, then escaped into c->err, so
 * whatever user text it quotes (the file name, a key, a value, jansson's
 * "near '...'") cannot break the line.  Returns -1.
 */
__attribute__((format(printf, 2, 3)))
static int cfg_report(const struct cfg *c, const char *fmt, ...)
{
	char raw[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	input_escape(c->err, c->errlen, raw);
	return -1;
}

/* "NAME: key.path: message". */
__attribute__((format(printf, 3, 4)))
int cfg_error(const struct cfg *c, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cfg_report(c, "%s: %s: %s", c->name, path, msg);
}

/*
 * "machine" + "nodes" -> "machine.nodes"; the top level has an empty path.
 * Paths are short; an absurdly long user key is cut, which is harmless.
 */
void key_path(char *buf, const char *path, const char *key)
{
	int n = snprintf(buf, CFG_PATH_MAX, "%s%s%s", path, path[0] ? "." : "", key);

	if (n >= CFG_PATH_MAX)
		buf[CFG_PATH_MAX - 1] = '\0';
}

void index_path(char *buf, const char *path, size_t i)
{
	int n = snprintf(buf, CFG_PATH_MAX, "%s[%zu]", path, i);

	if (n >= CFG_PATH_MAX)
		buf[CFG_PATH_MAX - 1] = '\0';
}

/*
 * Print a size the way a user writes it, in the largest binary unit it
 * reaches: "2M", "636K", or "23.54G" when that unit does not divide it.
 */
const char *format_size(char *buf, size_t len, uint64_t bytes)
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

/*
 * Decimal digits, or "0x" and hex digits, then at most one binary suffix;
 * no sign, spaces, fractions or octal: the trace format's sizes.
 * Linux: memparse(), lib/cmdline.c (which also takes P and E).
 */
int sim_parse_size(const char *text, uint64_t *bytes)
{
	return text ? trace_parse_u64(text, true, bytes) : -1;
}

/* A size: a string for sim_parse_size() or a non-negative JSON integer. */
int get_size(const struct cfg *c, const json_t *v, const char *path, uint64_t *bytes)
{
	if (json_is_integer(v)) {
		if (json_integer_value(v) < 0)
			return cfg_error(c, path, "a size must not be negative");
		*bytes = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (!json_is_string(v))
		return cfg_error(c, path, "expected a size such as \"4G\" or a byte count");
	switch (sim_parse_size(json_string_value(v), bytes)) {
	case 0:
		return 0;
	case -2:
		return cfg_error(c, path, "\"%.64s\" is too large (a size must fit in 64 bits)",
				 json_string_value(v));
	default:
		return cfg_error(c, path, "\"%.64s\" is not a size (a number, optionally with K, M, "
				 "G or T)", json_string_value(v));
	}
}

/* One range, one message: both ends of [min, max] are refused in the same words. */
int get_int(const struct cfg *c, const json_t *v, const char *path,
		   long long min, long long max, long long *out)
{
	long long value;

	if (!json_is_integer(v))
		return cfg_error(c, path, "expected an integer");
	value = json_integer_value(v);
	if (value < min || value > max)
		return cfg_error(c, path, "must be between %lld and %lld, got %lld",
				 min, max, value);
	*out = value;
	return 0;
}

int get_bool(const struct cfg *c, const json_t *v, const char *path, bool *out)
{
	if (!json_is_boolean(v))
		return cfg_error(c, path, "expected true or false");
	*out = json_is_true(v);
	return 0;
}

/* Edit distance of a and b (insertions, deletions, substitutions), capped at 3. */
static size_t key_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[CFG_PATH_MAX];

	if (la >= CFG_PATH_MAX || lb >= CFG_PATH_MAX || (la > lb ? la - lb : lb - la) > 2)
		return 3;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb] < 3 ? row[lb] : 3;
}

/*
 * The message for an unknown key: the nearest known key when one is a
 * likely typo (at most two edits), then the known keys, as many whole
 * names as fit, the rest counted.
 */
static void unknown_key_hint(const char *key, const char *const known[], char *buf, size_t len)
{
	size_t best = 3, nr = 0, shown = 0, used;
	const char *nearest = NULL;

	for (size_t i = 0; known[i]; i++, nr++) {
		size_t d = key_distance(key, known[i]);

		if (d < best) {
			best = d;
			nearest = known[i];
		}
	}
	used = (size_t)snprintf(buf, len, "unknown key%s%s%s (known here: ",
				nearest ? "; did you mean '" : "", nearest ? nearest : "",
				nearest ? "'?" : "");
	for (; shown < nr && used + strlen(known[shown]) + 32 < len; shown++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", shown ? ", " : "",
					 known[shown]);
	if (shown < nr)
		snprintf(buf + used, len - used, ", and %zu more: docs/config.md)", nr - shown);
	else
		snprintf(buf + used, len - used, ")");
}

/* Every key of obj must appear in known[] (NULL-terminated). */
int check_keys(const struct cfg *c, json_t *obj, const char *path,
		      const char *const known[])
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		char hint[360], sub[CFG_PATH_MAX];
		size_t i;

		for (i = 0; known[i] && strcmp(known[i], key); i++)
			;
		if (known[i])
			continue;
		unknown_key_hint(key, known, hint, sizeof(hint));
		key_path(sub, path, key);
		return cfg_error(c, sub, "%s", hint);
	}
	return 0;
}

int expect_object(const struct cfg *c, json_t *v, const char *path,
			 const char *const known[])
{
	if (!json_is_object(v))
		return cfg_error(c, path, "expected an object");
	return check_keys(c, v, path, known);
}

/* ======================= kernel ========================================= */

/* Below this, a non-zero fraction makes pcp->high too small to be useful. */
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION	8

/* The vm.* and kernel.numa_balancing* sysctls, with the ranges their handlers accept. */
struct int_key {
	const char *key;
	size_t offset;		/* of an int in struct mm_boot_params */
	long long min, max;
	bool zero_too;		/* 0 is accepted besides [min, max] */
	bool uint;		/* an unsigned int, not an int */
};

#define PARAM(field)	offsetof(struct mm_boot_params, field)

static const struct int_key kernel_int_keys[] = {
	{ "min_free_kbytes", PARAM(min_free_kbytes), 0, INT_MAX, false, false },
	{ "watermark_scale_factor", PARAM(watermark_scale_factor), 1, 3000, false, false },
	{ "watermark_boost_factor", PARAM(watermark_boost_factor), 0, INT_MAX, false, false },
	{ "percpu_pagelist_high_fraction", PARAM(percpu_pagelist_high_fraction),
	  MIN_PERCPU_PAGELIST_HIGH_FRACTION, INT_MAX, true, false },
	{ "numa_balancing", PARAM(numa_balancing), NUMA_BALANCING_DISABLED,
	  NUMA_BALANCING_MODE_MAX, false, false },
	{ "numa_balancing_scan_delay_ms", PARAM(numa_balancing_scan_delay_ms), 0, UINT_MAX,
	  false, true },
	{ "numa_balancing_scan_period_min_ms", PARAM(numa_balancing_scan_period_min_ms), 0,
	  UINT_MAX, false, true },
	{ "numa_balancing_scan_period_max_ms", PARAM(numa_balancing_scan_period_max_ms), 0,
	  UINT_MAX, false, true },
	{ "numa_balancing_scan_size_mb", PARAM(numa_balancing_scan_size_mb), 1,
	  NUMA_BALANCING_SCAN_SIZE_MB_MAX, false, true },
	{ "extfrag_threshold", PARAM(extfrag_threshold), 0, 1000, false, false },
	{ "compaction_proactiveness", PARAM(compaction_proactiveness), 0, 100, false, false },
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
	{ "deferred_struct_page_init", PARAM(deferred_struct_page_init) },
	{ "movable_node", PARAM(hotplug.movable_node) },
};

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

/*
 * One integer key.  A key that also takes 0 names both parts of what it
 * accepts in one message, whichever end a value misses.
 * Linux: percpu_pagelist_high_fraction_sysctl_handler(), mm/page_alloc.c
 */
static int get_int_key(const struct cfg *c, const json_t *v, const char *path,
		       const struct int_key *k, long long *out)
{
	long long value = json_is_integer(v) ? json_integer_value(v) : 0;

	if (!k->zero_too || !json_is_integer(v) || (value >= k->min && value <= k->max))
		return get_int(c, v, path, k->min, k->max, out);
	if (value != 0)
		return cfg_error(c, path, "must be 0 or between %lld and %lld, got %lld",
				 k->min, k->max, value);
	*out = 0;
	return 0;
}

/*
 * The integer and boolean keys, table-driven.
 * Linux: the vm.* entries of vm_table[], kernel/sysctl.c; kernel.numa_balancing
 * and the numa_balancing debugfs files (kernel/sched/debug.c).
 */
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
		if (v && get_int_key(c, v, path, k, &value))
			return -1;
		if (v && k->uint)
			*(unsigned int *)((char *)p + k->offset) = (unsigned int)value;
		else if (v)
			*(int *)((char *)p + k->offset) = (int)value;
	}
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
	return cfg_error(c, path, "unknown profile \"%.64s\" (known: %s)", json_string_value(v), list);
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
	return cfg_error(c, path, "\"%.64s\" is not one of always, madvise, never",
			 json_string_value(v));
}

/* kernel.transparent_hugepage_defrag.  Linux: defrag_store(), mm/huge_memory.c */
static int parse_thp_defrag(const struct cfg *c, json_t *v, struct mm_boot_params *p)
{
	static const char *const names[] = {
		[THP_DEFRAG_ALWAYS] = "always", [THP_DEFRAG_DEFER] = "defer",
		[THP_DEFRAG_DEFER_MADVISE] = "defer+madvise", [THP_DEFRAG_MADVISE] = "madvise",
		[THP_DEFRAG_NEVER] = "never",
	};
	const char *path = "kernel.transparent_hugepage_defrag";

	if (!json_is_string(v))
		return cfg_error(c, path, "expected a string");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(json_string_value(v), names[i])) {
			p->thp_defrag = (enum thp_defrag_mode)i;
			return 0;
		}
	}
	return cfg_error(c, path, "\"%.64s\" is not one of always, defer, defer+madvise, "
			 "madvise, never", json_string_value(v));
}

/* ---- kernel.policy: the allocator's knobs (struct alloc_knobs) ---- */

static const char *const pcp_type_names[MIGRATE_PCPTYPES + 1] = {	/* NULL-terminated */
	[MIGRATE_UNMOVABLE] = "unmovable", [MIGRATE_MOVABLE] = "movable",
	[MIGRATE_RECLAIMABLE] = "reclaimable",
};

static int pcp_type_of(const char *name)
{
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		if (!strcmp(name, pcp_type_names[mt]))
			return mt;
	return -1;
}

/*
 * One row of kernel.policy.fallbacks: the other pcp types, each at most
 * once, in the order they are tried (find_suitable_fallback()); [] is
 * allowed: the type then never falls back.
 */
static int parse_fallback_row(const struct cfg *c, json_t *v, const char *path, int mt,
			      struct alloc_knob_params *kp)
{
	char sub[CFG_PATH_MAX];
	size_t i;
	json_t *e;

	if (!json_is_array(v) || json_array_size(v) > MAX_FALLBACKS)
		return cfg_error(c, path, "expected an array of at most %d migratetypes",
				 MAX_FALLBACKS);
	json_array_foreach(v, i, e) {
		int fb = json_is_string(e) ? pcp_type_of(json_string_value(e)) : -1;

		index_path(sub, path, i);
		if (fb < 0)
			return cfg_error(c, sub, "expected one of unmovable, movable, reclaimable");
		if (fb == mt)
			return cfg_error(c, sub, "a type is no fallback of itself");
		if (i == 1 && kp->fallbacks[mt][0] == fb)
			return cfg_error(c, sub, "\"%s\" is listed twice", pcp_type_names[fb]);
		kp->fallbacks[mt][i] = fb;
	}
	kp->fallbacks[mt][i] = MIGRATE_TYPES;
	kp->set_fallbacks[mt] = true;
	return 0;
}

static int parse_fallbacks(const struct cfg *c, json_t *v, struct alloc_knob_params *kp)
{
	const char *path = "kernel.policy.fallbacks";
	char sub[CFG_PATH_MAX];
	json_t *row;

	if (expect_object(c, v, path, pcp_type_names))
		return -1;
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
		key_path(sub, path, pcp_type_names[mt]);
		row = json_object_get(v, pcp_type_names[mt]);
		if (row && parse_fallback_row(c, row, sub, mt, kp))
			return -1;
	}
	return 0;
}

/*
 * The claim threshold is at most a pageblock (then a block is claimed only
 * when all of it is free or alike); the steal order at most pageblock_order
 * (orders from there up always take the block).
 */
static int parse_policy(const struct cfg *c, json_t *v, struct mm_boot_params *p)
{
	static const char *const keys[] = {
		"fallbacks", "claim_threshold_pages", "steal_order", NULL
	};
	long long value;
	json_t *e;

	if (expect_object(c, v, "kernel.policy", keys))
		return -1;
	if ((e = json_object_get(v, "fallbacks")) && parse_fallbacks(c, e, &p->policy))
		return -1;
	if ((e = json_object_get(v, "claim_threshold_pages"))) {
		if (get_int(c, e, "kernel.policy.claim_threshold_pages", 0,
			    1LL << p->pageblock_order, &value))
			return -1;
		p->policy.claim_threshold_pages = (int)value;
	}
	if ((e = json_object_get(v, "steal_order"))) {
		if (get_int(c, e, "kernel.policy.steal_order", 0, p->pageblock_order, &value))
			return -1;
		p->policy.steal_order = (int)value;
	}
	return 0;
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
		if (!isdigit((unsigned char)s[i]))
			return cfg_error(c, path, "\"%.64s\" is not a percentage", s);
		/* saturates: any run of digits past 100 gets the message below */
		if (*percent <= 100)
			*percent = *percent * 10 + (unsigned int)(s[i] - '0');
	}
	if (*percent > 100)
		return cfg_error(c, path, "%.64s is more than 100%%", s);
	return 0;
}

/*
 * kernel.reserved_ranges: boot reservations at given addresses, like the
 * firmware's and the kernel image's memblock.reserved entries.
 */
static int parse_reserved_ranges(const struct cfg *c, json_t *ranges, struct mm_boot_params *p)
{
	struct range_list list = { "kernel.reserved_ranges", p->reserved_range,
				   &p->nr_reserved_ranges, NULL };

	return parse_range_list(c, ranges, &p->hw, &list);
}

/*
 * kernel.late_freed_ranges: boot memory the kernel frees after it has set
 * the watermarks, each on a CPU ("cpu", default 0), in the order given.
 * Run after parse_reserved_ranges(): a range is memory boot keeps back
 * first, so it may not also be a reservation, nor a hole.
 */
static int parse_late_frees(const struct cfg *c, json_t *array, struct mm_boot_params *p)
{
	static const char *const keys[] = { "start", "size", "cpu", NULL };
	struct hw_range ranges[HW_MAX_HOLES];
	unsigned int nr = 0;
	struct range_list list = { "kernel.late_freed_ranges", ranges, &nr, keys };
	char sub[CFG_PATH_MAX], cpu_path[CFG_PATH_MAX];
	size_t i;
	json_t *obj;
	int clash;

	if (!json_is_array(array))
		return cfg_error(c, list.path, "expected an array of {\"start\", \"size\"} objects");
	if (json_array_size(array) > HW_MAX_HOLES)
		return cfg_error(c, list.path, "%zu ranges, at most %d are supported",
				 json_array_size(array), HW_MAX_HOLES);
	json_array_foreach(array, i, obj) {
		long long cpu = 0;
		json_t *v;

		index_path(sub, list.path, i);
		if (parse_range(c, obj, sub, &p->hw, &list))
			return -1;
		if ((clash = find_overlap(&ranges[i], p->reserved_range, p->nr_reserved_ranges)) >= 0)
			return cfg_error(c, sub, "overlaps kernel.reserved_ranges[%d]", clash);
		if ((clash = find_overlap(&ranges[i], p->hw.hole, p->hw.nr_holes)) >= 0)
			return cfg_error(c, sub, "overlaps machine.holes[%d]: no memory to free", clash);
		key_path(cpu_path, sub, "cpu");
		v = json_object_get(obj, "cpu");
		if (v && get_int(c, v, cpu_path, 0, (long long)p->hw.nr_cpus - 1, &cpu))
			return -1;
		p->late_free[i] = (struct mm_late_free){ ranges[i], (unsigned int)cpu };
	}
	p->nr_late_frees = nr;
	return 0;
}

/* kernel.in_use[i].kind: the mobility of the memory, as a migratetype. */
static int parse_in_use_kind(const struct cfg *c, json_t *v, const char *path, int *mt)
{
	static const struct { const char *name; int mt; } kinds[] = {
		{ "unmovable", MIGRATE_UNMOVABLE }, { "reclaimable", MIGRATE_RECLAIMABLE },
		{ "movable", MIGRATE_MOVABLE },
	};

	if (!json_is_string(v))
		return cfg_error(c, path, "expected \"unmovable\", \"reclaimable\" or \"movable\"");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(json_string_value(v), kinds[i].name)) {
			*mt = kinds[i].mt;
			return 0;
		}
	return cfg_error(c, path, "\"%.64s\" is not one of unmovable, reclaimable, movable",
			 json_string_value(v));
}

/* The first CPU of node nid (CPUs are numbered node by node), or 0 if it has none. */
static unsigned int first_cpu_of(const struct hw_machine *hw, unsigned int nid)
{
	for (unsigned int cpu = 0; cpu < hw->nr_cpus; cpu++)
		if (hw->cpu_to_node[cpu] == nid)
			return cpu;
	return 0;
}

/* One entry of kernel.in_use: {"node", "kind", "size"[, "cpu"]}. */
static int parse_in_use_entry(const struct cfg *c, json_t *obj, const char *path,
			      const struct hw_machine *hw, struct mm_in_use *u)
{
	static const char *const keys[] = { "node", "kind", "size", "cpu", NULL };
	static const char *const needed[] = { "node", "kind", "size" };
	char sub[CFG_PATH_MAX], a[32];
	long long nid, cpu;
	uint64_t bytes;
	json_t *v;

	if (expect_object(c, obj, path, keys))
		return -1;
	for (size_t k = 0; k < sizeof(needed) / sizeof(needed[0]); k++) {
		key_path(sub, path, needed[k]);
		if (!json_object_get(obj, needed[k]))
			return cfg_error(c, sub, "missing: an entry needs a node, a kind and a size");
	}
	key_path(sub, path, "node");
	if (get_int(c, json_object_get(obj, "node"), sub, 0, (long long)hw->nr_nodes - 1, &nid))
		return -1;
	key_path(sub, path, "kind");
	if (parse_in_use_kind(c, json_object_get(obj, "kind"), sub, &u->migratetype))
		return -1;
	key_path(sub, path, "size");
	if (get_size(c, json_object_get(obj, "size"), sub, &bytes))
		return -1;
	if (bytes == 0 || bytes % PAGE_SIZE)
		return cfg_error(c, sub, "must be a positive multiple of the page size (%s)",
				 format_size(a, sizeof(a), PAGE_SIZE));
	cpu = first_cpu_of(hw, (unsigned int)nid);
	key_path(sub, path, "cpu");
	v = json_object_get(obj, "cpu");
	if (v && get_int(c, v, sub, 0, (long long)hw->nr_cpus - 1, &cpu))
		return -1;
	u->nid = (unsigned int)nid;
	u->cpu = (unsigned int)cpu;
	u->nr_pages = bytes / PAGE_SIZE;
	return 0;
}

/*
 * kernel.in_use: the memory the running system holds when the trace
 * begins, allocated in the order given at the end of boot.
 */
static int parse_in_use(const struct cfg *c, json_t *array, struct mm_boot_params *p)
{
	const char *path = "kernel.in_use";
	char sub[CFG_PATH_MAX];
	size_t i;
	json_t *obj;

	if (!json_is_array(array))
		return cfg_error(c, path, "expected an array of {\"node\", \"kind\", \"size\"} objects");
	if (json_array_size(array) > MM_MAX_IN_USE)
		return cfg_error(c, path, "%zu entries, at most %d are supported",
				 json_array_size(array), MM_MAX_IN_USE);
	json_array_foreach(array, i, obj) {
		index_path(sub, path, i);
		if (parse_in_use_entry(c, obj, sub, &p->hw, &p->in_use[i]))
			return -1;
	}
	p->nr_in_use = (unsigned int)json_array_size(array);
	return 0;
}

/* mkswap's smallest swap area (40 KiB) and swapon's largest here (mm/swap.h). */
#define SWAP_MIN_PAGES	10

/* kernel.swap[i].size: whole pages, at least mkswap's minimum, at most SWAP_MAX_SLOTS. */
static int parse_swap_size(const struct cfg *c, json_t *v, const char *path, uint64_t *bytes)
{
	char min[32], max[32];

	if (!v)
		return cfg_error(c, path, "missing: every swap device needs its size");
	if (get_size(c, v, path, bytes))
		return -1;
	if (*bytes % PAGE_SIZE)
		return cfg_error(c, path, "not a multiple of the page size (4K)");
	if (*bytes < SWAP_MIN_PAGES * PAGE_SIZE || *bytes > SWAP_MAX_SLOTS * PAGE_SIZE)
		return cfg_error(c, path, "must be between %s and %s (mkswap's smallest area; "
				 "the most slots a swap entry here can name)",
				 format_size(min, sizeof(min), SWAP_MIN_PAGES * PAGE_SIZE),
				 format_size(max, sizeof(max), SWAP_MAX_SLOTS * PAGE_SIZE));
	return 0;
}

/*
 * kernel.swap[i]: {"size", "priority", "read_mbps", "write_mbps",
 * "nr_requests", "max_sectors_kb"}.  The queue's limits are the sysfs
 * files' (queue/nr_requests at least BLKDEV_MIN_RQ; a request at least a
 * page).
 */
static int parse_swap_device(const struct cfg *c, json_t *obj, const char *path,
			     struct mm_swap_device *dev)
{
	static const char *const keys[] = { "size", "priority", "read_mbps", "write_mbps",
					    "nr_requests", "max_sectors_kb", NULL };
	long long v[5] = { -1, SWAP_DEFAULT_READ_MBPS, SWAP_DEFAULT_WRITE_MBPS,
			   SWAP_DEFAULT_NR_REQUESTS, SWAP_DEFAULT_MAX_SECTORS_KB };
	const long long lo[5] = { 0, 1, 1, 4, PAGE_SIZE / 1024 };
	const long long hi[5] = { 32767, UINT32_MAX, UINT32_MAX, 65536, 65536 };
	char sub[CFG_PATH_MAX];

	if (expect_object(c, obj, path, keys))
		return -1;
	key_path(sub, path, "size");
	if (parse_swap_size(c, json_object_get(obj, "size"), sub, &dev->size_bytes))
		return -1;
	for (int i = 0; i < 5; i++) {
		json_t *val = json_object_get(obj, keys[i + 1]);

		key_path(sub, path, keys[i + 1]);
		if (val && get_int(c, val, sub, lo[i], hi[i], &v[i]))
			return -1;
	}
	dev->prio = (int)v[0];
	dev->read_mbps = (uint32_t)v[1];
	dev->write_mbps = (uint32_t)v[2];
	dev->nr_requests = (uint32_t)v[3];
	dev->max_sectors_kb = (uint32_t)v[4];
	return 0;
}

/* kernel.swap: the swap devices, swapon'd in this order at boot. */
static int parse_swap(const struct cfg *c, json_t *array, struct mm_boot_params *p)
{
	char sub[CFG_PATH_MAX];
	size_t i;
	json_t *obj;

	if (!json_is_array(array))
		return cfg_error(c, "kernel.swap", "expected an array of {\"size\"} objects");
	if (json_array_size(array) > MAX_SWAPFILES)
		return cfg_error(c, "kernel.swap", "%zu devices, at most %d are supported",
				 json_array_size(array), MAX_SWAPFILES);
	json_array_foreach(array, i, obj) {
		index_path(sub, "kernel.swap", i);
		if (parse_swap_device(c, obj, sub, &p->swap[i]))
			return -1;
	}
	p->nr_swap = (unsigned int)json_array_size(array);
	return 0;
}

/* kernel.migration: {"via": "direct" | "swap"}: how migrate_pages(2) moves pages. */
static int parse_migration(const struct cfg *c, json_t *obj, struct mm_boot_params *p)
{
	static const char *const keys[] = { "via", NULL };
	json_t *v;

	if (expect_object(c, obj, "kernel.migration", keys))
		return -1;
	v = json_object_get(obj, "via");
	if (!v)
		return 0;
	if (!json_is_string(v))
		return cfg_error(c, "kernel.migration.via", "expected \"direct\" or \"swap\"");
	p->migrate_via_swap = !strcmp(json_string_value(v), "swap");
	if (!p->migrate_via_swap && strcmp(json_string_value(v), "direct"))
		return cfg_error(c, "kernel.migration.via", "\"%.64s\" is not one of direct, swap",
				 json_string_value(v));
	return 0;
}

/*
 * kernel.memory_block_size: x86_64's probe_memory_block_size() picks a
 * power of two from one section (128 MiB) to MAX_BLOCK_SIZE (2 GiB);
 * memory_dev_init() refuses anything else.
 */
static int parse_memory_block_size(const struct cfg *c, json_t *v, struct mm_boot_params *p)
{
	const char *path = "kernel.memory_block_size";
	char lo[32], hi[32];
	uint64_t bytes;

	if (get_size(c, v, path, &bytes))
		return -1;
	if (bytes < MIN_MEMORY_BLOCK_SIZE || bytes > MAX_MEMORY_BLOCK_SIZE || (bytes & (bytes - 1)))
		return cfg_error(c, path, "must be a power of two from %s to %s",
				 format_size(lo, sizeof(lo), MIN_MEMORY_BLOCK_SIZE),
				 format_size(hi, sizeof(hi), MAX_MEMORY_BLOCK_SIZE));
	p->hotplug.block_size_bytes = bytes;
	return 0;
}

/* kernel.auto_online_blocks: memhp_default_state=, in the words of the sysfs file. */
static int parse_auto_online(const struct cfg *c, json_t *v, struct mm_boot_params *p)
{
	const char *path = "kernel.auto_online_blocks";
	int type = json_is_string(v) ? mhp_online_type_from_str(json_string_value(v)) : -1;

	if (type < 0 || strchr(json_string_value(v), '\n'))
		return cfg_error(c, path, "expected one of \"offline\", \"online\", "
				 "\"online_kernel\", \"online_movable\"");
	p->hotplug.default_online_type = (enum mmop)type;
	return 0;
}

static int parse_kernel(struct cfg *c, json_t *kernel, struct mm_boot_params *p)
{
	static const char *const keys[] = {
		"profile", "min_free_kbytes", "watermark_scale_factor", "watermark_boost_factor",
		"percpu_pagelist_high_fraction", "pcp", "mobility_grouping", "reserved", "dma",
		"dma32", "kernelcore", "movablecore", "pageblock_order", "transparent_hugepage",
		"cma", "reserved_ranges", "late_freed_ranges", "deferred_struct_page_init", "in_use",
		"numa_balancing", "numa_balancing_scan_delay_ms",
		"numa_balancing_scan_period_min_ms", "numa_balancing_scan_period_max_ms",
		"numa_balancing_scan_size_mb", "swap", "migration", "memory_block_size",
		"auto_online_blocks", "movable_node", "cma_size", "cma_pernuma", "policy",
		"extfrag_threshold", "compaction_proactiveness", "transparent_hugepage_defrag",
		NULL
	};
	json_t *v;

	if (expect_object(c, kernel, "kernel", keys) || parse_kernel_scalars(c, kernel, p))
		return -1;
	if ((v = json_object_get(kernel, "profile")) && parse_profile(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "transparent_hugepage")) && parse_thp(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "transparent_hugepage_defrag")) &&
	    parse_thp_defrag(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "policy")) && parse_policy(c, v, p))
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
	if ((v = json_object_get(kernel, "late_freed_ranges")) && parse_late_frees(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "in_use")) && parse_in_use(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "swap")) && parse_swap(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "migration")) && parse_migration(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "memory_block_size")) && parse_memory_block_size(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "auto_online_blocks")) && parse_auto_online(c, v, p))
		return -1;
	if ((v = json_object_get(kernel, "cma_size")) &&
	    get_size(c, v, "kernel.cma_size", &p->cma_bytes))
		return -1;
	if ((v = json_object_get(kernel, "cma_pernuma")) &&
	    get_size(c, v, "kernel.cma_pernuma", &p->cma_pernuma_bytes))
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
		/* kernel.reserved applies to the nodes that have memory. */
		if (bytes == RESERVED_UNSET || p->hw.node[nid].bytes == 0)
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

/*
 * Host memory a run needs beyond the memmap, per present frame: the tables
 * that grow with the live allocations when a trace fills memory with
 * order-0 blocks.  The raw allocation table keeps an 8-byte slot and a
 * 4-byte free-stack entry per handle, and a numbered trace name takes an
 * 8-byte word; both grow by doubling, so 20 to 40 bytes a frame.  The rule
 * takes 32, as much again as the memmap's struct page; page tables and
 * the checkers' scratch arrays come on top only for runs with processes
 * or --check.
 */
#define RUN_BYTES_PER_FRAME	32u
/* The rest of the simulator: its code, the trace reader's buffers, output. */
#define RUN_FIXED_BYTES		((uint64_t)64 << 20)

/*
 * What the host can give a new program without swapping: MemAvailable of
 * /proc/meminfo (the kernel's estimate, which leaves out what other
 * programs hold and the kernel's own reserves), or free memory where
 * there is no such line.  0 when neither is known.
 */
static uint64_t host_available_bytes(void)
{
	long nr_pages = sysconf(_SC_AVPHYS_PAGES), page_bytes = sysconf(_SC_PAGESIZE);
	unsigned long long kib;
	char line[128];
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1) {
			fclose(f);
			return (uint64_t)kib << 10;
		}
	}
	if (f)
		fclose(f);
	return nr_pages > 0 && page_bytes > 0 ? (uint64_t)nr_pages * (uint64_t)page_bytes : 0;
}

/*
 * The simulator allocates the memmap for real and keeps its tables beside
 * it, all of it touched from boot on: the run must fit in what the host
 * has available, or it would swap or meet the OOM killer half-way.
 */
static int check_host_memory(const struct cfg *c, const struct mm_boot_params *p)
{
	uint64_t memmap = machine_memmap_bytes(p), have = host_available_bytes();
	uint64_t need = memmap + RUN_FIXED_BYTES;
	char a[32], b[32], d[32];

	for (unsigned int nid = 0; nid < p->hw.nr_nodes; nid++)
		need += node_present_bytes(&p->hw, nid) / PAGE_SIZE * RUN_BYTES_PER_FRAME;
	if (have && need > have)
		return cfg_error(c, "machine", "the run needs %s of host memory (the memmap %s), "
				 "but only %s is available",
				 format_size(a, sizeof(a), need), format_size(b, sizeof(b), memmap),
				 format_size(d, sizeof(d), have));
	return 0;
}

/*
 * kernel.cma_size and kernel.cma_pernuma (cma=, cma_pernuma=): only with
 * CONFIG_CMA, and an area must fit in one node's present memory (memblock
 * never places one across nodes).  What fits only where other boot
 * reservations leave room is boot's answer, as the kernel's "Failed to
 * reserve" is (mm/cma.c).
 */
static int check_cma(const struct cfg *c, const struct mm_boot_params *p)
{
	static const char *const paths[] = { "kernel.cma_size", "kernel.cma_pernuma" };
	const uint64_t bytes[] = { p->cma_bytes, p->cma_pernuma_bytes };
	uint64_t block_bytes = PAGE_SIZE << p->pageblock_order, largest = 0;
	char a[32], b[32];

	for (unsigned int nid = 0; nid < p->hw.nr_nodes; nid++) {
		uint64_t present = node_present_bytes(&p->hw, nid);

		largest = present > largest ? present : largest;
	}
	for (unsigned int i = 0; i < 2; i++) {
		/* Linux: cma_declare_contiguous_nid() rounds the size up to a pageblock. */
		uint64_t rounded = (bytes[i] + block_bytes - 1) / block_bytes * block_bytes;

		if (bytes[i] && !p->has_cma)
			return cfg_error(c, paths[i], "needs \"cma\": true (a kernel built with "
					 "CONFIG_CMA)");
		if (bytes[i] && rounded > largest)
			return cfg_error(c, paths[i], "%s (rounded up to whole pageblocks) is more "
					 "than any node's present memory (%s at most)",
					 format_size(a, sizeof(a), rounded),
					 format_size(b, sizeof(b), largest));
	}
	return 0;
}

static int check_machine(const struct cfg *c, struct mm_boot_params *p)
{
	char msg[200];

	if (check_node_alignment(c, p))
		return -1;
	/* Its messages start with the key below "machine": "nodes[1]: ...". */
	if (hw_machine_validate(&p->hw, msg, sizeof(msg)))
		return cfg_report(c, "%s: machine.%s", c->name, msg);
	if (apply_reserved(c, p) || check_cma(c, p))
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
	    config_parse_machine(c, json_object_get(root, "machine"), &hw))
		return -1;
	mm_boot_params_default(p, &hw);
	kernel = json_object_get(root, "kernel");
	if (kernel && parse_kernel(c, kernel, p))
		return -1;
	return check_machine(c, p);
}

/*
 * jansson's message, but in the project's words where jansson names its
 * own option (JSON_ALLOW_NUL): a config never needs the NUL character, and
 * a C string could not hold it.
 */
static int json_syntax_error(const struct cfg *c, const json_error_t *jerr)
{
	enum json_error_code code = json_error_code(jerr);

	if (code == json_error_null_character || code == json_error_null_byte_in_key)
		return cfg_report(c, "%s:%d: \\u0000 (the NUL character) is not allowed in a "
				  "config", c->name, jerr->line);
	return cfg_report(c, "%s:%d: %s", c->name, jerr->line, jerr->text);
}

static bool json_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/*
 * JSON text -> a tree.  Any JSON value is parsed, so that a scalar at the
 * top is refused by config_apply() in the same words as an array; text
 * that is only blanks gets a message of its own.  A leading UTF-8 byte
 * order mark is skipped.
 */
static json_t *config_parse(const struct cfg *c, const char *text, size_t len)
{
	json_error_t jerr;
	json_t *root;
	size_t i;

	/* RFC 8259 lets a parser skip a byte order mark; editors still write one */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
	}
	for (i = 0; i < len && json_blank(text[i]); i++)
		;
	if (i == len) {
		cfg_error(c, "(top level)", "expected a JSON object, the file is empty");
		return NULL;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!root)
		json_syntax_error(c, &jerr);
	return root;
}

/*
 * Parse root (NULL: the error is reported), with sets merged over it, into
 * *p only if it is valid.
 */
static int config_load(struct cfg *c, json_t *root, const struct sim_config_sets *sets,
		       struct mm_boot_params *p)
{
	struct mm_boot_params *tmp;
	int ret;

	char name[PATH_MAX + 16];

	if (!root)
		return -1;
	if (sim_config_sets_merge(root, sets, c->err, c->errlen)) {
		json_decref(root);
		return -1;
	}
	/* a key's message then says where the key may come from */
	if (sets && sets->nr) {
		snprintf(name, sizeof(name), "%s (with --set)", c->name);
		c->name = name;
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

	return config_load(&c, config_parse(&c, json, strlen(json)), NULL, p);
}

/*
 * The most a config file may hold.  The largest config that makes sense
 * (64 nodes with a 64 x 64 distance matrix, 64 holes and 64 reserved
 * ranges, generously spaced) is some tens of kilobytes; the cap stops a
 * pipe that never ends.
 */
#define CONFIG_MAX_BYTES	((size_t)1 << 20)

/* All of fd into *text (malloc'ed, NUL-terminated), at most CONFIG_MAX_BYTES. */
static int read_config_text(const struct cfg *c, int fd, char **text, size_t *len)
{
	char size[32];
	int rc = input_read_all(fd, CONFIG_MAX_BYTES, text, len);

	switch (rc) {
	case 0:
		return 0;
	case EFBIG:
		return cfg_report(c, "%s: cannot read: more than %s, too large for a config",
				  c->name, format_size(size, sizeof(size), CONFIG_MAX_BYTES));
	case ENOMEM:
		return cfg_report(c, "%s: cannot read: out of memory", c->name);
	default:
		return cfg_report(c, "%s: cannot read: %s", c->name, strerror(rc));
	}
}

/* jansson would call a NUL byte "end of file": say what and where it is. */
static int check_no_nul_byte(const struct cfg *c, const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);
	unsigned long line = 1;

	if (!nul)
		return 0;
	for (const char *s = text; s < nul; s++)
		line += *s == '\n';
	return cfg_report(c, "%s:%lu: a NUL byte: a config is JSON text", c->name, line);
}

static int load_file(const char *path, const struct sim_config_sets *sets,
		     struct mm_boot_params *p, char *err, size_t errlen)
{
	struct cfg c = { .name = path, .err = err, .errlen = errlen };
	int fd = input_open(path, err, errlen);
	size_t len = 0;
	char *text = NULL;
	json_t *root;
	int ret;

	if (fd < 0)
		return -1;
	ret = read_config_text(&c, fd, &text, &len);
	close(fd);
	if (ret)
		return -1;
	/* jansson copies what it keeps: the text can go once parsed */
	root = check_no_nul_byte(&c, text, len) ? NULL : config_parse(&c, text, len);
	free(text);
	return config_load(&c, root, sets, p);
}

int sim_config_load_file(const char *path, struct mm_boot_params *p, char *err, size_t errlen)
{
	return load_file(path, NULL, p, err, errlen);
}

int sim_config_load_text(const char *name, const char *json, const struct sim_config_sets *sets,
			 struct mm_boot_params *p, char *err, size_t errlen)
{
	struct cfg c = { .name = name, .err = err, .errlen = errlen };

	return config_load(&c, config_parse(&c, json, strlen(json)), sets, p);
}

int sim_config_load(const char *path, const struct sim_config_sets *sets,
		    struct mm_boot_params *p, char *err, size_t errlen)
{
	if (path)
		return load_file(path, sets, p, err, errlen);
	return sim_config_load_text(SIM_DEFAULT_CONFIG_NAME, sim_default_config_json, sets, p,
				    err, errlen);
}
