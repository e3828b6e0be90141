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
#include <jansson.h>
#include "mm/mm_init.h"

/* The name messages give the embedded default config. */
#define SIM_DEFAULT_CONFIG_NAME	"<default config>"

/* --set KEY=VALUE arguments, in command-line order (sim/config_set.c). */
#define SIM_MAX_SETS	32
#define SIM_SET_MAX_LEN	256	/* of a KEY */
struct sim_config_sets {
	size_t nr;
	const char *arg[SIM_MAX_SETS];
};

/* The embedded default machine: 2 nodes x 4 GiB (configs/default.json). */
extern const char sim_default_config_json[];

/* The embedded machine of numasim shell: 1 node x 16 MiB, 2 CPUs (every page fits a screen). */
#define SIM_SHELL_CONFIG_NAME	"<shell config>"
extern const char sim_shell_config_json[];

/*
 * Parse a config file (path) into p.  Returns 0, or -1 with
 * "PATH: key: message" in err.
 */
int sim_config_load_file(const char *path, struct mm_boot_params *p, char *err, size_t errlen);

/* The same for a JSON text; name is used in messages in place of a path. */
int sim_config_load_string(const char *name, const char *json, struct mm_boot_params *p,
			   char *err, size_t errlen);

/*
 * Parse the config at path (NULL: the embedded default) with sets merged
 * over it (NULL: none) into p.  Returns 0, or -1 with a message in err.
 */
int sim_config_load(const char *path, const struct sim_config_sets *sets,
		    struct mm_boot_params *p, char *err, size_t errlen);

/* The same for an embedded JSON text (a command's own default machine), labelled name. */
int sim_config_load_text(const char *name, const char *json, const struct sim_config_sets *sets,
			 struct mm_boot_params *p, char *err, size_t errlen);

/* Merge over onto base: objects key by key, anything else replaced whole. */
void sim_json_merge(json_t *base, json_t *over);

/*
 * Add arg to sets if it is a well-formed --set (KEY.PATH=VALUE); whether
 * the key exists and the value fits is the config's check, at load.
 * 0, or -1 with a message in err.
 */
int sim_config_sets_add(struct sim_config_sets *sets, const char *arg, char *err,
			size_t errlen);

/* Merge each --set over root, in order.  0, or -1 with a message in err. */
int sim_config_sets_merge(json_t *root, const struct sim_config_sets *sets, char *err,
			  size_t errlen);

/*
 * Parse a size: "4G", "512M", "64K", "4096" (bytes), "2g" ... (binary units).
 * Returns 0, -1 when text is no size, -2 when it does not fit 64 bits.
 */
int sim_parse_size(const char *text, uint64_t *bytes);

#endif /* SIM_CONFIG_H */
