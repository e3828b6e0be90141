#!/bin/sh
# The policy comparisons of docs/validation.md ("Policies beside the
# published experiments"): each fragmenting workload replayed under each
# profile by `numasim compare`, followed by the test of the
# grouping-by-mobility papers (ask the hugetlb pool for every huge page
# memory holds: `sysctl vm.nr_hugepages=`, which allocates with
# __GFP_RETRY_MAYFAIL and compacts), and one markdown table per workload.
#
#   sh tests/validation/policies.sh [-n NUMASIM] [-w WORKDIR] [PROFILE...]
#
# PROFILE defaults to every profile of `numasim --help`'s list, the first
# being the reference of the "vs" columns.  The workloads are generated on
# the default machine: `gen churn` (the embedded default), `gen fragmenter`
# with unmovable pages, and `gen kernel-build`; and `gen churn` on a
# 2 x 64 MiB machine (tests/bench/small-2node.json), where fallbacks split
# small blocks.  Deterministic: the same
# numasim gives the same tables.
set -e
numasim=./numasim
work=
while getopts n:w: opt; do
	case $opt in
	n) numasim=$OPTARG ;;
	w) work=$OPTARG ;;
	*) echo "usage: $0 [-n NUMASIM] [-w WORKDIR] [PROFILE...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ -z "$work" ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
[ $# -gt 0 ] || set -- linux-6.1 $("$numasim" --help | sed -n 's/^Profiles (-p): *//p' |
	tr ',' ' ' | sed 's/linux-6.1//')

# $1 trace in, $2 trace out: the workload, then the huge page allocation test.
hugealloc() {
	grep -v '^# summary\|^# live' "$1" > "$2"
	printf 'sysctl vm.nr_hugepages=1000000\nsnapshot name=hugealloc\n' >> "$2"
}

# One row per profile of compare folder $1 (workload $2).
table() {
	printf '| profile | huge pages got | share of memory | vs %s | extfrag events | type mismatch | pageblock steals | mixed pageblocks | pgmigrate_success |\n' "$first"
	printf '|---|--:|--:|--:|--:|--:|--:|--:|--:|\n'
	for p in "$@"; do
		d=$cmp/$p
		awk -F, -v p="$p" -v ref="$refshare" '
			FILENAME ~ /meminfo$/ && /^MemTotal:/ { split($0, f, " "); total = f[2] }
			FILENAME ~ /meminfo$/ && /^HugePages_Total:/ { split($0, f, " "); huge = f[2] }
			FILENAME ~ /meminfo$/ && /^Hugepagesize:/ { split($0, f, " "); size = f[2] }
			FILENAME ~ /compare.csv$/ && $3 == p { v[$1] = $6 }
			END {
				share = 100 * huge * size / total
				vs = ref == "" ? "-" : sprintf("%+.1f points", share - ref)
				printf("| `%s` | %d | %.1f%% | %s | %s | %s | %s | %s | %s |\n", p, huge, share, vs,
				       v["extfrag_events"], v["type_mismatch"], v["pageblock_steals"],
				       v["mixed_pageblocks"], v["pgmigrate_success"])
			}' "$d/snapshots/hugealloc/meminfo" "$cmp/compare.csv"
		if [ -z "$refshare" ]; then
			refshare=$(awk '/^MemTotal:/ { t = $2 } /^HugePages_Total:/ { h = $2 }
				/^Hugepagesize:/ { s = $2 } END { printf("%.1f", 100 * h * s / t) }' \
				"$d/snapshots/hugealloc/meminfo")
		fi
	done
}

first=$1
small=$(dirname "$0")/../bench/small-2node.json
for w in churn churn-small fragmenter kernel-build; do
	cfg=
	case $w in
	churn) "$numasim" gen churn -o "$work/$w.trace" ;;
	churn-small) cfg="-c $small"
		"$numasim" gen churn -c "$small" --events 2000000 -o "$work/$w.trace" ;;
	fragmenter) "$numasim" gen fragmenter --gfp GFP_KERNEL -o "$work/$w.trace" ;;
	kernel-build) "$numasim" gen kernel-build -o "$work/$w.trace" ;;
	esac
	hugealloc "$work/$w.trace" "$work/$w-hugealloc.trace"
	cmp=$work/cmp-$w
	rm -rf "$cmp"
	pargs=
	for p in "$@"; do pargs="$pargs -p $p"; done
	# shellcheck disable=SC2086
	"$numasim" compare "$work/$w-hugealloc.trace" $cfg $pargs -q -o "$cmp"
	printf '\n### %s\n\n' "$w"
	refshare=
	table "$@"
done
