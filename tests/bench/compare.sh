#!/bin/sh
# `numasim compare` of 4 policies on one churn trace against one run of it:
# does compare keep the cores busy?  Prints one JSON object:
#   {"bench": "compare", "events": E, "policies": 4, "jobs": J, "cpus": C,
#    "one_run_s": T1, "compare_s": TC, "ideal_s": T1 * ceil(4 / J),
#    "efficiency": ideal_s / compare_s}
#   sh tests/bench/compare.sh NUMASIM [EVENTS] [JOBS]
# EVENTS defaults to 10 M (COMPARE_EVENTS), JOBS to the online CPUs.  The
# four policies are the four kernel profiles on the default machine
# (linux-6.1, linux-6.12, no-grouping, contiguitas), each first run alone:
# sum_runs_s and slowest_run_s; ideal_s = max(sum_runs_s / J, slowest_run_s)
# is what perfect use of J cores would take.
set -e
numasim=${1:-./numasim}
events=${2:-${COMPARE_EVENTS:-10000000}}
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
jobs=${3:-$cpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$numasim" gen churn --events "$events" -o "$tmp/churn.trace"
now() { date +%s.%N; }
sum=0
slow=0
for p in linux-6.1 linux-6.12 no-grouping contiguitas; do
	t0=$(now)
	"$numasim" run --quiet -p "$p" -o "$tmp/one-$p" "$tmp/churn.trace"
	t1=$(now)
	took=$(awk -v x="$t0" -v y="$t1" 'BEGIN { print y - x }')
	sum=$(awk -v a="$sum" -v b="$took" 'BEGIN { print a + b }')
	slow=$(awk -v a="$slow" -v b="$took" 'BEGIN { print (b > a ? b : a) }')
	rm -rf "$tmp/one-$p"
done
t1=$(now)
"$numasim" compare "$tmp/churn.trace" -p linux-6.1 -p linux-6.12 -p no-grouping \
	-p contiguitas -j "$jobs" -q -o "$tmp/cmp"
t2=$(now)
awk -v e="$events" -v j="$jobs" -v c="$cpus" -v sum="$sum" -v slow="$slow" -v t1="$t1" \
	-v t2="$t2" 'BEGIN {
	cmp = t2 - t1; ideal = sum / j > slow ? sum / j : slow
	printf("{\"bench\": \"compare\", \"events\": %d, \"policies\": 4, \"jobs\": %d, " \
	       "\"cpus\": %d, \"sum_runs_s\": %.2f, \"slowest_run_s\": %.2f, \"compare_s\": %.2f, " \
	       "\"ideal_s\": %.2f, \"efficiency\": %.2f}\n", e, j, c, sum, slow, cmp, ideal, ideal / cmp)
}'
