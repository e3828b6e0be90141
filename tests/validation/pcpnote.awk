# tests/validation/pcpnote.awk - one sentence on the kernel's per-CPU page
# lists before a recorded phase: how many pages each held (the snapshot)
# and of which migratetypes the phase's trace shows them to be.
#
# usage: awk -f pcpmix.awk ... | awk -v before=KERNEL_BEFORE -f pcpnote.awk
# KERNEL_BEFORE is a snapvals.awk file of the kernel's before snapshot
# (its zone.N.ZONE.pcp.CPU lines); stdin is pcpmix.awk's output.
# /proc does not show the migratetypes of the per-CPU pages, which
# --init-from takes from Movable pageblocks first; this says what the
# kernel's actually were, as far as the trace sees them.

BEGIN {
	split("unmovable movable reclaimable highatomic", mtname, " ")
	while ((getline line < before) > 0) {
		split(line, f, " ")
		if (f[1] ~ /^zone\.[0-9]+\.[A-Za-z0-9]+\.pcp\.[0-9]+$/ && f[2] > 0)
			held[substr(f[1], 6)] = f[2]
	}
	close(before)
}

# pcpmix.N.ZONE.CPU.MT PAGES
{
	split($1, k, ".")
	list = k[2] "." k[3] ".pcp." k[4]
	sep = (list in seen) ? ", " : ""
	seen[list] = seen[list] sep $2 " " mtname[k[5] + 1]
}

END {
	n = 0
	for (list in held)
		order[++n] = list
	# A few lists: a simple sort keeps the sentence deterministic.
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && order[j - 1] > order[j]; j--) {
			t = order[j]; order[j] = order[j - 1]; order[j - 1] = t
		}
	printf "The kernel's per-CPU lists before the phase, and the migratetypes of their pages the trace shows leaving them:"
	for (i = 1; i <= n; i++) {
		split(order[i], k, ".")
		printf "%s CPU %s's list of Node %s %s, %d pages (%s)", (i > 1 ? ";" : ""), k[4], k[1], k[2],
			held[order[i]], (order[i] in seen ? seen[order[i]] : "none seen")
	}
	print "."
}
