#!/bin/sh
# End to end: with senderlint stopped, Postfix applies milter_default_action
# (tempfail here, as we recommend), and accept when it is set so.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_stack "$TOP/t/data/rules/milter.yaml"
h_senderlint_stop
kill -0 "$H_SL_PID" 2>/dev/null
ok $((! $?)) "senderlint is stopped"

h_send t/data/e2e/tag.eml
like "$(cat "$H/swaks.out")" '<\*\* +451 4\.7\.1 Service unavailable' \
    "milter_default_action=tempfail: the client gets 451 4.7.1"
h_wait_log "warning: connect to Milter service unix:$H/sl/senderlint.sock"
ok $? "maillog: Postfix says it cannot reach the milter"
is "$(h_sink_count)" 0 "sink: nothing arrived"

postconf -c "$H/pf/etc" -e milter_default_action=accept
script -qec "postfix -c $H/pf/etc reload" /dev/null >/dev/null 2>&1
sleep 1
h_send t/data/e2e/tag.eml
ok $? "milter_default_action=accept: the message is accepted"
h_wait_sink 1
ok $? "sink: it arrived"
unlike "$(cat "$(h_sink_file 1)")" '^X-Senderlint:' "sink: untagged, senderlint never saw it"
tap_done
