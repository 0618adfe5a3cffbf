#!/bin/sh
# Regenerates the FACTS list of man/senderlint-rules.5 from the registry
# (senderlint-check --list-facts). Run after adding a fact; the docs test
# fails while the page is out of date.
set -eu
cd "$(dirname "$0")/.."
page=man/senderlint-rules.5
tmp=$(mktemp)
list=$(mktemp)
milter/senderlint-check --list-facts | awk -F '\t' '{
	s = toupper(substr($2, 1, 1)) substr($2, 2)
	printf ".It Li %s\n%s.\nSource: %s.\n", $1, s, $3
}' > "$list"
awk -v list="$list" '
	/^\.\\" FACTS BEGIN/ { print; while ((getline l < list) > 0) print l; skip = 1; next }
	/^\.\\" FACTS END/ { skip = 0 }
	!skip { print }' "$page" > "$tmp"
cat "$tmp" > "$page"
rm -f "$tmp" "$list"
