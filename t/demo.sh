#!/bin/sh
# make demo: a private Postfix with a DKIM signer (opendkim) and
# senderlint on loopback, the shipped default rules, a DNS server
# (unbound) with the example domains' SPF, DKIM keys and DMARC records,
# a handful of sample messages, and what happened to each.
set -u
. t/lib/tap.sh
. t/lib/harness.sh
h_init
# example.com sends from 192.0.2.25 (its PTR mail.example.com resolves
# back) and signs its own mail; shop.example.net
# has an ESP sign for it with the ESP's own domain (not aligned).
h_dns_record example.com TXT "v=spf1 ip4:192.0.2.25 -all"
h_dns_record example.com MX "10 mail.example.com"
h_dns_record mail.example.com A 192.0.2.25
# reverse DNS of the egress IP, forward-confirmed (rule bulk-reverse-dns)
h_dns_record 25.2.0.192.in-addr.arpa PTR mail.example.com
h_dns_record _dmarc.example.com TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"
h_dns_record shop.example.net A 192.0.2.30
h_dns_record _dmarc.shop.example.net TXT "v=DMARC1; p=reject"
h_dns_record icloud.com MX "10 mx01.mail.icloud.com"
h_dns_record _dmarc.icloud.com TXT "v=DMARC1; p=quarantine"
h_dkim_key example.com
h_dkim_key esp.example.org
h_dns_start
h_dkim_sign '*@example.com' example.com
h_dkim_sign '*@shop.example.net' esp.example.org
h_opendkim_start From,Reply-To,To,Cc,Subject,Date,Message-ID,MIME-Version,Content-Type,List-Id,List-Unsubscribe,List-Unsubscribe-Post
h_config "$TOP/rules/default.yaml" "$(h_auth_yaml 192.0.2.25 mail.example.com)"
h_senderlint_start
h_sink_start
h_postfix_start "smtpd_milters = unix:$H/odkim/opendkim.sock, unix:$H/sl/senderlint.sock"

echo "senderlint demo: Postfix on 127.0.0.1:$H_SMTP_PORT -> opendkim -> senderlint (rules/default.yaml) -> smtp-sink on 127.0.0.1:$H_SINK_PORT"
echo "DNS for the checks: unbound on $H_DNS (SPF, DKIM keys, DMARC of the example domains); egress IP 192.0.2.25"
echo
for f in $(ls t/data/demo/*.eml | sort -t/ -k4 -n); do
	name=$(basename "$f" .eml)
	before=$(h_sink_count)
	# samples are dated now, except one whose point is its impossible date
	case $name in
	*impossible-date*) cp "$f" "$H/msg" ;;
	*) sed "s/^Date: .*/Date: $(LC_ALL=C date -R)\r/" "$f" > "$H/msg" ;;
	esac
	h_send "$H/msg"
	answer=$(grep -E '^<[*~-]* +[245][0-9][0-9] ' "$H/swaks.out" | tail -2 | head -1 | sed 's/^<[*~-]* *//')
	qid=$(printf '%s\n' "$answer" | sed -n 's/.*queued as \([0-9A-F]*\).*/\1/p')
	echo "== $name"
	echo "   SMTP answer at end of DATA: $answer"
	if [ -n "$qid" ]; then
		h_wait_sink $((before + 1)) 10
		got=$(h_sink_file $((before + 1)))
		tag=$(grep '^X-Senderlint:' "$got" 2>/dev/null)
		echo "   delivered to the sink${tag:+ with \"$tag\"}"
		grep -q '^X-Senderlint-Stream:' "$f" && ! grep -q '^X-Senderlint-Stream:' "$got" &&
		    echo "   (the X-Senderlint-Stream header that chose the stream was removed)"
	fi
	sleep 0.2
	line=$(grep 'qid=' "$H/sl/senderlint.log" | tail -1 | sed 's/^senderlint: //')
	echo "   senderlint: $line"
	echo
done
echo "== what Postfix logged (milter-reject lines)"
h_wait_log 'milter-reject' 5
grep 'milter-reject' "$H/pf/log/maillog" | sed 's/^/   /'
echo
sleep 1.2
echo "== counters ($H/sl/senderlint.prom, Prometheus text format: messages and rule hits;"
echo "   the file, and /metrics with stats.listen, also hold facts, DNS, stores and latency)"
grep -E '^senderlint_(messages|stream_messages|rule_hits)_total' "$H/sl/senderlint.prom" |
    grep -v ' 0$' | sed 's/^/   /'
echo
echo "Try it yourself: milter/senderlint-check -r rules/default.yaml t/data/demo/2-two-from.eml"
