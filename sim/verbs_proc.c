/*
 * sim/verbs_proc.c - trace verbs of simulated processes: tasks (spawn, fork,
 * exit, sched), address spaces (mmap, munmap, mprotect, madvise, mlock,
 * munlock), accesses (touch), pins (pin, get, unpin) and memory policies
 * (set_mempolicy, mbind).  Their values are parsed by sim/args.c; the
 * tunables of the process side (sysfs, hugetlb sysctls) are in
 * verbs_sysfs.c.  The family's state is the names of mappings (addr=@NAME)
 * and of pins (struct proc_verbs_state, sim/verbs.h).
 *
 * Each handler checks its whole record (values, flag combinations, the
 * task) before it calls into mm/, so a malformed event changes nothing.
 * What mm/ then returns follows the rule of workloads/FORMAT.md section 5:
 *   - a system call that fails is an input error named by its errno
 *     ("mprotect: ENOMEM: ..."): a trace holds calls that succeeded, so a
 *     failure means the trace does not fit the machine or the state the
 *     replay reached, and the results would mean nothing;
 *   - what a program meets without a system call failing is counted and
 *     the replay goes on: an access outside any mapping or against its
 *     protection (SIGSEGV), a hugetlb fault without a huge page (SIGBUS),
 *     a fault that finds no memory (m->proc_stats.fault_oom).
 *
 * Invariants: every entry of the pins table holds the references
 * gup_pages() took for it, and drops them exactly once (unpin, with the
 * same gup flags); every entry of the address names is the start of the
 * last mmap with that id.
 *
 * Linux counterpart: the system calls of mm/mmap.c, mm/mprotect.c,
 * mm/madvise.c, mm/mlock.c, mm/mempolicy.c, kernel/fork.c and
 * kernel/exit.c; pin_user_pages()/get_user_pages() as a driver calls them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm/mempolicy.h"
#include "mm/mm.h"
#include "mm/mman.h"
#include "mm/oom.h"
#include "mm/sched_tick.h"
#include "mm/swap.h"
#include "sim/args.h"
#include "sim/verbs.h"


/* ---- shared checks ---- */

/* pid=N of a task that exists. */
enum engine_status proc_parse_task(struct engine *e, const struct trace_record *rec,
				   const char *text, struct task_struct **out)
{
	int pid;

	if (engine_parse_pid(e, rec, "pid", text, &pid))
		return ENGINE_BAD_INPUT;
	*out = find_task_by_pid(e->m, pid);
	if (!*out)
		return engine_bad_input(e, rec, "unknown pid %d", pid);
	return ENGINE_OK;
}

static const char *errno_name(int err)
{
	switch (err) {
	case EINVAL:	return "EINVAL";
	case EEXIST:	return "EEXIST";
	case ENOMEM:	return "ENOMEM";
	case EFAULT:	return "EFAULT";
	case EACCES:	return "EACCES";
	case EPERM:	return "EPERM";
	case EBUSY:	return "EBUSY";
	case EAGAIN:	return "EAGAIN";
	case EIO:	return "EIO";
	case ENODEV:	return "ENODEV";
	case ENOSPC:	return "ENOSPC";
	default:	return NULL;
	}
}

/*
 * A call failed with ret: "CALL: ERRNO: why", an input error.  An errno
 * the real call never returns here means mm/ is wrong, not the trace.
 */
enum engine_status proc_call_failed(struct engine *e, const struct trace_record *rec,
				    const char *call, int ret, const char *why)
{
	const char *name = errno_name(-ret);

	if (!name)
		return engine_internal(e, "%s: unexpected error %d (%s)", call, ret, why);
	return engine_bad_input(e, rec, "%s: %s: %s", call, name, why);
}

/*
 * The overcommit rule that refused a charge (the kernel's
 * __vm_enough_memory() warning says only that it did), after "what".
 */
static void commit_refused_why(const struct machine *m, const char *what, char *why,
			       size_t len)
{
	const unsigned long kb_per_page = PAGE_SIZE >> 10;

	if (m->vm.overcommit_memory == OVERCOMMIT_GUESS && !total_swap_pages(m))
		snprintf(why, len, "%s: vm.overcommit_memory=0 refuses a single charge larger than "
			 "the RAM (%lu pages; no swap)", what, totalram_pages(m));
	else if (m->vm.overcommit_memory == OVERCOMMIT_GUESS)
		snprintf(why, len, "%s: vm.overcommit_memory=0 refuses a single charge larger than "
			 "the RAM and swap (%lu + %ld pages)", what, totalram_pages(m),
			 total_swap_pages(m));
	else
		snprintf(why, len, "%s: vm.overcommit_memory=2 keeps Committed_AS (%lu kB) below "
			 "CommitLimit (%lu kB) less the reserves", what,
			 vm_memory_committed(m) * kb_per_page, vm_commit_limit(m) * kb_per_page);
}

