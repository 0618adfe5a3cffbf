#!/bin/sh
# Scope: senderlint judges outbound mail only, on a host that also
# receives. Through miltertest, each criterion of the scope section (SASL
# login, client network, service, MAIL FROM domain) makes a message
# outbound and anything else passes untouched with a scope=out log line
# and a counter. Through the private Postfix with its default macro
# settings: a port-25 smtpd and a submission service that sets
# milter_macro_daemon_name=ORIGINATING (the usual master.cf recipe), the
# scope naming that service: the same message with two From fields is
# delivered untouched on port 25 and rejected on submission.
. t/lib/tap.sh
. t/lib/harness.sh
h_init

H_SCOPE='scope:
  authenticated: yes
  networks: [ 198.51.100.0/24 ]
  services: [ ORIGINATING ]
  mail_from_domains: [ "*.shop.example" ]'
h_config "$TOP/t/data/rules/milter.yaml"
h_senderlint_start
out=$(miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
    -s "$TOP/t/milter/scope.lua" 2>&1)
printf '%s\n' "$out" | grep -E '^(not )?ok - ' | while IFS= read -r line; do
	echo "$line"
done > "$H/tap"
is "$(grep -c '^ok - ' "$H/tap")" 6 "scope.lua: six cases pass"
grep -q '^not ok' "$H/tap" && diag "$out"
h_wait_for 5 grep -q 'scope=out' "$H/sl/senderlint.log"
like "$(cat "$H/sl/senderlint.log")" 'qid=SCOPE client=203\.0\.113\.9 helo=client\.example\.net login=- mail_from=<someone@icloud\.com> scope=out action=accept' \
    "log: a message out of scope has one line saying scope=out"
h_wait_for 5 grep -q 'senderlint_out_of_scope_total 2' "$H/sl/senderlint.prom"
like "$(cat "$H/sl/senderlint.prom")" '^senderlint_out_of_scope_total 2$' \
    "counters: both messages out of scope are counted"

# a bad scope fails to load with file:line:col
cp "$H/sl/senderlint.conf" "$H/good.conf"
H_SCOPE='scope: { networks: [ 198.51.100.0/33 ], colour: blue }'
h_config "$TOP/t/data/rules/milter.yaml"
out=$("$SL" -n -c "$H/sl/senderlint.conf" 2>&1)
like "$out" 'senderlint.conf:[0-9]+:[0-9]+: .*198\.51\.100\.0/33.* is not an IP address or CIDR network' \
    "a bad network in scope is refused with file:line:col"
like "$out" 'colour' "an unknown scope key is refused"

# Through Postfix: port 25 and submission, the scope names the service.
SUB_PORT=$(h_free_port)
H_MASTER_EXTRA="127.0.0.1:$SUB_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o milter_macro_daemon_name=ORIGINATING"
H_SCOPE='scope: { authenticated: yes, networks: [], services: [ ORIGINATING ] }'
h_senderlint_stop
h_config "$TOP/t/data/rules/milter.yaml"
: > "$H/sl/senderlint.log"
h_senderlint_start
h_sink_start
h_postfix_start
h_send "$TOP/t/data/e2e/two-from.eml"
ok $? "port 25: a message with two From fields from an outside client is accepted"
h_wait_sink 1
n=$(h_sink_count)
is "$n" 1 "port 25: it is delivered"
unlike "$(cat "$(h_sink_file 1)")" '^X-Senderlint' "port 25: untouched (no tag header)"
swaks --server "127.0.0.1:$SUB_PORT" --helo app.senderlint.test \
    --from sender@example.com --to rcpt@example.net \
    --data "@$TOP/t/data/e2e/two-from.eml" --timeout 30 > "$H/swaks.sub" 2>&1
like "$(cat "$H/swaks.sub")" '<\*\* +550 5\.7\.1 exactly one From field is required' \
    "submission: the same message is judged and rejected"
like "$(cat "$H/sl/senderlint.log")" 'client=127\.0\.0\.1 .*scope=out action=accept' \
    "log: the port-25 message is scope=out"

# mode: monitor, after a reload: the same submission leaves, and the log
# says what enforcing would have done.
echo "mode: monitor" >> "$H/sl/senderlint.conf"
kill -USR1 "$H_SL_PID"
h_wait_for 10 grep -q 'reloaded' "$H/sl/senderlint.log" ||
    diag "$(tail -3 "$H/sl/senderlint.log")"
swaks --server "127.0.0.1:$SUB_PORT" --helo app.senderlint.test \
    --from sender@example.com --to rcpt@example.net \
    --data "@$TOP/t/data/e2e/two-from.eml" --timeout 30 > "$H/swaks.mon" 2>&1
like "$(cat "$H/swaks.mon")" '<- +250 2\.0\.0 Ok: queued' \
    "mode: monitor: the message is accepted"
h_wait_sink 2
is "$(h_sink_count)" 2 "mode: monitor: it is delivered"
like "$(cat "$H/sl/senderlint.log")" 'action=accept would=reject rules=- undecided=- monitor=single-from:reject' \
    "mode: monitor: the log says what enforcing would have done"
h_wait_for 5 grep -q 'senderlint_monitor_would_total{action="reject"} 1' "$H/sl/senderlint.prom"
like "$(cat "$H/sl/senderlint.prom")" 'senderlint_monitor_would_total\{action="reject"\} 1' \
    "counters: the would-be reject is counted"
tap_done
