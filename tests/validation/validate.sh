#!/bin/sh
# tests/validation/validate.sh - numasim beside the reference Linux 6.1
# kernel, phase by phase: markdown tables "counter | kernel | numasim |
# relative error" for docs/validation.md.
#
# usage: validate.sh [-n NUMASIM] [-c CONFIG] [-w WORKDIR] [-d DOC [-u]]
#                    ORACLE [PHASE...]
#
# ORACLE is the recordings' directory (basic-2node/, workload-2node/).
# PHASE is boot or a recorded workload phase (pagecache, anon_frag,
# compact, hugepages, migrate, thp); default: all, in the recorded order.
# For each phase the script writes a numasim trace, replays it on CONFIG
# (the recordings' machine) with snapshots before and after, and prints
# the phase's table on stdout:
#   boot       numasim's boot state beside basic-2node's boot snapshot;
#   anon_frag, thp
#              `numasim gen memhog` with the recorded memhog options, pid
#              and CPU, its children on the CPUs the trace shows them on;
#   hugepages  the pool resize the recorded shell did;
#   migrate    `numasim gen memhog` twice: a bound memhog that the shell's
#              migratepages moves while it sleeps, then one that moves its
#              own pages with move_pages (memhog -M);
#   compact    anon_frag's trace, then vm.compact_memory=1;
#   pagecache  dd's writes and reads of the block device, as the
#              recorded trace shows them (pagecache.awk);
# The kernel began each phase where the previous one (and the trace dump
# after it) left it, and so does numasim: each workload phase runs with
# `--init-from` the phase's before snapshot, which rebuilds every zone's
# pageblocks, free lists and per-CPU lists as the kernel recorded them.
# The note above each table gives the command and how the phase's trace
# shows the kernel's per-CPU lists (pcpmix.awk): /proc does not say which
# migratetypes they held, and numasim takes them from Movable pageblocks
# first.  Counters are compared as deltas over the phase, and absolute
# values after it.  The after snapshot is taken the phase's traced
# duration after the start, so the per-CPU vmstat work has run as often
# as on the kernel.
#
# Each table sits between "<!-- validate: PHASE -->" and "<!-- /validate
# -->" lines.  With -d, the script then says whether DOC (docs/validation.md)
# holds the same tables (doc_tables.awk), and with -u rewrites them there.
#
# Output is deterministic: the same numasim, config and recordings give
# the same bytes.  Exit 0 on success, 2 on bad usage or missing files,
# the failing command's status otherwise.
set -eu

here=$(dirname "$0")
numasim=./numasim
config=configs/oracle-2node.json
work=build/validation

usage() {
	echo "usage: validate.sh [-n NUMASIM] [-c CONFIG] [-w WORKDIR] [-d DOC [-u]] ORACLE [PHASE...]" >&2
	exit 2
}

die() {
	echo "validate.sh: $*" >&2
	exit 2
}

doc=""
update=""
while getopts n:c:w:d:u opt; do
	case $opt in
	n) numasim=$OPTARG ;;
	c) config=$OPTARG ;;
	w) work=$OPTARG ;;
	d) doc=$OPTARG ;;
	u) update=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
oracle=$1
shift
phases=${*:-boot pagecache anon_frag compact hugepages migrate thp}

[ -x "$numasim" ] || die "$numasim: not an executable (build it first: make)"
[ -f "$config" ] || die "$config: no such file"
[ -d "$oracle" ] || die "$oracle: no such directory"
[ -z "$update" ] || [ -n "$doc" ] || die "-u needs -d DOC"
for p in $phases; do
	case $p in
	boot | pagecache | anon_frag | compact | hugepages | migrate | thp) ;;
	*) die "unknown phase '$p' (boot, pagecache, anon_frag, compact, hugepages, migrate, thp)" ;;
	esac
done
[ -z "$doc" ] || [ -f "$doc" ] || die "$doc: no such file"
export LC_ALL=C
mkdir -p "$work"

boot_snap=$oracle/basic-2node/guest/snap/boot
wl=$oracle/workload-2node
summary=$wl/summary.txt

# Seconds of numasim's clock at which each workload phase starts: the
# clock of --init-from starts at 0.
PHASE_START=0

# ---- snapshots as KEY VALUE files ------------------------------------------

