#!/bin/sh
# End to end, streams and one-click unsubscribe through Postfix with the
# shipped default rules (plus an identity for the bulk stream): a bulk
# message without one-click is rejected with a reply that says what to
# add; the same message in the transactional stream leaves; a changed
# display name in the bulk stream is caught; the stream header is removed.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_stack "$TOP/t/data/rules/streams-e2e.yaml"

mk() {	# STREAM FROM-NAME [extra header lines]: a message dated now
	printf 'From: %s <news@example.com>\r\nTo: customer@example.net\r\nDate: %s\r\nMessage-ID: <%s@example.com>\r\nSubject: Weekly digest\r\nX-Senderlint-Stream: %s\r\n%b\r\nThis week at Example.\r\n' \
	    "$2" "$(LC_ALL=C date -R)" "$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" "$1" "${3:-}" > "$H/msg"
}

mk bulk "Example News" "List-Unsubscribe: <mailto:unsubscribe@example.com>\r\n"
h_send "$H/msg"
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 bulk mail needs one List-Unsubscribe with an https URI and List-Unsubscribe-Post: List-Unsubscribe=One-Click \(RFC 8058\): unsub\.https\.missing \(List-Unsubscribe has no https URI\); unsub\.one-click\.missing \(no List-Unsubscribe-Post field\)' \
    "bulk without one-click: 550 5.7.1 naming what to add"

mk transactional "Example News" "List-Unsubscribe: <mailto:unsubscribe@example.com>\r\n"
h_send "$H/msg"
ok $? "the same message in the transactional stream is accepted"
h_wait_sink 1
ok $? "and reaches the sink"
unlike "$(cat "$(h_sink_file 1)")" '^X-Senderlint-Stream:' "the stream header was removed on the way out"

one="List-Unsubscribe: <https://example.com/u/Zx81kq03JfPq9wLm>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <weekly.example.com>\r\n"
mk bulk "Example News" "$one"
h_send "$H/msg"
ok $? "bulk with one-click and the stream's identity is accepted"
mk bulk "Example Newsletter" "$one"
h_send "$H/msg"
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 use this stream.s sender identity: identity\.display-name\.mismatch \(display name "Example Newsletter" is not "Example News"\)' \
    "a display-name change in the bulk stream is caught"
h_wait_log 'milter-reject: END-OF-MESSAGE .*identity.display-name.mismatch'
ok $? "maillog: the identity rejection is logged"
like "$(cat "$H/sl/senderlint.log")" 'stream=transactional .*action=accept' "log: the stream is named in the summary line"
h_senderlint_stop
tap_done
