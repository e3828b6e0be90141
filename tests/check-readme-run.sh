#!/bin/sh
# Does `make run` still print what README.md shows?  The block under
# "## What `make run` does" is the summary with lines left out ("..."):
# every other line of it must appear in OUTPUT, in the same order.
#   sh tests/check-readme-run.sh OUTPUT [README]
# Exit 0 when it does; 1, with the first line it could not find, when not.
set -eu
out=$1
readme=${2:-README.md}
awk 'BEGIN { i = 0; nw = 0 }
	FNR == NR {
		if (/^## What `make run` does/) sec = 1
		else if (sec && /^```/) { if (inblk) { sec = 0; inblk = 0 } else inblk = 1 }
		else if (inblk && $0 != "...") want[nw++] = $0
		next
	}
	i < nw && $0 == want[i] { i++ }
	END {
		if (nw == 0) { print "check-readme-run: no make run block in the README" > "/dev/stderr"; exit 1 }
		if (i < nw) {
			printf("check-readme-run: README line %d of the make run block is not in the output:\n%s\n",
			       i + 1, want[i]) > "/dev/stderr"
			exit 1
		}
	}' "$readme" "$out"
