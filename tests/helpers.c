/*
 * tests/helpers.c - fixtures shared by the Check suites (see helpers.h).
 */
#include "tests/helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm/debug.h"
#include "mm/vmstat.h"
#include "mm/internal.h"
#include "sim/config.h"

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
	char err[512];

	if (sim_config_load_string("test-config", json, &p, err, sizeof(err)) != 0)
		ck_abort_msg("config: %s", err);
	return test_boot_params(&p);
}

void test_release(struct machine *m)
{
	if (!m)
		return;
	machine_release(m);
	free(m);
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

unsigned long test_nr_on_list(const struct machine *m, const struct zone *zone,
			      unsigned int order, int mt)
{
	return free_list_length(m, zone, order, mt);
}

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
