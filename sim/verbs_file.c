/*
 * sim/verbs_file.c - file I/O through the page cache: the read, write,
 * fsync, truncate, unlink and fadvise verbs.
 *
 *   read     pid=N file=NAME off=O len=L
 *   write    pid=N file=NAME off=O len=L
 *   fsync    pid=N file=NAME
 *   truncate pid=N file=NAME len=L
 *   unlink   file=NAME
 *   fadvise  pid=N file=NAME off=O len=L
 *            advice=normal|random|sequential|willneed|dontneed
 *
 * A file is one of the machine's named files (the ones mmap file=NAME
 * maps), made empty on first use; unlink takes the name away (a later
 * use of it makes a new file).  The task runs the call on its CPU and
 * waits for the block device as the call would (see mm/writeback.h).
 * Offsets and lengths are sizes (K, M, G, T suffixes); a file ends at 16
 * TiB at most (ext4's limit with 4 KiB blocks): an off + len beyond it is
 * an input error, as are an unknown pid, an unlink of a name no file has,
 * and an unknown advice.  len=0 is a call that does nothing (fadvise: to
 * the end of the file).
 *
 * Invariants: a refused record changes nothing.
 *
 * Linux counterpart: the system calls read(2), write(2), fsync(2),
 * truncate(2), unlink(2), posix_fadvise(2) on a regular file.
 */
#include <string.h>

#include "mm/mm.h"
#include "mm/writeback.h"
#include "sim/args.h"
#include "sim/verbs.h"

/* Linux: ext4's s_maxbytes with 4 KiB blocks (2^32 blocks). */
#define FILE_BYTES_MAX	(1ull << 44)

/* The keys of read, write and fadvise; fsync has the first two, truncate pid, file, len. */
enum { IO_PID, IO_FILE, IO_OFF, IO_LEN, IO_ADVICE, IO_BDEV = IO_ADVICE };
enum { TRUNCATE_LEN = 2 };

struct file_call {
	struct task_struct *t;
	struct address_space *mapping;
	uint64_t off, len;
};

/* The named file, made on first use; NULL only when host memory ran out. */
static enum engine_status file_of(struct engine *e, const char *name,
				  struct address_space **out)
{
	*out = file_lookup(e->m, name);
	if (!*out)
		return engine_internal(e, "no host memory for the file '%.64s'", name);
	return ENGINE_OK;
}

/*
 * pid, file and the off= and len= texts the verb has (NULL: none); the
 * task becomes current.
 */
static enum engine_status file_call_parse(struct engine *e, const struct trace_record *rec,
					  const char *const *vals, const char *off,
					  const char *len, struct file_call *c)
{
	*c = (struct file_call){ 0 };
	if (proc_parse_task(e, rec, vals[IO_PID], &c->t) ||
	    (off && engine_parse_size(e, rec, "off", off, &c->off)) ||
	    (len && engine_parse_size(e, rec, "len", len, &c->len)))
		return ENGINE_BAD_INPUT;
	if (c->off > FILE_BYTES_MAX || c->len > FILE_BYTES_MAX - c->off)
		return engine_bad_input(e, rec,
					"off + len ends past the largest file (%llu bytes)",
					(unsigned long long)FILE_BYTES_MAX);
	if (file_of(e, vals[IO_FILE], &c->mapping))
		return ENGINE_INTERNAL;
	set_current(e->m, c->t);
	return ENGINE_OK;
}

/*
 * The bdev flag of read and write: the file is a block device, whose page
 * cache is not movable (BDEV_MAPPING_GFP).  It says so on the file's first
 * use; a file that has had pages or mappings as a regular file is not one.
 */
static enum engine_status file_set_bdev(struct engine *e, const struct trace_record *rec,
					struct address_space *mapping)
{
	if (mapping->gfp_mask == BDEV_MAPPING_GFP)
		return ENGINE_OK;
	if (mapping->nrpages || mapping->i_size || mapping->refcount > 1)
		return engine_bad_input(e, rec, "file '%.64s' is a regular file, not a block "
					"device (bdev must come with its first use)", mapping->name);
	mapping->gfp_mask = BDEV_MAPPING_GFP;
	mapping->i_size = FILE_BYTES_MAX;	/* the disk's size: numasim's disk has none */
	return ENGINE_OK;
}

