# tests/validation/pagecache.awk - numasim's events for the recorded
# pagecache phase, read off the kernel's trace of it (stdin).
#
# The phase: `dd if=/dev/zero of=/dev/vda bs=1M count=W`, `sync`, then
# `dd if=/dev/vda of=/dev/null bs=1M count=R skip=W` (W and R from
# guest.log's "records out" lines, given as -v writes=W -v reads=R).  The
# block device's page cache is what the phase allocates: GFP_USER pages
# with __GFP_WRITE for the writes, readahead's for the reads.  Each 1 MiB
# dd call becomes a `write` or `read` of the block device at the time the
# kernel allocated the call's first page, on the CPU that allocated it
# (a `sched` when the writer moved).  dd's last close of the device
# drops its page cache (blkdev_put() -> kill_bdev()), which the trace
# shows as the frees of the pages dd allocated, in index order: numasim's
# `fsync`, then an `fadvise ... dontneed` of as many pages as dd freed on
# one CPU before it moved to the other (with a `sched` between), at the
# time of each run's first free.  Times are relative to the
# trace's first event, the phase's start (PHASE_START, -v start=S).
#
# Output: event lines, in time order.
function t(ts) { sub(/:$/, "", ts); return ts - t0 }
function at(x) { return sprintf("@%.6fs", start + x) }
function emit(x, line) { print at(x) " " line }
function pfn() { return substr($7, 5) }
$5 == "mm_page_alloc:" || $5 == "mm_page_free:" || $5 == "mm_page_free_batched:" {
	if (t0 == "") { t0 = $4; sub(/:$/, "", t0) }
}
$5 == "mm_page_alloc:" && $1 ~ /^dd-/ && /__GFP_WRITE/ {
	cpu = substr($2, 2, length($2) - 2) + 0
	if (nw % 256 == 0 && nw / 256 < writes) {
		if (!wstarted) {
			wpid = $1; sub(/^dd-/, "", wpid)
			emit(t($4), "spawn pid=" wpid " cpu=" cpu " name=dd")
			wstarted = 1
		} else if (cpu != wcpu)
			emit(t($4), "sched pid=" wpid " cpu=" cpu)
		wcpu = cpu
		emit(t($4), "write pid=" wpid " file=vda off=" nw / 256 "M len=1M bdev")
	}
	written[pfn()] = 1
	nw++
	next
}
# dd's close: the frees of its pages, run by run of one CPU.  A run's
# fadvise covers the next run-length pages of the file.
function close_flush() {
	if (!run_n)
		return
	emit(run_t, (run_cpu != cur_cpu ? "sched pid=" cpid " cpu=" run_cpu "\n" at(run_t) " " : "") \
	     "fadvise pid=" cpid " file=vda off=" (cbase + cdone) * 4 "K len=" run_n * 4 "K advice=dontneed")
	cur_cpu = run_cpu
	cdone += run_n
	run_n = 0
}
function close_free(pid, cpu, base) {
	if (cpid != pid) {
		close_flush()
		if (cpid != "")
			emit(run_t, "exit pid=" cpid)
		cpid = pid; cbase = base; cdone = 0; cur_cpu = (pid == wpid ? wcpu : rcpu)
		if (pid == wpid)
			emit(t($4), "fsync pid=" pid " file=vda")
	}
	if (run_n && cpu != run_cpu)
		close_flush()
	if (!run_n) { run_t = t($4); run_cpu = cpu }
	run_n++
}
$5 == "mm_page_free:" && (pfn() in written) {
	close_free(wpid, substr($2, 2, length($2) - 2) + 0, 0)
	delete written[pfn()]
	next
}
$5 == "mm_page_free:" && (pfn() in read_pages) {
	close_free(rpid, substr($2, 2, length($2) - 2) + 0, writes * 256)
	delete read_pages[pfn()]
	next
}
$5 == "mm_page_alloc:" && $1 ~ /^dd-/ && /__GFP_HARDWALL/ && /__GFP_NORETRY/ {
	cpu = substr($2, 2, length($2) - 2) + 0
	if (nr % 256 == 0 && nr / 256 < reads) {
		if (!rstarted) {
			close_flush()	# the writer's close is over
			if (cpid != "")
				emit(run_t, "exit pid=" cpid)
			cpid = ""
			rpid = $1; sub(/^dd-/, "", rpid)
			emit(t($4), "spawn pid=" rpid " cpu=" cpu " name=dd")
			rstarted = 1
		} else if (cpu != rcpu)
			emit(t($4), "sched pid=" rpid " cpu=" cpu)
		rcpu = cpu
		emit(t($4), "read pid=" rpid " file=vda off=" writes + nr / 256 "M len=1M")
	}
	read_pages[pfn()] = 1
	nr++
	next
}
END {
	close_flush()
	if (cpid != "")
		emit(run_t, "exit pid=" cpid)
}
