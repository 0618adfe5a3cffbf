#!/bin/sh
# End to end: Postfix refuses a suppressed recipient at RCPT TO with
# senderlint's 550 5.7.1 naming the reason and date; the other recipient
# of the same transaction is delivered to the sink; a transaction whose
# recipients are all suppressed never gets to DATA.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_config "$TOP/t/data/rules/suppress.yaml" "suppression:
  path: $H/sl/suppress"
SS="$TOP/milter/senderlint-suppress -c $H/sl/senderlint.conf"
$SS add -r unsubscribed -d 2026-11-02 bob@example.net > /dev/null
$SS add -r hard-bounce -d 2026-10-30 @bounce.example > /dev/null
h_senderlint_start
h_sink_start
h_postfix_start

printf 'From: Example <sender@example.com>\r\nTo: undisclosed-recipients:;\r\nDate: %s\r\nMessage-ID: <%s@example.com>\r\nSubject: hello\r\n\r\nHello.\r\n' \
    "$(LC_ALL=C date -R)" "$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" > "$H/msg"
h_send "$H/msg" --to 'Bob@Example.NET,alice@example.net'
ok $? "swaks: the transaction succeeds for the other recipient"
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 <Bob@Example\.NET>: suppressed \(unsubscribed on 2026-11-02\)' \
    "swaks: RCPT TO:<Bob@Example.NET> gets 550 5.7.1 with reason and date"
like "$(cat "$H/swaks.out")" '<- +250 .*' "swaks: RCPT TO:<alice@example.net> is accepted"
h_wait_sink 1
ok $? "the message reaches the sink"
f=$(h_sink_file 1)
like "$(cat "$f")" 'alice@example\.net' "the sink got it for alice"
unlike "$(cat "$f")" '[Bb]ob@' "and not for bob"
h_wait_log 'milter-reject: RCPT from .*<Bob@Example\.NET>'
like "$(h_maillog)" 'milter-reject: RCPT from [^:]*: 550 5\.7\.1 <Bob@Example\.NET>: suppressed \(unsubscribed on 2026-11-02\);.* to=<Bob@Example\.NET>' \
    "maillog: Postfix logs the milter-reject at RCPT with our text"

h_send "$H/msg" --to 'x@bounce.example,bob@example.net'
rc=$?
ok $((rc == 0)) "swaks: every recipient suppressed: the transaction fails (exit $rc)"
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 <x@bounce\.example>: suppressed \(hard-bounce on 2026-10-30, domain bounce\.example\)' \
    "swaks: a domain entry is named"
unlike "$(cat "$H/swaks.out")" '^ -> DATA' "swaks: DATA is never sent"
like "$(cat "$H/sl/senderlint.log")" 'rcpt=<bob@example.net> fact=rcpt.suppressed .*action=reject' \
    "senderlint logged the refusals"
sleep 1
is "$(h_sink_count)" 1 "sink: nothing more arrived"
h_senderlint_stop
tap_done
