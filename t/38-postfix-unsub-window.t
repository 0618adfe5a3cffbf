#!/bin/sh
# End to end: the unsubscribe window (unsubscribe_window, LMDB) through a
# private Postfix. An ESP-style URI with numeric ids and a short hash goes
# to one recipient; after a restart of senderlint the same URI to another
# recipient is refused with unsub.recipient-token, the first recipient
# may have it again, one copy to two recipients is refused, and
# senderlint-check reads the window the daemon wrote.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_config "$TOP/t/data/rules/unsubwin.yaml" "unsubscribe_window:
  path: $H/sl/unsub
  size: 1000
  age: 86400"
h_senderlint_start
h_sink_start
h_postfix_start
MSG=$TOP/t/data/e2e/news-token.eml

h_send "$MSG" --to subscriber@example.net
ok $? "first sight of the URI: accepted"
h_wait_sink 1
is "$(h_sink_count)" 1 "sink: it arrived"

h_senderlint_stop
h_senderlint_start
h_send "$MSG" --to other@example.net
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 the unsubscribe URI must identify its recipient: unsub\.recipient-token \(the same https URI went to another recipient [0-9]+ s ago\)' \
    "after a restart, the same URI to another recipient: 550 with unsub.recipient-token"
h_send "$MSG" --to subscriber@example.net
ok $? "the same URI to the first recipient again: accepted"
h_wait_sink 2
h_send "$MSG" --to a@example.net,b@example.net
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 .*2 recipients share one copy' \
    "one copy to two recipients: 550"

out=$("$SLC" -c "$H/sl/senderlint.conf" --rcpt '<third@example.net>' "$MSG")
like "$out" 'unsub\.recipient-token' "senderlint-check reads the window the daemon wrote"
out=$("$SLC" -c "$H/sl/senderlint.conf" --rcpt '<subscriber@example.net>' "$MSG")
unlike "$out" 'unsub\.recipient-token' "senderlint-check: the first recipient again is no finding"
h_senderlint_stop
is "$(h_sink_count)" 2 "sink: only the two accepted copies arrived"
tap_done
