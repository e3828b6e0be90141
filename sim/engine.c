/*
 * sim/engine.c - the replay loop: verb dispatch, the machine's clock and
 * its daemons between events, and the periodic work: whole-machine checks
 * and samples for the report (timeseries.csv), each every N events and
 * once at the end.
 *
 * One record is one event.  engine_step() advances the clock (the record's
 * @TIME, else the previous time plus 1 us), running the kernel's background
 * work due before it (mm_run_daemons()), takes the verb's row found in the
 * verb index, matches every key=value and flag word of the record to a key
 * of the row (unknown and missing keys, and flags given a value, are input
 * errors), and calls the handler with the values in row order.  After the
 * handler the daemons it woke (kswapd) run, as the kernel's would once the
 * allocating task yields.
 *
 * The verbs come from the families of the registry (sim/verbs.c), which
 * engine_init() turns into the verb index and the families' states; the
 * engine knows no verb or family by name.
 *
 * Invariants: the clock never goes backwards; every event either completes
 * or stops the replay with a message, except an event of a task the OOM
 * killer killed that the trace said may be killed (skipped and counted by
 * the family that keeps those expectations, sim/verbs_oom.c); m->current_cpu
 * always names a CPU of the machine; every family's state is set up before
 * the first record and freed by engine_release(); no two verbs share a name.
 *
 * Linux counterpart: none (the processes and kernel threads of a running
 * system); mm_run_daemons() stands for the scheduler running kernel threads.
 */
#include "sim/engine.h"


/*
 * Replay reads REPLAY_BATCH records at a time so it can look ahead: a free
 * names a random block, so its name's slot and then its struct page are
 * cache misses that would stall every event in turn.  The loop finds each
 * record's verb REPLAY_SLOT_AHEAD records early and has the verb's family
 * start loading the slot then (ENGINE_AHEAD_FAR), what the slot names
 * REPLAY_MID_AHEAD records early (ENGINE_AHEAD_MID) and the frame
 * REPLAY_PAGE_AHEAD records early (ENGINE_AHEAD_NEAR) (measured: about 15%
 * faster replay of the default workload; see docs/performance.md).  The
 * hook is called through the family's pointer, which also keeps the loads:
 * GCC takes a function whose only effect is a prefetch for a const one and
 * drops direct calls to it, as it dropped the slot prefetch when the
 * engine called it by name.  The first records of a batch come too soon
 * for the later stages (a batch's records are all the loop can see), so
 * batches are long: 256 records left an eighth as many of them out as 64
 * did, and replayed the 10 M-event churn trace in 0.86 of the time (median
 * of 8 paired runs); 1024 gained nothing more.
 */
#define REPLAY_BATCH		ENGINE_REPLAY_BATCH
#define REPLAY_SLOT_AHEAD	32
#define REPLAY_MID_AHEAD	16
#define REPLAY_PAGE_AHEAD	8

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/check.h"
#include "mm/daemon.h"
#include "mm/mm.h"
#include "mm/oom.h"
#include "sim/progress.h"

#define NSEC_PER_USEC		1000ull

/* ---- families ---- */

/* Give every family its state, zeroed and then set up by its init. */
static enum engine_status engine_init_families(struct engine *e)
{
	e->families = calloc(e->opts.nr_families, sizeof(*e->families));
	if (!e->families)
		return engine_internal(e, "out of memory");
	e->nr_families = e->opts.nr_families;
	for (size_t i = 0; i < e->nr_families; i++) {
		const struct engine_family *f = e->opts.families[i];
		void *state;

		e->families[i].family = f;
		if (!f->state_size)
			continue;
		state = calloc(1, f->state_size);
		if (!state || (f->init && f->init(state) != 0)) {
			free(state);
			return engine_internal(e, "out of memory for the state of the %s verbs",
					       f->name);
		}
		e->families[i].state = state;
	}
	return ENGINE_OK;
}

/* How many verbs e serves, and how many of them start with each byte. */
static size_t engine_count_verbs(const struct engine *e, size_t count[256])
{
	size_t nr_verbs = 0;

	for (size_t i = 0; i < e->nr_families; i++)
		for (const struct engine_verb *const *v = e->families[i].family->verbs; *v; v++) {
			count[(unsigned char)(*v)->name[0]]++;
			nr_verbs++;
		}
	return nr_verbs;
}