# snap_values DIR OUT: the numbers of the snapshot in DIR (snapvals.awk).
snap_values() {
	[ -f "$1/zoneinfo" ] || die "$1: no zoneinfo (not a snapshot directory)"
	set -- "$1" "$2" "$1"/zoneinfo "$1"/buddyinfo "$1"/pagetypeinfo "$1"/vmstat "$1"/meminfo \
		"$1"/node*.meminfo
	out=$2
	shift 2
	awk -f "$here/snapvals.awk" "$@" > "$out"
}

# run_trace NAME [SNAPDIR]: replay $work/NAME.trace on the config into
# $work/NAME.out, from the recorded state SNAPDIR when given.
run_trace() {
	rm -rf "$work/$1.out"
	"$numasim" run -q --sample-every 0 -c "$config" ${2:+--init-from "$2"} \
		-o "$work/$1.out" "$work/$1.trace"
}

# The populated zones of a KEY VALUE file, "N.ZONE" per line, in the
# file's order; with "nodma", ZONE_DMA left out (no phase allocates there).
zones_of() {
	awk -v nodma="${2:-}" '$1 ~ /^zone\..*\.present$/ && $2 > 0 {
		z = $1; sub(/^zone\./, "", z); sub(/\.present$/, "", z)
		if (!(nodma != "" && z ~ /\.DMA$/)) print z
	}' "$1"
}

# zone_label N.ZONE: "Node N ZONE".
zone_label() {
	echo "Node ${1%%.*} ${1#*.}"
}

# ---- the recorded phases ---------------------------------------------------

# phase_counters PHASE: the vmstat counters summary.txt lists for PHASE.
phase_counters() {
	awk -v p="$1" '
		$1 == "==" && $2 == "phase" { inp = ($3 == p ":") ; next }
		inp && $1 == "trace:" { inp = 0 }
		inp && NF == 2 && $2 ~ /^[-+][0-9]+$/ { print $1 }' "$summary"
}

# phase_seconds PHASE: how long the phase was traced ("traced 7.57 s").
phase_seconds() {
	awk -v p="$1" '$1 == "==" && $2 == "phase" && $3 == p ":" { print $5 }' "$summary"
}

# The kernel's snapshots of PHASE as KEY VALUE files in $work.
kernel_values() {
	snap_values "$wl/guest/snap/$1.before" "$work/$1.kernel.before"
	snap_values "$wl/guest/snap/$1.after" "$work/$1.kernel.after"
}

# numasim's snapshots of PHASE (before, after, and mid when there is one).
numasim_values() {
	snap_values "$work/$1.out/snapshots/before" "$work/$1.numasim.before"
	snap_values "$work/$1.out/snapshots/after" "$work/$1.numasim.after"
	if [ -d "$work/$1.out/snapshots/mid" ]; then
		snap_values "$work/$1.out/snapshots/mid" "$work/$1.numasim.mid"
	fi
}

# start_trace PHASE: the header and the snapshot "before".
start_trace() {
	echo "numasim-trace v1"
	echo "@${PHASE_START}s snapshot name=before"
}

# run_phase PHASE: replay the phase's trace from its before snapshot.
run_phase() {
	run_trace "$1" "$wl/guest/snap/$1.before"
}

# start_note PHASE: how the phase was run, what the trace shows of the
# kernel's per-CPU lists, and how far numasim's zones were from the
# kernel's before the phase.
start_note() {
	printf '\n%s\n' "numasim ran \`numasim run -c $config --init-from ORACLE/workload-2node/guest/snap/$1.before $1.trace\` (\`make validate\` writes the trace to \`build/validation/$1.trace\`)."
	zcat "$wl/guest/$1.trace.gz" | awk -f "$here/pcpmix.awk" "$work/$1.kernel.before" - |
		awk -v before="$work/$1.kernel.before" -f "$here/pcpnote.awk"
	awk '
		FILENAME == ARGV[1] { k[$1] = $2; next }
		$1 ~ /^zone\..*\.(free|pcp)$/ && ($1 in k) {
			d = $2 - k[$1]
			if (d < 0) d = -d
			if (d > worst) worst = d
		}
		END { printf "Before the phase every zone'"'"'s free pages and per-CPU pages are the kernel'"'"'s to within %d pages.\n", worst }
	' "$work/$1.kernel.before" "$work/$1.numasim.before"
}

