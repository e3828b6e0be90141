/*
 * tests/check_shell.c - `numasim shell` driven by a script on standard
 * input (not a terminal: no prompt, plain characters), on its embedded
 * machine: one node of 16 MiB, 4096 frames, pageblock_order 9, MAX_ORDER 11.
 *
 * The expected states come from the kernel's rules: boot frees memory in
 * MAX_ORDER - 1 blocks (__free_pages_core() via memblock_free_all()),
 * memblock reserves from the top of memory down, an order-4 request is
 * served from the buddy lists, not a per-CPU list (rmqueue(): above
 * PAGE_ALLOC_COSTLY_ORDER), by __rmqueue_smallest(), whose expand() keeps
 * the low half of each split and frees the high halves.
 *
 * No kernel counterpart: tests.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/helpers.h"

#define SHELL_PAGES	4096ul		/* 16 MiB of 4 KiB frames */
#define NR_ORDERS	11

static char out[1 << 17], err[8192];

/* Run `numasim shell ARGS` with script as its standard input; the exit status. */
static int shell_session(const char *args, const char *script)
{
	char path[] = "/tmp/numasim-shell-script-XXXXXX", cmd[512];
	int fd = mkstemp(path), status;

	ck_assert_int_ge(fd, 0);
	close(fd);
	test_write_file(path, script, strlen(script));
	/* The group's own redirection wins over test_run()'s </dev/null. */
	snprintf(cmd, sizeof(cmd), "{ %s shell --no-color %s < %s; }", test_numasim_path(), args,
		 path);
	status = test_run(cmd, out, sizeof(out), err, sizeof(err));
	unlink(path);
	return status;
}

/* The free counts of buddyinfo's first Normal line in text. */
static void parse_buddyinfo(const char *text, unsigned long *count)
{
	const char *p = strstr(text, "zone   Normal");

	ck_assert_msg(p, "no buddyinfo in: %s", text);
	p += strlen("zone   Normal");
	for (int o = 0; o < NR_ORDERS; o++)
		count[o] = strtoul(p, (char **)&p, 10);
}

static unsigned long free_pages(const unsigned long *count)
{
	unsigned long nr = 0;

	for (int o = 0; o < NR_ORDERS; o++)
		nr += count[o] << o;
	return nr;
}

/*
 * The free memory at boot is [0, N): memblock reserved the top frames.
 * Freed in pfn order, [0, N) splits into aligned blocks of falling order;
 * the smallest block of order >= 4 is the last, at N - 2^ctz(N).
 */
START_TEST(test_alloc_split)
{
	unsigned long before[NR_ORDERS], after[NR_ORDERS], n, pfn;
	char script[256], row[32], *line;
	int o;

	ck_assert_int_eq(shell_session("", "show buddyinfo\n"), 0);
	parse_buddyinfo(out, before);
	n = free_pages(before);
	o = __builtin_ctzl(n);
	ck_assert_msg(n < SHELL_PAGES && o >= 4 && o < NR_ORDERS && before[o] == 1, "N=%lu", n);
	pfn = n - (1ul << o);
	snprintf(script, sizeof(script),
		 "show page %lu\nalloc id=a order=4 gfp=GFP_HIGHUSER_MOVABLE\nshow buddyinfo\n"
		 "show page %lu\nshow page %lu\nshow map\n", n, pfn, pfn + 16);
	ck_assert_int_eq(shell_session("", script), 0);
	ck_assert_msg(strstr(out, "  flags: reserved"), "frame %lu not reserved: %s", n, out);
	parse_buddyinfo(out, after);
	for (int k = 0; k < NR_ORDERS; k++)
		ck_assert_uint_eq(after[k], before[k] + (k >= 4 && k < o) - (k == o));
	/* show page: the head of an order-4 movable allocation in a Movable block */
	ck_assert_ptr_nonnull(strstr(out, "refcount 1  mapcount 0"));
	ck_assert_ptr_nonnull(strstr(out, "owner: Movable allocation"));
	/* expand(): the high half of the order-5 split is a free order-4 block */
	snprintf(row, sizeof(row), "pfn %lu: node 0", pfn + 16);
	line = strstr(out, row);
	ck_assert_msg(line && strstr(line, "  flags: buddy\n"
					   "  refcount 0  free buddy block of order 4\n"), "%s", out);
	/* show map: the row holding pfn, its 16 frames 'M', then the freed order-4 buddy */
	snprintf(row, sizeof(row), "\n%10lu ", pfn & ~63ul);
	line = strstr(out, row);
	ck_assert_msg(line, "no map row %s", row);
	line += strlen(row) + (pfn & 63);
	ck_assert_msg(!strncmp(line, "MMMMMMMMMMMMMMMM4", 17), "%.20s", line);
	ck_assert_ptr_nonnull(strstr(out, "'M' used, movable allocation"));
	ck_assert_ptr_nonnull(strstr(out, "legend:"));
	ck_assert_ptr_null(strstr(out, "\033["));
}
END_TEST

