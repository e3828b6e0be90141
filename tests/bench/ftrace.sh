#!/bin/sh
# The kernel trace readers on a real recording: `numasim trace stats`,
# `numasim import ftrace`, the import replayed (through a pipe, and in one
# process with `run --ftrace`) and `numasim trace check` of the imported
# trace, on the uncompressed pagecache trace of the reference recordings
# (1.95 M lines), whole process, the median of 3 runs.
#   sh tests/bench/ftrace.sh NUMASIM
# ORACLE names the recordings (default ../shared/oracle); without them it
# prints a note on stderr and nothing else.
set -e
numasim=${1:-./numasim}
config=$(dirname "$0")/../../configs/oracle-2node.json
trace=${ORACLE:-../shared/oracle}/workload-2node/guest/pagecache.trace.gz
if [ ! -f "$trace" ]; then
	echo "bench ftrace: no recording at $trace (ORACLE=DIR); not run" >&2
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gzip -dc "$trace" > "$tmp/pagecache.trace"
lines=$(wc -l < "$tmp/pagecache.trace")
bytes=$(wc -c < "$tmp/pagecache.trace")

# median_seconds CMD...: the median wall time of three runs
median_seconds() {
	for i in 1 2 3; do
		s=$(date +%s.%N)
		"$@" > /dev/null 2>&1
		e=$(date +%s.%N)
		echo "$s $e" | awk '{ printf("%.4f\n", $2 - $1) }'
	done | sort -n | sed -n 2p
}

# report NAME SECONDS [LINES BYTES]: by default the kernel trace's lines and bytes
report() {
	awk -v b="$1" -v s="$2" -v n="${3:-$lines}" -v by="${4:-$bytes}" 'BEGIN {
		printf("{\"bench\": \"%s\", \"lines\": %d, \"bytes\": %d, \"seconds\": %.3f, \"lines_per_sec\": %.0f, \"mb_per_sec\": %.0f}\n",
		       b, n, by, s, n / s, by / s / 1e6) }'
}

report trace_stats "$(median_seconds "$numasim" trace stats "$tmp/pagecache.trace")"
report trace_stats_json "$(median_seconds "$numasim" trace stats --json "$tmp/pagecache.trace")"
report import_ftrace "$(median_seconds "$numasim" import ftrace -o "$tmp/out.trace" "$tmp/pagecache.trace")"
report import_ftrace_gz "$(median_seconds "$numasim" import ftrace -o "$tmp/out.trace" "$trace")"
report import_run_pipe "$(median_seconds sh -c "\"$numasim\" import ftrace \"$tmp/pagecache.trace\" |
	\"$numasim\" run -q -c \"$config\" -o \"$tmp/run\" -")"
report run_ftrace "$(median_seconds "$numasim" run -q -c "$config" -o "$tmp/run" --ftrace "$tmp/pagecache.trace")"
# the imported trace's own lines: its 0.8 M events and header
report trace_check "$(median_seconds "$numasim" trace check "$tmp/out.trace")" \
	"$(wc -l < "$tmp/out.trace")" "$(wc -c < "$tmp/out.trace")"
