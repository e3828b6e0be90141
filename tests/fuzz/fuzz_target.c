/*
 * tests/fuzz/fuzz_target.c - the libFuzzer side shared by the fuzz targets
 * (see fuzz_target.h).
 *
 * A crash is how libFuzzer learns of a finding: the bug handler and a
 * broken verdict both print their reason to stderr and abort(), which
 * libFuzzer reports with the input and the stack.
 *
 * No kernel counterpart: test scaffolding.
 */
#include "tests/fuzz/fuzz_target.h"

#include <stdio.h>
#include <stdlib.h>

#include "mm/bug.h"
#include "mm/mm.h"
#include "mm/mmzone.h"

static void fuzz_bug(const char *file, int line, const char *cond, const struct machine *m,
		     const struct page *page)
{
	fprintf(stderr, "fuzz: BUG at %s:%d: %s\n", file, line, cond);
	if (page && m)
		fprintf(stderr, "fuzz: page pfn=0x%llx flags=0x%08x refcount=%d mapcount=%d\n",
			(unsigned long long)page_to_pfn(m, page), page->flags, page->_refcount,
			page->_mapcount + 1);
	abort();
}

void fuzz_target_init(void)
{
	mm_set_bug_handler(fuzz_bug);
}

void fuzz_target_run(fuzz_input_fn fn, const uint8_t *data, size_t size)
{
	char msg[1536] = "";

	if (fn(FUZZ_INPUT_NAME, data, size, msg, sizeof(msg)) != FUZZ_BROKEN)
		return;
	fprintf(stderr, "fuzz: %s\n", msg);
	abort();
}
