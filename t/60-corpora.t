#!/bin/sh
# Robustness: every message of the mime4j, stalwart (including malformed)
# and CPython corpora goes through senderlint-check with the default
# rules: each gets a verdict (one JSON line, exit 0 or 1), none crashes
# (signal, sanitizer report), none hangs (a 20 s ceiling per message: a
# hang detector, not a speed test; speed is make bench's business).
. t/lib/tap.sh
. t/lib/harness.sh
h_init
for corpus in mime4j stalwart cpython; do
	total=0
	bad=0
	for f in $(find "t/data/corpora/$corpus" -type f \( -name '*.msg' -o -name '*.eml' -o -name 'msg_*.txt' \) | sort); do
		total=$((total + 1))
		timeout 20 "$SLC" --json --now 1795672800 -r rules/default.yaml "$f" \
		    > "$H/out" 2> "$H/err"
		rc=$?
		lines=$(grep -c '"action":' "$H/out")
		if [ "$rc" -gt 1 ] || [ "$lines" -lt 1 ] || grep -q 'Sanitizer\|runtime error' "$H/err"; then
			bad=$((bad + 1))
			diag "$f: exit $rc, $lines verdicts"
			head -5 "$H/err" | while IFS= read -r l; do diag "  $l"; done
		fi
	done
	ok "$bad" "$corpus: $total messages, each with a verdict, no crash, no hang ($bad failed)"
done
tap_done