/* pid, addr and len; len_default stands in for an absent len= (where it is optional). */
enum engine_status proc_parse_range(struct engine *e, const struct trace_record *rec,
				    const char *const *vals, uint64_t len_default,
				    struct proc_range *r)
{
	r->len = len_default;
	if (proc_parse_task(e, rec, vals[PROC_RANGE_PID], &r->t) ||
	    engine_parse_addr(e, rec, &proc_verbs_state(e)->addr_names, "addr",
			      vals[PROC_RANGE_ADDR], &r->addr) ||
	    (vals[PROC_RANGE_LEN] &&
	     engine_parse_size(e, rec, "len", vals[PROC_RANGE_LEN], &r->len)))
		return ENGINE_BAD_INPUT;
	return ENGINE_OK;
}

/*
 * Why a range call (munmap, mprotect, madvise, mlock, munlock, mbind)
 * failed with ret: the kernel's EINVAL cases, else a hole in the range.
 */
static enum engine_status range_failed(struct engine *e, const struct trace_record *rec,
				       const char *call, int ret, const struct proc_range *r)
{
	unsigned long long start = r->addr, end = r->addr + r->len;
	char why[192];

	if (ret == -EINVAL && (r->addr & (PAGE_SIZE - 1)))
		snprintf(why, sizeof(why), "address 0x%llx is not page aligned", start);
	else if (ret == -EINVAL && r->len == 0)
		snprintf(why, sizeof(why), "length 0");
	else if (ret == -EINVAL && (end < start || end > TASK_SIZE))
		snprintf(why, sizeof(why), "range 0x%llx+0x%llx goes beyond the user address space",
			 start, (unsigned long long)r->len);
	else if (ret == -EINVAL)
		snprintf(why, sizeof(why), "range 0x%llx-0x%llx does not allow it (an mlocked mapping for "
			 "dontneed, or a hugetlb mapping cut off a 2 MiB boundary)", start, end);
	else
		snprintf(why, sizeof(why), "range 0x%llx-0x%llx is not fully mapped", start, end);
	return proc_call_failed(e, rec, call, ret, why);
}

/* ---- tasks ---- */

enum { SPAWN_PID, SPAWN_CPU, SPAWN_NAME };

/* spawn pid=N [cpu=N] [name=S]: a new task with an empty address space. */
static enum engine_status do_spawn(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	int pid, cpu = e->m->current_cpu, ret;
	struct task_struct *t;

	if (engine_parse_pid(e, rec, "pid", vals[SPAWN_PID], &pid) ||
	    (vals[SPAWN_CPU] && engine_parse_cpu(e, rec, vals[SPAWN_CPU], &cpu)))
		return ENGINE_BAD_INPUT;
	ret = task_spawn(e->m, pid, cpu, vals[SPAWN_NAME], &t);
	if (ret == -EEXIST)
		return engine_bad_input(e, rec, "pid %d exists", pid);
	if (ret)
		return proc_call_failed(e, rec, "spawn", ret, "no memory for the page tables");
	set_current(e->m, t);
	return ENGINE_OK;
}

static const struct engine_verb verb_spawn = {
	.name = "spawn",
	.handler = do_spawn,
	.keys = { { "pid", true }, { "cpu", false }, { "name", false } },
};

enum { FORK_PID, FORK_CHILD };

/* fork pid=N child=N: copy the address space, CoW (dup_mmap). */
static enum engine_status do_fork(struct engine *e, const struct trace_record *rec,
				  const char *const *vals)
{
	struct task_struct *parent;
	unsigned long refused;
	int child, ret;

	if (proc_parse_task(e, rec, vals[FORK_PID], &parent) ||
	    engine_parse_pid(e, rec, "child", vals[FORK_CHILD], &child))
		return ENGINE_BAD_INPUT;
	refused = e->m->proc_stats.commit_refused;
	ret = task_fork(e->m, parent, child, NULL);
	if (ret == -EEXIST)
		return engine_bad_input(e, rec, "pid %d exists", child);
	if (ret && e->m->proc_stats.commit_refused != refused) {
		char why[256];

		commit_refused_why(e->m, "the copies of the private writable mappings are charged "
				   "again, and refused", why, sizeof(why));
		return proc_call_failed(e, rec, "fork", ret, why);
	}
	if (ret)
		return proc_call_failed(e, rec, "fork", ret, "no memory to copy the address space");
	return ENGINE_OK;
}

static const struct engine_verb verb_fork = {
	.name = "fork",
	.handler = do_fork,
	.keys = { { "pid", true }, { "child", true } },
};

enum { EXIT_PID };

/* exit pid=N: unmap everything and free the task (pinned pages stay pinned). */
static enum engine_status do_exit(struct engine *e, const struct trace_record *rec,
				  const char *const *vals)
{
	struct task_struct *t;

	if (proc_parse_task(e, rec, vals[EXIT_PID], &t))
		return ENGINE_BAD_INPUT;
	task_exit(e->m, t);
	return ENGINE_OK;
}

static const struct engine_verb verb_exit = {
	.name = "exit",
	.handler = do_exit,
	.keys = { { "pid", true } },
};

enum { SCHED_PID, SCHED_CPU };

/* sched pid=N cpu=N: the task now runs there (its local node follows). */
static enum engine_status do_sched(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	struct task_struct *t;
	int cpu;

	if (proc_parse_task(e, rec, vals[SCHED_PID], &t) ||
	    engine_parse_cpu(e, rec, vals[SCHED_CPU], &cpu))
		return ENGINE_BAD_INPUT;
	sched_set_cpu(e->m, t, cpu);
	return ENGINE_OK;
}

