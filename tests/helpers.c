/*
 * tests/helpers.c - fixtures shared by the Check suites (see helpers.h).
 *
 * Everything here fails the calling test on trouble (Check's ck_assert and
 * ck_abort end the test), so callers never test for errors.  Helpers that
 * change allocator state run test_check() before returning.  No kernel
 * counterpart: this is test scaffolding.
 */
#include "tests/helpers.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm/check.h"
#include "mm/gfp.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/vmstat.h"
#include "sim/config.h"
#include "sim/engine.h"
#include "sim/procfs.h"
#include "workloads/gen_memory.h"
#include "workloads/trace.h"

/* ---- machines ------------------------------------------------------------ */

void test_load_config(const char *json, struct mm_boot_params *p)
{
	char err[512];

	if (sim_config_load_string("test-config", json, p, err, sizeof(err)) != 0)
		ck_abort_msg("config: %s", err);
}

void test_load_config_file(const char *path, struct mm_boot_params *p)
{
	char err[512];

	if (sim_config_load_file(path, p, err, sizeof(err)) != 0)
		ck_abort_msg("unexpected error: %s", err);
}

struct machine *test_boot_params(const struct mm_boot_params *p)
{
	struct machine *m = calloc(1, sizeof(*m));
	char err[512];

	ck_assert_ptr_nonnull(m);
	if (machine_boot(m, p, err, sizeof(err)) != 0)
		ck_abort_msg("machine_boot: %s", err);
	return m;
}

struct machine *test_boot(const char *json)
{
	struct mm_boot_params p;

	test_load_config(json, &p);
	return test_boot_params(&p);
}

struct machine *test_boot_machine(const char *machine_keys, const char *kernel_keys)
{
	struct machine *m;
	char *json;

	ck_assert_int_ge(asprintf(&json, "{\"machine\": {%s}, \"kernel\": {%s}}",
				  machine_keys, kernel_keys), 0);
	m = test_boot(json);
	free(json);
	return m;
}

struct machine *test_boot_node(const char *mem, int cpus, const char *kernel_keys)
{
	char machine_keys[256];

	snprintf(machine_keys, sizeof(machine_keys),
		 "\"nodes\": [{\"mem\": \"%s\", \"cpus\": %d}], \"distance\": [[10]]", mem, cpus);
	return test_boot_machine(machine_keys, kernel_keys);
}

struct machine *test_boot_node_pair(const char *mem0, const char *mem1,
				    const char *kernel_keys)
{
	char machine_keys[256];

	snprintf(machine_keys, sizeof(machine_keys),
		 "\"nodes\": [{\"mem\": \"%s\", \"cpus\": 1}, {\"mem\": \"%s\", \"cpus\": 1}],"
		 " \"distance\": [[10, 20], [20, 10]]", mem0, mem1);
	return test_boot_machine(machine_keys, kernel_keys);
}

void test_release_unchecked(struct machine *m)
{
	if (!m)
		return;
	machine_release(m);
	free(m);
}

void test_release_at(struct machine *m, const char *file, int line)
{
	if (m)
		test_check_at(m, file, line);
	test_release_unchecked(m);
}

void test_check_at(const struct machine *m, const char *file, int line)
{
	char msg[512];

	if (machine_check(m, msg, sizeof(msg)) != 0)
		ck_abort_msg("%s:%d: invariant broken: %s", file, line, msg);
}

struct zone *test_zone(struct machine *m, int nid, int zidx)
{
	return &m->node_data[nid]->node_zones[zidx];
}

struct zone *test_normal0(struct machine *m)
{
	return test_zone(m, 0, ZONE_NORMAL);
}

