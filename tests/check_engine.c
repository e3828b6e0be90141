/*
 * tests/check_engine.c - the engine's verb families (sim/engine.c) and the
 * registry (sim/verbs.c).
 *
 * A test family, "probe", records what the engine does to it: its state's
 * init and release, each of its verbs' events, and the look-ahead calls.
 * Engines built on it alone show the lifetime of a family's state, the
 * verb lookup and the look-ahead order; the registry's own families are
 * checked for unique verb names and for a state per engine.  No kernel
 * rule is involved: this is the replay engine's bookkeeping.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/engine.h"
#include "sim/verbs.h"
#include "tests/helpers.h"
#include "workloads/trace.h"

#define PROBE_READY	0x5eed1234u
#define PROBE_LINES	512

struct probe_state {
	unsigned int ready;		/* PROBE_READY once init ran */
	unsigned int nr_pings;
};

/*
 * What the engine did to the probe, by trace line.  The look-ahead gets a
 * read-only state, so its log lives here; the state is gone after release.
 */
static struct {
	unsigned char far[PROBE_LINES], mid[PROBE_LINES], near[PROBE_LINES];
	bool ran[PROBE_LINES];
	const void *released;		/* the state release was given */
	unsigned int released_pings;	/* its nr_pings then */
} probe_log;

static enum engine_status do_ping(struct engine *e, const struct trace_record *rec,
				  const char *const *vals);

static const struct engine_verb verb_ping = { .name = "ping", .handler = do_ping };
static const struct engine_verb *const probe_verbs[] = { &verb_ping, NULL };

static int probe_init(void *state)
{
	struct probe_state *s = state;

	ck_assert_uint_eq(s->ready, 0);		/* the engine hands it over zeroed */
	s->ready = PROBE_READY;
	return 0;
}

static void probe_release(void *state)
{
	const struct probe_state *s = state;

	probe_log.released = state;
	probe_log.released_pings = s->nr_pings;
}

static void probe_lookahead(const struct engine *e, const void *state, const struct engine_verb *v,
			    const struct trace_record *rec, enum engine_ahead ahead,
			    uint64_t *scratch)
{
	/*
	 * The record's word: 0 at FAR, then what the previous stage left.  Odd
	 * lines are left 0: no later stage may come for them.
	 */
	ck_assert_uint_eq(*scratch, ahead == ENGINE_AHEAD_FAR ? 0 : rec->line);
	*scratch = rec->line % 2 ? 0 : rec->line;
	ck_assert_ptr_eq(v, &verb_ping);
	ck_assert_uint_lt(rec->line, PROBE_LINES);
	ck_assert_msg(!probe_log.ran[rec->line], "look-ahead after line %lu ran", rec->line);
	if (ahead == ENGINE_AHEAD_FAR) {
		probe_log.far[rec->line]++;
	} else if (ahead == ENGINE_AHEAD_MID) {
		ck_assert_msg(probe_log.far[rec->line], "MID before FAR for line %lu", rec->line);
		probe_log.mid[rec->line]++;
	} else {
		ck_assert_msg(probe_log.far[rec->line], "NEAR before FAR for line %lu", rec->line);
		probe_log.near[rec->line]++;
	}
}

static const struct engine_family family_probe = {
	.name = "probe",
	.verbs = probe_verbs,
	.state_size = sizeof(struct probe_state),
	.init = probe_init,
	.release = probe_release,
	.lookahead = probe_lookahead,
};

/* ping: the state is ready, and the record was announced once, far ahead. */
static enum engine_status do_ping(struct engine *e, const struct trace_record *rec,
				  const char *const *vals)
{
	struct probe_state *s = engine_family_state(e, &family_probe);

	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->ready, PROBE_READY);
	ck_assert_uint_eq(probe_log.far[rec->line], 1);
	ck_assert_uint_le(probe_log.mid[rec->line], 1);
	ck_assert_uint_le(probe_log.near[rec->line], 1);
	probe_log.ran[rec->line] = true;
	s->nr_pings++;
	return ENGINE_OK;
}

/* A second family registering "ping" again. */
static const struct engine_family family_twin = {
	.name = "twin",
	.verbs = probe_verbs,
};

static const struct engine_family *const probe_only[] = { &family_probe };

/* An engine serving families[0..nr) (NULL: the registry) on m. */
static enum engine_status init_engine(struct engine *e, struct machine *m,
				      const struct engine_family *const *families, size_t nr)
{
	struct engine_opts opts = { .check_every = 0, .families = families, .nr_families = nr };

	memset(&probe_log, 0, sizeof(probe_log));
	return engine_init(e, m, &opts);
}