static const struct engine_verb verb_sched = {
	.name = "sched",
	.handler = do_sched,
	.keys = { { "pid", true }, { "cpu", true } },
};

/* ---- mmap ---- */

enum {
	MMAP_PID, MMAP_ADDR, MMAP_LEN, MMAP_ANON, MMAP_FILE, MMAP_OFF, MMAP_SHARED, MMAP_PROT,
	MMAP_FIXED, MMAP_NOREPLACE, MMAP_POPULATE, MMAP_LOCKED, MMAP_HUGETLB, MMAP_NORESERVE,
	MMAP_ID
};

/* The flag words of mmap and the MAP_* bit each one sets. */
static const struct {
	int key;
	unsigned long map_flag;
} mmap_words[] = {
	{ MMAP_SHARED, MAP_SHARED },
	{ MMAP_FIXED, MAP_FIXED },
	{ MMAP_NOREPLACE, MAP_FIXED_NOREPLACE },
	{ MMAP_POPULATE, MAP_POPULATE },
	{ MMAP_LOCKED, MAP_LOCKED },
	{ MMAP_HUGETLB, MAP_HUGETLB },
	{ MMAP_NORESERVE, MAP_NORESERVE },
};

struct mmap_args {
	struct task_struct *t;
	uint64_t addr;
	uint64_t len;
	uint64_t off;
	unsigned long prot;
	unsigned long flags;
	const char *file;
	const char *id;
};

/* Word combinations mmap(2) refuses, or that would mean nothing. */
static enum engine_status mmap_check_words(struct engine *e, const struct trace_record *rec,
					   const char *const *vals, const struct mmap_args *a)
{
	bool fixed = vals[MMAP_FIXED], noreplace = vals[MMAP_NOREPLACE];

	if (vals[MMAP_ANON] && a->file)
		return engine_bad_input(e, rec, "anon and file= exclude each other");
	if (vals[MMAP_OFF] && !a->file)
		return engine_bad_input(e, rec, "off= needs file=");
	if (a->off & (PAGE_SIZE - 1))
		return engine_bad_input(e, rec, "off 0x%llx is not a multiple of the page size (%llu)",
					(unsigned long long)a->off, (unsigned long long)PAGE_SIZE);
	if (fixed && noreplace)
		return engine_bad_input(e, rec, "fixed and noreplace exclude each other");
	if ((fixed || noreplace) && !vals[MMAP_ADDR])
		return engine_bad_input(e, rec, "%s needs addr=", fixed ? "fixed" : "noreplace");
	if (vals[MMAP_HUGETLB] && a->file)
		return engine_bad_input(e, rec, "hugetlb maps anonymous memory (no file=)");
	if (a->id && strchr(a->id, '+'))
		return engine_bad_input(e, rec, "bad id '%.64s': an address name may not contain '+'",
					a->id);
	return ENGINE_OK;
}

static enum engine_status mmap_parse(struct engine *e, const struct trace_record *rec,
				     const char *const *vals, struct mmap_args *a)
{
	*a = (struct mmap_args){ .prot = PROT_READ | PROT_WRITE, .file = vals[MMAP_FILE],
				 .id = vals[MMAP_ID] };
	if (proc_parse_task(e, rec, vals[MMAP_PID], &a->t) ||
	    (vals[MMAP_ADDR] && engine_parse_addr(e, rec, &proc_verbs_state(e)->addr_names, "addr",
						  vals[MMAP_ADDR], &a->addr)) ||
	    engine_parse_size(e, rec, "len", vals[MMAP_LEN], &a->len) ||
	    (vals[MMAP_OFF] && engine_parse_size(e, rec, "off", vals[MMAP_OFF], &a->off)) ||
	    (vals[MMAP_PROT] && engine_parse_prot(e, rec, vals[MMAP_PROT], &a->prot)))
		return ENGINE_BAD_INPUT;
	for (size_t i = 0; i < NR_ELEMS(mmap_words); i++)
		if (vals[mmap_words[i].key])
			a->flags |= mmap_words[i].map_flag;
	if (!(a->flags & MAP_SHARED))
		a->flags |= MAP_PRIVATE;
	if (!a->file)
		a->flags |= MAP_ANONYMOUS;
	return mmap_check_words(e, rec, vals, a);
}

/*
 * Why do_mmap() failed: its EINVAL, EEXIST and ENOMEM cases; refused
 * tells that the overcommit policy refused the charge.
 */