unsigned long test_managed_pages(const struct machine *m)
{
	unsigned long nr_pages = 0;

	for (unsigned int nid = 0; nid < m->nr_node_ids; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			nr_pages += m->node_data[nid]->node_zones[zid].managed_pages;
	return nr_pages;
}

size_t test_resident_memmap_pages(const struct machine *m, pfn_t pfn, unsigned long nr_pages)
{
	size_t host_page = (size_t)sysconf(_SC_PAGESIZE);
	size_t bytes = nr_pages * sizeof(struct page), n = bytes / host_page, resident = 0;
	unsigned char *vec = malloc(n);

	ck_assert_ptr_nonnull(vec);
	ck_assert_int_eq(mincore((void *)pfn_to_page(m, pfn), bytes, vec), 0);
	for (size_t i = 0; i < n; i++)
		resident += vec[i] & 1;
	free(vec);
	return resident;
}

void test_expect_wmarks(const struct zone *z, unsigned long min, unsigned long low,
			unsigned long high)
{
	ck_assert_msg(z->_watermark[WMARK_MIN] == min && z->_watermark[WMARK_LOW] == low &&
		      z->_watermark[WMARK_HIGH] == high,
		      "%s: watermarks %lu/%lu/%lu, expected %lu/%lu/%lu", z->name,
		      z->_watermark[WMARK_MIN], z->_watermark[WMARK_LOW],
		      z->_watermark[WMARK_HIGH], min, low, high);
}

/* ---- allocating and freeing ---------------------------------------------- */

pfn_t test_alloc_pfn(struct machine *m, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages_node(m, 0, gfp, order);

	ck_assert_msg(page != NULL, "order-%u allocation (gfp %#x) failed", order, gfp);
	test_check(m);
	return page_to_pfn(m, page);
}

void test_free_pfn(struct machine *m, pfn_t pfn, unsigned int order)
{
	__free_pages(m, pfn_to_page(m, pfn), order);
	test_check(m);
}

static unsigned long node_free_pages(struct machine *m, int nid)
{
	unsigned long sum = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		sum += zone_free_pages(test_zone(m, nid, z));
	return sum;
}

void test_take_all(struct machine *m, int nid)
{
	unsigned long nr = node_free_pages(m, nid);

	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = alloc_pages_node(m, nid, TEST_GFP_MOV | __GFP_THISNODE, 0);

		ck_assert_msg(page != NULL, "test_take_all: allocation %lu of %lu failed", i, nr);
	}
	ck_assert_uint_eq(node_free_pages(m, nid), 0);
	test_check(m);
}

void test_free_range(struct machine *m, pfn_t start, unsigned long nr_pages)
{
	for (unsigned long i = 0; i < nr_pages; i++)
		__free_pages(m, pfn_to_page(m, start + i), 0);
	test_check(m);
}

void test_set_lru(struct machine *m, pfn_t start, unsigned long nr_pages)
{
	for (unsigned long i = 0; i < nr_pages; i++)
		folio_add_lru(m, pfn_to_page(m, start + i), NULL);
	test_check(m);
}

/* ---- the free lists ------------------------------------------------------ */

unsigned long test_nr_on_list(const struct machine *m, const struct zone *zone,
			      unsigned int order, int mt)
{
	return free_list_length(m, zone, order, mt);
}

bool test_on_free_list(struct machine *m, struct zone *zone, struct page *page,
		       unsigned int order, int mt)
{
	struct page *p;

	page_list_for_each(m, p, &zone->free_area[order].free_list[mt])
		if (p == page)
			return true;
	return false;
}

void test_expect_free_block(struct machine *m, pfn_t pfn, unsigned int order, int mt)
{
	struct page *page = pfn_to_page(m, pfn);

	ck_assert_msg(PageBuddy(page), "pfn %lu is not a free block head", (unsigned long)pfn);
	ck_assert_msg(buddy_order(page) == order, "pfn %lu: order %u, expected %u",
		      (unsigned long)pfn, buddy_order(page), order);
	ck_assert_msg(test_on_free_list(m, page_zone(m, page), page, order, mt),
		      "pfn %lu: not on the order-%u list of type %d",
		      (unsigned long)pfn, order, mt);
}

void test_expect_list_at(struct machine *m, const struct page_list *list, const pfn_t *want,
			 unsigned int nr, const char *file, int line)
{
	struct page *p;
	unsigned int n = 0;

	page_list_for_each(m, p, list) {
		unsigned long pfn = page_to_pfn(m, p);

		ck_assert_msg(n < nr, "%s:%d: the list is longer than %u pages", file, line, nr);
		ck_assert_msg(pfn == want[n], "%s:%d: list entry %u is pfn %lu, expected %lu",
			      file, line, n, pfn, (unsigned long)want[n]);
		n++;
	}
	ck_assert_msg(n == nr, "%s:%d: the list holds %u pages, expected %u", file, line, n, nr);
}

/* ---- event log ----------------------------------------------------------- */

