/*
 * sim/config.h - JSON machine descriptions (jansson) -> struct mm_boot_params.
 *
 * The schema is documented key by key in docs/config.md.  Errors name the
 * file and the key: "FILE: machine.nodes[1].mem: not a multiple of the
 * pageblock size (2M)".
 */
#ifndef SIM_CONFIG_H
#define SIM_CONFIG_H

#include <stddef.h>
#include "mm/mm_init.h"

/* The embedded default machine: 2 nodes x 4 GiB (configs/default.json). */
extern const char sim_default_config_json[];

/*
 * Parse a config file (path) into p.  Returns 0, or -1 with
 * "PATH: key: message" in err.
 */
int sim_config_load_file(const char *path, struct mm_boot_params *p, char *err, size_t errlen);

/* The same for a JSON text; name is used in messages in place of a path. */
int sim_config_load_string(const char *name, const char *json, struct mm_boot_params *p,
			   char *err, size_t errlen);

/*
 * Parse a size: "4G", "512M", "64K", "4096" (bytes), "2g" ... (binary units).
 * Returns 0, -1 when text is no size, -2 when it does not fit 64 bits.
 */
int sim_parse_size(const char *text, uint64_t *bytes);

#endif /* SIM_CONFIG_H */