/* name as a word (struct engine_name_word); mask 0 when it is too long for one. */
static struct engine_name_word engine_name_word(const char *name)
{
	size_t len = strlen(name);
	unsigned char word[sizeof(uint64_t)] = { 0 }, mask[sizeof(uint64_t)] = { 0 };
	struct engine_name_word w = { 0, 0 };

	if (len >= sizeof(word))
		return w;
	memcpy(word, name, len + 1);
	memset(mask, 0xff, len + 1);
	memcpy(&w.word, word, sizeof(w.word));
	memcpy(&w.mask, mask, sizeof(w.mask));
	return w;
}

/* Each verb into its first byte's bucket, in registry order within one. */
static void engine_place_verbs(struct engine *e)
{
	size_t next[256];

	for (unsigned int c = 0; c < 256; c++)
		next[c] = e->verb_first[c];
	for (size_t i = 0; i < e->nr_families; i++) {
		const struct engine_family_slot *slot = &e->families[i];

		for (const struct engine_verb *const *v = slot->family->verbs; *v; v++)
			e->verbs[next[(unsigned char)(*v)->name[0]]++] =
				(struct engine_verb_ref){ *v, slot, engine_name_word((*v)->name) };
	}
}

/* A name two families both register would make one of the verbs unreachable. */
static enum engine_status engine_check_unique(struct engine *e, size_t nr_verbs)
{
	for (size_t i = 0; i < nr_verbs; i++) {
		const struct engine_verb_ref *r = &e->verbs[i];
		size_t first = e->verb_first[(unsigned char)r->verb->name[0]];

		for (size_t j = first; j < i; j++)
			if (!strcmp(e->verbs[j].verb->name, r->verb->name))
				return engine_internal(e, "verb '%s' registered twice (the %s and %s verbs)",
						       r->verb->name, e->verbs[j].slot->family->name,
						       r->slot->family->name);
	}
	return ENGINE_OK;
}

/* Every verb's row as words and bits, for the matching of records. */
static void engine_prepare_names(struct engine *e, size_t nr_verbs)
{
	for (size_t i = 0; i < nr_verbs; i++) {
		const struct engine_verb *v = e->verbs[i].verb;
		struct engine_verb_keys *vk = &e->verb_keys[i];
		unsigned int k;

		for (k = 0; k < ENGINE_MAX_KEYS && v->keys[k].name; k++) {
			vk->key[k] = engine_name_word(v->keys[k].name);
			vk->required |= v->keys[k].required ? 1u << k : 0;
			vk->flags |= v->keys[k].flag ? 1u << k : 0;
		}
		vk->nr_keys = k;
	}
}

/*
 * The verb index: the verbs whose name starts with byte c are
 * verbs[verb_first[c]] up to verbs[verb_first[c + 1]], so a lookup
 * compares the names of a handful of verbs at most.
 */
static enum engine_status engine_index_verbs(struct engine *e)
{
	size_t count[256] = { 0 };
	size_t nr_verbs = engine_count_verbs(e, count);

	if (nr_verbs > UINT16_MAX)
		return engine_internal(e, "too many verbs (%zu)", nr_verbs);
	e->verbs = calloc(nr_verbs ? nr_verbs : 1, sizeof(*e->verbs));
	e->verb_keys = calloc(nr_verbs ? nr_verbs : 1, sizeof(*e->verb_keys));
	if (!e->verbs || !e->verb_keys)
		return engine_internal(e, "out of memory");
	for (unsigned int c = 0; c < 256; c++)
		e->verb_first[c + 1] = (uint16_t)(e->verb_first[c] + count[c]);
	engine_place_verbs(e);
	engine_prepare_names(e, nr_verbs);
	return engine_check_unique(e, nr_verbs);
}

enum engine_status engine_init(struct engine *e, struct machine *m, const struct engine_opts *opts)
{
	enum engine_status st;