/* read or write: the call, and its failure when not even one folio could be had. */
static enum engine_status do_rw(struct engine *e, const struct trace_record *rec,
				const char *const *vals, const char *call,
				long (*rw)(struct machine *m, struct address_space *mapping,
					   uint64_t pos, uint64_t len))
{
	struct file_call c;
	long ret;

	if (file_call_parse(e, rec, vals, vals[IO_OFF], vals[IO_LEN], &c) ||
	    (vals[IO_BDEV] && file_set_bdev(e, rec, c.mapping)))
		return ENGINE_BAD_INPUT;
	ret = c.len ? rw(e->m, c.mapping, c.off, c.len) : 0;
	if (ret < 0)
		return proc_call_failed(e, rec, call, (int)ret, "no memory for the page cache");
	return ENGINE_OK;
}

static enum engine_status do_read(struct engine *e, const struct trace_record *rec,
				  const char *const *vals)
{
	return do_rw(e, rec, vals, "read", filemap_read);
}

static enum engine_status do_write(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	return do_rw(e, rec, vals, "write", generic_perform_write);
}

static enum engine_status do_fsync(struct engine *e, const struct trace_record *rec,
				   const char *const *vals)
{
	struct file_call c;

	if (file_call_parse(e, rec, vals, NULL, NULL, &c))
		return ENGINE_BAD_INPUT;
	vfs_fsync(e->m, c.mapping);
	return ENGINE_OK;
}

static enum engine_status do_truncate(struct engine *e, const struct trace_record *rec,
				      const char *const *vals)
{
	struct file_call c;

	if (file_call_parse(e, rec, vals, NULL, vals[TRUNCATE_LEN], &c))
		return ENGINE_BAD_INPUT;
	truncate_setsize(e->m, c.mapping, c.len);
	return ENGINE_OK;
}

static const char *const advice_words[] = {
	[FADV_NORMAL] = "normal", [FADV_RANDOM] = "random", [FADV_SEQUENTIAL] = "sequential",
	[FADV_WILLNEED] = "willneed", [FADV_DONTNEED] = "dontneed",
};

static enum engine_status do_fadvise(struct engine *e, const struct trace_record *rec,
				     const char *const *vals)
{
	unsigned int advice;
	struct file_call c;

	if (engine_parse_word(e, rec, "advice", vals[IO_ADVICE], advice_words,
			      sizeof(advice_words) / sizeof(advice_words[0]), &advice) ||
	    file_call_parse(e, rec, vals, vals[IO_OFF], vals[IO_LEN], &c))
		return ENGINE_BAD_INPUT;
	generic_fadvise(e->m, c.mapping, c.off, c.len, (enum fadvise_advice)advice);
	return ENGINE_OK;
}

/* unlink file=NAME: only the file's name is an argument (no task needed). */
static enum engine_status do_unlink(struct engine *e, const struct trace_record *rec,
				    const char *const *vals)
{
	struct mm_procs *p = &e->m->procs;

	for (size_t i = 0; i < p->nr_files; i++) {
		if (strcmp(p->files[i]->name, vals[0]) == 0) {
			file_unlink(e->m, p->files[i]);
			return ENGINE_OK;
		}
	}
	return engine_bad_input(e, rec, "unlink: ENOENT: no file '%.64s'", vals[0]);
}

static const struct engine_verb verb_read = {
	.name = "read",
	.handler = do_read,
	.keys = { { "pid", true }, { "file", true }, { "off", true }, { "len", true },
		  { "bdev", false, true } },
};

static const struct engine_verb verb_write = {
	.name = "write",
	.handler = do_write,
	.keys = { { "pid", true }, { "file", true }, { "off", true }, { "len", true },
		  { "bdev", false, true } },
};

static const struct engine_verb verb_fsync = {
	.name = "fsync",
	.handler = do_fsync,
	.keys = { { "pid", true }, { "file", true } },
};

static const struct engine_verb verb_truncate = {
	.name = "truncate",
	.handler = do_truncate,
	.keys = { { "pid", true }, { "file", true }, { "len", true } },
};

static const struct engine_verb verb_fadvise = {
	.name = "fadvise",
	.handler = do_fadvise,
	.keys = { { "pid", true }, { "file", true }, { "off", true }, { "len", true },
		  { "advice", true } },
};

static const struct engine_verb verb_unlink = {
	.name = "unlink",
	.handler = do_unlink,
	.keys = { { "file", true } },
};

static const struct engine_verb *const file_verbs[] = {
	&verb_read, &verb_write, &verb_fsync, &verb_truncate, &verb_fadvise, &verb_unlink, NULL
};

/* No state: the files, their caches and readahead states live in the machine. */
const struct engine_family family_file = {
	.name = "file",
	.verbs = file_verbs,
};
