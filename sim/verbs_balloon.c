/*
 * sim/verbs_balloon.c - the hypervisor's side of the virtio balloon: the
 * balloon verb.
 *
 *   balloon inflate=PAGES [cpu=N]
 *       the host raises the balloon's target by PAGES 4 KiB pages: the
 *       driver allocates them and gives them to the host, taking each out
 *       of its zone's managed pages (MemTotal shrinks).  When memory runs
 *       short the driver keeps what it got and tries again every 200 ms
 *       (see mm/virtio_balloon.h); that is no input error.
 *   balloon deflate=PAGES [cpu=N]
 *       the host lowers the target by PAGES (to 0 at most: the driver never
 *       gives back more than it holds); the pages go back to the allocator.
 * The driver's work runs on CPU cpu (the previous event's CPU when
 * absent), right after the event.
 *
 * Invariants: the target stays within the 32 bits of the device's
 * config space; a refused record changes nothing.
 *
 * Linux counterpart: none in the guest; the host's config change that
 * reaches virtballoon_changed(), drivers/virtio/virtio_balloon.c.
 */
#include <stdint.h>

#include "mm/virtio_balloon.h"
#include "sim/args.h"
#include "sim/verbs.h"

enum { ARG_INFLATE, ARG_DEFLATE, ARG_CPU };

/* The target the record asks for, from the current one; ENGINE_BAD_INPUT if none. */
static enum engine_status balloon_new_target(struct engine *e, const struct trace_record *rec,
					     const char *const *vals, uint32_t *target)
{
	const char *key = vals[ARG_INFLATE] ? "inflate" : "deflate";
	uint64_t nr_pages;

	if (!vals[ARG_INFLATE] == !vals[ARG_DEFLATE])
		return engine_bad_input(e, rec, vals[ARG_INFLATE] ?
					"inflate and deflate exclude each other" :
					"balloon needs inflate=PAGES or deflate=PAGES");
	if (engine_parse_uint(e, rec, key, vals[ARG_INFLATE] ? vals[ARG_INFLATE]
								   : vals[ARG_DEFLATE],
			      UINT32_MAX, &nr_pages))
		return ENGINE_BAD_INPUT;
	if (vals[ARG_DEFLATE]) {
		*target -= nr_pages < *target ? (uint32_t)nr_pages : *target;
		return ENGINE_OK;
	}
	if (nr_pages > UINT32_MAX - *target)
		return engine_bad_input(e, rec,
					"inflate=%llu takes the balloon's target (%u pages) past %u pages",
					(unsigned long long)nr_pages, *target, UINT32_MAX);
	*target += (uint32_t)nr_pages;
	return ENGINE_OK;
}

static enum engine_status do_balloon(struct engine *e, const struct trace_record *rec,
				     const char *const *vals)
{
	struct machine *m = e->m;
	uint32_t target = m->balloon.target_pages;
	int cpu = m->current_cpu;

	if (balloon_new_target(e, rec, vals, &target))
		return ENGINE_BAD_INPUT;
	if (vals[ARG_CPU] && engine_parse_cpu(e, rec, vals[ARG_CPU], &cpu))
		return ENGINE_BAD_INPUT;
	m->current_cpu = cpu;
	virtballoon_changed(m, target, cpu);
	return ENGINE_OK;
}

static const struct engine_verb verb_balloon = {
	.name = "balloon",
	.handler = do_balloon,
	.keys = { { "inflate", false }, { "deflate", false }, { "cpu", false } },
};

static const struct engine_verb *const balloon_verbs[] = { &verb_balloon, NULL };

/* No state: the target and the pages live in the machine. */
const struct engine_family family_balloon = {
	.name = "balloon",
	.verbs = balloon_verbs,
};
