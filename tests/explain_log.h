/*
 * tests/explain_log.h - a collecting explain sink for the tests of
 * mm/'s narration (mm/explain.h): every event of the migration,
 * compaction, CMA and offlining tables (sim/explain_migrate.c,
 * sim/explain_compact.c) copied with its fields, in order, so a test
 * can read the story back without the renderer.  Events of other areas
 * (the allocator's) are not kept: a test sees its own area's sequence.
 */
#ifndef TESTS_EXPLAIN_LOG_H
#define TESTS_EXPLAIN_LOG_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mmzone.h"
#include "sim/explain.h"

#define EXPLAIN_LOG_MAX	8192

struct explain_log {
	unsigned int n;
	unsigned int dropped;			/* past EXPLAIN_LOG_MAX */
	struct mm_explain_event ev[EXPLAIN_LOG_MAX];
};

/* The template of name in the migration and compaction tables, or NULL. */
static inline const struct explain_template *explain_log_template(const char *name)
{
	const struct explain_template *tables[] = { explain_migrate_templates,
						    explain_compact_templates };

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct explain_template *e = tables[t]; e->name; e++)
			if (!strcmp(e->name, name))
				return e;
	return NULL;
}

static inline void explain_log_emit(void *ctx, const struct mm_explain_event *ev)
{
	struct explain_log *log = ctx;

	if (!explain_log_template(ev->name))
		return;
	if (log->n < EXPLAIN_LOG_MAX)
		log->ev[log->n++] = *ev;
	else
		log->dropped++;
}

/* A fresh log (the caller frees it) attached to m's explain sink. */
static inline struct explain_log *explain_log_attach(struct machine *m)
{
	struct explain_log *log = calloc(1, sizeof(*log));

	ck_assert_ptr_nonnull(log);
	m->explain = (struct mm_explain_sink){ .emit = explain_log_emit, .ctx = log };
	return log;
}

static inline void explain_log_detach(struct machine *m)
{
	m->explain = (struct mm_explain_sink){ 0 };
}

/* Whether ev has the field key; its value in *value. */
static inline bool explain_has(const struct mm_explain_event *ev, const char *key, long *value)
{
	for (unsigned int i = 0; i < ev->nr_fields; i++) {
		if (!strcmp(ev->fields[i].key, key)) {
			if (value)
				*value = ev->fields[i].value;
			return true;
		}
	}
	return false;
}

/* The value of ev's field key; fails the test when ev has none. */
static inline long explain_field(const struct mm_explain_event *ev, const char *key)
{
	long value = 0;

	ck_assert_msg(explain_has(ev, key, &value), "%s has no field %s", ev->name, key);
	return value;
}

/* The index of the first event named name at or after from, or log->n. */
static inline unsigned int explain_find(const struct explain_log *log, const char *name,
					unsigned int from)
{
	while (from < log->n && strcmp(log->ev[from].name, name))
		from++;
	return from;
}

/* The first event named name at or after from; fails the test when there is none. */
static inline const struct mm_explain_event *explain_get(const struct explain_log *log,
							 const char *name, unsigned int from)
{
	unsigned int i = explain_find(log, name, from);

	ck_assert_msg(i < log->n, "no %s event from #%u", name, from);
	return &log->ev[i];
}

/* How many events are named name. */
static inline unsigned int explain_count(const struct explain_log *log, const char *name)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < log->n; i++)
		n += !strcmp(log->ev[i].name, name);
	return n;
}

#endif /* TESTS_EXPLAIN_LOG_H */
