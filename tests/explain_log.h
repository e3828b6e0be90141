/*
 * tests/explain_log.h - a collecting explain sink for the tests of
 * mm/'s narration (mm/explain.h): every event copied with its fields,
 * in order, so a test can read the story back without the renderer.
 * The migration, compaction, CMA and offlining events are those with a
 * template in sim/explain_migrate.c or sim/explain_compact.c; a test
 * that follows their sequence skips the others (the allocator's).
 * test_explain_check() holds every event of those areas to its sentence:
 * a template for it, and a field for each {key} the sentence names.
 */
#ifndef TESTS_EXPLAIN_LOG_H
#define TESTS_EXPLAIN_LOG_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mmzone.h"
#include "sim/explain.h"

#define EXPLAIN_LOG_MAX	8192

struct test_explain_log {
	unsigned int n;
	unsigned int dropped;			/* past EXPLAIN_LOG_MAX */
	struct mm_explain_event ev[EXPLAIN_LOG_MAX];
};

/* The template of name in the migration and compaction tables, or NULL. */
static inline const struct explain_template *test_explain_template(const char *name)
{
	const struct explain_template *tables[] = { explain_migrate_templates,
						    explain_compact_templates };

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct explain_template *e = tables[t]; e->name; e++)
			if (!strcmp(e->name, name))
				return e;
	return NULL;
}

static inline void test_explain_emit(void *ctx, const struct mm_explain_event *ev)
{
	struct test_explain_log *log = ctx;

	if (log->n < EXPLAIN_LOG_MAX)
		log->ev[log->n++] = *ev;
	else
		log->dropped++;
}

/* A fresh log (the caller frees it) attached to m's explain sink. */
static inline struct test_explain_log *test_explain_attach(struct machine *m)
{
	struct test_explain_log *log = calloc(1, sizeof(*log));

	ck_assert_ptr_nonnull(log);
	m->explain = (struct mm_explain_sink){ .emit = test_explain_emit, .ctx = log };
	return log;
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

/*
 * Does ev come from the code these tables narrate?  By file, and in the
 * files shared with the allocator's narration by the kernel function.
 */
static inline bool explain_is_migration_area(const struct mm_explain_event *ev)
{
	static const char *const files[] = {
		"mm/migrate.c", "mm/rmap.c", "mm/compaction.c", "mm/cma.c",
		"mm/page_isolation.c", "mm/memory_hotplug.c", "mm/mempolicy.c", "mm/hugetlb.c",
	};
	static const char *const functions[] = {
		"alloc_contig_range", "__alloc_contig_migrate_range", "__offline_isolated_pages",
		"compaction_capture", "folio_isolate_lru", "swap_page", "__remove_mapping",
		"migrate_pages",
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (!strcmp(ev->file, files[i]))
			return true;
	for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++)
		if (!strcmp(ev->function, functions[i]))
			return true;
	return false;
}

/*
 * Every {key} or {key:FORMAT} of text is a field of ev (the renderer
 * would print the placeholder as it is otherwise).
 */
static inline void explain_check_keys(const struct mm_explain_event *ev, const char *text)
{
	for (const char *open = strchr(text, '{'); open; open = strchr(open + 1, '{')) {
		size_t len = strcspn(open + 1, ":}");
		char key[64];

		ck_assert_uint_lt(len, sizeof(key));
		memcpy(key, open + 1, len);
		key[len] = '\0';
		ck_assert_msg(explain_has(ev, key, NULL), "%s's sentence names {%s}, a field %s() "
			      "does not give", ev->name, key, ev->function);
	}
}

/* Each migration-area event has a sentence, and the sentence's keys are its fields. */
static inline void test_explain_check(const struct test_explain_log *log)
{
	ck_assert_uint_eq(log->dropped, 0);
	for (unsigned int i = 0; i < log->n; i++) {
		const struct mm_explain_event *ev = &log->ev[i];
		const struct explain_template *tpl = test_explain_template(ev->name);

		if (!explain_is_migration_area(ev))
			continue;
		ck_assert_msg(tpl != NULL, "%s() emits %s, which has no sentence", ev->function,
			      ev->name);
		explain_check_keys(ev, tpl->text);
	}
}

/* The sink off again; what it collected is held to the sentences (test_explain_check()). */
static inline void test_explain_detach(struct machine *m)
{
	const struct test_explain_log *log = m->explain.ctx;

	m->explain = (struct mm_explain_sink){ 0 };
	test_explain_check(log);
}

/* The index of the first event named name at or after from, or log->n. */
static inline unsigned int explain_find(const struct test_explain_log *log, const char *name,
					unsigned int from)
{
	while (from < log->n && strcmp(log->ev[from].name, name))
		from++;
	return from;
}

/* The first event named name at or after from; fails the test when there is none. */
static inline const struct mm_explain_event *explain_get(const struct test_explain_log *log,
							 const char *name, unsigned int from)
{
	unsigned int i = explain_find(log, name, from);

	ck_assert_msg(i < log->n, "no %s event from #%u", name, from);
	return &log->ev[i];
}

/* How many events are named name. */
static inline unsigned int explain_count(const struct test_explain_log *log, const char *name)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < log->n; i++)
		n += !strcmp(log->ev[i].name, name);
	return n;
}

#endif /* TESTS_EXPLAIN_LOG_H */