	memset(e, 0, sizeof(*e));
	e->m = m;
	if (opts)
		e->opts = *opts;
	if (!e->opts.families) {
		e->opts.families = engine_families;
		e->opts.nr_families = engine_nr_families;
	}
	st = engine_init_families(e);
	if (st == ENGINE_OK)
		st = engine_index_verbs(e);
	return st;
}

void engine_release(struct engine *e)
{
	for (size_t i = 0; i < e->nr_families; i++) {
		const struct engine_family *f = e->families[i].family;

		if (e->families[i].state && f->release)
			f->release(e->families[i].state);
		free(e->families[i].state);
	}
	free(e->families);
	free(e->verbs);
	free(e->verb_keys);
	e->verb_keys = NULL;
	e->families = NULL;
	e->nr_families = 0;
	e->verbs = NULL;
	memset(e->verb_first, 0, sizeof(e->verb_first));
}

/* ---- messages ---- */

enum engine_status engine_bad_input(struct engine *e, const struct trace_record *rec,
				    const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(e->msg, sizeof(e->msg), "%s:%lu: ", rec->file, rec->line);
	if (n < 0 || (size_t)n >= sizeof(e->msg))
		return ENGINE_BAD_INPUT;
	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof(e->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return ENGINE_BAD_INPUT;
}

enum engine_status engine_internal(struct engine *e, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(e->msg, sizeof(e->msg), "numasim: ");

	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof(e->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return ENGINE_INTERNAL;
}

enum engine_status engine_output_failed(struct engine *e, const char *msg)
{
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	return ENGINE_OUTPUT;
}

/* ---- dispatch ---- */

/*
 * Verb and key names are a few bytes long: compared inline, they cost a
 * handful of instructions where a call to strcmp() cost some 25 (it ran
 * four times per event).
 */
static inline bool short_name_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/*
 * Is s the name of w (name spelt out)?  One load and compare when s may be
 * read a word at a time and the name fits one; else byte by byte.
 */
static inline bool name_eq(const char *s, bool word_readable, const char *name,
			   const struct engine_name_word *w)
{
	uint64_t x;

	if (!word_readable || !w->mask)
		return short_name_eq(name, s);
	memcpy(&x, s, sizeof(x));
	return (x & w->mask) == w->word;
}

/* The verb of rec, with its family; NULL if e serves no such verb. */
static const struct engine_verb_ref *engine_find_verb(const struct engine *e,
						      const struct trace_record *rec)
{
	unsigned int c = (unsigned char)rec->verb[0];

	for (unsigned int i = e->verb_first[c]; i < e->verb_first[c + 1]; i++)
		if (name_eq(rec->verb, rec->word_readable, e->verbs[i].verb->name,
			    &e->verbs[i].name))
			return &e->verbs[i];
	return NULL;
}

static int verb_key_index(const struct engine_verb *v, const char *key)
{
	for (int i = 0; i < ENGINE_MAX_KEYS && v->keys[i].name; i++)
		if (v->keys[i].name[0] == key[0] && short_name_eq(v->keys[i].name, key))
			return i;
	return -1;
}

static bool verb_has_flags(const struct engine_verb *v)
{
	for (int i = 0; i < ENGINE_MAX_KEYS && v->keys[i].name; i++)
		if (v->keys[i].flag)
			return true;
	return false;
}

/*
 * The key index of the a-th argument of a record of ref's verb.  Records of
 * one verb mostly list the same keys in the same order, so the index the
 * a-th argument had last time is tried first: one compare instead of a
 * scan of the row.
 */
static int engine_key_index(struct engine *e, const struct engine_verb_ref *ref,
			    const struct trace_record *rec, unsigned int a)
{
	struct engine_verb_keys *vk = &e->verb_keys[ref - e->verbs];
	const struct engine_verb *v = ref->verb;
	const char *key = rec->args[a].key;
	int k;

	if (a < ENGINE_MAX_KEYS) {
		k = vk->hint[a];
		if ((unsigned int)k < vk->nr_keys &&
		    name_eq(key, rec->word_readable, v->keys[k].name, &vk->key[k]))
			return k;
	}
	k = verb_key_index(v, key);
	if (k >= 0 && a < ENGINE_MAX_KEYS)
		vk->hint[a] = (uint8_t)k;
	return k;
}

/* A bare word of rec: its key index if it is one of the verb's flags. */
static int engine_match_flag(struct engine *e, const struct trace_record *rec,
			     const struct engine_verb *v, const char *word)
{
	int k = verb_key_index(v, word);

	if (k >= 0 && v->keys[k].flag)
		return k;
	if (k < 0 && verb_has_flags(v))
		engine_bad_input(e, rec, "unknown flag '%s' for %s", word, v->name);
	else
		engine_bad_input(e, rec, "unexpected word '%s' for %s (expected key=value)",
				 word, v->name);
	return -1;
}

/*
 * The keys of v a record did not give (seen: the bits of those it gave),
 * in row order: a flag given a value, a required key missing, each an
 * error; else vals[k] of an absent key becomes NULL.
 */
static enum engine_status engine_check_absent(struct engine *e, const struct trace_record *rec,
					      const struct engine_verb *v, uint32_t seen,
					      const char **vals)
{
	for (int k = 0; k < ENGINE_MAX_KEYS && v->keys[k].name; k++) {
		if (seen & (1u << k)) {
			if (v->keys[k].flag && vals[k][0])
				return engine_bad_input(e, rec, "flag '%s' takes no value (got '%s=%s')",
							v->keys[k].name, v->keys[k].name, vals[k]);
			continue;
		}
		if (v->keys[k].required)
			return engine_bad_input(e, rec, "missing key '%s' for %s", v->keys[k].name,
						v->name);
		vals[k] = NULL;
	}
	return ENGINE_OK;
}

/*
 * Fill vals[] (in the row's key order) from rec: the value of each
 * key=value, "" for each flag word, NULL for keys absent.  The bits of
 * seen say which keys were given; a flag given a value is caught at the
 * end, from its non-empty value, so the loop over the arguments stays
 * short (it runs for every event).  When every required key was given and
 * no flag, the absent keys' values are cleared by their bits alone; else
 * engine_check_absent() walks the row for its messages.  The reader has
 * refused repeated keys.
 */
static enum engine_status engine_match_keys(struct engine *e, const struct trace_record *rec,
					    const struct engine_verb_ref *ref, const char **vals)
{
	const struct engine_verb_keys *vk = &e->verb_keys[ref - e->verbs];
	const struct engine_verb *v = ref->verb;
	uint32_t seen = 0, absent;

	for (unsigned int a = 0; a < rec->nr_args; a++) {
		const struct trace_arg *arg = &rec->args[a];
		int k;

		if (!arg->value) {
			k = engine_match_flag(e, rec, v, arg->key);
			if (k < 0)
				return ENGINE_BAD_INPUT;
			vals[k] = "";
		} else {
			k = engine_key_index(e, ref, rec, a);
			if (k < 0)
				return engine_bad_input(e, rec, "unknown key '%s' for %s", arg->key,
							v->name);
			vals[k] = arg->value;
		}
		seen |= 1u << k;
	}
	if ((vk->required & ~seen) || (vk->flags & seen))
		return engine_check_absent(e, rec, v, seen, vals);
	for (absent = ((1u << vk->nr_keys) - 1) & ~seen; absent; absent &= absent - 1)
		vals[__builtin_ctz(absent)] = NULL;
	return ENGINE_OK;
}

/* rec's verb (ref; NULL: not one e serves) and its keys, into vals. */
static enum engine_status engine_match_record(struct engine *e, const struct trace_record *rec,
					      const struct engine_verb_ref *ref, const char **vals)
{
	if (!ref)
		return engine_bad_input(e, rec, "unknown verb '%s'", rec->verb);
	if (ref->verb->any_keys) {
		memset(vals, 0, ENGINE_MAX_KEYS * sizeof(*vals));
		return ENGINE_OK;
	}
	return engine_match_keys(e, rec, ref, vals);
}

enum engine_status engine_check_record(struct engine *e, const struct trace_record *rec,
				       const struct engine_verb_ref **ref)
{
	const char *vals[ENGINE_MAX_KEYS];

	*ref = engine_find_verb(e, rec);
	return engine_match_record(e, rec, *ref, vals);
}

/*
 * The machine's clock: @TIME when given, else 1 us after the previous
 * event.  The reader guarantees @TIMEs never decrease, but a run of untimed
 * events may have pushed the clock past the next @TIME; the clock then
 * stays where it is, so trace-event timestamps never go backwards.  The
 * kernel's background work due before the event runs first, at its own
 * times (mm_run_daemons()).
 */
static void engine_tick(struct engine *e, const struct trace_record *rec)
{
	uint64_t now_ns = e->m->clock_ns;

	if (!rec->has_time)
		now_ns += NSEC_PER_USEC;
	else if (rec->time_ns > now_ns)
		now_ns = rec->time_ns;
	mm_run_daemons(e->m, now_ns);
}

/*
 * A record whose pid= names a task the OOM killer killed (and no live
 * one): the families that keep the trace's expectations about such
 * tasks decide whether it is dropped or an input error.
 */
static enum engine_status engine_killed_task(struct engine *e, const struct trace_record *rec,
					     const struct engine_verb *v, const char *const *vals,
					     bool *skip)
{
	const char *text = NULL;
	char *end;
	long pid;

	for (unsigned int k = 0; k < ENGINE_MAX_KEYS && v->keys[k].name; k++)
		if (strcmp(v->keys[k].name, "pid") == 0)
			text = vals[k];
	if (!text)
		return ENGINE_OK;
	errno = 0;
	pid = strtol(text, &end, 10);
	/* A malformed pid is the handler's to report. */
	if (end == text || *end || errno || pid <= 0 || pid > INT_MAX ||
	    find_task_by_pid(e->m, (int)pid) || !oom_find_kill(e->m, (int)pid))
		return ENGINE_OK;
	for (size_t i = 0; i < e->nr_families; i++) {
		const struct engine_family *f = e->families[i].family;
		enum engine_status st;

		if (!f->killed_task)
			continue;
		st = f->killed_task(e, e->families[i].state, v, rec, (int)pid, skip);
		if (st != ENGINE_OK || *skip)
			return st;
	}
	return ENGINE_OK;
}

/* Replay one record, whose verb engine_find_verb() found (ref) or not (NULL). */
static enum engine_status engine_step(struct engine *e, const struct trace_record *rec,
				      const struct engine_verb_ref *ref)
{
	const char *vals[ENGINE_MAX_KEYS];	/* engine_match_keys() fills the row's keys */
	const struct engine_verb *v;
	enum engine_status st;

	engine_tick(e, rec);
	st = engine_match_record(e, rec, ref, vals);
	if (st != ENGINE_OK)
		return st;
	v = ref->verb;
	if (e->m->oom.nr_kills) {
		bool skip = false;

		st = engine_killed_task(e, rec, v, vals, &skip);
		if (st != ENGINE_OK || skip)
			return st;
	}
	st = v->handler(e, rec, vals);
	if (st != ENGINE_OK)
		return st;
	/* An OOM victim that was running this event dies on its way back. */
	oom_exit_victims(e->m);
	/* The task has returned: what it woke (kswapd) gets the CPU. */
	mm_run_daemons(e->m, e->m->clock_ns);
	e->nr_events++;
	return ENGINE_OK;
}

/* machine_check(), reported against the event that came before it. */
static enum engine_status engine_check(struct engine *e, const char *file, unsigned long line)
{
	char msg[512];

	if (machine_check(e->m, msg, sizeof(msg)) == 0)
		return ENGINE_OK;
	if (!file)
		return engine_internal(e, "invariant broken after boot: %s", msg);
	return engine_internal(e, "invariant broken after event %s:%lu: %s", file, line, msg);
}

/*
 * A periodic action (every N events) runs once more after the last event,
 * unless that event just had it.  An empty replay gets it once.
 */
static bool engine_final_due(const struct engine *e, unsigned long every)
{
	return every && (e->nr_events == 0 || e->nr_events % every != 0);
}

static void engine_sample(struct engine *e)
{
	if (e->opts.sample)
		e->opts.sample(e->opts.sample_ctx, e->m, e->nr_events, e->m->clock_ns);
}

/* Replay one record, then the checkers and the sampler when they are due. */
static enum engine_status engine_replay_one(struct engine *e, const struct trace_record *rec,
					   const struct engine_verb_ref *ref)
{
	unsigned long every = e->opts.check_every, sample_every = e->opts.sample_every;
	enum engine_status st = engine_step(e, rec, ref);

	if (st != ENGINE_OK)
		return st;
	e->last_file = rec->file;
	e->last_line = rec->line;
	if (every && e->nr_events % every == 0) {
		st = engine_check(e, e->last_file, e->last_line);
		if (st != ENGINE_OK)
			return st;
	}
	if (sample_every && e->nr_events % sample_every == 0)
		engine_sample(e);
	return ENGINE_OK;
}

/* Tell the family of rec's verb (if e serves it) that rec is coming. */
static void engine_lookahead(const struct engine *e, const struct trace_record *rec,
			     const struct engine_verb_ref *ref, enum engine_ahead ahead,
			     uint64_t *scratch)
{
	if (ref && ref->slot->family->lookahead)
		ref->slot->family->lookahead(e, ref->slot->state, ref->verb, rec, ahead, scratch);
}

/*
 * Each record's verb is looked up once, REPLAY_SLOT_AHEAD records before
 * its turn (an unknown verb is reported only when its turn comes), and
 * its family hears of it then, again REPLAY_MID_AHEAD and REPLAY_PAGE_AHEAD
 * records before.
 */
static enum engine_status engine_replay_batch(struct engine *e, const struct trace_record *recs,
					      int n)
{
	const struct engine_verb_ref *refs[REPLAY_BATCH];
	uint64_t scratch[REPLAY_BATCH] = { 0 };

	for (int i = 0; i < n && i < REPLAY_SLOT_AHEAD; i++) {
		refs[i] = engine_find_verb(e, &recs[i]);
		engine_lookahead(e, &recs[i], refs[i], ENGINE_AHEAD_FAR, &scratch[i]);
	}
	for (int i = 0; i < n; i++) {
		int far = i + REPLAY_SLOT_AHEAD, mid = i + REPLAY_MID_AHEAD;
		int near = i + REPLAY_PAGE_AHEAD;
		enum engine_status st;

		if (far < n) {
			refs[far] = engine_find_verb(e, &recs[far]);
			engine_lookahead(e, &recs[far], refs[far], ENGINE_AHEAD_FAR, &scratch[far]);
		}
		if (mid < n && scratch[mid])
			engine_lookahead(e, &recs[mid], refs[mid], ENGINE_AHEAD_MID, &scratch[mid]);
		if (near < n && scratch[near])
			engine_lookahead(e, &recs[near], refs[near], ENGINE_AHEAD_NEAR, &scratch[near]);
		st = engine_replay_one(e, &recs[i], refs[i]);
		if (st != ENGINE_OK)
			return st;
	}
	return ENGINE_OK;
}

enum engine_status engine_replay_records(struct engine *e, const struct trace_record *recs, int n)
{
	enum engine_status st = engine_replay_batch(e, recs, n);

	if (st == ENGINE_OK && e->opts.progress)
		progress_tick(e->opts.progress, e->nr_events);
	return st;
}

enum engine_status engine_replay_end(struct engine *e)
{
	if (engine_final_due(e, e->opts.check_every)) {
		enum engine_status st = engine_check(e, e->last_file, e->last_line);

		if (st != ENGINE_OK)
			return st;
	}
	if (engine_final_due(e, e->opts.sample_every))
		engine_sample(e);
	return ENGINE_OK;
}

enum engine_status engine_replay(struct engine *e, struct trace_reader *r)
{
	struct trace_record *recs = malloc(REPLAY_BATCH * sizeof(*recs));
	enum engine_status st = ENGINE_OK;
	char err[sizeof(e->msg)];
	int n;

	if (!recs)
		return engine_internal(e, "out of memory");
	while ((n = trace_reader_next_batch(r, recs, REPLAY_BATCH, err, sizeof(err))) > 0) {
		st = engine_replay_records(e, recs, n);
		if (st != ENGINE_OK)
			break;
	}
	free(recs);
	if (st != ENGINE_OK)
		return st;
	if (n < 0) {
		snprintf(e->msg, sizeof(e->msg), "%s", err);
		return ENGINE_BAD_INPUT;
	}
	return engine_replay_end(e);
}
