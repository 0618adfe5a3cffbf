#!/bin/sh
# End to end with the shipped default rules: the RFC 5322 cases Gmail
# rejects are rejected by Postfix at end of DATA with senderlint's text,
# and a conforming message, dated now, leaves.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_stack "$TOP/rules/default.yaml"

send() {	# FILE: sends it dated now; the answer is in $H/swaks.out
	sed "s/^Date: .*/Date: $(LC_ALL=C date -R)\r/" "$1" > "$H/msg"
	h_send "$H/msg"
}

send t/data/e2e/two-from.eml
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 a message needs exactly one From field: rfc5322\.from\.multiple \(2 From fields\) \(senderlint rule single-from\)' \
    "two From fields: 550 5.7.1 with our text"
send t/data/demo/3-no-message-id.eml
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 add one valid Message-ID field \(RFC 5322 3\.6\.4\): rfc5322\.message-id\.missing \(no Message-ID field\)' \
    "no Message-ID: 550 5.7.1 with our text"
send t/data/demo/7-encoded-address.eml
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 RFC 2047 encoded-words are not allowed there' \
    "encoded-word in the From address: rejected"
h_wait_log 'milter-reject: END-OF-MESSAGE .*no Message-ID field'
ok $? "maillog: the Message-ID rejection is logged with our text"

send t/data/demo/1-conforming.eml
ok $? "a conforming message is accepted"
h_wait_sink 1
ok $? "and reaches the sink"
# The same Message-ID again: remembered once it left, monitored as reused.
send t/data/demo/1-conforming.eml
ok $? "the same message again is accepted (reuse is monitored)"
sleep 0.3
like "$(cat "$H/sl/senderlint.log")" 'action=accept rules=- undecided=- monitor=[^ ]*message-id-reuse:reject' \
    "the second copy is a monitor hit of message-id-reuse"
h_senderlint_stop
tap_done
