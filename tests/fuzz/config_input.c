/*
 * tests/fuzz/config_input.c - one fuzz input loaded as a JSON machine
 * config and booted (fuzz_config_input(), see fuzz_inputs.h).
 *
 * The oracle is the loader's contract (sim/config.c): a config is refused
 * with "NAME: key: message" (or "NAME:LINE: message" for JSON syntax), or
 * accepted with parameters the hardware validation passes; an accepted
 * config boots, or machine_boot() says why it cannot (a ZONE_MOVABLE
 * request that leaves no kernel memory), and a booted machine passes every
 * checker.  Configs above FUZZ_CONFIG_MAX_BOOT_BYTES of memory or
 * FUZZ_CONFIG_MAX_END_BYTES of address map are parsed only.
 *
 * No kernel counterpart: test scaffolding.
 */
#include "tests/fuzz/fuzz_inputs.h"

#include <stdlib.h>
#include <string.h>

#include "hw/machine.h"
#include "mm/check.h"
#include "mm/mm_init.h"
#include "sim/config.h"
#include "tests/fuzz/fuzz_util.h"

/* Bytes of RAM the machine has: its nodes less their holes. */
static uint64_t present_bytes(const struct hw_machine *hw)
{
	uint64_t bytes = 0;

	for (unsigned int nid = 0; nid < hw->nr_nodes; nid++)
		bytes += hw->node[nid].bytes;
	for (unsigned int i = 0; i < hw->nr_holes; i++)
		bytes -= hw->hole[i].end - hw->hole[i].start;
	return bytes;
}

static bool boot_is_cheap(const struct mm_boot_params *p)
{
	return present_bytes(&p->hw) <= FUZZ_CONFIG_MAX_BOOT_BYTES &&
	       hw_end_pfn(&p->hw) <= FUZZ_CONFIG_MAX_END_BYTES >> PAGE_SHIFT;
}

/* Boot p, check and render it, release it. */
static enum fuzz_verdict boot_config(const char *name, const struct mm_boot_params *p,
				     char *msg, size_t msglen)
{
	struct machine *m = calloc(1, sizeof(*m));
	enum fuzz_verdict v = FUZZ_ACCEPTED;
	char err[512];

	if (!m)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "out of memory");
	if (machine_boot(m, p, err, sizeof(err)) != 0) {
		free(m);
		if (!err[0])
			return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen,
						"machine_boot() failed without a message");
		return fuzz_verdict_msg(FUZZ_REFUSED, msg, msglen, "%s: machine: %s", name, err);
	}
	if (machine_check(m, err, sizeof(err)) != 0)
		v = fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "invariant broken after boot: %s", err);
	else if (fuzz_render_views(m) != 0)
		v = fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "cannot open /dev/null");
	machine_release(m);
	free(m);
	return v;
}

enum fuzz_verdict fuzz_config_input(const char *name, const uint8_t *data, size_t size,
				    char *msg, size_t msglen)
{
	char *json = malloc(size + 1), err[1024];
	struct mm_boot_params p;
	int rc;

	if (!json)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen, "out of memory");
	memcpy(json, data, size);
	json[size] = '\0';
	err[0] = '\0';
	rc = sim_config_load_string(name, json, &p, err, sizeof(err));
	free(json);
	if (rc != 0) {
		if (!fuzz_is_file_message(err, name))
			return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen,
						"config refused with a malformed message '%s'", err);
		return fuzz_verdict_msg(FUZZ_REFUSED, msg, msglen, "%s", err);
	}
	if (hw_machine_validate(&p.hw, err, sizeof(err)) != 0)
		return fuzz_verdict_msg(FUZZ_BROKEN, msg, msglen,
					"config accepted, hardware invalid: %s", err);
	if (!boot_is_cheap(&p))
		return FUZZ_SKIPPED;
	return boot_config(name, &p, msg, msglen);
}
