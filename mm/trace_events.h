/*
 * mm/trace_events.h - the named events mm/ emits, and the sink they go to.
 *
 * mm/ never prints.  Where the kernel calls trace_mm_page_alloc(...), we fill
 * a struct mm_event (the event's id and its payload, one struct per event
 * made from the table in mm/trace_points.h) and hand it to the machine's
 * sink, if one is attached and the event is enabled; sim/ decides what to
 * do with it (tracefs text, counts, nothing).  A payload holds the
 * TP_STRUCT__entry fields of the kernel's tracepoint, under their names;
 * mm/trace_schema.h turns it into the text TP_printk prints.
 *
 * A disabled event costs one test of a bit in sink->enabled, taken before
 * the payload is filled: emit sites read
 *
 *	if (mm_event_enabled(&m->sink, MM_EV_mm_page_free))
 *		trace_page_free(...);
 *
 * Linux counterpart: include/trace/events/kmem.h, compaction.h, migrate.h,
 * vmscan.h (the events); the per-event enable files of tracefs (the mask).
 */
#ifndef MM_TRACE_EVENTS_H
#define MM_TRACE_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "mm/trace_points.h"

/* The C type of each field kind of the table. */
#define MM_EV_TYPE_S32		int
#define MM_EV_TYPE_U32		unsigned int
#define MM_EV_TYPE_S64		long
#define MM_EV_TYPE_U64		unsigned long
#define MM_EV_TYPE_BOOL		bool
#define MM_EV_TYPE_MT		int		/* mm's enum migratetype */
#define MM_EV_TYPE_PTR		unsigned long	/* an address */
#define MM_EV_TYPE_SYM		const char *	/* a function, as %pS prints it */
#define MM_EV_TYPE_STR		const char *	/* a string (a task's comm), as %s prints it */

/* struct mm_ev_<event>: the payload of one event. */
#define MM_EV_MEMBER(field, kind, ctype)	MM_EV_TYPE_##kind field;
#define MM_EV_PAYLOAD(name, subsys, fields, fmt, args)			\
	struct mm_ev_##name { MM_TP_UNPAREN fields };
MM_TRACEPOINTS(MM_EV_PAYLOAD, MM_EV_MEMBER, MM_TP_NONE, MM_TP_NONE)
#undef MM_EV_PAYLOAD
#undef MM_EV_MEMBER

#define MM_EV_UNION_MEMBER(name, ...)	struct mm_ev_##name name;
/* One event: its id and the payload of that id (ev.mm_page_alloc.pfn). */
struct mm_event {
	enum mm_event_id id;
	union {
		MM_TRACEPOINTS(MM_EV_UNION_MEMBER, MM_TP_NONE, MM_TP_NONE, MM_TP_NONE)
	};
};
#undef MM_EV_UNION_MEMBER

_Static_assert(MM_EV_NR <= 64, "the enable mask has one bit per event");

#define MM_EV_BIT(id)		(UINT64_C(1) << (id))

struct mm_event_sink {
	void (*emit)(void *ctx, const struct mm_event *ev);
	void *ctx;
	uint64_t enabled;		/* MM_EV_BIT(id) per enabled event */
};

static inline bool mm_event_enabled(const struct mm_event_sink *sink, enum mm_event_id id)
{
	return (sink->enabled >> id) & 1;
}

static inline void mm_event_enable(struct mm_event_sink *sink, enum mm_event_id id)
{
	sink->enabled |= MM_EV_BIT(id);
}

#define MM_EV_SUBSYS_BIT(name, subsys, ...)				\
	| (MM_SYS_##subsys == sys ? MM_EV_BIT(MM_EV_##name) : 0)
/* The events of one subsystem (events/<subsystem>/enable). */
static inline uint64_t mm_event_subsys_mask(enum mm_trace_subsys sys)
{
	return 0 MM_TRACEPOINTS(MM_EV_SUBSYS_BIT, MM_TP_NONE, MM_TP_NONE, MM_TP_NONE);
}
#undef MM_EV_SUBSYS_BIT

static inline void mm_event_enable_subsys(struct mm_event_sink *sink, enum mm_trace_subsys sys)
{
	sink->enabled |= mm_event_subsys_mask(sys);
}

static inline void mm_event_emit(const struct mm_event_sink *sink, const struct mm_event *ev)
{
	if (sink->emit && mm_event_enabled(sink, ev->id))
		sink->emit(sink->ctx, ev);
}

#endif /* MM_TRACE_EVENTS_H */
