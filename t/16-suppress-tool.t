#!/bin/sh
# senderlint-suppress: add, remove, list, import and export round trip;
# the suppression section of the config; bad input reported as
# file:line with nothing imported (the store is unchanged); RFC 8058
# unsubscribe requests with list-id mappings; 200,000 lines in one
# transaction.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
cd "$H"
SS=$TOP/milter/senderlint-suppress
cat > rules.yaml <<'EOF'
version: 1
streams:
  newsletter:
    kind: bulk
    match: { auth: "news-*" }
  receipts:
    kind: transactional
    match: { auth: "shop" }
rules: []
EOF
printf 'rules: rules.yaml\nsuppression:\n  path: store\n' > c.conf
S="$SS -c c.conf"

# the config section, checked by senderlint -n
check() {	# NAME EXPECTED-OUTPUT (suppression section on stdin)
	{ echo "rules: rules.yaml"; cat; } > bad.conf
	out=$("$SL" -n -c bad.conf 2>&1)
	rc=$?
	is "$rc:$out" "1:$2" "config: $1"
}
check "path is required" 'bad.conf:3:3: suppression needs a path (the LMDB directory)' <<'EOF'
suppression:
  mode: enforce
EOF
check "unknown key, mode, map size" 'bad.conf:3:9: suppression mode must be enforce or monitor, not "log"
bad.conf:4:16: suppression map_size_mb must be between 1 and 1048576, not 0
bad.conf:5:3: unknown key "paths"' <<'EOF'
suppression:
  mode: log
  map_size_mb: 0
  paths: x
  path: x
EOF
check "reply needs a 5xx code" 'bad.conf:4:10: suppression reply must start with a 5xx code and a space, like "550 5.7.1 text"' <<'EOF'
suppression:
  path: x
  reply: "450 4.7.1 later"
EOF
check "enhanced code of another class" 'bad.conf:4:10: enhanced status code 4.7.1 does not match reply code 550' <<'EOF'
suppression:
  path: x
  reply: "550 4.7.1 no"
EOF
check "unknown placeholder" 'bad.conf:4:10: unknown placeholder "{rule}" in suppression reply (use {rcpt}, {reason}, {date}, {entry} or {why})' <<'EOF'
suppression:
  path: x
  reply: "550 5.7.1 {rcpt} by {rule}"
EOF
printf 'rules: rules.yaml\nsocket: { path: "unix:%s/sl.sock" }\nsuppression:\n  path: x\n  mode: monitor\n  enabled: false\n  reply: "551 5.7.0 <{rcpt}> is off the list: {reason} {date} {entry}"\n' "$H" > good.conf
out=$("$SL" -n -c good.conf 2>&1)
is "$?:$out" "0:good.conf: OK, 0 rules from $H/rules.yaml" "config: a full valid section"

# the tool without a section, without a store
out=$("$SS" -c good.conf 2>&1)
is "$?" 2 "no command: usage, exit 2"
like "$out" '^usage: senderlint-suppress \[-c config\] add \[-r reason\] \[-d date\] \[-s stream\] address \.\.\.$' "usage: add"
like "$out" 'senderlint-suppress \[-c config\] import -u \[-nR\] \[-m list-id=stream\] \[-d date\] \[-s stream\] file$' "usage: import -u"
syn=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$TOP/man/senderlint-suppress.8")
for c in add remove list import export; do
	like "$syn" "^\.Cm $c\$" "senderlint-suppress(8) SYNOPSIS has $c"
	like "$out" "senderlint-suppress \[-c config\] $c" "usage has $c"
done
for o in "Fl r Ar reason" "Fl d Ar date" "Fl s Ar stream" "Op Fl nR" "Fl u" "Fl m Ar list-id"; do
	like "$syn" "$o" "senderlint-suppress(8) SYNOPSIS has $o"
done
printf 'rules: rules.yaml\n' > none.conf
out=$("$SS" -c none.conf list 2>&1)
is "$?:$out" "2:senderlint-suppress: none.conf has no suppression section" "no section: exit 2, says so"
out=$($S list 2>&1)
is "$?:$out" "1:senderlint-suppress: $H/store: No such file or directory" "list before anything was added: exit 1"