# after_time PHASE: the time of the after snapshot, the phase's start plus
# its recorded duration.
after_time() {
	awk -v s="$PHASE_START" -v d="$(phase_seconds "$1")" 'BEGIN { printf "%.2fs", s + d }'
}

# memhog_events PHASE AFTER_SNAPSHOT: the events `numasim gen memhog`
# wrote to $work/PHASE.memhog, up to its snapshot AFTER_SNAPSHOT, which
# becomes "after" at the phase's after_time; the generator's other
# snapshot is dropped.
memhog_events() {
	awk -v at="$2" -v when="$(after_time "$1")" '
		/^numasim-trace/ { next }
		$1 == "snapshot" && $2 == "name=" at { print "@" when " snapshot name=after"; exit }
		$1 == "snapshot" { next }
		{ print }' "$work/$1.memhog"
}

# ---- the tables ------------------------------------------------------------

# compare PHASE: the table of PHASE from its values files and the rows
# on stdin (compare.awk).
compare() {
	p=$1
	km=""
	nm=""
	[ -f "$work/$p.kernel.mid" ] && km=$work/$p.kernel.mid
	[ -f "$work/$p.numasim.mid" ] && nm=$work/$p.numasim.mid
	awk -f "$here/compare.awk" \
		-v kb="$work/$p.kernel.before" -v ka="$work/$p.kernel.after" -v km="$km" \
		-v nb="$work/$p.numasim.before" -v na="$work/$p.numasim.after" -v nm="$nm"
}

# The rows of the summary's counters for PHASE, with MODE (delta/kdelta).
counter_rows() {
	for c in $(phase_counters "$1"); do
		echo "$2 vmstat.$c \`$c\`"
	done
}

# Per-zone rows of a workload phase: free pages and pcp pages, deltas
# and after, and the free blocks of the two highest orders.
zone_rows() {
	for z in $(zones_of "$work/$1.kernel.after" nodma); do
		l=$(zone_label "$z")
		echo "delta zone.$z.free $l: free pages (zoneinfo), delta"
		echo "delta zone.$z.pcp $l: pages on per-CPU lists, delta"
		echo "delta zone.$z.freepcp $l: free + per-CPU pages, delta"
		echo "after zone.$z.free $l: free pages after"
		echo "delta buddy.$z.9 $l: free order-9 blocks (buddyinfo), delta"
		echo "delta buddy.$z.10 $l: free order-10 blocks (buddyinfo), delta"
	done
}

# The lines around a table, which doc_tables.awk finds in the page.
heading() {
	printf '\n<!-- validate: %s -->\n' "$1"
}

footing() {
	printf '<!-- /validate -->\n'
}

# ---- boot ------------------------------------------------------------------

phase_boot() {
	printf 'numasim-trace v1\nsnapshot name=after\n' > "$work/boot.trace"
	run_trace boot
	snap_values "$boot_snap" "$work/boot.kernel.after"
	snap_values "$work/boot.out/snapshots/after" "$work/boot.numasim.after"
	: > "$work/boot.kernel.before"
	: > "$work/boot.numasim.before"
	heading boot
	{
		for z in $(zones_of "$work/boot.kernel.after"); do
			l=$(zone_label "$z")
			for f in spanned present managed free pcp min low high; do
				echo "after zone.$z.$f $l: $f"
			done
		done
		echo "after vmstat.nr_free_pages \`nr_free_pages\`"
		echo "after total.pcp pages on per-CPU lists"
		echo "after meminfo.MemTotal MemTotal (kB)"
		echo "after meminfo.MemFree MemFree (kB)"
		for z in $(zones_of "$work/boot.kernel.after"); do
			l=$(zone_label "$z")
			o=0
			while [ $o -le 10 ]; do
				echo "after buddy.$z.$o $l: free order-$o blocks"
				o=$((o + 1))
			done
		done
		for z in $(zones_of "$work/boot.kernel.after"); do
			l=$(zone_label "$z")
			for t in Unmovable Movable Reclaimable; do
				echo "after blocks.$z.$t $l: $t pageblocks"
			done
		done
	} | compare boot
	footing
}

# ---- workload phases -------------------------------------------------------

