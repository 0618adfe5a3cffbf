#!/bin/sh
# End to end, authentication as it leaves: a private Postfix with a real
# opendkim signer placed before senderlint in smtpd_milters, unbound on a
# free loopback port serving the test zone (SPF, DKIM keys, DMARC), and
# the shipped rules/default.yaml. An aligned signed message is accepted;
# a message signed for another domain is rejected with the alignment
# reply; a bulk message whose List-Unsubscribe-Post the signer did not
# sign gets unsub.not-signed; with the DNS server gone, tempfail.
. t/lib/tap.sh
. t/lib/harness.sh
h_init

# the zone: SPF for the egress IP, keys, DMARC; nothing else resolves
h_dns_record news.sl.example TXT "v=spf1 ip4:192.0.2.25 -all"
h_dns_record news.sl.example MX "10 mx.sl.example"
h_dns_record mx.sl.example A 192.0.2.25
h_dns_record _dmarc.news.sl.example TXT "v=DMARC1; p=reject; rua=mailto:dmarc@news.sl.example"
h_dns_record mis.sl.example A 192.0.2.26
h_dns_record _dmarc.mis.sl.example TXT "v=DMARC1; p=reject"
h_dns_record bounce.other.example TXT "v=spf1 ip4:192.0.2.25 -all"
h_dns_record bounce.other.example A 192.0.2.27
# a bounce domain under .test (RFC 6761): asked of the nameserver like
# any other, not answered NXDOMAIN by the resolver library
h_dns_record lab.test TXT "v=spf1 ip4:192.0.2.25 -all"
h_dns_record lab.test MX "10 mx.sl.example"
# RFC 7208 5.4: "mx/0" matches any address once an MX host has an A
# record; libspf2 refuses the length 0 (permerror), receivers say pass
h_dns_record zero.test TXT "v=spf1 mx/0 -all"
h_dns_record zero.test MX "10 mx.sl.example"
h_dkim_key news.sl.example
h_dkim_key other.example
h_dns_start

# opendkim signs From news.sl.example with d=news.sl.example and From
# mis.sl.example with d=other.example; like many signers it does not
# sign List-Unsubscribe-Post.
h_dkim_sign '*@news.sl.example' news.sl.example
h_dkim_sign '*@mis.sl.example' other.example
h_opendkim_start From,To,Subject,Date,Message-ID,MIME-Version,Content-Type,List-Unsubscribe,List-Id

h_config "$TOP/rules/default.yaml" "$(h_auth_yaml 192.0.2.25 mx.sl.example)"
h_senderlint_start
h_sink_start
h_postfix_start "smtpd_milters = unix:$H/odkim/opendkim.sock, unix:$H/sl/senderlint.sock"

mk() {	# FROM STREAM [extra header lines]: a message dated now
	printf 'From: Example <%s>\r\nTo: customer@example.net\r\nDate: %s\r\nMessage-ID: <%s@news.sl.example>\r\nSubject: Your order\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nX-Senderlint-Stream: %s\r\n%b\r\nThanks for your order. Unsubscribe: https://news.sl.example/u\r\n' \
	    "$1" "$(LC_ALL=C date -R)" "$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" "$2" "${3:-}" > "$H/msg"
}

mk news@news.sl.example transactional
h_send "$H/msg" --from bounce@news.sl.example
ok $? "aligned: signed with d=news.sl.example, SPF passes for the egress IP: accepted"
h_wait_sink 1
ok $? "and reaches the sink"
like "$(cat "$(h_sink_file 1)")" 'DKIM-Signature: .*d=news\.sl\.example' \
    "the message left with the signer's DKIM-Signature"
h_wait_for 10 grep -q 'action=accept' "$H/sl/senderlint.log"
like "$(cat "$H/sl/senderlint.log")" 'action=accept' "senderlint logged the accept"