/* body: nr lines of "ping", then tail. */
static char *pings(unsigned int nr, const char *tail)
{
	size_t len = nr * 5 + strlen(tail) + 1;
	char *body = malloc(len), *p = body;

	ck_assert_ptr_nonnull(body);
	for (unsigned int i = 0; i < nr; i++)
		p += sprintf(p, "ping\n");
	strcpy(p, tail);
	return body;
}

/*
 * A family's state exists, zeroed and then set up by its init, as soon as
 * engine_init() returns, before any record; every verb of the family gets
 * that same state; engine_release() hands it to the family's release.
 * Expect the state ready with no event replayed, 3 pings counted in it,
 * and release given that state with its 3 pings.
 */
START_TEST(test_family_state_lifetime)
{
	struct machine *m = test_boot_node("16M", 1, TEST_K_PLAIN);
	struct engine e;
	struct probe_state *s;

	ck_assert_int_eq(init_engine(&e, m, probe_only, 1), ENGINE_OK);
	s = engine_family_state(&e, &family_probe);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->ready, PROBE_READY);
	ck_assert_ptr_null(engine_family_state(&e, &family_page));	/* not served */
	ck_assert_int_eq(test_replay_body(&e, "ping\nping\nping\n"), ENGINE_OK);
	ck_assert_uint_eq(s->nr_pings, 3);
	ck_assert_ptr_null(probe_log.released);
	engine_release(&e);
	ck_assert_ptr_eq(probe_log.released, s);
	ck_assert_uint_eq(probe_log.released_pings, 3);
	test_release(m);
}
END_TEST

/*
 * Every verb of the registry has a name and a handler, and no two verbs
 * share a name (one of them could never be reached).  Expect unique names
 * and engine_init() to accept the registry.
 */
START_TEST(test_registry_verb_names_unique)
{
	struct machine *m = test_boot_node("16M", 1, TEST_K_PLAIN);
	const struct engine_verb *seen[128];
	unsigned int nr = 0;
	struct engine e;

	for (size_t f = 0; f < engine_nr_families; f++) {
		ck_assert_ptr_nonnull(engine_families[f]->name);
		for (const struct engine_verb *const *v = engine_families[f]->verbs; *v; v++) {
			ck_assert_ptr_nonnull((*v)->handler);
			ck_assert((*v)->name[0] != '\0');
			for (unsigned int i = 0; i < nr; i++)
				ck_assert_msg(strcmp(seen[i]->name, (*v)->name) != 0,
					      "verb '%s' registered twice", (*v)->name);
			ck_assert_uint_lt(nr, TEST_ARRAY_SIZE(seen));
			seen[nr++] = *v;
		}
	}
	ck_assert_uint_ge(nr, 22);	/* page 4, snapshot 1, processes 16, sysfs 1 */
	ck_assert_int_eq(init_engine(&e, m, NULL, 0), ENGINE_OK);
	engine_release(&e);
	test_release(m);
}
END_TEST

/*
 * Two families registering the same verb name: engine_init() refuses them
 * as the simulator's own error, naming the verb and both families, and
 * engine_release() still releases the state already set up.
 */
START_TEST(test_duplicate_verb_refused)
{
	static const struct engine_family *const both[] = { &family_probe, &family_twin };
	struct engine e;

	ck_assert_int_eq(init_engine(&e, NULL, both, 2), ENGINE_INTERNAL);
	ck_assert_str_eq(e.msg, "numasim: verb 'ping' registered twice (the probe and twin verbs)");
	engine_release(&e);
	ck_assert_ptr_nonnull(probe_log.released);
}
END_TEST

/*
 * A verb no served family registers is an input error at its own line,
 * after the records before it were replayed: a name sharing its first
 * letter or a prefix with a verb is still unknown, and so is a verb of a
 * family the engine does not serve.
 */