# add, list, remove
out=$($S add -r unsubscribed -d 2026-11-02 'Bob@Example.NET' '"Carol"@example.net' @Bounce.Example 2>&1)
is "$?" 0 "add: exit 0"
is "$out" "added bob@example.net: unsubscribed on 2026-11-02, every stream
added carol@example.net: unsubscribed on 2026-11-02, every stream
added @bounce.example: unsubscribed on 2026-11-02, every stream" "add: says what it added, normalized"
out=$($S add -r complaint -d 2026-11-03T10:15:00Z -s newsletter bob@example.net 2>&1)
is "$?:$out" "0:added bob@example.net: complaint on 2026-11-03, stream newsletter" "add: a scoped entry for the same address"
out=$($S add -s weekly dave@example.net 2>&1)
is "$?:$out" "1:senderlint-suppress: unknown stream weekly (not in the rule file)
senderlint-suppress: nothing added" "add: an unknown stream is refused"
out=$($S add ok@example.net nobody 2>&1)
is "$?:$out" "1:senderlint-suppress: nobody: not an address (local@domain, or @domain for a whole domain)
senderlint-suppress: nothing added" "add: one bad address, nothing added"
out=$($S add -r bounced x@example.net 2>&1)
is "$?" 2 "add: an unknown reason is a usage error"
out=$($S list)
is "$out" "bob@example.net	unsubscribed	2026-11-02T00:00:00Z	*
bob@example.net	complaint	2026-11-03T10:15:00Z	newsletter
carol@example.net	unsubscribed	2026-11-02T00:00:00Z	*
@bounce.example	unsubscribed	2026-11-02T00:00:00Z	*" "list: every entry, tab-separated, * for every stream"
out=$($S list BOB@example.net)
is "$?:$out" "0:bob@example.net	unsubscribed	2026-11-02T00:00:00Z	*
bob@example.net	complaint	2026-11-03T10:15:00Z	newsletter" "list ADDRESS: its entries in every scope"
out=$($S list anyone@BOUNCE.example)
is "$?:$out" "0:@bounce.example	unsubscribed	2026-11-02T00:00:00Z	*" "list ADDRESS: a domain entry applies"
out=$($S list ok@example.net 2>&1)
is "$?:$out" "1:senderlint-suppress: ok@example.net is not suppressed" "list ADDRESS: exit 1 when not suppressed"
out=$($S remove -s newsletter BOB@example.net nobody@example.net 2>err)
is "$?" 1 "remove: exit 1 when one is not on the list"
is "$out" "removed bob@example.net (stream newsletter)" "remove: the other one is removed"
is "$(cat err)" "senderlint-suppress: nobody@example.net is not on the list for stream newsletter" "remove: the absent one is named"
is "$($S list bob@example.net)" "bob@example.net	unsubscribed	2026-11-02T00:00:00Z	*" "remove: only that scope went"

# export and import round trip, into a second store
$S export > export.csv
is "$?" 0 "export: exit 0"
is "$(cat export.csv)" "address,reason,date,stream
bob@example.net,unsubscribed,2026-11-02T00:00:00Z,
carol@example.net,unsubscribed,2026-11-02T00:00:00Z,
@bounce.example,unsubscribed,2026-11-02T00:00:00Z," "export: CSV with a header"
printf 'rules: rules.yaml\nsuppression:\n  path: store2\n' > c2.conf
out=$("$SS" -c c2.conf import export.csv)
is "$?:$out" "0:imported 3 entries from export.csv (4 lines)" "import: the export"
is "$("$SS" -c c2.conf export)" "$(cat export.csv)" "round trip: the second store exports the same"

