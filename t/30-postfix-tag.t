#!/bin/sh
# End to end: Postfix -> senderlint -> smtp-sink. A message that a tag rule
# matches reaches the sink intact, with one X-Senderlint header naming the
# rule; a clean message arrives without it; hold puts a message in
# Postfix's hold queue and discard drops it, both accepted at SMTP.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_stack "$TOP/t/data/rules/milter.yaml"

h_send t/data/e2e/tag.eml
ok $? "swaks: tagged message accepted by Postfix"
h_wait_sink 1
ok $? "sink: tagged message arrived"
got=$(cat "$(h_sink_file 1)")
is "$(printf '%s\n' "$got" | grep -c '^X-Senderlint:')" 1 "sink: exactly one X-Senderlint header"
like "$got" '^X-Senderlint: tag-me$' "sink: the header names the rule that fired"
# The message body and original header arrive byte for byte.
body=$(printf '%s\n' "$got" | sed -n '/^From: /,$p' | grep -v '^X-Senderlint:' | tr -d '\r')
want=$(tr -d '\r' < t/data/e2e/tag.eml)
is "$body" "$want" "sink: header and body arrive unchanged"

h_send t/data/e2e/plain.eml
ok $? "swaks: plain message accepted"
h_wait_sink 2
got=$(cat "$(h_sink_file 2)")
unlike "$got" '^X-Senderlint:' "sink: an untagged message gets no header"

h_wait_log 'status=sent' 
qid=$(sed -n 's/.*Ok: queued as \([0-9A-F]*\).*/\1/p' "$H/swaks.out")
sleep 0.3
like "$(cat "$H/sl/senderlint.log")" "qid=$qid client=127\\.0\\.0\\.1 helo=[^ ]+ login=- mail_from=<[^ >]+> stream=unknown from=\"Example News <news@example.com>\" rcpts=1 action=accept" \
    "senderlint log: Postfix's queue id, the client address under Postfix's default macros, HELO and MAIL FROM"
h_send t/data/e2e/hold.eml
ok $? "swaks: held message accepted at SMTP"
h_wait_log 'milter-hold: END-OF-MESSAGE'
like "$(h_maillog)" 'milter-hold: END-OF-MESSAGE from .*: milter triggers HOLD action' \
    "maillog: Postfix puts it on hold"
like "$(cat "$H/sl/senderlint.log")" 'action=hold rules=hold-me' \
    "senderlint log: the hold names its rule (Postfix does not log the reason)"
held=$(find "$H/pf/spool/hold" -type f | wc -l | tr -d ' ')
is "$held" 1 "queue: one message in the hold queue"

h_send t/data/e2e/discard.eml
ok $? "swaks: discarded message accepted at SMTP"
h_wait_log 'milter-discard: END-OF-MESSAGE'
ok $? "maillog: Postfix logs milter-discard"
sleep 1
is "$(h_sink_count)" 2 "sink: neither the held nor the discarded message arrived"
h_senderlint_stop
tap_done