START_TEST(test_step_until)
{
	char path[] = "/tmp/numasim-shell-trace-XXXXXX", expect[512];
	static const char trace[] =
		"numasim-trace v1\n"
		"alloc id=a order=0 gfp=GFP_KERNEL\n"
		"alloc id=b order=2 gfp=GFP_KERNEL\n"
		"@1ms free id=a\n";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	test_write_file(path, trace, strlen(trace));
	ck_assert_int_eq(shell_session(path, "step\nuntil 3\nstep\nstep\nrestart\nstep 2\n"), 0);
	snprintf(expect, sizeof(expect),
		 "%1$s:2: alloc id=a order=0 gfp=GFP_KERNEL\n"
		 "%1$s:3: alloc id=b order=2 gfp=GFP_KERNEL\n"
		 "%1$s:4: @1000000ns free id=a\n"
		 "end of trace\n"
		 "restarted\n"
		 "%1$s:2: alloc id=a order=0 gfp=GFP_KERNEL\n"
		 "%1$s:3: alloc id=b order=2 gfp=GFP_KERNEL\n", path);
	ck_assert_str_eq(out, expect);
	/* until stops before a later line; a freed id cannot be freed again */
	ck_assert_int_eq(shell_session(path, "until 2\nfree id=a\nfree id=a\n"), 2);
	ck_assert_msg(strstr(err, "shell:3: ") && !strstr(err, "shell:2:"), "%s", err);
	unlink(path);
}
END_TEST

/* Each bad command: its message at its line, and the shell goes on. */
START_TEST(test_bad_commands)
{
	static const char script[] =
		"bogus x=1\n"
		"show page 4096\n"
		"alloc id=a\n"
		"step\n"
		"show nothing\n"
		"until x\n"
		"show block 8\n"
		"show map 1\n"
		"show buddyinfo\n";
	static const char *const expect[] = {
		"shell:1: unknown verb 'bogus'",
		"shell:2: show page: no online memory at pfn 4096",
		"shell:3: missing key 'order' for alloc",
		"shell:4: no trace: give TRACE to 'numasim shell'",
		"shell:5: show: expected buddyinfo",
		"shell:6: until: bad number 'x'",
		"shell:7: show block: no pageblock 8 in any zone",
		"shell:8: show map: no node 1",
	};

	ck_assert_int_eq(shell_session("", script), 2);
	for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		ck_assert_msg(strstr(err, expect[i]), "missing '%s' in: %s", expect[i], err);
	ck_assert_uint_eq(test_count_lines(err, "shell:"), 8);
	ck_assert_ptr_nonnull(strstr(out, "Node 0, zone   Normal"));
}
END_TEST

/*
 * undo takes back the last command that changed the machine: the views
 * after "A; B; undo" are the views after "A" alone, byte for byte (a
 * replay is deterministic), for a verb and for a run of the trace.
 */
START_TEST(test_undo)
{
	static const char views[] = "show zoneinfo\nshow vmstat\nshow pagetypeinfo\n";
	static const char trace[] =
		"numasim-trace v1\n"
		"alloc id=t1 order=3 gfp=GFP_KERNEL\n"
		"alloc id=t2 order=0 gfp=GFP_HIGHUSER_MOVABLE\n";
	char path[] = "/tmp/numasim-shell-undo-XXXXXX", script[512], *want;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	test_write_file(path, trace, strlen(trace));
	snprintf(script, sizeof(script), "alloc id=a order=4 gfp=GFP_KERNEL\nstep\n%s", views);
	ck_assert_int_eq(shell_session(path, script), 0);
	want = strdup(strstr(out, "Node 0, zone"));
	snprintf(script, sizeof(script),
		 "alloc id=a order=4 gfp=GFP_KERNEL\nstep\nalloc id=b order=6 gfp=GFP_KERNEL\n"
		 "bogus\nundo\n%s", views);
	ck_assert_int_eq(shell_session(path, script), 2);	/* bogus */
	ck_assert_msg(strstr(out, "undone: line 3: alloc id=b order=6 gfp=GFP_KERNEL\n"), "%s", out);
	ck_assert_str_eq(strstr(out, "Node 0, zone"), want);
	/* a run of the trace is undone as a whole, and the trace rewinds to it */
	snprintf(script, sizeof(script),
		 "alloc id=a order=4 gfp=GFP_KERNEL\nstep\nstep\nundo\n%s", views);
	ck_assert_int_eq(shell_session(path, script), 0);
	ck_assert_msg(strstr(out, "undone: line 3: 1 event of the trace\n"), "%s", out);
	ck_assert_str_eq(strstr(out, "Node 0, zone"), want);
	free(want);
	ck_assert_int_eq(shell_session("", "undo\nundo x\n"), 2);
	ck_assert_msg(strstr(out, "nothing to undo\n") && strstr(err, "shell:2: undo: takes no"),
		      "%s", err);
	unlink(path);
}
END_TEST