mk shop@mis.sl.example transactional
h_send "$H/msg" --from bounce@bounce.other.example
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.32 the From domain is not aligned with the SPF \(MAIL FROM\) or DKIM \(d=\) domain.*dmarc\.alignment\.fail \(From domain mis\.sl\.example is aligned with neither a passing SPF nor a passing DKIM identity' \
    "signed for another domain: 550 5.7.32 with the alignment reply"
h_wait_log 'milter-reject: END-OF-MESSAGE .*5\.7\.32'
ok $? "maillog: Postfix rejected it with 5.7.32"

one="List-Unsubscribe: <https://news.sl.example/u/Zx81kq03JfPq9wLm>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\nList-Id: <weekly.news.sl.example>\r\n"
mk news@news.sl.example bulk "$one"
h_send "$H/msg" --from bounce@news.sl.example
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 sign List-Unsubscribe and List-Unsubscribe-Post with DKIM .*unsub\.not-signed \(List-Unsubscribe and List-Unsubscribe-Post are not both in the h= of a passing signature\)' \
    "bulk with an unsigned List-Unsubscribe-Post: unsub.not-signed, rejected"
unlike "$(cat "$H/swaks.out")" 'dmarc\.|spf\.egress|bulk-dkim' \
    "and nothing else about its authentication is wrong"

mk news@news.sl.example transactional
h_send "$H/msg" --from bounce@lab.test
ok $? "MAIL FROM under .test: accepted"
h_wait_for 10 grep -q 'mail_from=<bounce@lab.test>' "$H/sl/senderlint.log"
like "$(grep 'mail_from=<bounce@lab.test>' "$H/sl/senderlint.log")" 'facts=[^ ]*spf\.egress\.pass' \
    "the .test domain's SPF record was read through the configured nameserver: spf.egress.pass"
unlike "$(grep 'mail_from=<bounce@lab.test>' "$H/sl/senderlint.log")" 'domain\.nonexistent' \
    "and the .test domain exists"
h_wait_sink 2
mk news@news.sl.example transactional
h_send "$H/msg" --from bounce@zero.test
h_wait_for 10 grep -q 'mail_from=<bounce@zero.test>' "$H/sl/senderlint.log"
like "$(grep 'mail_from=<bounce@zero.test>' "$H/sl/senderlint.log")" 'facts=[^ ]*spf\.egress\.pass' \
    "SPF \"v=spf1 mx/0 -all\": pass, as RFC 7208 receivers compute it (libspf2 alone: permerror)"
h_wait_sink 3

# Twelve at once: Postfix opens as many milter connections, and the
# resolver, its cache, libspf2 and libopendkim are shared by all of them.
i=0
while [ $i -lt 12 ]; do
	mk news@news.sl.example transactional
	cp "$H/msg" "$H/par.$i"
	swaks --server "127.0.0.1:$H_SMTP_PORT" --helo client.senderlint.test \
	    --from bounce@news.sl.example --to "rcpt$i@example.net" \
	    --data "@$H/par.$i" --timeout 60 > "$H/par.$i.out" 2>&1 &
	eval "par_$i=\$!"
	i=$((i + 1))
done
i=0; good=0
while [ $i -lt 12 ]; do
	eval "wait \$par_$i" && good=$((good + 1))
	i=$((i + 1))
done
is "$good" 12 "12 aligned messages sent at once: all accepted"
h_wait_sink 15
ok $? "and all reached the sink"

# The DNS server goes away: lookups not in the cache fail for now.
kill -TERM "$H_DNS_PID"
h_wait_gone "$H_DNS_PID" 10
h_untrack "$H_DNS_PID"
mk news@news.sl.example transactional
h_send "$H/msg" --from bounce@fresh.sl.example
like "$(cat "$H/swaks.out")" '<\*\* +451 4\.7\.1 senderlint rule .* could not be decided: a DNS or identity store lookup failed for now' \
    "with DNS down: 451 4.7.1 (on_dns_error tempfail), saying why"
h_senderlint_stop
tap_done
