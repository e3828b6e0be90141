/*
 * mm/check.c - the registry of whole-machine checkers (see mm/check.h).
 *
 * Order matters only for the message: the buddy lists first (everything
 * else stands on them), then the structures built on pages.
 *
 * Linux counterpart: none.
 */
#include "mm/check.h"

#include <stdio.h>
#include <string.h>

#include "mm/cma.h"
#include "mm/debug.h"
#include "mm/memory-failure.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/oom.h"
#include "mm/raw_alloc.h"
#include "mm/rmap.h"
#include "mm/slab.h"
#include "mm/swap.h"
#include "mm/virtio_balloon.h"
#include "mm/workingset.h"
#include "mm/writeback.h"

const struct mm_checker mm_checkers[] = {
	{ "buddy", buddy_check_all },
	{ "lru", lru_check },
	{ "rmap", rmap_check },
	{ "raw", raw_alloc_check },
	{ "balloon", balloon_check },
	{ "hwpoison", hwpoison_check },
	{ "commit", vm_committed_check },
	{ "oom", oom_check },
	{ "slab", slab_check },
	{ "writeback", writeback_check },
	{ "swap", swap_check },
	{ "workingset", workingset_check },
	{ "cma", cma_check },
	{ NULL, NULL },
};

int machine_check(const struct machine *m, char *msg, size_t msglen)
{
	char inner[512];

	for (const struct mm_checker *c = mm_checkers; c->name; c++) {
		int nr;

		inner[0] = '\0';
		nr = c->check(m, inner, sizeof(inner));
		if (nr) {
			if (msg && msglen)
				snprintf(msg, msglen, "%s: %s", c->name, inner);
			return nr;
		}
	}
	return 0;
}