/*
 * show pte: an address outside any VMA, one not faulted in, a present
 * PTE whose frame `show page` agrees is mapped once (do_anonymous_page()
 * maps a fresh anonymous page writable and dirty on a write fault).
 */
START_TEST(test_show_pte)
{
	static const char script[] =
		"spawn pid=1\n"
		"mmap pid=1 addr=0x10000000 len=64K anon\n"
		"touch pid=1 addr=0x10000000 write\n"
		"show pte 1 0x10000000\n"
		"show pte 1 0x10001000\n"
		"show pte 1 0x20000000\n"
		"show pte 2 0x10000000\n"
		"show pte 1 x\n";
	unsigned long pfn;
	char *p, page_script[512];

	ck_assert_int_eq(shell_session("", script), 2);
	ck_assert_msg(strstr(out, "vma 0x10000000-0x10010000 rw-p anon\n"), "%s", out);
	p = strstr(out, ": present, pfn ");
	ck_assert_msg(p && strstr(p, " RW USR") && strstr(p, "dirty"), "%s", out);
	pfn = strtoul(p + strlen(": present, pfn "), NULL, 10);
	ck_assert_msg(strstr(out, "pte none: not faulted in yet\n"), "%s", out);
	ck_assert_msg(strstr(out, "0x20000000: no vma"), "%s", out);
	ck_assert_msg(strstr(err, "shell:7: show pte: unknown pid 2") &&
		      strstr(err, "shell:8: show pte: bad address 'x'"), "%s", err);
	snprintf(page_script, sizeof(page_script), "%.*sshow page %lu\n",
		 (int)(strstr(script, "show pte") - script), script, pfn);
	ck_assert_int_eq(shell_session("", page_script), 0);
	ck_assert_msg(strstr(out, "mapcount 1"), "%s", out);
}
END_TEST

static unsigned int count_occurrences(const char *text, const char *word)
{
	unsigned int nr = 0;

	for (const char *p = text; (p = strstr(p, word)); p += strlen(word))
		nr++;
	return nr;
}

/*
 * On a terminal (a pseudo-terminal from script(1), util-linux): readline
 * writes the prompt before each line, and show map colours its cells
 * unless --no-color.  Skipped where script(1) is missing.
 */
START_TEST(test_terminal)
{
	static const char input[] = "printf 'alloc id=a order=4 gfp=GFP_KERNEL\\nshow map\\nquit\\n'";
	char cmd[1024];

	if (system("command -v script >/dev/null 2>&1") != 0)
		return;
	snprintf(cmd, sizeof(cmd), "{ %s | script -qec '%s shell' /dev/null; }", input,
		 test_numasim_path());
	ck_assert_int_eq(test_run(cmd, out, sizeof(out), err, sizeof(err)), 0);
	ck_assert_msg(count_occurrences(out, "numasim> ") == 3, "%s", out);
	ck_assert_msg(strstr(out, "\033[0m"), "no colour on a terminal");
	snprintf(cmd, sizeof(cmd), "{ %s | script -qec '%s shell --no-color' /dev/null; }", input,
		 test_numasim_path());
	ck_assert_int_eq(test_run(cmd, out, sizeof(out), err, sizeof(err)), 0);
	ck_assert_msg(strstr(out, "numasim> show map") && !strstr(out, "\033[0m"), "%s", out);
}
END_TEST

/* EOF or quit ends with 0; what follows quit is not read. */
START_TEST(test_exit_status)
{
	ck_assert_int_eq(shell_session("", ""), 0);
	ck_assert_int_eq(shell_session("", "help\n# a comment\n\nquit\nbogus\n"), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(shell_session("--bogus", ""), 2);
	ck_assert_int_eq(shell_session("a.trace b.trace", ""), 2);
	ck_assert_int_eq(shell_session("/nonexistent.trace", ""), 2);
}
END_TEST

Suite *shell_suite(void);

Suite *shell_suite(void)
{
	Suite *s = suite_create("shell");
	TCase *tc = tcase_create("cli");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_alloc_split);
	tcase_add_test(tc, test_step_until);
	tcase_add_test(tc, test_bad_commands);
	tcase_add_test(tc, test_exit_status);
	tcase_add_test(tc, test_undo);
	tcase_add_test(tc, test_show_pte);
	tcase_add_test(tc, test_terminal);
	suite_add_tcase(s, tc);
	return s;
}
