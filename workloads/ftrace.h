/*
 * workloads/ftrace.h - the kernel's trace text, read: one line of the
 * tracefs `trace` file or of `trace-cmd report` cut into its parts, and
 * the fields of the page allocator's kmem events decoded.
 *
 * Both readers are zero-copy: every string points into the caller's line,
 * which must stay unchanged while the result is used.  Nothing allocates.
 * The users are `numasim import ftrace` (sim/import.c) and `numasim trace
 * stats` (sim/trace_stats.c).
 *
 * Linux counterpart: the text the kernel prints, print_trace_fmt() and
 * trace_print_context() in kernel/trace/trace.c and trace_output.c for a
 * line's head, and the TP_printk formats of include/trace/events/kmem.h
 * for the fields.
 */
#ifndef WORKLOADS_FTRACE_H
#define WORKLOADS_FTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What one line of trace text is. */
enum ftrace_line_kind {
	FTRACE_LINE_EVENT,	/* TASK-PID [CPU] [FLAGS] TIME: EVENT: FIELDS */
	FTRACE_LINE_SKIP,	/* blank, a '#' comment, a trace-cmd header line */
	FTRACE_LINE_LOST,	/* "CPU:N [LOST M EVENTS]": the ring buffer overflowed */
	FTRACE_LINE_BAD,	/* none of these */
};

struct ftrace_line {
	const char *task;	/* "TASK-PID": the process column as printed */
	size_t task_len;
	size_t comm_len;	/* the TASK part: task[0 .. comm_len) */
	uint32_t pid;
	uint32_t cpu;
	uint64_t time_ns;	/* the timestamp, seconds converted exactly */
	const char *event;	/* "mm_page_alloc" (without a "kmem:" prefix) */
	size_t event_len;
	const char *fields;	/* what follows "EVENT: ", leading blanks skipped */
	size_t fields_len;
	uint64_t lost;		/* FTRACE_LINE_LOST: the events lost */
};

/*
 * Cut line (len bytes, no LF) into l.  On FTRACE_LINE_BAD, *why (if not
 * NULL) says what was wrong, for a "FILE:LINE: message".
 */
enum ftrace_line_kind ftrace_parse_line(const char *line, size_t len, struct ftrace_line *l,
					const char **why);

/* ---- the kmem events of the page allocator ---- */

enum ftrace_kmem_kind {
	KMEM_PAGE_ALLOC,		/* mm_page_alloc */
	KMEM_PAGE_FREE,			/* mm_page_free; mm_page_free_direct before 3.3 */
	KMEM_PAGE_FREE_BATCHED,		/* mm_page_free_batched; mm_pagevec_free before 3.3 */
	KMEM_PAGE_ALLOC_ZONE_LOCKED,	/* mm_page_alloc_zone_locked */
	KMEM_PAGE_PCPU_DRAIN,		/* mm_page_pcpu_drain */
	KMEM_PAGE_ALLOC_EXTFRAG,	/* mm_page_alloc_extfrag */
	KMEM_NR_KINDS,
};

/* The names the events go by, old names included. */
enum ftrace_kmem_name {
	KMEM_NAME_PAGE_ALLOC,
	KMEM_NAME_PAGE_FREE,
	KMEM_NAME_PAGE_FREE_DIRECT,
	KMEM_NAME_PAGE_FREE_BATCHED,
	KMEM_NAME_PAGEVEC_FREE,
	KMEM_NAME_PAGE_ALLOC_ZONE_LOCKED,
	KMEM_NAME_PAGE_PCPU_DRAIN,
	KMEM_NAME_PAGE_ALLOC_EXTFRAG,
	KMEM_NR_NAMES,
};

/* The name index of an event name, or -1 for any other event. */
int ftrace_kmem_name_index(const char *event, size_t len);
const char *ftrace_kmem_name(enum ftrace_kmem_name name);
enum ftrace_kmem_kind ftrace_kmem_kind_of(enum ftrace_kmem_name name);

/* The largest order the importer's output may hold (MAX_ORDER - 1). */
#define FTRACE_MAX_ORDER	10

/* One kmem event's fields; a field its event lacks is 0 (-1 for a migratetype). */
struct ftrace_kmem {
	enum ftrace_kmem_name name;
	enum ftrace_kmem_kind kind;
	bool failed;			/* mm_page_alloc without a page: the allocation failed */
	uint64_t pfn;
	unsigned int order;
	int migratetype;		/* as the traced kernel numbers them */
	const char *gfp;		/* mm_page_alloc: gfp_flags= as printed (names or a */
	size_t gfp_len;			/* hex mask; sim/ checks them with mm/gfp.c) */
	bool percpu_refill;		/* zone_locked: 1 when rmqueue_bulk() refilled a pcp list
					 * (kernels without the field: always 1) */
	int alloc_order, fallback_order, pageblock_order;	/* extfrag */
	int alloc_mt, fallback_mt;
	bool fragmenting, change_ownership;
};

/*
 * Decode the fields of the kmem event name into k.  Fields are key=value
 * words in any order; keys the decoder does not know are ignored (the
 * formats grew over the years), the ones it needs must be there.  pfn= is
 * hex with 0x (since 4.x) or decimal (before); page= a hashed or raw
 * pointer, "(null)" or zero for a failed allocation; gfp_flags= names
 * (include/trace/events/mmflags.h) or a hex mask.  Returns 0, or -1 with
 * the reason in err ("mm_page_alloc: bad order= 'x'").
 */
int ftrace_kmem_decode(enum ftrace_kmem_name name, const char *fields, size_t len,
		       struct ftrace_kmem *k, char *err, size_t errlen);

/* ---- kernel versions ---- */

/* What depends on the traced kernel's version (--kernel). */
struct ftrace_kernel {
	char version[16];
	bool movable_before_reclaimable;	/* 4.4 and later: 1 Movable, 2 Reclaimable */
	bool batched_also_freed;		/* 3.3 and later: a batched free also has its mm_page_free */
	/*
	 * 6.1: raw gfp bits (the hex part show_gfp_flags() prints for bits
	 * it has no name for) mean what 6.1's do.  The bit layout moved
	 * several times (4.4, 4.10, ...); numasim only knows 6.1's.
	 */
	bool gfp_bits_as_6_1;
};

/*
 * "6.1", "6.12", "4.19.0" ...: accepted from 2.6.24 (the first kernel with
 * migratetypes) to 6.12.  Returns 0, or -1 with the reason in err.
 */
int ftrace_kernel_parse(const char *text, struct ftrace_kernel *kernel, char *err, size_t errlen);

/*
 * A migratetype of the traced kernel as 6.1 numbers it (0 Unmovable,
 * 1 Movable, 2 Reclaimable, 3 HighAtomic, 4 and up CMA/Isolate as the
 * config has them): before 4.4, Reclaimable was 1 and Movable 2, and 3 the
 * Reserve, which HighAtomic replaced.
 */
int ftrace_migratetype_61(const struct ftrace_kernel *kernel, int mt);

/* "Unmovable", "Movable", ... for a 6.1 migratetype; "Other" beyond HighAtomic. */
const char *ftrace_migratetype_name(int mt61);

#endif /* WORKLOADS_FTRACE_H */
