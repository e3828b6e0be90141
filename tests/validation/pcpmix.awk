# tests/validation/pcpmix.awk - what the kernel's per-CPU page lists held
# when a recorded phase began, by migratetype, as far as the phase's
# trace shows it.
#
# usage: zcat PHASE.trace.gz | awk -f pcpmix.awk ZONES -
# ZONES is a snapvals.awk file of the kernel's snapshot (its
# zone.N.ZONE.start_pfn and .spanned give the zones' pfn ranges).
# A page the trace sees for the first time leaving a per-CPU list was on
# that list when the trace began: an mm_page_pcpu_drain (the list's
# migratetype is printed), or an mm_page_alloc with no refill
# (mm_page_alloc_zone_locked) before it, which the kernel serves from the
# CPU's list of the requested migratetype (rmqueue_pcplist()).  Any other
# first event means the page was not on a list.  Pages the phase never
# touched stay unknown.
# Output: "pcpmix.N.ZONE.CPU.MT PAGES" per list seen, MT the kernel's
# migratetype number (0 Unmovable, 1 Movable, 2 Reclaimable).

function hex(s,    i, c, v) {
	v = 0
	s = tolower(s)
	sub(/^0x/, "", s)
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}

function zone_of(pfn,    i) {
	for (i = 1; i <= nz; i++)
		if (pfn >= zstart[i] && pfn < zstart[i] + zspan[i])
			return zname[i]
	return ""
}

FILENAME != "-" {
	if ($1 ~ /^zone\..*\.start_pfn$/ || $1 ~ /^zone\..*\.spanned$/) {
		z = $1
		sub(/^zone\./, "", z)
		kind = z
		sub(/^.*\./, "", kind)
		sub(/\.[a-z_]+$/, "", z)
		if (!(z in zi)) {
			zi[z] = ++nz
			zname[nz] = z
		}
		if (kind == "start_pfn")
			zstart[zi[z]] = $2
		else
			zspan[zi[z]] = $2
	}
	next
}

/^#/ { next }

# The value of " key=VALUE" on the current line, "" if absent.
function value(key) {
	if (!match($0, " " key "=[^ ]+"))
		return ""
	return substr($0, RSTART + length(key) + 2, RLENGTH - length(key) - 2)
}

# TASK-PID [CPU] FLAGS TIME: EVENT: key=value ...  (TASK may hold blanks)
/ mm_page_[a-z_]+: page=/ {
	p = value("pfn")
	if (p == "" || (p in seen))
		next
	seen[p] = 1
	if (value("page") ~ /^0+$/)
		next
	match($0, / mm_page_[a-z_]+: page=/)
	ev = substr($0, RSTART + 1, RLENGTH - 8)
	if (ev != "mm_page_pcpu_drain" && ev != "mm_page_alloc")
		next
	match($0, / \[[0-9]+\] /)
	cpu = substr($0, RSTART + 2, RLENGTH - 4) + 0
	z = zone_of(hex(p))
	if (z != "")
		mix["pcpmix." z "." cpu "." value("migratetype")] += 2 ^ value("order")
}

END {
	for (k in mix)
		print k, mix[k] | "sort"
	close("sort")
}