static void ev_record(void *ctx, const struct mm_event *ev)
{
	struct test_ev_log *log = ctx;

	if (log->n < TEST_EV_MAX)
		log->ev[log->n] = *ev;
	log->n++;
}

void test_ev_attach(struct machine *m, struct test_ev_log *log, uint64_t mask)
{
	memset(log, 0, sizeof(*log));
	log->pageblock_order = m->pageblock_order;
	m->sink.emit = ev_record;
	m->sink.ctx = log;
	m->sink.enabled = mask;
}

/* ---- text and files ------------------------------------------------------ */

char *test_render(void (*view)(FILE *f, const struct machine *m), const struct machine *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	view(f, m);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

unsigned long test_meminfo_kb(const struct machine *m, const char *label)
{
	char *text = test_render(procfs_meminfo, m);
	const char *line = strstr(text, label);
	unsigned long kb;

	ck_assert_msg(line && (line == text || line[-1] == '\n'), "no meminfo line '%s'", label);
	kb = strtoul(line + strlen(label), NULL, 10);
	free(text);
	return kb;
}

char *test_render_node(void (*view)(FILE *f, const struct machine *m, int nid),
		       const struct machine *m, int nid)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	view(f, m, nid);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

char *test_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	ck_assert_msg(f != NULL, "cannot open %s: %s (tests run from the project root)",
		      path, strerror(errno));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	ck_assert_int_ge(len, 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

void test_write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_msg(f != NULL, "cannot create %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* ---- running numasim ----------------------------------------------------- */

const char *test_numasim_path(void)
{
	const char *p = getenv("NUMASIM");

	return p && *p ? p : "./numasim";
}

static void slurp(FILE *f, char *buf, size_t len)
{
	size_t n = 0;

	if (!buf || len == 0)
		return;
	if (f)
		n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
}

int test_replay_body(struct engine *e, const char *body)
{
	static const char header[] = "numasim-trace v1\n";
	size_t len = strlen(header) + strlen(body);
	char *text = malloc(len + 1);
	struct trace_reader *r;
	enum engine_status st;

	ck_assert_ptr_nonnull(text);
	snprintf(text, len + 1, "%s%s", header, body);
	r = trace_reader_open_memory("t.trace", text, len);
	ck_assert_ptr_nonnull(r);
	st = engine_replay(e, r);
	trace_reader_close(r);
	free(text);
	return st;
}

char *test_gen_text(int (*write)(FILE *out, const void *params), const void *params)
{
	char *text;
	size_t len;

	ck_assert_int_eq(gen_write_memory(write, params, &text, &len), 0);
	ck_assert_uint_eq(strlen(text), len);
	return text;
}

void test_replay_text(struct machine *m, const char *name, const char *text,
		      const struct engine_opts *opts)
{
	struct trace_reader *r = trace_reader_open_memory(name, text, strlen(text));
	struct engine e;

	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(engine_init(&e, m, opts), ENGINE_OK);
	ck_assert_msg(engine_replay(&e, r) == ENGINE_OK, "%s", e.msg);
	engine_release(&e);
	trace_reader_close(r);
}

unsigned int test_count_lines(const char *text, const char *prefix)
{
	unsigned int n = 0;

	for (const char *line = text; line && *line; line = strchr(line, '\n'), line += !!line)
		n += !strncmp(line, prefix, strlen(prefix));
	return n;
}

int test_run(const char *cmdline, char *out, size_t outlen, char *err, size_t errlen)
{
	char errpath[] = "/tmp/numasim-test-err-XXXXXX";
	char outpath[] = "/tmp/numasim-test-out-XXXXXX";
	int efd = mkstemp(errpath), ofd = mkstemp(outpath);
	char *cmd;
	int status;
	FILE *f;

	if (efd < 0 || ofd < 0)
		return -1;
	close(efd);
	close(ofd);
	if (asprintf(&cmd, "%s >%s 2>%s </dev/null", cmdline, outpath, errpath) < 0)
		return -1;
	status = system(cmd);
	free(cmd);
	f = fopen(outpath, "r");
	slurp(f, out, outlen);
	if (f)
		fclose(f);
	f = fopen(errpath, "r");
	slurp(f, err, errlen);
	if (f)
		fclose(f);
	unlink(outpath);
	unlink(errpath);
	if (status == -1 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int test_run_numasim(const char *args, char *out, size_t outlen, char *err, size_t errlen)
{
	char *cmd;
	int status;

	ck_assert_int_ge(asprintf(&cmd, "%s %s", test_numasim_path(), args), 0);
	status = test_run(cmd, out, outlen, err, errlen);
	free(cmd);
	return status;
}

void test_scratch_dir(char *dir, size_t len, const char *name)
{
	snprintf(dir, len, "/tmp/numasim-%s-XXXXXX", name);
	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp %s: %s", dir, strerror(errno));
}

void test_expect_usage_errors(const char *command, const char *const (*bad)[2], size_t nr,
			      const char *path)
{
	char args[512], out[4096], err[4096];

	for (size_t i = 0; i < nr; i++) {
		snprintf(args, sizeof(args), "%s %s -o %s", command, bad[i][0], path);
		ck_assert_int_eq(test_run_numasim(args, out, sizeof(out), err, sizeof(err)), 2);
		ck_assert_msg(!strncmp(err, bad[i][1], strlen(bad[i][1])), "%s: %s", bad[i][0], err);
		ck_assert_msg(access(path, F_OK) != 0, "%s: %s was written", bad[i][0], path);
	}
}

struct json_t *test_load_json(const char *path)
{
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);

	ck_assert_msg(j, "%s:%d: %s", path, e.line, e.text);
	return j;
}

void test_remove_dir(const char *dir)
{
	char *cmd;

	ck_assert_int_ge(asprintf(&cmd, "rm -rf '%s'", dir), 0);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

const char *test_path_in(const char *dir, const char *rel)
{
	static char paths[4][256];
	static int next;
	char *p = paths[next++ % 4];

	ck_assert_msg((size_t)snprintf(p, sizeof(paths[0]), "%s/%s", dir, rel) < sizeof(paths[0]),
		      "path too long: %s/%s", dir, rel);
	return p;
}

void test_expand_at(char *buf, size_t len, const char *args, const char *dir)
{
	size_t n = 0, dlen = strlen(dir);

	for (const char *c = args; *c; c++) {
		size_t add = *c == '@' ? dlen : 1;

		ck_assert_msg(n + add < len, "command line too long: %s", args);
		if (*c == '@')
			memcpy(buf + n, dir, dlen);
		else
			buf[n] = *c;
		n += add;
	}
	buf[n] = '\0';
}

void test_expect_extfrag(const struct test_ev_log *log, pfn_t pfn, int alloc_order,
			 int fallback_order, int alloc_mt, int fallback_mt,
			 bool fragmenting, bool change_ownership)
{
	const struct mm_ev_mm_page_alloc_extfrag *ev = &log->ev[0].mm_page_alloc_extfrag;

	ck_assert_uint_eq(log->n, 1);
	ck_assert_int_eq(log->ev[0].id, MM_EV_mm_page_alloc_extfrag);
	ck_assert_uint_eq(ev->pfn, pfn);
	ck_assert_int_eq(ev->alloc_order, alloc_order);
	ck_assert_int_eq(ev->fallback_order, fallback_order);
	ck_assert_int_eq(ev->alloc_migratetype, alloc_mt);
	ck_assert_int_eq(ev->fallback_migratetype, fallback_mt);
	ck_assert_int_eq(ev->fallback_order < (int)log->pageblock_order, fragmenting);
	ck_assert_int_eq(ev->change_ownership, change_ownership);
}

int test_numasim_at(const char *dir, char *out, size_t outlen, char *err, size_t errlen,
		    const char *fmt, ...)
{
	char raw[2048], args[4096];
	va_list ap;

	va_start(ap, fmt);
	ck_assert_uint_lt((size_t)vsnprintf(raw, sizeof(raw), fmt, ap), sizeof(raw));
	va_end(ap);
	test_expand_at(args, sizeof(args), raw, dir);
	return test_run_numasim(args, out, outlen, err, errlen);
}

void test_sh_at(const char *dir, const char *fmt, ...)
{
	char raw[2048], line[4096];
	va_list ap;

	va_start(ap, fmt);
	ck_assert_uint_lt((size_t)vsnprintf(raw, sizeof(raw), fmt, ap), sizeof(raw));
	va_end(ap);
	test_expand_at(line, sizeof(line), raw, dir);
	ck_assert_msg(system(line) == 0, "failed: %s", line);
}
