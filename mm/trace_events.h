/*
 * mm/trace_events.h - the named events mm/ emits, and the sink they go to.
 *
 * mm/ never prints.  Where the kernel calls trace_mm_page_alloc(...), we fill
 * a struct mm_event and hand it to the machine's sink, if one is attached and
 * the event is enabled; sim/ decides what to do with it (tracefs text, counts,
 * nothing).  Field meanings follow the kernel's TP_STRUCT__entry; the sink
 * formats them with the kernel's TP_printk layout.
 *
 * Linux counterpart: include/trace/events/kmem.h (kmem:* events).
 */
#ifndef MM_TRACE_EVENTS_H
#define MM_TRACE_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/types.h"
#include "mm/gfp.h"

enum mm_event_type {
	MM_EV_PAGE_ALLOC,		/* kmem:mm_page_alloc */
	MM_EV_PAGE_FREE,		/* kmem:mm_page_free */
	MM_EV_PAGE_FREE_BATCHED,	/* kmem:mm_page_free_batched */
	MM_EV_PAGE_ALLOC_ZONE_LOCKED,	/* kmem:mm_page_alloc_zone_locked */
	MM_EV_PAGE_PCPU_DRAIN,		/* kmem:mm_page_pcpu_drain */
	MM_EV_PAGE_ALLOC_EXTFRAG,	/* kmem:mm_page_alloc_extfrag */
	MM_EV_NR
};

struct mm_event {
	enum mm_event_type type;
	pfn_t pfn;			/* PFN_NONE for a failed allocation */
	int order;
	int migratetype;		/* internal enum migratetype value */
	gfp_t gfp;			/* mm_page_alloc */
	bool percpu_refill;		/* mm_page_alloc_zone_locked */
	/* mm_page_alloc_extfrag */
	int fallback_order;
	int fallback_migratetype;
	bool fragmenting;
	bool change_ownership;
};

struct mm_event_sink {
	void (*emit)(void *ctx, const struct mm_event *ev);
	void *ctx;
	uint32_t enabled;		/* bit (1 << enum mm_event_type) */
};

static inline bool mm_event_enabled(const struct mm_event_sink *sink, enum mm_event_type type)
{
	return (sink->enabled >> type) & 1;
}

static inline void mm_event_emit(const struct mm_event_sink *sink, const struct mm_event *ev)
{
	if (sink->emit && mm_event_enabled(sink, ev->type))
		sink->emit(sink->ctx, ev);
}

#endif /* MM_TRACE_EVENTS_H */
