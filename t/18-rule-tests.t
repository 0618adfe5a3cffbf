#!/bin/sh
# senderlint-check --test: rule test files (rules/tests/*.yaml ship with
# the rules) run through judge() and report TAP; failures say what was
# expected; a test file with an error runs nothing and says where; the
# config's tests: run under senderlint-check -n.
. t/lib/tap.sh
. t/lib/harness.sh
h_init

out=$($SLC --test rules/tests/*.yaml)
is "$?" 0 "the shipped tests pass against the shipped rules"
n=$(grep -c '^  - name:' rules/tests/*.yaml | awk -F: '{ s += $2 } END { print s }')
like "$out" "^1\\.\\.$n\$" "one plan for all $n tests"
is "$(printf '%s\n' "$out" | grep -c '^ok ')" "$n" "every test reports ok"
for f in default examples/bulk-and-transactional examples/newsletter-esp examples/saas-app; do
	like "$out" "^# rules/tests/${f#examples/}\\.yaml: rules .*/rules/tests/\\.\\./$f\\.yaml\$" \
	    "rules/$f.yaml has tests, run against it"
done
printf '%s\n' "$out" > "$H/tap"
prove -e cat "$H/tap" > "$H/prove.out" 2>&1
ok $? "the output is TAP that prove accepts"

# a failing test: which, where, and every expectation it missed
cat > "$H/fail.yaml" <<EOF
version: 1
rules: $TOP/t/data/rules/milter.yaml
now: 1795672800
tests:
  - name: two From fields
    file: $TOP/t/data/e2e/two-from.eml
    expect: { action: reject, rules: [ single-from ] }
  - name: plain is tagged
    file: $TOP/t/data/e2e/plain.eml
    expect:
      action: tag
      rules: [ tag-me, nonesuch ]
      facts: [ rfc5322.from.multiple ]
      not_facts: [ "list-id.*" ]
      reply: "550 *"
EOF
out=$($SLC --test "$H/fail.yaml")
is "$?" 1 "a failing test: exit 1"
is "$out" "1..2
# $H/fail.yaml: rules $TOP/t/data/rules/milter.yaml
ok 1 - $H/fail.yaml:5: two From fields
not ok 2 - $H/fail.yaml:8: plain is tagged
#   action: accept, expected tag
#   rule nonesuch: $TOP/t/data/rules/milter.yaml has no such rule
#   rules: -, expected nonesuch, tag-me
#   fact rfc5322.from.multiple: not true
#   fact list-id.*: true, expected not
#   reply: \"\", expected \"550 *\"
# 1 of 2 tests failed" "TAP: the failing test at file:line, one line per expectation missed"

# -r (or -c) replaces the rules the file names
out=$($SLC -r rules/default.yaml --test "$H/fail.yaml")
like "$out" "^# $H/fail.yaml: rules rules/default.yaml\$" "-r runs the tests against another rule file"

# envelope: the file's, overridden key by key by a test's; stream forces one
cat > "$H/env.yaml" <<EOF
version: 1
rules: $TOP/t/data/rules/identity.yaml
now: 1795672800
envelope: { auth: news-1, mail_from: "<b@bounce.example.com>", rcpt: [ a@example.net ] }
tests:
  - name: the file's envelope selects the news stream
    message: |
      From: Example News <news@example.com>
      Reply-To: support@example.com
      Date: Thu, 26 Nov 2026 06:00:00 +0000
      Message-ID: <e1@example.com>

      x
    expect: { action: accept, stream: news }
  - name: a test's envelope replaces the login only
    envelope: { auth: shop }
    message: |
      From: Example News <news@example.com>
      Date: Thu, 26 Nov 2026 06:00:00 +0000
      Message-ID: <e2@example.com>

      x
    expect: { stream: receipts, facts: [ identity.auth.mismatch, identity.from.mismatch ] }
  - name: stream forces one
    stream: tagged
    message: |
      From: Example News <news@example.com>
      Date: Thu, 26 Nov 2026 06:00:00 +0000
      Message-ID: <e3@example.com>

      x
    expect: { stream: tagged }
  - name: the null sender
    envelope: { mail_from: "<>" }
    message: |
      From: Example News <news@example.com>
      Reply-To: support@example.com
      Date: Thu, 26 Nov 2026 06:00:00 +0000
      Message-ID: <e4@example.com>

      x
    expect: { action: reject, facts: [ envelope.null-sender.bulk ] }
EOF
out=$($SLC --test "$H/env.yaml")
is "$?" 0 "envelope defaults, overrides, a forced stream, the null sender"
[ "$?" = 0 ] || diag "$out"

# a test file with errors: every error with file:line:col; nothing runs
cat > "$H/bad.yaml" <<'EOF'
version: 1
rules: nowhere.yaml
tests:
  - name: no message
    expect: { action: reject }
  - name: two messages
    message: "From: a@example.com\n"
    file: x.eml
    expect: { action: reject }
  - name: bad expectations
    message: "From: a@example.com\n"
    expect: { action: rejected, facts: [ no.such.fact ], colour: red }
  - name: a file that is not there
    file: missing.eml
    expect: { action: accept }
EOF
out=$($SLC --test "$H/bad.yaml" rules/tests/default.yaml 2>"$H/err")
is "$?" 2 "a test file with errors: exit 2"
is "$out" "" "and no test runs, not even those of the good file"
is "$(cat "$H/err")" "$H/bad.yaml:4:5: a test needs a message: either message (the text) or file (a path)
$H/bad.yaml:6:5: a test needs a message: either message (the text) or file (a path)
$H/bad.yaml:12:23: unknown action \"rejected\" (accept, tag, hold, discard, tempfail or reject)
$H/bad.yaml:12:42: unknown fact id \"no.such.fact\" (senderlint-check --list-facts lists them)
$H/bad.yaml:12:58: unknown key \"colour\"
$H/bad.yaml:14:11: $H/missing.eml: No such file or directory
senderlint-check: no test run" "every error with its file:line:col"
printf 'version: 1\ntests:\n  - name: x\n    message: "a\n' > "$H/broken.yaml"
out=$($SLC --test "$H/broken.yaml" 2>&1)
is "$?" 2 "a test file that is not YAML: exit 2"
like "$out" "^$H/broken.yaml:[0-9]+:[0-9]+: " "with its position"

# the config names tests: senderlint-check -n runs them
cat > "$H/c.conf" <<EOF
rules: $TOP/rules/default.yaml
tests: [ $TOP/rules/tests/default.yaml ]
EOF
out=$($SLC -n -c "$H/c.conf")
is "$?" 0 "-n: the config's tests pass"
like "$out" '^ok 10 - .*rules/tests/default.yaml:[0-9]+: ' "and they ran"
printf 'tests: [ %s ]\n' "$H/fail.yaml" >> "$H/c.conf"
sed -i '2d' "$H/c.conf"
out=$($SLC -n -c "$H/c.conf")
is "$?" 1 "-n: a failing test: exit 1"
printf 'rules: %s\ntests: [ %s ]\n' "$TOP/rules/default.yaml" "$H/bad.yaml" > "$H/c2.conf"
out=$($SLC -n -c "$H/c2.conf" 2>&1)
is "$?" 2 "-n: a test file with errors: exit 2"
like "$out" "^$H/bad.yaml:4:5: " "with its errors"
# the daemon's -n runs them too (the systemd unit runs it before a reload)
printf 'rules: %s\nsocket: { path: "unix:%s/sl.sock" }\ntests: [ %s ]\n' \
    "$TOP/rules/default.yaml" "$H" "$TOP/rules/tests/default.yaml" > "$H/d.conf"
out=$("$SL" -n -c "$H/d.conf")
is "$?" 0 "senderlint -n: the config's tests pass"
like "$out" '^ok 10 - ' "and they ran"
printf 'rules: %s\nsocket: { path: "unix:%s/sl.sock" }\ntests: [ %s ]\n' \
    "$TOP/rules/default.yaml" "$H" "$H/fail.yaml" > "$H/d2.conf"
out=$("$SL" -n -c "$H/d2.conf")
is "$?" 1 "senderlint -n: a failing test: exit 1, the reload is not done"
like "$out" '^not ok 2 - ' "and the failure is shown"
printf 'rules: %s\ntests: nope\n' "$TOP/rules/default.yaml" > "$H/c3.conf"
out=$($SLC -n -c "$H/c3.conf" 2>&1)
is "$out" "$H/c3.conf:2:8: tests must be a list, not a scalar" "tests: must be a list"
tap_done
