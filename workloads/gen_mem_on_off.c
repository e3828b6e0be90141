/*
 * workloads/gen_mem_on_off.c - `numasim gen mem-on-off`: the memory
 * hotplug selftest as a trace (gen_mem_on_off.h says what it does and
 * where a trace must differ from the script).
 *
 * Invariants: the same parameters give the same bytes; every block the
 * trace names is one the parameters list.
 * No kernel counterpart (the selftest is user space).
 */
#include "workloads/gen_mem_on_off.h"

#include <inttypes.h>
#include <string.h>

#include "workloads/gen_random.h"

#define MEMORY_DIR	"devices/system/memory/memory"
#define INJECT_DIR	"kernel/debug/notifier-error-inject/memory/actions/"

void gen_mem_on_off_default_params(struct gen_mem_on_off_params *p)
{
	memset(p, 0, sizeof(*p));
	p->seed = 1;
	p->ratio = 2;
	p->error = -12;
}

uint32_t gen_mem_on_off_target(uint32_t n, uint32_t ratio)
{
	return (uint32_t)(((uint64_t)n * ratio + 99) / 100);
}

const char *gen_mem_on_off_check(const struct gen_mem_on_off_params *p)
{
	if (p->ratio > 100)
		return "bad --ratio: the percentage should be an integer within 0~100 range";
	if (p->error < -4095 || p->error >= 0)
		return "bad --error: error code must be -4095 <= errno < 0";
	if (!p->nr_blocks)
		return "the machine has no memory blocks";
	if (p->nr_blocks > GEN_MEM_ON_OFF_MAX_BLOCKS)
		return "the machine has more memory blocks than the generator handles (4096)";
	return NULL;
}

static void write_state(FILE *out, uint32_t id, const char *word)
{
	fprintf(out, "sysfs path=" MEMORY_DIR "%" PRIu32 "/state value=%s\n", id, word);
}

static void write_online_file(FILE *out, uint32_t id)
{
	fprintf(out, "sysfs path=" MEMORY_DIR "%" PRIu32 "/online value=1\n", id);
}

static void write_inject(FILE *out, const char *action, int32_t error)
{
	fprintf(out, "sysfs path=" INJECT_DIR "%s/error value=%" PRId32 "\n", action, error);
}

/* The script's first part: target blocks picked at random offlined, then onlined again. */
static void write_plain_part(FILE *out, const struct gen_mem_on_off_params *p, uint64_t *rng)
{
	uint32_t order[GEN_MEM_ON_OFF_MAX_BLOCKS];
	uint32_t target = gen_mem_on_off_target(p->nr_blocks, p->ratio);

	for (uint32_t i = 0; i < p->nr_blocks; i++)
		order[i] = i;
	/* The first target places of a Fisher-Yates shuffle: a random subset. */
	for (uint32_t i = 0; i < target; i++) {
		uint32_t j = (uint32_t)gen_random_range(rng, i, p->nr_blocks - 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	/* Tried in ls order, as the script walks its glob. */
	for (uint32_t i = 1; i < target; i++)
		for (uint32_t j = i; j > 0 && order[j - 1] > order[j]; j--) {
			uint32_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	fprintf(out, "# offline %" PRIu32 " of %" PRIu32 " memory blocks\n", target, p->nr_blocks);
	for (uint32_t i = 0; i < target; i++)
		write_state(out, p->block_ids[order[i]], "offline");
	fprintf(out, "snapshot name=offlined\n");
	for (uint32_t i = 0; i < target; i++)
		write_online_file(out, p->block_ids[order[i]]);
}

/* The blocks the script's $((RANDOM % 100)) -lt $ratio picks, in ls order. */
static uint32_t pick_random(const struct gen_mem_on_off_params *p, uint64_t *rng,
			    bool picked[GEN_MEM_ON_OFF_MAX_BLOCKS])
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < p->nr_blocks; i++) {
		picked[i] = gen_random_range(rng, 0, 99) < p->ratio;
		n += picked[i];
	}
	return n;
}

/* The script's second part, with the notifier error injector. */
static void write_inject_part(FILE *out, const struct gen_mem_on_off_params *p, uint64_t *rng)
{
	bool tried[GEN_MEM_ON_OFF_MAX_BLOCKS], refused[GEN_MEM_ON_OFF_MAX_BLOCKS];

	fprintf(out, "# memory notifier error injection\n");
	write_inject(out, "MEM_GOING_OFFLINE", 0);
	pick_random(p, rng, tried);
	for (uint32_t i = 0; i < p->nr_blocks; i++)
		if (tried[i])
			write_state(out, p->block_ids[i], "offline");
	write_inject(out, "MEM_GOING_ONLINE", p->error);
	for (uint32_t i = 0; i < p->nr_blocks; i++)
		if (tried[i])
			write_state(out, p->block_ids[i], "online");	/* expected to fail */
	write_inject(out, "MEM_GOING_ONLINE", 0);
	for (uint32_t i = 0; i < p->nr_blocks; i++)
		if (tried[i])
			write_online_file(out, p->block_ids[i]);
	write_inject(out, "MEM_GOING_OFFLINE", p->error);
	pick_random(p, rng, refused);
	for (uint32_t i = 0; i < p->nr_blocks; i++)
		if (refused[i])
			write_state(out, p->block_ids[i], "offline");	/* expected to fail */
	write_inject(out, "MEM_GOING_OFFLINE", 0);
}

int gen_mem_on_off_writer(FILE *out, const void *params)
{
	const struct gen_mem_on_off_params *p = params;
	uint64_t rng;

	if (gen_mem_on_off_check(p))
		return -1;
	rng = p->seed;
	fprintf(out, "numasim-trace v1\n"
		"# numasim gen mem-on-off: the memory hotplug selftest\n"
		"# (selftests/memory-hotplug/mem-on-off-test.sh): ratio %" PRIu32 "%%, error %"
		PRId32 ", seed %" PRIu64 ".\n"
		"# results.json's memory_hotplug counts what the kernel refused.\n",
		p->ratio, p->error, p->seed);
	for (uint32_t i = 0; i < p->nr_blocks; i++)
		if (!p->online[i])
			write_state(out, p->block_ids[i], "online");
	write_plain_part(out, p, &rng);
	write_inject_part(out, p, &rng);
	fprintf(out, "snapshot name=end\n");
	return ferror(out) ? -1 : 0;
}
