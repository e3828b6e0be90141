# tests/validation/snapvals.awk - the numbers of one /proc snapshot as
# "KEY VALUE" lines, for compare.awk.
#
# Input: the files of a snapshot directory as the kernel writes them
# (Linux 6.1 layout; numasim writes the same): zoneinfo, buddyinfo,
# pagetypeinfo, vmstat, meminfo, nodeN.meminfo.  Each file is recognised
# by its name.
# Keys:
#   vmstat.NAME                  /proc/vmstat
#   zone.N.ZONE.FIELD            /proc/zoneinfo, per zone: free (pages
#                                free), min, low, high, start_pfn,
#                                spanned, present,
#                                managed, pcp (the count: of every CPU),
#                                pcp.CPU (one CPU's), freepcp (free +
#                                pcp), and the zone's own counters
#                                (numa_hit, nr_zone_*, ...)
#   node.N.NAME                  /proc/zoneinfo's per-node stats
#   buddy.N.ZONE.ORDER           /proc/buddyinfo
#   blocks.N.ZONE.TYPE           /proc/pagetypeinfo's "Number of blocks
#                                type" table (TYPE: Unmovable, Movable, ...)
#   meminfo.NAME                 /proc/meminfo (kB, or pages for HugePages_*)
#   nodemem.N.NAME               /sys/devices/system/node/nodeN/meminfo
#   total.pcp, total.freepcp     sums over the zones
# Zone names are the kernel's (DMA, DMA32, Normal, Movable, Device).
# Output order is the input order, so it is deterministic.

function base(path,    n, parts) {
	n = split(path, parts, "/")
	return parts[n]
}

function put(key, value) {
	print key, value
}

FNR == 1 {
	file = base(FILENAME)
	section = ""
}

file == "vmstat" && NF == 2 {
	put("vmstat." $1, $2)
	next
}

file == "buddyinfo" && $1 == "Node" {
	nid = $2
	sub(",", "", nid)
	for (i = 5; i <= NF; i++)
		put("buddy." nid "." $4 "." (i - 5), $i)
	next
}

# The block-count table: its header names the types, its rows follow;
# any other line (the free-page table's header) ends it.
file == "pagetypeinfo" && $1 == "Number" && $3 == "blocks" {
	section = "blocks"
	ntypes = 0
	for (i = 5; i <= NF; i++)
		types[++ntypes] = $i
	next
}

file == "pagetypeinfo" && section == "blocks" && $1 == "Node" {
	nid = $2
	sub(",", "", nid)
	for (i = 5; i <= NF && i - 4 <= ntypes; i++)
		put("blocks." nid "." $4 "." types[i - 4], $i)
	next
}

file == "pagetypeinfo" {
	section = ""
	next
}

file == "meminfo" {
	name = $1
	sub(":$", "", name)
	put("meminfo." name, $2)
	next
}

file ~ /^node[0-9]+\.meminfo$/ && $1 == "Node" {
	name = $3
	sub(":$", "", name)
	put("nodemem." $2 "." name, $4)
	next
}

file == "zoneinfo" && $1 == "Node" {
	nid = $2
	sub(",", "", nid)
	zone = nid "." $4
	zones[++nzones] = zone
	section = "head"
	next
}

file == "zoneinfo" && $1 == "per-node" {
	section = "node"
	next
}

file == "zoneinfo" && $1 == "pages" && $2 == "free" {
	section = "zone"
	free[zone] = $3
	put("zone." zone ".free", $3)
	next
}

file == "zoneinfo" && section == "node" && NF == 2 {
	put("node." nid "." $1, $2)
	next
}

file == "zoneinfo" && section == "zone" && $1 == "cpu:" {
	cpu = $2
	next
}

file == "zoneinfo" && section == "zone" && $1 == "count:" {
	pcp[zone] += $2
	put("zone." zone ".pcp." cpu, $2)
	next
}

file == "zoneinfo" && $1 == "start_pfn:" {
	put("zone." zone ".start_pfn", $2)
	next
}

file == "zoneinfo" && section == "zone" && NF == 2 && $1 ~ /^[a-z_]+$/ {
	put("zone." zone "." $1, $2)
	next
}

END {
	for (i = 1; i <= nzones; i++) {
		z = zones[i]
		put("zone." z ".pcp", pcp[z] + 0)
		put("zone." z ".freepcp", free[z] + pcp[z])
		tpcp += pcp[z]
		tfree += free[z]
	}
	if (nzones) {
		put("total.pcp", tpcp + 0)
		put("total.freepcp", tfree + tpcp)
	}
}