# The pagecache phase: dd's buffered writes of the virtio disk, `sync`,
# dd's reads of it (pagecache.awk derives numasim's events from the
# recorded trace; guest.log's "records out" lines give how many 1 MiB
# calls each dd made).  The extfrag events are the trace's
# mm_page_alloc_extfrag lines and numasim's results.json count of them.
phase_pagecache() {
	kernel_values pagecache
	set -- $(awk '/records out/ { sub(/\+.*/, "", $1); print $1 }' "$wl/guest/guest.log")
	{
		start_trace pagecache
		zcat "$wl/guest/pagecache.trace.gz" |
			awk -v writes="$1" -v reads="$2" -v start="$PHASE_START" -f "$here/pagecache.awk"
		echo "@$(after_time pagecache) snapshot name=after"
	} > "$work/pagecache.trace"
	run_phase pagecache
	numasim_values pagecache
	echo "events.extfrag $(zcat "$wl/guest/pagecache.trace.gz" | grep -c ' mm_page_alloc_extfrag:')" \
		>> "$work/pagecache.kernel.after"
	echo "events.extfrag 0" >> "$work/pagecache.kernel.before"
	echo "events.extfrag $(sed -n 's/^ *"extfrag_events": \([0-9]*\).*/\1/p' \
		"$work/pagecache.out/results.json" | head -n 1)" >> "$work/pagecache.numasim.after"
	echo "events.extfrag 0" >> "$work/pagecache.numasim.before"
	heading pagecache
	start_note pagecache
	echo
	{
		counter_rows pagecache delta
		echo "delta events.extfrag \`mm_page_alloc_extfrag\` events"
		echo "delta vmstat.nr_dirtied \`nr_dirtied\`"
		echo "delta vmstat.nr_written \`nr_written\`"
		echo "delta vmstat.pgpgin \`pgpgin\` (KiB)"
		echo "delta vmstat.pgpgout \`pgpgout\` (KiB)"
		echo "delta total.pcp pages on per-CPU lists, all zones"
		zone_rows pagecache
	} | compare pagecache
	footing
}

# The anon_frag phase: `memhog -m 768 -f 2 -k 2 -s 100000` as pid 251 on
# CPU 1 (guest.log, the trace); the phase ended while memhog slept with
# its pages (snapshot hog-done).  The scheduler ran child 0 (pid 302) on
# CPU 0 and child 1 (pid 303) on CPU 1 (the trace's CPU column): numasim's
# child 0 is pid 252.
anon_frag_trace() {
	"$numasim" gen memhog --mb 768 --stride 2 --forks 2 --pid 251 --cpu 1 \
		-o "$work/anon_frag.memhog"
	{
		start_trace anon_frag
		memhog_events anon_frag hog-done |
			awk '{ print } $0 == "fork pid=251 child=252" { print "sched pid=252 cpu=0" }'
	} > "$work/anon_frag.trace"
}

phase_anon_frag() {
	kernel_values anon_frag
	anon_frag_trace
	memhog_phase anon_frag
}

# The compact phase: `echo 1 > /proc/sys/vm/compact_memory` by the shell
# while anon_frag's memhog slept with its pages.  Its before snapshot
# cannot be numasim's start (--init-from makes the memory in use plain
# kernel allocations, which compaction does not move), so numasim replays
# anon_frag from that phase's before snapshot and takes anon_frag's end
# as this phase's before; the compaction follows at once, from the shell
# on CPU 0 (the trace: sh-116 [000]), and the after snapshot comes the
# phase's traced duration later.
phase_compact() {
	kernel_values compact
	anon_frag_trace
	end=$(awk -v s="$(after_time anon_frag)" -v d="$(phase_seconds compact)" \
		'BEGIN { printf "%.2fs", s + d }')
	{
		sed -e '/snapshot name=before$/d' -e 's/snapshot name=after$/snapshot name=before/' \
			"$work/anon_frag.trace"
		echo "sysctl cpu=0 vm.compact_memory=1"
		echo "@$end snapshot name=after"
	} > "$work/compact.trace"
	run_trace compact "$wl/guest/snap/anon_frag.before"
	numasim_values compact
	heading compact
	printf '\n%s\n\n' "numasim ran \`numasim run -c $config --init-from ORACLE/workload-2node/guest/snap/anon_frag.before compact.trace\`: anon_frag's trace, then \`sysctl cpu=0 vm.compact_memory=1\` (\`make validate\` writes the trace to \`build/validation/compact.trace\`)."
	{
		counter_rows compact delta
		zone_rows compact
		for z in $(zones_of "$work/compact.kernel.after" nodma); do
			l=$(zone_label "$z")
			echo "after buddy.$z.9 $l: free order-9 blocks after"
			echo "after buddy.$z.10 $l: free order-10 blocks after"
		done
	} | compare compact
	footing
}

