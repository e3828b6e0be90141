# tests/validation/compare.awk - markdown rows "counter | kernel |
# numasim | relative error" from the KEY VALUE files of snapvals.awk.
#
# Variables (-v): kb, ka, km: the kernel's values before, after and in the
# middle of a phase; nb, na, nm: numasim's.  A file may be missing (""):
# its rows print "n/a".  stdin holds the rows, one per line:
#   MODE KEY LABEL...
# MODE is delta (after - before), before, after or mid (the value at that
# point), or the same with a "k" in front (kdelta, kmid, ...): the
# kernel's value only, numasim's column saying it does not reproduce it.
# LABEL is the row's first column, markdown allowed.
# The relative error is (numasim - kernel) / |kernel|, one decimal; it is
# bold past 10%, and so is a row where only one side is 0.
# Output is a pure function of the inputs.

function load(path, tag,    line, n, f) {
	if (path == "")
		return
	while ((getline line < path) > 0) {
		n = split(line, f, " ")
		if (n == 2)
			val[tag, f[1]] = f[2]
	}
	close(path)
	have[tag] = 1
}

# The value of key at stage st ("b", "a", "m") on side ("k", "n"); "" if unknown.
function get(side, st, key) {
	if (!((side st, key) in val))
		return ""
	return val[side st, key] + 0
}

function value(side, mode, key,    a, b) {
	if (mode == "delta") {
		a = get(side, "a", key)
		b = get(side, "b", key)
		if (a == "" || b == "")
			return ""
		return a - b
	}
	return get(side, substr(mode, 1, 1), key)
}

function num(x, signed) {
	if (x == "")
		return "n/a"
	if (signed && x > 0)
		return sprintf("+%.0f", x)
	return sprintf("%.0f", x)
}

function relerr(k, n,    e, s) {
	if (k == "" || n == "")
		return "n/a"
	if (k == 0 && n == 0)
		return "0"
	if (k == 0)
		return "**kernel 0**"
	if (n == 0 && k != 0)
		return "**numasim 0**"
	e = (n - k) * 100 / (k < 0 ? -k : k)
	s = sprintf("%+.1f%%", e)
	if (s == "+0.0%" || s == "-0.0%")
		s = (n == k) ? "0" : "<0.1%"
	if (e > 10 || e < -10)
		s = "**" s "**"
	return s
}

BEGIN {
	load(kb, "kb"); load(ka, "ka"); load(km, "km")
	load(nb, "nb"); load(na, "na"); load(nm, "nm")
	print "| counter | kernel | numasim | relative error |"
	print "|---|--:|--:|--:|"
}

NF >= 3 && $1 !~ /^#/ {
	mode = $1
	key = $2
	label = $3
	for (i = 4; i <= NF; i++)
		label = label " " $i
	signed = (mode ~ /delta$/)
	if (mode ~ /^k/) {
		k = value("k", substr(mode, 2), key)
		printf "| %s | %s | not reproduced | |\n", label, num(k, signed)
		next
	}
	k = value("k", mode, key)
	n = value("n", mode, key)
	printf "| %s | %s | %s | %s |\n", label, num(k, signed), num(n, signed), relerr(k, n)
}
