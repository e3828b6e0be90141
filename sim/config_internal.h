/*
 * sim/config_internal.h - what the config loader's files share: one
 * load's state and the helpers that check a JSON value and report
 * "NAME: key.path: message" (sim/config.c), used by the machine part
 * (sim/config_machine.c).
 */
#ifndef SIM_CONFIG_INTERNAL_H
#define SIM_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "hw/machine.h"

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

__attribute__((format(printf, 3, 4)))
int cfg_error(const struct cfg *c, const char *path, const char *fmt, ...);
void key_path(char *buf, const char *path, const char *key);
void index_path(char *buf, const char *path, size_t i);
const char *format_size(char *buf, size_t len, uint64_t bytes);
int get_size(const struct cfg *c, const json_t *v, const char *path, uint64_t *bytes);
int get_int(const struct cfg *c, const json_t *v, const char *path, long long min, long long max,
	    long long *out);
int get_bool(const struct cfg *c, const json_t *v, const char *path, bool *out);
int check_keys(const struct cfg *c, json_t *obj, const char *path, const char *const *keys);
int expect_object(const struct cfg *c, json_t *v, const char *path, const char *const *keys);

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
	const char *const *keys;	/* an entry's keys; NULL: "start" and "size" */
};

/* One range of list (checked, not yet added); the entry of ranges it overlaps, or -1. */
int parse_range(const struct cfg *c, json_t *obj, const char *path,
		const struct hw_machine *hw, struct range_list *list);
int find_overlap(const struct hw_range *r, const struct hw_range *ranges, unsigned int nr);
int parse_range_list(const struct cfg *c, json_t *array, const struct hw_machine *hw,
		     struct range_list *list);

/* machine: nodes, distances, holes, migration cost, disk, hotplug region (config_machine.c). */
int config_parse_machine(struct cfg *c, json_t *machine, struct hw_machine *hw);

#endif /* SIM_CONFIG_INTERNAL_H */
