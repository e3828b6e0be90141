/*
 * tests/check_alloc_ids.c - the table of allocation names (sim/alloc_ids.c).
 *
 * Names live in one of two stores (a dense array for LETTER+number names, a
 * hash table for the rest); these tests check that every name is found,
 * taken and refused exactly once whichever store holds it.  No kernel rule
 * is involved: this is the replay engine's bookkeeping.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim/alloc_ids.h"

static int put(struct alloc_ids *t, const char *name, raw_handle_t handle)
{
	struct alloc_key k;

	alloc_key_init(&k, name);
	return alloc_ids_insert(t, &k, handle);
}

static bool get(const struct alloc_ids *t, const char *name, raw_handle_t *handle)
{
	struct alloc_key k;

	alloc_key_init(&k, name);
	return alloc_ids_get(t, &k, handle);
}

static bool take(struct alloc_ids *t, const char *name)
{
	struct alloc_key k;

	alloc_key_init(&k, name);
	return alloc_ids_take(t, &k, NULL);
}

/*
 * Expect a name read a word at a time (alloc_key_parse(), a padded trace
 * buffer's value) to be the key alloc_key_init() makes of it: numbered or
 * not, its length, letter and number, whatever the bytes after its NUL.
 */
START_TEST(test_parse_words_agrees)
{
	static const char *const names[] = {
		"m1", "m0", "m05", "M42", "m1234567", "m12345678", "m123456789",
		"t99999999", "m", "ab", "1x", "m12a", "buffer-head", "x.3",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char buf[64];
		struct alloc_key a, b;
		size_t len = strlen(names[i]);

		memset(buf, '7', sizeof(buf));	/* digits after the NUL must not count */
		memcpy(buf, names[i], len + 1);
		alloc_key_init(&a, buf);
		alloc_key_parse(&b, buf, true);
		ck_assert_msg(a.len == b.len && a.numbered == b.numbered && a.letter == b.letter &&
			      a.num == b.num && b.name == buf, "%s", names[i]);
	}
}
END_TEST

/* Expect a numbered name and a free-form name to round-trip their handles. */
START_TEST(test_both_stores_round_trip)
{
	struct alloc_ids t;
	raw_handle_t handle;

	alloc_ids_init(&t);
	ck_assert_int_eq(put(&t, "m42", 0x1234), 0);
	ck_assert_int_eq(put(&t, "buffer-head", 0x99), 0);
	ck_assert(get(&t, "m42", &handle));
	ck_assert_uint_eq(handle, 0x1234);
	ck_assert(get(&t, "buffer-head", &handle));
	ck_assert_uint_eq(handle, 0x99);
	ck_assert(!get(&t, "m43", NULL));
	ck_assert(!get(&t, "buffer", NULL));
	alloc_ids_release(&t);
}
END_TEST

/* Expect the same number under two letters, and "m05" beside "m5", to stay distinct. */
START_TEST(test_same_number_other_letter)
{
	struct alloc_ids t;
	raw_handle_t handle;

	alloc_ids_init(&t);
	ck_assert_int_eq(put(&t, "m5", 10), 0);
	ck_assert_int_eq(put(&t, "u5", 20), 0);
	ck_assert_int_eq(put(&t, "m05", 30), 0);
	ck_assert(get(&t, "u5", &handle));
	ck_assert_uint_eq(handle, 20);
	ck_assert(take(&t, "m5"));
	ck_assert(!get(&t, "m5", NULL));
	ck_assert(get(&t, "u5", &handle));
	ck_assert_uint_eq(handle, 20);
	ck_assert(get(&t, "m05", &handle));
	ck_assert_uint_eq(handle, 30);
	/* The array slot is free again, but u5 still lives in the hash table. */
	ck_assert_int_eq(put(&t, "u5", 40), -EEXIST);
	ck_assert_int_eq(put(&t, "m5", 50), 0);
	ck_assert(get(&t, "m5", &handle));
	ck_assert_uint_eq(handle, 50);
	alloc_ids_release(&t);
}
END_TEST

/* Expect duplicates refused, a failed allocation (RAW_HANDLE_NONE) kept, frees taken once. */
START_TEST(test_duplicates_and_failed_allocations)
{
	struct alloc_ids t;
	raw_handle_t handle;

	alloc_ids_init(&t);
	ck_assert_int_eq(put(&t, "t7", RAW_HANDLE_NONE), 0);
	ck_assert_int_eq(put(&t, "t7", 1), -EEXIST);
	ck_assert(get(&t, "t7", &handle));
	ck_assert_uint_eq(handle, RAW_HANDLE_NONE);
	ck_assert(take(&t, "t7"));
	ck_assert(!take(&t, "t7"));
	ck_assert_int_eq(put(&t, "x999999999", 5), 0);	/* beyond the array's range */
	ck_assert(take(&t, "x999999999"));
	alloc_ids_release(&t);
}
END_TEST

