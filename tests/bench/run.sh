#!/bin/sh
# Run every benchmark; each prints one JSON object per line.
#   sh tests/bench/run.sh BENCHDIR NUMASIM
# The replay benchmark generates a 10 M-event trace with `numasim gen churn`
# and times `numasim run` on it as a whole process (boot + replay + outputs:
# events per second of wall time, peak RSS); replay_mm replays the same
# events straight into mm/ (the allocator's share).
set -e
dir=${1:-build/bench}
numasim=${2:-./numasim}
"$dir/alloc_free"
"$dir/boot"
"$dir/fault"
"$dir/migrate"
# cma_alloc() of a 256 MiB CMA area full of movable pages on a 1 GiB node.
"$dir/cma"
# Offline of a 1 GiB hot-added ZONE_MOVABLE range full of movable pages.
"$dir/offline"
# The same replay under pressure (4 GiB, three times its memory) and not
# (16 GiB): events per second of each and their ratio.
"$dir/pressure"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
events=${REPLAY_EVENTS:-10000000}
"$numasim" gen churn --events "$events" -o "$tmp/churn.trace"
"$dir/replay_whole" replay "$events" "$numasim" run --quiet -o "$tmp/out" "$tmp/churn.trace"
"$dir/replay_mm" "$tmp/churn.trace"
# The same replay on a 2 x 64 MiB machine, whose memmap and name table stay
# in the host's caches: the per-event cost without the memory misses.
small="$(dirname "$0")/small-2node.json"
"$numasim" gen churn -c "$small" --events "$events" -o "$tmp/small.trace"
"$dir/replay_whole" replay_small_machine "$events" \
	"$numasim" run --quiet -c "$small" -o "$tmp/out-small" "$tmp/small.trace"
rm -f "$tmp/small.trace"
# A trace three times as long, for the peak RSS of a long replay: the
# names' memory stops growing once their window is full (sim/alloc_ids.h),
# so this figure stays put however long the trace (REPLAY_LONG=0 skips it).
if [ "${REPLAY_LONG:-1}" != 0 ]; then
	rm -f "$tmp/churn.trace"
	long=$((events * 3))
	"$numasim" gen churn --events "$long" -o "$tmp/long.trace"
	"$dir/replay_whole" replay_long "$long" \
		"$numasim" run --quiet -o "$tmp/out-long" "$tmp/long.trace"
fi
# compare of 4 policies on the 10 M-event trace, -j the cores, against one run.
sh "$(dirname "$0")/compare.sh" "$numasim" "$events"
# The kernel trace readers on a reference recording (skipped without it).
sh "$(dirname "$0")/ftrace.sh" "$numasim"
# vm.compact_memory on one 16 GiB node fragmented by movable order-0
# pages: 90% of its free memory allocated, every other page freed
# (proactive compaction off, so that nothing compacts before the write).
# The time is taken at the snapshots around the write; five runs.
compact_cfg="$(dirname "$0")/compact-16g.json"
"$numasim" gen fragmenter -c "$compact_cfg" --gfp GFP_HIGHUSER_MOVABLE --fraction 0.9 |
	awk 'NR == 1 { print; print "sysctl vm.compaction_proactiveness=0"; next }
	     { print } END { print "sysctl vm.compact_memory=1"; print "snapshot name=compacted" }' \
	> "$tmp/compact.trace"
"$dir/compact" compact_memory_16g "$compact_cfg" "$tmp/compact.trace" 5
