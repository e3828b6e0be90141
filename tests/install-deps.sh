#!/bin/sh
# Install numasim's build dependencies on Debian when they are missing.
#   sh tests/install-deps.sh          what building and running need
#   sh tests/install-deps.sh check    ... and what the tests need (Check),
#                                     gnuplot (gnuplot-nox), which
#                                     `numasim plot` draws with, and GNU
#                                     parallel and Slurm (slurm-wlm), which
#                                     run a `numasim sweep`'s jobs
# As root: apt-get installs them.  Otherwise: print the command and fail,
# except for gnuplot, which is optional (plot and its tests say so and skip).
set -e
need=""
command -v gcc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
if command -v pkg-config >/dev/null 2>&1; then
	pkg-config --exists jansson || need="$need libjansson-dev"
	pkg-config --exists zlib || need="$need zlib1g-dev"
	pkg-config --exists readline || need="$need libreadline-dev"
	if [ "$1" = check ]; then
		pkg-config --exists check || need="$need check"
	fi
else
	need="$need libjansson-dev zlib1g-dev libreadline-dev"
	[ "$1" = check ] && need="$need check"
fi
optional=""
if [ "$1" = check ] && ! command -v gnuplot >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		need="$need gnuplot-nox"
	else
		optional=" gnuplot-nox"
		echo "numasim: gnuplot is missing: numasim plot and its tests will skip" \
		     "(sudo apt-get install -y$optional)" >&2
	fi
fi
# The sweep's runners: their tests skip without them.
if [ "$1" = check ]; then
	for tool in parallel:parallel sbatch:slurm-wlm; do
		command -v "${tool%%:*}" >/dev/null 2>&1 && continue
		if [ "$(id -u)" = 0 ]; then
			need="$need ${tool#*:}"
		else
			echo "numasim: ${tool%%:*} is missing: its numasim sweep test will skip" \
			     "(sudo apt-get install -y ${tool#*:})" >&2
		fi
	done
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "numasim: installing build dependencies:$need"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $need >/dev/null
else
	echo "numasim: missing build dependencies:$need" >&2
	echo "numasim: install them with: sudo apt-get install -y$need" >&2
	exit 1
fi