# The thp phase: `memhog -m 512 -T thp -k 1` as pid 622 on CPU 1; memhog
# exited before the phase ended (snapshot end).  The child (pid 623)
# started on CPU 0, where it made its first THP_CHILD_CPU0_PAGES page
# allocations (the trace's CPU column), and the scheduler moved it back
# to CPU 1 for the rest: its one write pass is cut there.
THP_CHILD_CPU0_PAGES=47432
phase_thp() {
	kernel_values thp
	"$numasim" gen memhog --mb 512 --thp thp --forks 1 --pid 622 --cpu 1 -o "$work/thp.memhog"
	{
		start_trace thp
		memhog_events thp end |
			awk -v n="$THP_CHILD_CPU0_PAGES" '
			$0 == "fork pid=622 child=623" { print; print "sched pid=623 cpu=0"; next }
			$0 == "touch pid=623 addr=@hog len=512M write" {
				printf "touch pid=623 addr=@hog len=%dK write\n", n * 4
				print "sched pid=623 cpu=1"
				printf "touch pid=623 addr=@hog+%dK len=%dK write\n", n * 4, 512 * 1024 - n * 4
				next
			}
			{ print }'
	} > "$work/thp.trace"
	memhog_phase thp
}

# memhog_phase PHASE: replay, and the table.
memhog_phase() {
	run_phase "$1"
	numasim_values "$1"
	heading "$1"
	start_note "$1"
	echo
	{
		counter_rows "$1" delta
		echo "delta vmstat.nr_anon_pages \`nr_anon_pages\`"
		echo "delta vmstat.nr_page_table_pages \`nr_page_table_pages\`"
		echo "delta total.pcp pages on per-CPU lists, all zones"
		zone_rows "$1"
		for n in 0 1; do
			echo "after nodemem.$n.AnonPages Node $n AnonPages after (kB)"
		done
	} | compare "$1"
	footing
}

# The hugepages phase, from the shell on CPU 0 (the trace: sh-116 [000]):
# nr_hugepages=256, the pool's size read back (guest.log: "asked 256 got
# 256: 128 128"), a 1 GiB page asked on node 1 (got 0), nr_hugepages=0,
# then node 1's 1 GiB count set to 0.
# Times from guest.log and the trace: the pool was full 1.13 s into the
# phase (snapshot "mid"); the pool shrank just before the phase's end,
# 1.17 s in (the after snapshot).
phase_hugepages() {
	start=$PHASE_START
	giga=devices/system/node/node1/hugepages/hugepages-1048576kB/nr_hugepages
	kernel_values hugepages
	{
		start_trace hugepages
		echo "sysctl vm.nr_hugepages=256"
		echo "@$((start + 1)).13s sysfs path=$giga value=1"
		echo "snapshot name=mid"
		echo "@$((start + 1)).16s sysctl vm.nr_hugepages=0"
		echo "sysfs path=$giga value=0"
		echo "@$(after_time hugepages) snapshot name=after"
	} > "$work/hugepages.trace"
	run_phase hugepages
	numasim_values hugepages
	# numasim's 1 GiB pages at "mid": meminfo's Hugetlb: less the 2 MiB
	# pool (HugePages_* count the default size only); node 0 was never asked.
	awk '$1 == "meminfo.Hugetlb" { all = $2 }
	$1 == "meminfo.HugePages_Total" { pool = $2 }
	$1 == "meminfo.Hugepagesize" { size = $2 }
	END { print "hugetlb1g.node1", (all - pool * size) / 1048576 }' \
		"$work/hugepages.numasim.mid" >> "$work/hugepages.numasim.mid"
	# The kernel's pool in the middle of the phase, as its log printed it.
	awk '/2M hugepages: asked/ {
		print "meminfo.HugePages_Total", $(NF - 1) + $NF
		print "nodemem.0.HugePages_Total", $(NF - 1)
		print "nodemem.1.HugePages_Total", $NF
	}
	/1G hugepage on node1: got/ { print "hugetlb1g.node1", $NF }' \
		"$wl/guest/guest.log" > "$work/hugepages.kernel.mid"
	heading hugepages
	start_note hugepages
	echo
	{
		counter_rows hugepages delta
		echo "mid meminfo.HugePages_Total HugePages_Total after nr_hugepages=256"
		echo "mid nodemem.0.HugePages_Total Node 0 HugePages_Total after nr_hugepages=256"
		echo "mid nodemem.1.HugePages_Total Node 1 HugePages_Total after nr_hugepages=256"
		echo "mid hugetlb1g.node1 1 GiB pages on node 1 after asking for one"
		echo "after meminfo.HugePages_Total HugePages_Total after nr_hugepages=0"
		echo "delta total.pcp pages on per-CPU lists, all zones"
		zone_rows hugepages
	} | compare hugepages
	footing
}

