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

# A field name with 8-bit octets: Postfix ends the header there and sends
# that line and the fields after it to the milter as the first body lines;
# senderlint reads them as header fields again, and senderlint-check on
# the file says the same as the daemon behind Postfix.
send t/data/e2e/8bit-field-name.eml
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 the header has characters RFC 5322 does not allow: rfc5322\.field-name\.syntax \(field name at line 4 has an octet outside 33-126' \
    "a field name with 8-bit octets: 550 5.7.1 at line 4, from the lines Postfix sent as body"
h_wait_for 10 grep -q 'from="Shop <shop@example.com>"' "$H/sl/senderlint.log"
daemon=$(grep 'from="Shop <shop@example.com>"' "$H/sl/senderlint.log" | tail -1 |
    sed 's/.* facts=\([^ ]*\).*/\1/')
check=$("$SLC" -r "$TOP/rules/default.yaml" --json --mail-from '<sender@example.com>' \
    --rcpt '<rcpt@example.net>' --client-ip 127.0.0.1 --helo client.senderlint.test "$H/msg" |
    jq -r '[.facts[] | select(.value == true) | .id] | join(",")')
is "$check" "$daemon" "senderlint-check on the file finds what the daemon behind Postfix found"
like "$daemon" 'rfc5322\.field-name\.syntax' "the 8-bit field name is rfc5322.field-name.syntax"
unlike "$daemon" 'message-id\.missing|mime\.8bit' "the fields after it are header fields, the ASCII body is no 8-bit body"

# The structured fields of issue 11 item 5, monitored by the default
# rules: the daemon behind Postfix and senderlint-check on the file agree.
send t/data/e2e/structured-fields.eml
ok $? "malformed To, References, List-Id and encoded-word: accepted (monitored)"
h_wait_for 10 grep -q 'from="Shop <shop@example.com>" .*address-list' "$H/sl/senderlint.log"
daemon=$(grep 'from="Shop <shop@example.com>" .*address-list' "$H/sl/senderlint.log" | tail -1 |
    sed 's/.* facts=\([^ ]*\).*/\1/')
check=$("$SLC" -r "$TOP/rules/default.yaml" --json --mail-from '<sender@example.com>' \
    --rcpt '<rcpt@example.net>' --client-ip 127.0.0.1 --helo client.senderlint.test "$H/msg" |
    jq -r '[.facts[] | select(.value == true) | .id] | join(",")')
is "$check" "$daemon" "senderlint-check on the file finds what the daemon behind Postfix found"
for f in rfc5322.address-list.syntax rfc5322.msg-id-list.syntax \
    rfc2047.encoded-word.malformed list-id.syntax; do
	like "$daemon" "$f" "the daemon reports $f"
done

# MIME damage inside parts (issue 11 item 4): a nested multipart encoded
# base64 is mime.structure (rejected), invalid UTF-8 under charset=utf-8
# is mime.charset.invalid; senderlint-check on the file says the same.
send t/data/e2e/mime-inner.eml
like "$(cat "$H/swaks.out")" '<\*\* +554 5\.6\.0 the MIME structure is broken: mime\.structure \(a nested multipart is encoded with base64' \
    "a nested multipart encoded base64: 554 5.6.0"
h_wait_for 10 grep -q 'mime\.charset\.invalid' "$H/sl/senderlint.log"
daemon=$(grep 'mime\.charset\.invalid' "$H/sl/senderlint.log" | tail -1 |
    sed 's/.* facts=\([^ ]*\).*/\1/')
check=$("$SLC" -r "$TOP/rules/default.yaml" --json --mail-from '<sender@example.com>' \
    --rcpt '<rcpt@example.net>' --client-ip 127.0.0.1 --helo client.senderlint.test "$H/msg" |
    jq -r '[.facts[] | select(.value == true) | .id] | join(",")')
is "$check" "$daemon" "mime damage: senderlint-check on the file finds what the daemon found"
like "$daemon" 'mime\.structure.*mime\.charset\.invalid' "both mime facts reported"

# The unsubscribe link as a reader sees it (issue 11 item 2), through
# Postfix: "klicken Sie hier" after "nicht mehr erhalten" is a link; the
# same anchor without the words is not.
for bl in german-hier german-hier-no-word; do	# h_send sets $f
	{ printf 'Date: %s\r\nMessage-ID: <bodylink-%s@example.de>\r\n' "$(LC_ALL=C date -R)" "$bl"
	  sed "s/^From: .*/From: Newsletter <news-$bl@example.de>\r/" "t/data/bodylink/$bl.eml"; } > "$H/msg"
	h_send "$H/msg"
	h_wait_for 10 grep -q "news-$bl@example.de" "$H/sl/senderlint.log"
done
like "$(grep 'news-german-hier@' "$H/sl/senderlint.log")" 'facts=' "the German newsletter was judged"
unlike "$(grep 'news-german-hier@' "$H/sl/senderlint.log")" 'unsub\.body-link\.missing' \
    "\"nicht mehr erhalten ... klicken Sie hier\": the daemon finds the link"
like "$(grep 'news-german-hier-no-word@' "$H/sl/senderlint.log")" 'unsub\.body-link\.missing' \
    "\"Mehr dazu hier\": no unsubscribe link"

# A bare CR, sent as it is (swaks would make it a line end): Postfix
# (3.7, smtpd and cleanup) turns it into a space before the milter sees
# it, so the daemon finds nothing and the message leaves repaired;
# senderlint-check reads the file as written and reports it.
sed "s/^Date: .*/Date: $(LC_ALL=C date -R)\r/" t/data/e2e/bare-cr.eml > "$H/msg"
perl -MIO::Socket::INET -e '
	my $s = IO::Socket::INET->new("127.0.0.1:$ARGV[0]") or die;
	local $/ = "\r\n";
	sub cmd { print $s "$_[0]\r\n" if defined $_[0];
		while (my $l = <$s>) { return $l if $l !~ /^\d{3}-/ } }
	cmd(); cmd("EHLO client.senderlint.test"); cmd("MAIL FROM:<sender\@example.com>");
	cmd("RCPT TO:<rcpt\@example.net>"); cmd("DATA");
	my $d = do { open(my $f, "<", $ARGV[1]) or die; binmode $f; local $/; <$f> };
	print $s $d; print cmd("."); cmd("QUIT");' "$H_SMTP_PORT" "$H/msg" > "$H/raw.out"
like "$(cat "$H/raw.out")" '^250 ' "a bare CR in the body: accepted"
h_wait_sink 4
like "$(grep -a '^line' $(grep -la 'e2e-bare-cr' "$H"/sink/*))" '^line two' \
    "Postfix turned the bare CR into a space"
unlike "$(grep 'from="Shop <shop@example.com>"' "$H/sl/senderlint.log" | tail -1)" 'bare-cr-lf' \
    "the daemon behind Postfix sees no bare CR"
like "$("$SLC" -r "$TOP/rules/default.yaml" "$H/msg")" 'rfc5322\.bare-cr-lf' \
    "senderlint-check on the file reports rfc5322.bare-cr-lf"
h_senderlint_stop
tap_done
