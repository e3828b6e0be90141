/*
 * sim/tracefs.h - an mm_event_sink that writes the text of the kernel's
 * tracefs "trace" file, as `cat /sys/kernel/tracing/trace` prints it after
 * `echo 1 > events/kmem/enable` (or the enable files of other subsystems).
 *
 * The file starts with a header that counts the entries, so the sink
 * buffers the event lines in an anonymous temporary file and writes the
 * header, then the lines, in tracefs_finish().
 *
 * Deterministic by construction: the task is always "numasim" with pid 1,
 * timestamps come from the engine's virtual clock, and page=%p prints a
 * fake vmemmap address (0xffffea0000000000 + pfn * 64, as a kernel booted
 * with no_hash_pointers would) instead of a hashed pointer.
 *
 * Linux counterpart: kernel/trace/trace_output.c (line layout),
 * kernel/trace/trace.c (header), TP_printk of the events (mm/trace_points.h).
 */
#ifndef SIM_TRACEFS_H
#define SIM_TRACEFS_H

#include <stdint.h>
#include <stdio.h>

#include "mm/mmzone.h"

struct tracefs;

/*
 * Attach a tracefs writer to m->sink and enable the events of the mask
 * events (MM_EV_BIT() of each; `echo 1 > events/kmem/enable` is
 * mm_event_subsys_mask(MM_SYS_kmem)).  clock_ns points at the virtual clock
 * (read at each event).  Returns NULL with a message in err.
 */
struct tracefs *tracefs_attach(struct machine *m, const uint64_t *clock_ns, uint64_t events,
			       char *err, size_t errlen);

/*
 * Write the header and every buffered line to out, detach from the machine
 * and free the writer.  Returns 0, or -1 with a message in err.
 */
int tracefs_finish(struct tracefs *t, FILE *out, char *err, size_t errlen);

/* Detach and free without writing anything (an aborted run). */
void tracefs_discard(struct tracefs *t);

/* Entries written so far. */
unsigned long tracefs_nr_entries(const struct tracefs *t);

#endif /* SIM_TRACEFS_H */