/* Expect 100000 live names in each store to survive growth and random removal. */
START_TEST(test_many_names)
{
	struct alloc_ids t;
	char name[32];
	raw_handle_t handle;

	alloc_ids_init(&t);
	for (unsigned int i = 0; i < 100000; i++) {
		snprintf(name, sizeof(name), "m%u", i);
		ck_assert_int_eq(put(&t, name, i), 0);
		snprintf(name, sizeof(name), "name-%u", i);
		ck_assert_int_eq(put(&t, name, i + 1), 0);
	}
	for (unsigned int i = 0; i < 100000; i += 3) {
		snprintf(name, sizeof(name), "m%u", i);
		ck_assert(take(&t, name));
		snprintf(name, sizeof(name), "name-%u", i);
		ck_assert(take(&t, name));
	}
	for (unsigned int i = 0; i < 100000; i++) {
		bool live = i % 3 != 0;

		snprintf(name, sizeof(name), "m%u", i);
		ck_assert(get(&t, name, &handle) == live);
		if (live)
			ck_assert_uint_eq(handle, i);
		snprintf(name, sizeof(name), "name-%u", i);
		ck_assert(get(&t, name, &handle) == live);
		if (live)
			ck_assert_uint_eq(handle, i + 1);
	}
	alloc_ids_release(&t);
}
END_TEST

/*
 * Expect names whose numbers are a whole window apart (the array's words
 * wrap around: alloc_ids.c) to stay distinct, each found, taken and
 * refused once, whichever of them holds the shared word.
 */
START_TEST(test_numbers_a_window_apart)
{
	static const char *const names[] = { "m5", "m8388613", "m16777221", "u8388613" };
	struct alloc_ids t;
	raw_handle_t handle;

	alloc_ids_init(&t);
	for (unsigned int i = 0; i < 4; i++)
		ck_assert_int_eq(put(&t, names[i], 100 + i), 0);
	for (unsigned int i = 0; i < 4; i++) {
		ck_assert_int_eq(put(&t, names[i], 7), -EEXIST);
		ck_assert(get(&t, names[i], &handle));
		ck_assert_uint_eq(handle, 100 + i);
	}
	ck_assert(!get(&t, "m8388614", NULL));
	ck_assert(take(&t, "m8388613"));
	ck_assert(!take(&t, "m8388613"));
	ck_assert(get(&t, "m5", &handle));
	ck_assert_uint_eq(handle, 100);
	ck_assert(take(&t, "u8388613"));
	ck_assert(take(&t, "m5"));
	ck_assert(get(&t, "m16777221", &handle));
	ck_assert_uint_eq(handle, 102);
	ck_assert(take(&t, "m16777221"));
	ck_assert(!get(&t, "m5", NULL) && !get(&t, "m16777221", NULL));
	alloc_ids_release(&t);
}
END_TEST

/*
 * The order bound with a name (alloc_ids_bind(): what split needs) stays
 * with it when a newer name a window apart takes its word and it moves to
 * the hash table, and does not make the word's owner unrecognised.
 */
START_TEST(test_order_survives_the_window)
{
	static const char *const names[] = { "a9", "a8388617" };
	struct alloc_ids t;
	struct alloc_key k;
	unsigned int order;

	alloc_ids_init(&t);
	for (unsigned int i = 0; i < 2; i++) {
		alloc_key_init(&k, names[i]);
		ck_assert_int_eq(alloc_ids_bind(&t, &k, 10 + i, 9 + i), 0);
	}
	for (unsigned int i = 0; i < 2; i++) {
		alloc_key_init(&k, names[i]);
		ck_assert(alloc_ids_order(&t, &k, &order));
		ck_assert_uint_eq(order, 9 + i);
		ck_assert(get(&t, names[i], NULL));
	}
	alloc_ids_release(&t);
}
END_TEST

Suite *alloc_ids_suite(void);

Suite *alloc_ids_suite(void)
{
	Suite *s = suite_create("alloc_ids");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_both_stores_round_trip);
	tcase_add_test(tc, test_same_number_other_letter);
	tcase_add_test(tc, test_duplicates_and_failed_allocations);
	tcase_add_test(tc, test_many_names);
	tcase_add_test(tc, test_numbers_a_window_apart);
	tcase_add_test(tc, test_order_survives_the_window);
	tcase_add_test(tc, test_parse_words_agrees);
	suite_add_tcase(s, tc);
	return s;
}
