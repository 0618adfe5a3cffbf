#!/bin/sh
# Bad input to senderlint-check gives an error with its location, and
# the rest of the input is still read: a damaged capture record is
# skipped whole (file and line), an mbox message cut short or empty is
# skipped (file, message number, line), exit 2 in both cases. (A rule
# test file with an error runs nothing: t/18-rule-tests.t.) The capture
# section of the config is checked at load, with file:line:col.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
export LC_ALL=C
R=$TOP/t/data/rules/milter.yaml
SLC="$SLC --now 1795672800"

# A record by hand, as the daemon writes them (caprec.h)
record() {	# NAME [sed expression applied to the head]
	msg=$(cat "$TOP/t/data/e2e/two-from.eml")
	len=$(printf '%s\n' "$msg" | wc -c | tr -d ' ')
	{
		printf 'senderlint-capture 1\ntime 1795672800\nqid 4XkQ\nclient_addr 192.0.2.10\n'
		printf 'helo client.example\nlogin news%%2D1\nmail_from <b@example.com>\n'
		printf 'rcpt <r@example.net>\naction reject\nrules single-from\nbody 0 0\nmessage %s\n\n' "$len"
	} | sed "${2:-}" > "$H/store/$1.cap"
	printf '%s\n' "$msg" >> "$H/store/$1.cap"
}
mkdir "$H/store"
record 1-good
record 2-unknown-key 's/^helo /colour /'
record 3-bad-escape 's/^login .*/login news%2/'
record 4-no-time '/^time /d'
record 5-good
printf 'senderlint-capture 1\ntime 1795672800\nmessage 10\n' > "$H/store/6-no-message.cap"
record 7-short
head -c -5 "$H/store/7-short.cap" > "$H/x" && mv "$H/x" "$H/store/7-short.cap"
printf 'senderlint-capture 2\ntime 1\n\n' > "$H/store/8-version.cap"

out=$($SLC -r "$R" --json "$H/store" 2> "$H/err")
is "$?" 2 "damaged records: exit 2"
is "$(cat "$H/err")" "senderlint-check: $H/store/2-unknown-key.cap: line 5: unknown key \"colour\"; record skipped
senderlint-check: $H/store/3-bad-escape.cap: line 6: bad value for login; record skipped
senderlint-check: $H/store/4-no-time.cap: line 12: the record has no time; record skipped
senderlint-check: $H/store/6-no-message.cap: line 4: the record ends before its message; record skipped
senderlint-check: $H/store/7-short.cap: line 14: the message has $((len - 5)) bytes, the record says $len (cut short or damaged); record skipped
senderlint-check: $H/store/8-version.cap: line 1: not a capture record of version 1, the one this senderlint reads; record skipped" \
    "each damaged record: its file, its line and what is wrong"
is "$(printf '%s\n' "$out" | jq -r '.file' | sed 's|.*/||')" "1-good.cap
5-good.cap" "the good records around them are judged"
is "$(printf '%s\n' "$out" | jq -c '[.envelope.auth, .envelope.client_ip, .capture.qid, .capture.action, .action] | tostring' | sort -u)" \
    '"[\"news-1\",\"192.0.2.10\",\"4XkQ\",\"reject\",\"reject\"]"' \
    "a %XX value is decoded; the record's envelope and live verdict are read"
like "$($SLC -r "$R" "$H/store/1-good.cap")" '^  live:    reject \(rules: single-from\) at 1795672800, qid 4XkQ, body kept 0 of 0 bytes$' \
    "text: the live verdict of a record"

# the record's envelope is used, not the options'
out=$($SLC -r "$R" --json --auth other --client-ip 192.0.2.99 "$H/store/1-good.cap" | jq -c '[.envelope.auth, .envelope.client_ip]')
is "$out" '["news-1","192.0.2.10"]' "options do not override a record's envelope"

# an mbox with an empty message and a message cut short
{
	printf 'From a@example.com Thu Nov 26 06:00:00 2026\n'
	cat "$TOP/t/data/e2e/plain.eml"
	printf '\nFrom a@example.com Thu Nov 26 06:00:01 2026\n'
	printf 'From a@example.com Thu Nov 26 06:00:02 2026\n'
	cat "$TOP/t/data/e2e/tag.eml"
	printf '\nFrom a@example.com Thu Nov 26 06:00:03 2026\n'
	head -c 100 "$TOP/t/data/e2e/two-from.eml"
} > "$H/box.mbox"
l2=$(grep -n '06:00:01 2026' "$H/box.mbox" | cut -d: -f1)
l4=$(grep -n '06:00:03 2026' "$H/box.mbox" | cut -d: -f1)
out=$($SLC -r "$R" --json "$H/box.mbox" 2> "$H/err")
is "$?" 2 "an mbox with damaged messages: exit 2"
is "$(cat "$H/err")" "senderlint-check: $H/box.mbox: message 2 (line $l2): empty; message skipped
senderlint-check: $H/box.mbox: message 4 (line $l4): cut short: the file ends inside a line; message skipped" \
    "each damaged message: file, number, line, what is wrong"
is "$(printf '%s\n' "$out" | jq -r '"\(.index):\(.action)"' | tr '\n' ' ')" "1:accept 3:tag " \
    "the whole messages are judged, numbered as in the file"
out=$($SLC -r "$R" --summary --json "$H/box.mbox" 2>/dev/null | jq -c '.messages')
is "$out" 2 "--summary counts the messages judged"

# the capture section is checked at load
cat > "$H/c.conf" <<EOF
rules: $R
capture:
  rate: 2
  always: { actions: [ reject, bounce ], rules: [ a, [ b ] ], when: x }
  body_kb: 4096
  max_age: 1w
EOF
out=$($SLC -n -c "$H/c.conf" 2>&1)
is "$?" 2 "a bad capture section: exit 2"
is "$out" "$H/c.conf:3:3: capture needs a path (the directory of the capture store)
$H/c.conf:3:9: capture rate must be a number from 0 to 1 (the share of messages kept), not \"2\"
$H/c.conf:4:22: unknown action \"bounce\" (accept, tag, hold, discard, tempfail or reject)
$H/c.conf:4:54: capture always rules must be a scalar, not a list
$H/c.conf:4:63: unknown key \"when\"
$H/c.conf:5:12: capture body_kb must be between 0 and 1024, not 4096
$H/c.conf:6:12: capture max_age must be a duration like 7d, 12h or 30m, from 60 s to 366 days, not \"1w\"" \
    "every error with file:line:col"
printf 'rules: %s\ncapture: { path: store, rate: 0.5, always: { actions: tempfail, rules: "bulk-*" }, body_kb: 16, max_mb: 10, max_age: 12h }\n' "$R" > "$H/ok.conf"
out=$($SLC -n -c "$H/ok.conf" 2>&1)
is "$?" 0 "a good capture section loads (a path relative to the config)"
tap_done
