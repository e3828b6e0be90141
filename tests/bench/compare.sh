#!/bin/sh
# `numasim compare` of 4 policies on one churn trace against one run of it:
# does compare keep the cores busy?  Prints one JSON object:
#   {"bench": "compare", "events": E, "policies": 4, "jobs": J, "cpus": C,
#    "one_run_s": T1, "compare_s": TC, "ideal_s": T1 * ceil(4 / J),
#    "efficiency": ideal_s / compare_s}
#   sh tests/bench/compare.sh NUMASIM [EVENTS] [JOBS]
# EVENTS defaults to 10 M (COMPARE_EVENTS), JOBS to the online CPUs.  The
# four policies are the profile and three config files over the default
# machine (per-CPU lists off, no watermark boosting, THP madvise), so each
# run does comparable work.
set -e
numasim=${1:-./numasim}
events=${2:-${COMPARE_EVENTS:-10000000}}
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
jobs=${3:-$cpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$numasim" gen churn --events "$events" -o "$tmp/churn.trace"
echo '{"kernel": {"pcp": false}}' > "$tmp/pcp-off.json"
echo '{"kernel": {"watermark_boost_factor": 0}}' > "$tmp/no-boost.json"
echo '{"kernel": {"transparent_hugepage": "madvise"}}' > "$tmp/thp-madvise.json"
now() { date +%s.%N; }
t0=$(now)
"$numasim" run --quiet -o "$tmp/one" "$tmp/churn.trace"
t1=$(now)
"$numasim" compare "$tmp/churn.trace" -p linux-6.1 -p "$tmp/pcp-off.json" \
	-p "$tmp/no-boost.json" -p "$tmp/thp-madvise.json" -j "$jobs" -q -o "$tmp/cmp"
t2=$(now)
awk -v e="$events" -v j="$jobs" -v c="$cpus" -v t0="$t0" -v t1="$t1" -v t2="$t2" 'BEGIN {
	one = t1 - t0; cmp = t2 - t1; waves = int((4 + j - 1) / j); ideal = one * waves
	printf("{\"bench\": \"compare\", \"events\": %d, \"policies\": 4, \"jobs\": %d, " \
	       "\"cpus\": %d, \"one_run_s\": %.2f, \"compare_s\": %.2f, \"ideal_s\": %.2f, " \
	       "\"efficiency\": %.2f}\n", e, j, c, one, cmp, ideal, ideal / cmp)
}'
