# tests/validation/filler.awk - the trace lines that make numasim's zones
# look like the kernel's when a recorded phase began.
#
# usage: awk -f filler.awk NUMASIM KERNEL PCPMIX
# NUMASIM and KERNEL are snapvals.awk files: numasim's state after boot
# and the ring buffer, and the kernel's snapshot before the phase; PCPMIX
# is pcpmix.awk's output for the phase.
#
# 1. Kept pages, zone by zone: order-0 GFP_KERNEL pages, so that every
#    zone's free + per-CPU pages become the kernel's.  They stand for the
#    kernel memory numasim does not model (slab, kernel stacks, the
#    initramfs, the guest's processes, what earlier phases left), taken
#    on the zone's node's CPU (CPU N is node N's on the recorded machine).
# 2. Per-CPU pages: for every CPU whose list of a zone held more than
#    numasim's, as many pages allocated and freed again on that CPU, so
#    they end on its list (free_unref_page()) as the kernel's did.  Their
#    migratetypes are those PCPMIX saw leaving the kernel's list; the
#    pages the trace never shows are taken as unmovable (on the large
#    lists the phase's own movable allocations, which take movable pages
#    first, left them alone).
# 0. If any CPU's list of a zone holds more pages than the kernel's did,
#    which no allocation and free can undo (the pages boot freed late sit
#    there until the kernel drains them), a drain first empties every list
#    (drain_all_pages()); step 2 then refills them all.
# Every page is taken with __GFP_THISNODE and the zone modifier that
# starts the zonelist at its zone.  Node 1 first, CPU 0 last, so the
# phase starts on CPU 0.  A zone or list where numasim holds less than
# the kernel gets nothing.  Each step opens with a "# filler:" comment.

# The gfp of a page of migratetype mt (0, 1, 2) in zone name z.
function gfp(z, mt,    g) {
	if (mt == 1)
		g = (z == "Normal") ? "GFP_HIGHUSER_MOVABLE" : "GFP_USER|__GFP_MOVABLE"
	else
		g = (mt == 2) ? "GFP_KERNEL|__GFP_RECLAIMABLE" : "GFP_KERNEL"
	if (z == "DMA")
		g = g "|GFP_DMA"
	else if (z == "DMA32")
		g = g "|GFP_DMA32"
	return g "|__GFP_THISNODE"
}

function min(a, b) {
	return a < b ? a : b
}

# Pages of migratetype mt onto cpu's list of zone z ("N.ZONE"), through
# an allocation and a free on that CPU.
function onto_list(z, cpu, mt, nr,    n, j) {
	if (nr <= 0)
		return
	split(z, n, ".")
	printf "# filler: Node %s %s, %d %s pages onto CPU %d's list\n", n[1], n[2], nr,
	       mtname[mt], cpu
	for (j = 0; j < nr; j++)
		printf "alloc id=pcp.%s.%d.%d.%d order=0 gfp=%s node=%s cpu=%d\n", z, cpu, mt, j,
		       gfp(n[2], mt), n[1], cpu
	for (j = 0; j < nr; j++)
		printf "free id=pcp.%s.%d.%d.%d\n", z, cpu, mt, j
}

BEGIN {
	mtname[0] = "unmovable"
	mtname[1] = "movable"
	mtname[2] = "reclaimable"
}

FILENAME == ARGV[1] { have[$1] = $2; next }
FILENAME == ARGV[3] { seen[$1] = $2; next }

$1 ~ /^zone\..*\.present$/ && $2 > 0 {
	z = $1
	sub(/^zone\./, "", z)
	sub(/\.present$/, "", z)
	zones[++nz] = z
}

$1 ~ /^zone\..*\.pcp\.[0-9]+$/ {
	c = $1
	sub(/^.*\./, "", c)
	if (c + 1 > ncpu)
		ncpu = c + 1
}

{ want[$1] = $2 }

# Step 0: does a list hold more than the kernel's?  Then drain them all.
function drain_if_over(    c, i, key) {
	for (c = 0; c < ncpu; c++)
		for (i = 1; i <= nz; i++) {
			key = "zone." zones[i] ".pcp." c
			if (have[key] > want[key] + 0) {
				print "# filler: per-CPU lists drained (one held more than the kernel's)"
				print "drain"
				for (c = 0; c < ncpu; c++)
					for (i = 1; i <= nz; i++)
						have["zone." zones[i] ".pcp." c] = 0
				return
			}
		}
}

END {
	drain_if_over()
	for (i = nz; i >= 1; i--) {
		z = zones[i]
		split(z, n, ".")
		need = have["zone." z ".freepcp"] - want["zone." z ".freepcp"]
		printf "# filler: Node %s %s, %d pages kept\n", n[1], n[2], need
		for (j = 0; j < need; j++)
			printf "alloc id=fill.%s.%d order=0 gfp=%s node=%s cpu=%s\n", z, j,
			       gfp(n[2], 0), n[1], n[1]
	}
	for (c = ncpu - 1; c >= 0; c--)
		for (i = nz; i >= 1; i--) {
			z = zones[i]
			need = want["zone." z ".pcp." c] - have["zone." z ".pcp." c]
			if (need <= 0)
				continue
			mov = min(need, seen["pcpmix." z "." c ".1"] + 0)
			rec = min(need - mov, seen["pcpmix." z "." c ".2"] + 0)
			onto_list(z, c, 1, mov)
			onto_list(z, c, 2, rec)
			onto_list(z, c, 0, need - mov - rec)
		}
}