# bad lines: each reported as file:line, nothing imported
cat > mixed.csv <<'EOF'
# suppressions from the old ESP
address,reason,date,stream
erin@example.org,hard-bounce,2026-10-01,
frank@example.org,bounced,2026-10-01,
"""Grace""@example.org",complaint,2026-10-02,receipts

heidi@example,manual,2026-02-30
ivan@example.org
judy@@example.org,manual,2026-10-03,weekly
"o'neil"@example.org,manual,2026-10-03
EOF
before=$($S export)
out=$($S import mixed.csv 2>&1)
is "$?" 1 "bad lines: exit 1"
is "$out" 'mixed.csv:4: "bounced": unknown reason (unsubscribed, hard-bounce, repeated-soft-bounce, complaint, manual)
mixed.csv:7: "2026-02-30": bad date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)
mixed.csv:9: "judy@@example.org": local part is not a dot-string or quoted string
mixed.csv:10: text after a quoted field (a quoted local part goes in a quoted field, its quotes doubled)
mixed.csv: 4 bad lines; nothing imported' "bad lines: file:line: what is wrong, for every bad line"
is "$($S export)" "$before" "bad lines: the store is unchanged (erin, grace, ivan not imported)"
out=$(sed '4d;7d;9d;10d' mixed.csv > fixed.csv; $S import -n fixed.csv)
is "$?:$out" "0:would import 3 entries from fixed.csv (6 lines)" "-n: checks, counts"
is "$($S export)" "$before" "-n: writes nothing"
out=$($S import -d 2026-11-20 -r hard-bounce fixed.csv)
is "$?:$out" "0:imported 3 entries from fixed.csv (6 lines)" "the fixed file imports"
like "$($S list)" "^ivan@example.org	hard-bounce	2026-11-20T00:00:00Z	\*$" "a bare address takes -r and -d"
like "$($S list)" "^grace@example.org	complaint	2026-10-02T00:00:00Z	receipts$" "a CSV line takes its own reason, date and stream"
printf 'kim@example.org\n' | $S import -s receipts - > stdin.out
is "$?:$(cat stdin.out)" "0:imported 1 entry from (stdin) (1 line)" "import - reads the standard input"
like "$($S list kim@example.org)" "receipts$" "-s scopes bare addresses"
out=$($S import -R export.csv)
is "$?:$out" "0:imported 3 entries from export.csv (4 lines), replacing the list" "-R: replace"
is "$($S export)" "$(cat export.csv)" "-R: the list is exactly the file"

# many errors: the first 50 shown, the rest counted; long lines refused
awk 'BEGIN { for (i = 1; i <= 60; i++) print "bad" i }' > many.txt
perl -e 'print "a" x 2050, "\@example.org\n"' >> many.txt
out=$($S import many.txt 2>&1)
is "$(printf '%s\n' "$out" | grep -c '^many.txt:[0-9]*: ')" 50 "errors: 50 printed"
like "$out" "^many.txt: 11 more errors$" "errors: the rest counted"
like "$out" "^many.txt: 61 bad lines; nothing imported$" "errors: all counted in the summary"
out=$(tail -1 many.txt > long.txt; $S import long.txt 2>&1)
like "$out" "^long.txt:1: line longer than 2048 octets$" "a line over 2048 octets is an error"

# RFC 8058 unsubscribe requests
cat > unsub.log <<'EOF'
carol@example.net <weekly.example.com> 2026-11-02T09:30:00Z
Erin@Example.ORG,<OFFERS.example.com>
frank@example.net
EOF
out=$($S import -u -m weekly.example.com=newsletter unsub.log 2>&1)
is "$?:$out" '1:unsub.log:2: "<OFFERS.example.com>": list-id has no -m mapping to a stream
unsub.log: 1 bad line; nothing imported' "unsubscribe: an unmapped list-id is an error"
out=$($S import -u -m weekly.example.com=newsletter -m offers.example.com=nope unsub.log 2>&1)
like "$out" '^unsub.log:2: "nope": unknown stream \(not in the rule file\)$' "unsubscribe: a mapping to an unknown stream is an error"
out=$($S import -u -d 2026-11-04 -m weekly.example.com=newsletter -m offers.example.com= unsub.log 2>&1)
is "$?:$out" "0:imported 3 entries from unsub.log (3 lines)" "unsubscribe: imported"
is "$($S list | grep -E '^(carol|erin|frank)')" "carol@example.net	unsubscribed	2026-11-02T00:00:00Z	*
carol@example.net	unsubscribed	2026-11-02T09:30:00Z	newsletter
erin@example.org	unsubscribed	2026-11-04T00:00:00Z	*
frank@example.net	unsubscribed	2026-11-04T00:00:00Z	*" \
    "unsubscribe: reason unsubscribed; scope from the list-id; date from the line or -d"
out=$($S import -r complaint -m a=b unsub.log 2>&1)
is "$?" 2 "-m without -u is a usage error"

# 200,000 lines in one transaction; one bad line at the end: nothing
awk 'BEGIN { print "address,reason,date,stream";
	for (i = 0; i < 200000; i++)
		printf "user%d@host%d.example.net,hard-bounce,2026-11-%02d,\n", i * 7919, i % 1000, i % 28 + 1 }' > big.csv
cp big.csv bigbad.csv
echo "last@,manual,2026-11-01," >> bigbad.csv
before=$($S list | wc -l)
out=$($S import bigbad.csv 2>&1)
is "$?:$out" '1:bigbad.csv:200002: "last@": not a valid domain
bigbad.csv: 1 bad line; nothing imported' "200,000 lines and one bad at the end: nothing imported"
is "$($S list | wc -l)" "$before" "the store has not grown"
start=$(date +%s)
out=$($S import big.csv)
took=$(($(date +%s) - start))
is "$?:$out" "0:imported 200000 entries from big.csv (200001 lines)" "200,000 lines imported"
ok $((took > 60)) "in a minute at most, even under sanitizers (took ${took}s)"
is "$($S list | wc -l)" "$((before + 200000))" "all of them listed"
is "$($S list USER1583800@HOST200.example.net)" "user1583800@host200.example.net	hard-bounce	2026-11-05T00:00:00Z	*" \
    "one of them found by another spelling"
# senderlint -n opens the list for lookups as the run-as user
printf 'rules: rules.yaml\nsocket: { path: "unix:%s/sl.sock" }\nsuppression:\n  path: %s/nstore\n' "$H" "$H" > n.conf
out=$("$SL" -n -c n.conf 2>&1)
is "$?:$out" "0:n.conf: OK, 0 rules from $H/rules.yaml" "-n: a list not created yet is no error"
"$SS" -c n.conf add gone@example.com > /dev/null
printf 'user: nobody\n' >> n.conf
out=$("$SL" -n -c n.conf 2>&1)
is "$?" 1 "-n: a list the run-as user cannot read: exit 1"
like "$out" "^n.conf: suppression list: .*Permission denied" "and it says why"
tap_done
