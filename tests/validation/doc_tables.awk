# tests/validation/doc_tables.awk - docs/validation.md with its tables
# replaced by those validate.sh just made.
#
# usage: awk -f doc_tables.awk TABLES DOC > NEW_DOC
# A table is the text from a line "<!-- validate: NAME -->" to the next
# "<!-- /validate -->", both included.  Every block of DOC whose NAME is
# in TABLES is replaced by TABLES' block; the rest of DOC is copied as it
# is.  Comparing NEW_DOC with DOC tells whether the page is up to date.

function block_name(line,    name) {
	name = line
	sub(/^<!-- validate: /, "", name)
	sub(/ -->$/, "", name)
	return name
}

FILENAME == ARGV[1] {
	if ($0 ~ /^<!-- validate: [a-z_0-9]+ -->$/) {
		name = block_name($0)
		block[name] = $0 "\n"
		inside = 1
	} else if (inside) {
		block[name] = block[name] $0 "\n"
		if ($0 == "<!-- /validate -->")
			inside = 0
	}
	next
}

skipping {
	if ($0 == "<!-- /validate -->")
		skipping = 0
	next
}

$0 ~ /^<!-- validate: [a-z_0-9]+ -->$/ && (block_name($0) in block) {
	printf "%s", block[block_name($0)]
	skipping = 1
	next
}

{ print }
