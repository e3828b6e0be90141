#!/bin/sh
# Run every benchmark; each prints one JSON object per line.
#   sh tests/bench/run.sh BENCHDIR NUMASIM
# The replay benchmark generates a 10 M-event trace with `numasim gen churn`
# and times `numasim run` on it (whole process: boot + replay + outputs);
# replay_mm replays the same events straight into mm/ (the allocator's share).
set -e
dir=${1:-build/bench}
numasim=${2:-./numasim}
"$dir/alloc_free"
"$dir/boot"
"$dir/fault"
"$dir/migrate"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
events=${REPLAY_EVENTS:-10000000}
"$numasim" gen churn --events "$events" -o "$tmp/churn.trace"
start=$(date +%s.%N)
"$numasim" run --quiet -o "$tmp/out" "$tmp/churn.trace"
end=$(date +%s.%N)
"$dir/replay_mm" "$tmp/churn.trace"
awk -v s="$start" -v e="$end" -v n="$events" 'BEGIN {
	printf("{\"bench\": \"replay\", \"events\": %d, \"seconds\": %.3f, \"events_per_sec\": %.0f}\n",
	       n, e - s, n / (e - s)) }'
# The same replay on a 2 x 64 MiB machine, whose memmap and name table stay
# in the host's caches: the per-event cost without the memory misses.
small="$(dirname "$0")/small-2node.json"
"$numasim" gen churn -c "$small" --events "$events" -o "$tmp/small.trace"
start=$(date +%s.%N)
"$numasim" run --quiet -c "$small" -o "$tmp/out-small" "$tmp/small.trace"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$events" 'BEGIN {
	printf("{\"bench\": \"replay_small_machine\", \"events\": %d, \"seconds\": %.3f, \"events_per_sec\": %.0f}\n",
	       n, e - s, n / (e - s)) }'
# The kernel trace readers on a reference recording (skipped without it).
sh "$(dirname "$0")/ftrace.sh" "$numasim"