# The migrate phase, all on CPU 1 (the trace's CPU column): `memhog -m
# 256 -n 0 -s 100000` as pid 535, `migratepages 535 0 1` (pid 551, as
# root) while it sleeps, then the shell kills it; `memhog -m 256 -n 0 -M
# 1` as pid 554 moves its own pages.  The generators' snapshots are
# dropped; memhog 535's kill is its exit.
phase_migrate() {
	kernel_values migrate
	"$numasim" gen memhog --mb 256 --bind-node 0 --migrate-to 1 --pid 535 --cpu 1 \
		-o "$work/migrate.memhog1"
	"$numasim" gen memhog --mb 256 --bind-node 0 --move-pages-to 1 --pid 554 --cpu 1 \
		-o "$work/migrate.memhog2"
	{
		start_trace migrate
		awk '!/^numasim-trace/ && $1 != "snapshot"' "$work/migrate.memhog1" \
			"$work/migrate.memhog2"
		echo "@$(after_time migrate) snapshot name=after"
	} > "$work/migrate.trace"
	memhog_phase migrate
}

# A phase numasim does not reproduce yet: the kernel's deltas alone.
phase_kernel_only() {
	kernel_values "$1"
	: > "$work/$1.numasim.before"
	: > "$work/$1.numasim.after"
	heading "$1"
	counter_rows "$1" kdelta | compare "$1"
	footing
}

# tables PHASE...: every phase's table, in order.
tables() {
	case " $* " in
	*" boot "*) [ -d "$boot_snap" ] || die "$boot_snap: no such directory" ;;
	esac
	case " $* " in
	*" boot "*) [ $# -eq 1 ] || [ -f "$summary" ] || die "$summary: no such file" ;;
	*) [ -f "$summary" ] || die "$summary: no such file" ;;
	esac
	for p in "$@"; do
		case $p in
		boot) phase_boot ;;
		pagecache) phase_pagecache ;;
		anon_frag) phase_anon_frag ;;
		compact) phase_compact ;;
		thp) phase_thp ;;
		hugepages) phase_hugepages ;;
		migrate) phase_migrate ;;
		*) phase_kernel_only "$p" ;;
		esac
	done
}

# check_doc PHASE...: does $doc hold the tables just made?  -u: make it
# so.  A phase without its two marker lines in $doc is reported, never
# added: where its table goes is the page's business.
check_doc() {
	missing=0
	for p in "$@"; do
		if ! grep -qx "<!-- validate: $p -->" "$doc"; then
			echo "$doc: no place for the table of $p (a line <!-- validate: $p --> and a line <!-- /validate -->)"
			missing=1
		fi
	done
	awk -f "$here/doc_tables.awk" "$work/tables.md" "$doc" > "$work/doc.md"
	if cmp -s "$work/doc.md" "$doc"; then
		[ $missing -eq 1 ] || echo "$doc: its tables are this build's"
	elif [ -n "$update" ]; then
		cp "$work/doc.md" "$doc"
		echo "$doc: tables rewritten; give every new gap over 10% its reason"
	else
		echo "$doc: its tables differ from this build's (make validate UPDATE=1 rewrites them):"
		diff "$doc" "$work/doc.md" || true
	fi
}

# shellcheck disable=SC2086 # $phases is a list of words
tables $phases > "$work/tables.md"
cat "$work/tables.md"
if [ -n "$doc" ]; then
	echo
	# shellcheck disable=SC2086
	check_doc $phases
fi