static enum engine_status mmap_failed(struct engine *e, const struct trace_record *rec,
				      const struct mmap_args *a, int ret, bool refused)
{
	bool huge = a->flags & MAP_HUGETLB;
	uint64_t align = huge ? HPAGE_PMD_SIZE : PAGE_SIZE;
	unsigned long long start = a->addr, len = (a->len + align - 1) & ~(align - 1);
	const struct hstate *h = &e->m->hstate;
	char why[256], what[64];

	if (ret == -ENOMEM && refused) {
		snprintf(what, sizeof(what), "the charge of 0x%llx bytes is refused", len);
		commit_refused_why(e->m, what, why, sizeof(why));
	} else if (ret == -EEXIST)
		snprintf(why, sizeof(why), "range 0x%llx-0x%llx overlaps an existing mapping",
			 start, start + len);
	else if (ret == -EINVAL && a->len == 0)
		snprintf(why, sizeof(why), "length 0");
	else if (ret == -EINVAL && (a->addr & (align - 1)))
		snprintf(why, sizeof(why), "address 0x%llx is not aligned to %s", start,
			 huge ? "2 MiB" : "the page size");
	else if (ret == -ENOMEM && (len == 0 || len > TASK_SIZE))
		snprintf(why, sizeof(why), "length 0x%llx is larger than the user address space",
			 (unsigned long long)a->len);
	else if (ret == -ENOMEM && (a->flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
		snprintf(why, sizeof(why), "range 0x%llx+0x%llx is outside the user address space",
			 start, len);
	else if (ret == -ENOMEM && huge && !(a->flags & MAP_NORESERVE))
		snprintf(why, sizeof(why), "the hugetlb pool cannot reserve %llu huge pages (HugePages_Free %lu, HugePages_Rsvd %lu)",
			 len / HPAGE_PMD_SIZE, h->free_huge_pages, h->resv_huge_pages);
	else if (ret == -ENOMEM)
		snprintf(why, sizeof(why), "no room for 0x%llx bytes in the address space", len);
	else
		snprintf(why, sizeof(why), "invalid arguments");
	return proc_call_failed(e, rec, "mmap", ret, why);
}

/*
 * mmap pid=N [addr=A] len=L [anon | file=F [off=O]] [shared] [prot=P]
 * [fixed | noreplace] [populate] [locked] [hugetlb] [noreserve] [id=NAME]
 */
static enum engine_status do_mmap_verb(struct engine *e, const struct trace_record *rec,
				       const char *const *vals)
{
	struct address_space *file = NULL;
	unsigned long refused;
	struct mmap_args a;
	uint64_t addr;
	int ret;

	if (mmap_parse(e, rec, vals, &a))
		return ENGINE_BAD_INPUT;
	if (a.file && !(file = file_lookup(e->m, a.file)))
		return engine_internal(e, "out of memory for file '%.64s'", a.file);
	refused = e->m->proc_stats.commit_refused;
	ret = do_mmap(e->m, a.t, a.addr, a.len, a.prot, a.flags, file, a.off >> PAGE_SHIFT, &addr);
	if (ret)
		return mmap_failed(e, rec, &a, ret, e->m->proc_stats.commit_refused != refused);
	if (a.id) {
		struct name_entry *n = name_table_get(&proc_verbs_state(e)->addr_names, a.id);

		if (!n)
			return engine_internal(e, "out of memory for address names");
		n->addr = addr;
	}
	return ENGINE_OK;
}

static const struct engine_verb verb_mmap = {
	.name = "mmap",
	.handler = do_mmap_verb,
	.keys = {
		{ "pid", true }, { "addr", false }, { "len", true }, { "anon", .flag = true },
		{ "file", false }, { "off", false }, { "shared", .flag = true },
		{ "prot", false }, { "fixed", .flag = true }, { "noreplace", .flag = true },
		{ "populate", .flag = true }, { "locked", .flag = true },
		{ "hugetlb", .flag = true }, { "noreserve", .flag = true }, { "id", false },
	},
};

/* ---- the range system calls ---- */

/* munmap pid=N addr=A len=L */
static enum engine_status do_munmap_verb(struct engine *e, const struct trace_record *rec,
					 const char *const *vals)
{
	struct proc_range r;
	int ret;

	if (proc_parse_range(e, rec, vals, 0, &r))
		return ENGINE_BAD_INPUT;
	ret = do_munmap(e->m, r.t, r.addr, r.len);
	return ret ? range_failed(e, rec, "munmap", ret, &r) : ENGINE_OK;
}

static const struct engine_verb verb_munmap = {
	.name = "munmap",
	.handler = do_munmap_verb,
	.keys = { { "pid", true }, { "addr", true }, { "len", true } },
};

enum { MPROTECT_PROT = PROC_RANGE_LEN + 1 };

/* mprotect pid=N addr=A len=L prot=P */
static enum engine_status do_mprotect_verb(struct engine *e, const struct trace_record *rec,
					   const char *const *vals)
{
	unsigned long prot, refused;
	struct proc_range r;
	int ret;

	if (proc_parse_range(e, rec, vals, 0, &r) ||
	    engine_parse_prot(e, rec, vals[MPROTECT_PROT], &prot))
		return ENGINE_BAD_INPUT;
	refused = e->m->proc_stats.commit_refused;
	ret = do_mprotect(e->m, r.t, r.addr, r.len, prot);
	if (ret == -ENOMEM && e->m->proc_stats.commit_refused != refused) {
		char why[256], what[96];

		snprintf(what, sizeof(what), "making 0x%llx-0x%llx writable charges it, refused",
			 (unsigned long long)r.addr, (unsigned long long)(r.addr + r.len));
		commit_refused_why(e->m, what, why, sizeof(why));
		return proc_call_failed(e, rec, "mprotect", ret, why);
	}
	return ret ? range_failed(e, rec, "mprotect", ret, &r) : ENGINE_OK;
}

static const struct engine_verb verb_mprotect = {
	.name = "mprotect",
	.handler = do_mprotect_verb,
	.keys = { { "pid", true }, { "addr", true }, { "len", true }, { "prot", true } },
};

enum { MADVISE_ADVICE = PROC_RANGE_LEN + 1 };

/*
 * madvise pid=N addr=A len=L
 *   advice=dontneed|hugepage|nohugepage|cold|pageout|normal|random|sequential
 */
static enum engine_status do_madvise_verb(struct engine *e, const struct trace_record *rec,
					  const char *const *vals)
{
	static const char *const words[] = { "dontneed", "hugepage", "nohugepage", "cold",
					      "pageout", "normal", "random", "sequential" };
	static const int advice[] = { MADV_DONTNEED, MADV_HUGEPAGE, MADV_NOHUGEPAGE, MADV_COLD,
				      MADV_PAGEOUT, MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL };
	unsigned int i;
	struct proc_range r;
	int ret;

	if (proc_parse_range(e, rec, vals, 0, &r) ||
	    engine_parse_word(e, rec, "advice", vals[MADVISE_ADVICE], words, NR_ELEMS(words), &i))
		return ENGINE_BAD_INPUT;
	ret = do_madvise(e->m, r.t, r.addr, r.len, advice[i]);
	return ret ? range_failed(e, rec, "madvise", ret, &r) : ENGINE_OK;
}

static const struct engine_verb verb_madvise = {
	.name = "madvise",
	.handler = do_madvise_verb,
	.keys = { { "pid", true }, { "addr", true }, { "len", true }, { "advice", true } },
};

enum { MLOCK_ONFAULT_WORD = PROC_RANGE_LEN + 1 };

/*
 * Why mlock failed: a hole or a bad range (range_failed), else what
 * faulting the locked range in met (do_mlock() returns it, renamed:
 * no memory is EAGAIN, a page gup could not fault is ENOMEM).
 */
static enum engine_status mlock_failed(struct engine *e, const struct trace_record *rec,
				       int ret, const struct proc_range *r)
{
	unsigned long long start = r->addr & ~(PAGE_SIZE - 1), end = page_align(r->addr + r->len);
	char why[192];

	if (ret == -EAGAIN)
		snprintf(why, sizeof(why), "range 0x%llx-0x%llx is locked, but faulting it in found "
			 "no memory", start, end);
	else if (ret == -ENOMEM && end > start && !vma_range_has_hole(r->t->mm, start, end))
		snprintf(why, sizeof(why), "range 0x%llx-0x%llx is locked, but not all of it can be "
			 "faulted in (a PROT_NONE mapping, or a hugetlb mapping without a huge page)",
			 start, end);
	else
		return range_failed(e, rec, "mlock", ret, r);
	return proc_call_failed(e, rec, "mlock", ret, why);
}

/* mlock pid=N addr=A len=L [onfault] (mlock2 with MLOCK_ONFAULT) */
static enum engine_status do_mlock_verb(struct engine *e, const struct trace_record *rec,
					const char *const *vals)
{
	unsigned int flags = vals[MLOCK_ONFAULT_WORD] ? MLOCK_ONFAULT : 0;
	struct proc_range r;
	int ret;

	if (proc_parse_range(e, rec, vals, 0, &r))
		return ENGINE_BAD_INPUT;
	ret = do_mlock(e->m, r.t, r.addr, r.len, flags);
	return ret ? mlock_failed(e, rec, ret, &r) : ENGINE_OK;
}

static const struct engine_verb verb_mlock = {
	.name = "mlock",
	.handler = do_mlock_verb,
	.keys = { { "pid", true }, { "addr", true }, { "len", true }, { "onfault", .flag = true } },
};

/* munlock pid=N addr=A len=L */
static enum engine_status do_munlock_verb(struct engine *e, const struct trace_record *rec,
					  const char *const *vals)
{
	struct proc_range r;
	int ret;

	if (proc_parse_range(e, rec, vals, 0, &r))
		return ENGINE_BAD_INPUT;
	ret = do_munlock(e->m, r.t, r.addr, r.len);
	return ret ? range_failed(e, rec, "munlock", ret, &r) : ENGINE_OK;
}

static const struct engine_verb verb_munlock = {
	.name = "munlock",
	.handler = do_munlock_verb,
	.keys = { { "pid", true }, { "addr", true }, { "len", true } },
};

/* ---- accesses ---- */

/*
 * The pages [*first, *last] that bytes [addr, addr + len) lie in; len is
 * at least 1 and the range may not wrap (touch, pin and get).
 */
enum engine_status proc_span_pages(struct engine *e, const struct trace_record *rec,
				   const struct proc_range *r, uint64_t *first, uint64_t *last)
{
	if (r->len == 0)
		return engine_bad_input(e, rec, "len 0: the range must hold at least one byte");
	if (r->addr + (r->len - 1) < r->addr)
		return engine_bad_input(e, rec, "range 0x%llx+0x%llx wraps around",
					(unsigned long long)r->addr, (unsigned long long)r->len);
	*first = r->addr & ~(PAGE_SIZE - 1);
	*last = (r->addr + (r->len - 1)) & ~(PAGE_SIZE - 1);
	return ENGINE_OK;
}

enum { TOUCH_WRITE = PROC_RANGE_LEN + 1 };

/*
 * touch pid=N addr=A [len=L] [write]: the task reads (writes) one byte of
 * every page of the range, in address order, as the MMU would.  A SIGSEGV
 * or SIGBUS ends the run of accesses, as the signal would end the
 * program's loop; a fault that found no memory is counted and the next
 * page is tried, unless the OOM killer chose this task (SIGKILL: it exits
 * once the event is over).
 */
static enum engine_status do_touch(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	bool write = vals[TOUCH_WRITE];
	uint64_t first, last;
	struct proc_range r;

	if (proc_parse_range(e, rec, vals, 1, &r) || proc_span_pages(e, rec, &r, &first, &last))
		return ENGINE_BAD_INPUT;
	for (uint64_t addr = first;; addr += PAGE_SIZE) {
		vm_fault_t ret = user_access(e->m, r.t, addr, write);

		/* A migration entry: the task waited for it and retries the access. */
		if (ret & VM_FAULT_RETRY)
			ret = user_access(e->m, r.t, addr, write);
		if (ret & (VM_FAULT_SIGSEGV | VM_FAULT_SIGBUS))
			break;		/* VM_FAULT_OOM: counted by mm/, the next page is tried */
		if (tsk_is_oom_victim(r.t))
			break;		/* the OOM killer chose it: SIGKILL ends the loop */
		if (addr == last)
			break;
	}
	return ENGINE_OK;
}

static const struct engine_verb verb_touch = {
	.name = "touch",
	.handler = do_touch,
	.keys = { { "pid", true }, { "addr", true }, { "len", false }, { "write", .flag = true } },
};

/* ---- pins ---- */

/* What the pins table keeps for one pin/get: its flags and the frames it holds. */
struct held_pin {
	unsigned int gup_flags;
	unsigned long nr_pages;
	pfn_t pfns[];
};

enum { GUP_ID = PROC_RANGE_LEN + 1, GUP_WRITE, GUP_LONGTERM };

/* The page where a short gup_pages() stopped: why it could not be had. */
static enum engine_status gup_failed(struct engine *e, const struct trace_record *rec,
				     const char *verb, struct task_struct *t, uint64_t addr,
				     unsigned int gup_flags)
{
	const struct vm_area_struct *vma = vma_lookup(t->mm, addr);
	unsigned long long a = addr;
	char why[128];
	int err = -EFAULT;

	if (!vma)
		snprintf(why, sizeof(why), "no mapping at 0x%llx", a);
	else if ((gup_flags & FOLL_WRITE) && !(vma->vm_flags & VM_WRITE))
		snprintf(why, sizeof(why), "0x%llx is not writable", a);
	else if (!(vma->vm_flags & VM_ACCESS_FLAGS))
		snprintf(why, sizeof(why), "0x%llx is not accessible (prot none)", a);
	else {
		snprintf(why, sizeof(why), "the fault at 0x%llx found no memory", a);
		err = -ENOMEM;
	}
	return proc_call_failed(e, rec, verb, err, why);
}

/* Pin (or reference) the pages of r; all of them, or none and an error. */
static enum engine_status gup_range(struct engine *e, const struct trace_record *rec,
				    const char *verb, const struct proc_range *r,
				    unsigned int gup_flags, struct held_pin **out)
{
	struct machine *m = e->m;
	uint64_t first, last, nr_pages;
	struct held_pin *pin;
	struct page **pages;
	long got;

	if (proc_span_pages(e, rec, r, &first, &last))
		return ENGINE_BAD_INPUT;
	nr_pages = ((last - first) >> PAGE_SHIFT) + 1;
	if (nr_pages > m->end_pfn)
		return engine_bad_input(e, rec, "%s of %llu pages: the machine has %llu frames", verb,
					(unsigned long long)nr_pages, (unsigned long long)m->end_pfn);
	pages = malloc(nr_pages * sizeof(*pages));
	pin = malloc(sizeof(*pin) + nr_pages * sizeof(pin->pfns[0]));
	if (!pages || !pin) {
		free(pages);
		free(pin);
		return engine_internal(e, "out of memory for %llu pinned pages",
				       (unsigned long long)nr_pages);
	}
	got = gup_pages(m, r->t, first, nr_pages, gup_flags, pages);
	if (got > 0 && (uint64_t)got < nr_pages)
		gup_release(m, pages, (unsigned long)got, gup_flags);
	if (got < 0 || (uint64_t)got < nr_pages) {
		free(pages);
		free(pin);
		return gup_failed(e, rec, verb, r->t, first + (got > 0 ? (uint64_t)got : 0) * PAGE_SIZE,
				  gup_flags);
	}
	pin->gup_flags = gup_flags;
	pin->nr_pages = nr_pages;
	for (uint64_t i = 0; i < nr_pages; i++)
		pin->pfns[i] = page_to_pfn(m, pages[i]);
	free(pages);
	*out = pin;
	return ENGINE_OK;
}

/* pin/get id=NAME pid=N addr=A [len=L] [write] [longterm] */
static enum engine_status do_gup(struct engine *e, const struct trace_record *rec,
				 const char *const *vals, unsigned int gup_flags)
{
	struct name_table *pins = &proc_verbs_state(e)->pins;
	const char *verb = gup_flags & FOLL_PIN ? "pin" : "get";
	const char *id = vals[GUP_ID];
	struct held_pin *pin;
	struct name_entry *n;
	enum engine_status st;
	struct proc_range r;

	if (proc_parse_range(e, rec, vals, 1, &r))
		return ENGINE_BAD_INPUT;
	if (name_table_find(pins, id))
		return engine_bad_input(e, rec, "pin id '%.64s' is already held", id);
	gup_flags |= vals[GUP_WRITE] ? FOLL_WRITE : 0;
	if ((gup_flags & FOLL_PIN) && vals[GUP_LONGTERM])
		gup_flags |= FOLL_LONGTERM;
	/* The entry first: once the pages are pinned, nothing may fail. */
	n = name_table_get(pins, id);
	if (!n)
		return engine_internal(e, "out of memory for pin ids");
	st = gup_range(e, rec, verb, &r, gup_flags, &pin);
	if (st != ENGINE_OK) {
		name_table_remove(pins, n);
		return st;
	}
	n->data = pin;
	return ENGINE_OK;
}

static enum engine_status do_pin(struct engine *e, const struct trace_record *rec,
				 const char *const *vals)
{
	return do_gup(e, rec, vals, FOLL_PIN);
}

static enum engine_status do_get(struct engine *e, const struct trace_record *rec,
				 const char *const *vals)
{
	return do_gup(e, rec, vals, FOLL_GET);
}

static const struct engine_verb verb_pin = {
	.name = "pin",
	.handler = do_pin,
	.keys = { { "pid", true }, { "addr", true }, { "len", false }, { "id", true },
		  { "write", .flag = true }, { "longterm", .flag = true } },
};

static const struct engine_verb verb_get = {
	.name = "get",
	.handler = do_get,
	.keys = { { "pid", true }, { "addr", true }, { "len", false }, { "id", true },
		  { "write", .flag = true } },
};

enum { UNPIN_ID };

/* unpin id=NAME: drop what pin or get took (unpin_user_pages / put_page). */
static enum engine_status do_unpin(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	struct name_table *pins = &proc_verbs_state(e)->pins;
	struct name_entry *n = name_table_find(pins, vals[UNPIN_ID]);
	struct held_pin *pin;
	struct page **pages;

	if (!n)
		return engine_bad_input(e, rec, "unpin of unknown id '%.64s' (never pinned, or unpinned already)",
					vals[UNPIN_ID]);
	pin = n->data;
	pages = malloc(pin->nr_pages * sizeof(*pages));
	if (!pages)
		return engine_internal(e, "out of memory for %lu pinned pages", pin->nr_pages);
	for (unsigned long i = 0; i < pin->nr_pages; i++)
		pages[i] = pfn_to_page(e->m, pin->pfns[i]);
	gup_release(e->m, pages, pin->nr_pages, pin->gup_flags);
	free(pages);
	free(pin);
	name_table_remove(pins, n);
	return ENGINE_OK;
}

static const struct engine_verb verb_unpin = {
	.name = "unpin",
	.handler = do_unpin,
	.keys = { { "id", true } },
};

/* ---- memory policies ---- */

/* Mode names, indexed by the MPOL_* value. */
static const char *const mpol_modes[MPOL_MAX] = {
	[MPOL_DEFAULT] = "default",
	[MPOL_PREFERRED] = "preferred",
	[MPOL_BIND] = "bind",
	[MPOL_INTERLEAVE] = "interleave",
	[MPOL_LOCAL] = "local",
	[MPOL_PREFERRED_MANY] = "preferred_many",
};

/* The keys a policy takes, at the same offset in set_mempolicy and mbind. */
enum { POL_MODE, POL_NODES, POL_STATIC, POL_RELATIVE, POL_NR_KEYS };

/*
 * mode=M [nodes=LIST] [static | relative] from vals[POL_*]: the mode with
 * its flags, and the node mask (empty without nodes=).  Both flags at once
 * is the kernel's EINVAL (sanitize_mpol_flags), refused here by name.
 */
static enum engine_status parse_policy(struct engine *e, const struct trace_record *rec,
				       const char *const *vals, int *mode_flags,
				       nodemask_t *nodes)
{
	unsigned int mode;

	nodes->bits = 0;
	if (engine_parse_word(e, rec, "mode", vals[POL_MODE], mpol_modes, MPOL_MAX, &mode) ||
	    (vals[POL_NODES] && engine_parse_nodelist(e, rec, vals[POL_NODES], nodes)))
		return ENGINE_BAD_INPUT;
	if (vals[POL_STATIC] && vals[POL_RELATIVE])
		return engine_bad_input(e, rec, "static and relative exclude each other");
	*mode_flags = (int)mode | (vals[POL_STATIC] ? MPOL_F_STATIC_NODES : 0) |
		      (vals[POL_RELATIVE] ? MPOL_F_RELATIVE_NODES : 0);
	return ENGINE_OK;
}

/* The kernel's EINVAL for a mode and node list that do not go together. */
static enum engine_status policy_failed(struct engine *e, const struct trace_record *rec,
					const char *call, int ret, const char *const *vals)
{
	char why[160];

	snprintf(why, sizeof(why), "mode %.32s does not go with %s%.64s", vals[POL_MODE],
		 vals[POL_NODES] ? "nodes " : "no nodes", vals[POL_NODES] ? vals[POL_NODES] : "");
	return proc_call_failed(e, rec, call, ret, why);
}

enum { SETPOL_PID, SETPOL_POLICY };

/* set_mempolicy pid=N mode=M [nodes=LIST] [static | relative] */
static enum engine_status do_set_mempolicy_verb(struct engine *e, const struct trace_record *rec,
						const char *const *vals)
{
	struct task_struct *t;
	nodemask_t nodes;
	int mode_flags, ret;

	if (proc_parse_task(e, rec, vals[SETPOL_PID], &t) ||
	    parse_policy(e, rec, vals + SETPOL_POLICY, &mode_flags, &nodes))
		return ENGINE_BAD_INPUT;
	ret = do_set_mempolicy(e->m, t, mode_flags, &nodes);
	return ret ? policy_failed(e, rec, "set_mempolicy", ret, vals + SETPOL_POLICY) : ENGINE_OK;
}

static const struct engine_verb verb_set_mempolicy = {
	.name = "set_mempolicy",
	.handler = do_set_mempolicy_verb,
	.keys = { { "pid", true }, { "mode", true }, { "nodes", false },
		  { "static", .flag = true }, { "relative", .flag = true } },
};

enum {
	MBIND_POLICY = PROC_RANGE_LEN + 1,
	MBIND_MOVE = MBIND_POLICY + POL_NR_KEYS, MBIND_MOVE_ALL, MBIND_STRICT
};

/*
 * MPOL_MF_STRICT's -EIO (do_mbind()): alone, a page of the range was on
 * no node of the mask and nothing changed; with a move flag, a page
 * could not be taken or moved, the policy being set and the rest moved.
 */
static enum engine_status mbind_strict_failed(struct engine *e, const struct trace_record *rec,
					      unsigned int flags, const char *nodes)
{
	char why[192];

	if (flags & (MPOL_MF_MOVE | MPOL_MF_MOVE_ALL))
		snprintf(why, sizeof(why), "a page of the range on no node of nodes=%.64s could not be "
			 "moved (strict; the policy is set, the other pages moved)",
			 nodes ? nodes : "(none)");
	else
		snprintf(why, sizeof(why), "a page of the range is on no node of nodes=%.64s (strict, "
			 "without move: the policy is not set)", nodes ? nodes : "(none)");
	return proc_call_failed(e, rec, "mbind", -EIO, why);
}

/* mbind pid=N addr=A len=L mode=M [nodes=LIST] [static | relative] [move] [move_all] [strict] */
static enum engine_status do_mbind_verb(struct engine *e, const struct trace_record *rec,
					const char *const *vals)
{
	unsigned int flags = (vals[MBIND_MOVE] ? MPOL_MF_MOVE : 0) |
			     (vals[MBIND_MOVE_ALL] ? MPOL_MF_MOVE_ALL : 0) |
			     (vals[MBIND_STRICT] ? MPOL_MF_STRICT : 0);
	nodemask_t nodes;
	int mode_flags, ret;
	struct proc_range r;

	if (proc_parse_range(e, rec, vals, 0, &r) ||
	    parse_policy(e, rec, vals + MBIND_POLICY, &mode_flags, &nodes))
		return ENGINE_BAD_INPUT;
	ret = do_mbind(e->m, r.t, r.addr, r.len, mode_flags, &nodes, flags);
	/* EINVAL for a well-formed range is the policy's. */
	if (ret == -EINVAL && !(r.addr & (PAGE_SIZE - 1)) && r.addr + r.len >= r.addr &&
	    r.addr + r.len <= TASK_SIZE)
		return policy_failed(e, rec, "mbind", ret, vals + MBIND_POLICY);
	if (ret == -EIO)
		return mbind_strict_failed(e, rec, flags, vals[MBIND_POLICY + POL_NODES]);
	return ret ? range_failed(e, rec, "mbind", ret, &r) : ENGINE_OK;
}

static const struct engine_verb verb_mbind = {
	.name = "mbind",
	.handler = do_mbind_verb,
	.keys = { { "pid", true }, { "addr", true }, { "len", true }, { "mode", true },
		  { "nodes", false }, { "static", .flag = true }, { "relative", .flag = true },
		  { "move", .flag = true }, { "move_all", .flag = true },
		  { "strict", .flag = true } },
};

/* ---- the family ---- */

static void proc_release(void *state)
{
	struct proc_verbs_state *s = state;

	/* Only host memory: the machine may already be gone. */
	name_table_release(&s->addr_names, NULL);
	name_table_release(&s->pins, free);
}

static const struct engine_verb *const proc_verbs[] = {
	&verb_spawn, &verb_fork, &verb_exit, &verb_sched,
	&verb_mmap, &verb_munmap, &verb_mprotect, &verb_madvise, &verb_mlock, &verb_munlock,
	&verb_touch, &verb_pin, &verb_get, &verb_unpin,
	&verb_set_mempolicy, &verb_mbind, NULL
};

const struct engine_family family_proc = {
	.name = "process",
	.verbs = proc_verbs,
	.state_size = sizeof(struct proc_verbs_state),
	.release = proc_release,
};