START_TEST(test_unknown_verb)
{
	static const char *const unknown[] = { "frobnicate", "allocx", "alloc_", "mma", "p" };
	struct machine *m = test_boot_node("16M", 1, TEST_K_PLAIN);
	char body[128], msg[128];
	struct engine e;

	for (size_t i = 0; i < TEST_ARRAY_SIZE(unknown); i++) {
		ck_assert_int_eq(init_engine(&e, m, NULL, 0), ENGINE_OK);
		snprintf(body, sizeof(body), "alloc id=a order=0 gfp=GFP_KERNEL\n%s x=1\n", unknown[i]);
		snprintf(msg, sizeof(msg), "t.trace:3: unknown verb '%s'", unknown[i]);
		ck_assert_int_eq(test_replay_body(&e, body), ENGINE_BAD_INPUT);
		ck_assert_str_eq(e.msg, msg);
		ck_assert_uint_eq(e.nr_events, 1);
		engine_release(&e);
	}
	ck_assert_int_eq(init_engine(&e, m, probe_only, 1), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e, "ping\nalloc id=a order=0 gfp=GFP_KERNEL\n"), ENGINE_BAD_INPUT);
	ck_assert_str_eq(e.msg, "t.trace:3: unknown verb 'alloc'");
	ck_assert_uint_eq(((struct probe_state *)engine_family_state(&e, &family_probe))->nr_pings, 1);
	engine_release(&e);
	test_release(m);
}
END_TEST

/*
 * The look-ahead: each record is announced to its family once far ahead,
 * then at most once mid-way and at most once near, all before its turn
 * (do_ping and the hook check this), across several batches; the later
 * calls come only for records the family left a word for (even lines).  An unknown verb inside the look-ahead
 * window stops the replay only when its turn comes.  Expect 150 pings,
 * each announced far exactly once, near calls made; then 37 pings replayed
 * before the unknown verb on line 39.
 */
START_TEST(test_lookahead_before_turn)
{
	struct machine *m = test_boot_node("16M", 1, TEST_K_PLAIN);
	unsigned int nr_near = 0, nr_mid = 0;
	struct engine e;
	char *body = pings(150, "");

	ck_assert_int_eq(init_engine(&e, m, probe_only, 1), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e, body), ENGINE_OK);
	for (unsigned int line = 2; line < 152; line++) {
		ck_assert_uint_eq(probe_log.far[line], 1);
		ck_assert(probe_log.ran[line]);
		if (line % 2) {
			ck_assert_uint_eq(probe_log.mid[line], 0);
			ck_assert_uint_eq(probe_log.near[line], 0);
		}
		nr_mid += probe_log.mid[line];
		nr_near += probe_log.near[line];
	}
	ck_assert_uint_gt(nr_mid, 50);
	ck_assert_uint_gt(nr_near, 50);
	engine_release(&e);
	free(body);

	body = pings(37, "bogus\nping\n");
	ck_assert_int_eq(init_engine(&e, m, probe_only, 1), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e, body), ENGINE_BAD_INPUT);
	ck_assert_str_eq(e.msg, "t.trace:39: unknown verb 'bogus'");
	ck_assert_uint_eq(e.nr_events, 37);
	ck_assert(!probe_log.ran[40]);
	engine_release(&e);
	free(body);
	test_release(m);
}
END_TEST

/*
 * Each engine has its own family states: the same allocation name is live
 * in two engines at once, and freeing it in one leaves the other's.
 */
START_TEST(test_state_per_engine)
{
	struct machine *m1 = test_boot_node("16M", 1, TEST_K_PLAIN);
	struct machine *m2 = test_boot_node("16M", 1, TEST_K_PLAIN);
	struct engine e1, e2;

	ck_assert_int_eq(init_engine(&e1, m1, NULL, 0), ENGINE_OK);
	ck_assert_int_eq(init_engine(&e2, m2, NULL, 0), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e1, "alloc id=a order=0 gfp=GFP_KERNEL\n"), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e2, "alloc id=a order=0 gfp=GFP_KERNEL\nfree id=a\n"), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e1, "free id=a\n"), ENGINE_OK);
	ck_assert_int_eq(test_replay_body(&e2, "free id=a\n"), ENGINE_BAD_INPUT);
	ck_assert_str_eq(e2.msg,
			 "t.trace:2: free of unknown id 'a' (never allocated, or freed already)");
	engine_release(&e1);
	engine_release(&e2);
	test_release(m1);
	test_release(m2);
}
END_TEST

Suite *engine_suite(void);

Suite *engine_suite(void)
{
	Suite *s = suite_create("engine");
	TCase *tc = tcase_create("families");

	tcase_add_test(tc, test_family_state_lifetime);
	tcase_add_test(tc, test_registry_verb_names_unique);
	tcase_add_test(tc, test_duplicate_verb_refused);
	tcase_add_test(tc, test_unknown_verb);
	tcase_add_test(tc, test_lookahead_before_turn);
	tcase_add_test(tc, test_state_per_engine);
	suite_add_tcase(s, tc);
	return s;
}
