/*
 * sim/args.h - the values of a trace record's arguments, as every verb
 * handler parses them: numbers, pids, sizes, addresses (with @NAME), CPUs,
 * nodes and node lists, gfp masks, protections and enumerated words.
 *
 * One convention for all: a parser returns ENGINE_OK with the value in
 * *out, or fails through engine_bad_input() ("FILE:LINE: message" in
 * e->msg) and returns ENGINE_BAD_INPUT.  Values a parser
 * checks against the machine (CPUs, nodes) come from e->m.  A parser keeps
 * no state of its own: the gfp cache and the address names are passed in
 * by the family that owns them.
 *
 * No kernel counterpart (the parsing of user input; the node list syntax
 * is the kernel's bitmap_parselist() without the ":used/group" form).
 */
#ifndef SIM_ARGS_H
#define SIM_ARGS_H

#include <stdint.h>

#include "mm/gfp.h"
#include "sim/engine.h"
#include "sim/names.h"

/*
 * Traces repeat a handful of gfp strings millions of times: a small
 * direct-mapped cache of parsed ones, keyed by the exact text.  A zeroed
 * cache is empty.
 */
#define GFP_CACHE_SLOTS	64

struct gfp_cache_entry {
	char *text;		/* NULL: empty slot */
	gfp_t gfp;
};

struct gfp_cache {
	struct gfp_cache_entry slots[GFP_CACHE_SLOTS];
};

void gfp_cache_release(struct gfp_cache *c);

/*
 * Parse the value of key (text) as an unsigned number no larger than max.
 * On failure fills e->msg ("bad value 'x' for order: not a number" /
 * "order 11 out of range (0..10)", the latter also for a negative number
 * or one beyond 64 bits) and returns ENGINE_BAD_INPUT.
 */
enum engine_status engine_parse_uint(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, uint64_t max,
				     uint64_t *out);

/* A signed number that fits a long: decimal, or 0x hex (a leading 0 is not octal). */
enum engine_status engine_parse_long(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, long *out);

/* A pid (pid=, child=): 1..INT_MAX, one message for both ends ("pid 0 out of range (1..2147483647)"). */
enum engine_status engine_parse_pid(struct engine *e, const struct trace_record *rec,
				    const char *key, const char *text, int *pid);

/* A size: a number with an optional K, M, G or T suffix (powers of 1024). */
enum engine_status engine_parse_size(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text, uint64_t *out);

/*
 * An address: a size as above, or @NAME or @NAME+SIZE, NAME being a name
 * of names (the id= of an earlier mmap).  Unknown names and overflow are
 * ENGINE_BAD_INPUT.
 */
enum engine_status engine_parse_addr(struct engine *e, const struct trace_record *rec,
				     const struct name_table *names, const char *key,
				     const char *text, uint64_t *out);

/* cpu=N: a CPU of the machine. */
enum engine_status engine_parse_cpu(struct engine *e, const struct trace_record *rec,
				    const char *text, int *cpu);

/*
 * node=N: a node of the machine.  A node without memory is one too: every
 * node is online, and an allocation preferring it starts down its zonelist
 * (Linux: alloc_pages_node() on a memoryless node).
 */
enum engine_status engine_parse_node(struct engine *e, const struct trace_record *rec,
				     const char *text, int *nid);

/* A node list "0-1,3" of nodes the machine has (the kernel's list syntax). */
enum engine_status engine_parse_nodelist(struct engine *e, const struct trace_record *rec,
					 const char *text, nodemask_t *out);

/* A gfp mask, through cache: flag names joined by '|', a valid zone combination. */
enum engine_status engine_parse_gfp(struct engine *e, const struct trace_record *rec,
				    struct gfp_cache *cache, const char *text, gfp_t *out);

/* prot=: "none", or some of r, w, x (each once): PROT_READ|PROT_WRITE|PROT_EXEC. */
enum engine_status engine_parse_prot(struct engine *e, const struct trace_record *rec,
				     const char *text, unsigned long *prot);

/*
 * Which of words[0..nr) text is: its index, or ENGINE_BAD_INPUT with
 * "bad value 'x' for key (a, b or c)".
 */
enum engine_status engine_parse_word(struct engine *e, const struct trace_record *rec,
				     const char *key, const char *text,
				     const char *const *words, unsigned int nr, unsigned int *out);

#endif /* SIM_ARGS_H */
