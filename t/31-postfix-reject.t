#!/bin/sh
# End to end: a message with two From fields is rejected at end of DATA
# with senderlint's 550 text, seen by the SMTP client and in the maillog,
# and nothing reaches the sink. The same through sendmail(1) and
# non_smtpd_milters.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_stack "$TOP/t/data/rules/milter.yaml"

text='exactly one From field is required: rfc5322.from.multiple \(2 From fields\); rule single-from, see https://senderlint.test/rules/single-from'
h_send t/data/e2e/two-from.eml
rc=$?
ok $((rc == 0)) "swaks: the SMTP transaction fails (exit $rc)"
like "$(cat "$H/swaks.out")" "<\*\* +550 5\.7\.1 $text" "swaks: client sees 550 5.7.1 and our text"
h_wait_log 'milter-reject'
like "$(h_maillog)" "milter-reject: END-OF-MESSAGE from .*: 5\.7\.1 $text" \
    "maillog: Postfix logs milter-reject with our text"
sleep 1
is "$(h_sink_count)" 0 "sink: nothing arrived"

h_send t/data/e2e/tempfail.eml
like "$(cat "$H/swaks.out")" '<\*\* +451 4\.7\.1 try again later \(defer-me\)' \
    "swaks: a tempfail rule gives 451 4.7.1 and its text"
h_wait_log 'milter-reject: END-OF-MESSAGE from .*: 4\.7\.1 try again later'
ok $? "maillog: Postfix logs the temporary rejection with our text"

# Local submission: pickup -> cleanup -> non_smtpd_milters.
sendmail -C "$H/pf/etc" -f sender@example.com rcpt@example.net < t/data/e2e/two-from.eml
ok $? "sendmail: local submission queued"
h_wait_log 'milter-reject: END-OF-MESSAGE from local'
like "$(h_maillog)" "milter-reject: END-OF-MESSAGE from local.*5\.7\.1 $text" \
    "maillog: non_smtpd_milters applies the same rule to local submissions"
h_senderlint_stop
tap_done
