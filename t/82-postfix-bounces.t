#!/bin/sh
# End to end, the bounce loop: the private Postfix relays to a receiver
# (t/tools/smtpreply) that answers RCPT TO with a chosen reply per
# recipient, one for each class (a 5.1.1 unknown user at iCloud, a
# Microsoft 5.5.0 "mailbox unavailable", a Gmail 5.7.26, a Gmail 4.2.2
# mailbox full, a Yahoo TSS04 deferral, a lost connection), so the log
# senderlint-bounces reads is written by Postfix itself; the dry run
# lists the two recipient hard bounces only (and, with an older rotated
# log, the mailbox full as a repeated soft bounce); --apply adds them to the
# suppression list; senderlint-suppress lists them; and the next message
# to one of them is refused at RCPT by senderlint through Postfix.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_config "$TOP/t/data/rules/suppress.yaml" "suppression:
  path: $H/sl/suppress
  soft_bounce_days: 2
report:
  company: Example Ltd
authentication:
  egress_ips: [ 127.0.0.1 ]"
CONF=$H/sl/senderlint.conf
SB="$TOP/milter/senderlint-bounces -c $CONF"
SS="$TOP/milter/senderlint-suppress -c $CONF"
h_senderlint_start

cat > "$H/map" <<'EOF2'
gone@icloud.com 550 5.1.1 <gone@icloud.com>: user does not exist
missing@hotmail.com 550 5.5.0 Requested action not taken: mailbox unavailable.
unauth@gmail.com 550 5.7.26 This mail has been blocked because the sender is unauthenticated.
full@gmail.com 452 4.2.2 The recipient's inbox is out of storage space.
busy@yahoo.com 451 4.7.0 [TSS04] Messages from 127.0.0.1 temporarily deferred due to unexpected volume or user complaints
cut@example.org drop
EOF2
# the receiver stands where h_sink_start would put smtp-sink
H_SINK_PORT=$(h_free_port)
"$TOP/t/tools/smtpreply" "$H_SINK_PORT" "$H/map" "$H/rcpts.log" > "$H/smtpreply.out" 2>&1 &
h_track $!
h_wait_for 10 grep -q ready "$H/smtpreply.out" || bail "smtpreply did not start"
h_postfix_start

msg() {
	printf 'From: Example <sender@example.com>\r\nTo: undisclosed-recipients:;\r\nDate: %s\r\nMessage-ID: <%s@example.com>\r\nSubject: hello\r\n\r\nHello.\r\n' \
	    "$(LC_ALL=C date -R)" "$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" > "$H/msg"
}
msg
h_send "$H/msg" --to 'gone@icloud.com,missing@hotmail.com,unauth@gmail.com,full@gmail.com,busy@yahoo.com,ok@example.net'
ok $? "swaks: Postfix takes the message for six recipients"
h_wait_log 'to=<busy@yahoo\.com>.*status=deferred' 30
ok $? "maillog: Postfix logged the deliveries"
msg
h_send "$H/msg" --to 'cut@example.org'
ok $? "swaks: Postfix takes a message for a receiver that hangs up"
h_wait_log 'to=<cut@example\.org>.*status=deferred' 30
ok $? "maillog: Postfix logged the lost connection"
for r in gone@icloud.com missing@hotmail.com unauth@gmail.com; do
	like "$(h_maillog)" "to=<$r>.*status=bounced" "maillog: $r bounced"
done
for r in full@gmail.com busy@yahoo.com; do
	like "$(h_maillog)" "to=<$r>.*status=deferred" "maillog: $r deferred"
done
like "$(h_maillog)" 'to=<ok@example\.net>.*status=sent' "maillog: ok@example.net delivered"

out=$($SB "$H/pf/log/maillog")
is "$?" 0 "senderlint-bounces reads Postfix's maillog_file: exit 0"
like "$out" ' 0 garbage lines skipped$' "every line of Postfix's log is understood"
like "$out" '^provider icloud: 0 delivered, 1 failed$' "icloud: one failure"
like "$out" '^  recipient: 1 \(5\.1\.1 x1\)' "icloud 5.1.1: recipient"
like "$out" '^    \(x1\) host 127\.0\.0\.1\[127\.0\.0\.1\] said: 550 5\.1\.1 <gone@icloud\.com>: user does not exist \(in reply to RCPT TO command\)$' \
    "the reply as Postfix logged it"
like "$out" '^provider microsoft: 0 delivered, 1 failed$' "microsoft: one failure"
like "$out" '^  recipient: 1 \(5\.5\.0 x1\)' "microsoft 5.5.0 mailbox unavailable: recipient"
like "$out" '^provider gmail: 0 delivered, 2 failed$' "gmail: two failures"
like "$out" '^  policy: 1 \(5\.7\.26 x1\)' "gmail 5.7.26: policy"
like "$out" '^  mailbox-full: 1 \(4\.2\.2 x1\)' "gmail 4.2.2: mailbox-full"
like "$out" '^provider yahoo: 0 delivered, 1 failed$' "yahoo: one failure"
like "$out" '^  policy: 1 \(4\.7\.0 x1\)' "yahoo TSS04: policy"
like "$out" '^provider example\.org: 0 delivered, 1 failed$' "another provider by the recipient's domain (the relay is an address)"
like "$out" '^  transient: 1 \(4\.4\.2 x1\)' "a lost connection: transient"
like "$out" '^provider example\.net: 1 delivered, 0 failed$' "the delivery counted"
is "$(printf '%s\n' "$out" | grep -E '^would' | sed 's/ on [0-9T:-]*Z)$/)/')" \
    "would suppress gone@icloud.com: hard-bounce (5.1.1)
would suppress missing@hotmail.com: hard-bounce (5.5.0)" \
    "the dry run: the two recipient hard bounces, nothing for policy, full, deferral or network"
now=$(date -u +%Y-%m-%d)
like "$out" "^would suppress gone@icloud\.com: hard-bounce \(5\.1\.1 on ${now}T[0-9:]+Z\)$" \
    "the date of the bounce: Postfix's local time read back as now"
test -e "$H/sl/suppress"
is "$?" 1 "the dry run created no list"

# the same mailbox full three days earlier (an older, rotated log):
# with soft_bounce_days 2 that is a repeated soft bounce
then=$(date -u -d '3 days ago' +%Y-%m-%dT%H:%M:%SZ)
echo "$then mta postfix/smtp[1]: 1A2B3C4D5E: to=<full@gmail.com>, relay=127.0.0.1[127.0.0.1]:25, delay=1, delays=0/0/0/1, dsn=4.2.2, status=deferred (host 127.0.0.1[127.0.0.1] said: 452 4.2.2 The recipient's inbox is out of storage space. (in reply to RCPT TO command))" |
    gzip > "$H/maillog.1.gz"
out=$($SB "$H/pf/log/maillog" "$H/maillog.1.gz")
like "$out" "^would suppress full@gmail\.com: repeated-soft-bounce \(4\.2\.2, 2 soft bounces from $then to " \
    "a mailbox full in a rotated log three days before the one Postfix just logged: repeated-soft-bounce"

# the report looks the egress IP's PTR up through the nameservers of the
# config: here unbound, where 127.0.0.1 is mail.ex.example
h_dns_record 1.0.0.127.in-addr.arpa PTR mail.ex.example
h_dns_record mail.ex.example A 127.0.0.1
echo '  local-zone: "127.in-addr.arpa." nodefault' >> "$H/dns/zone.conf"
h_dns_start
{ cat "$CONF"; printf 'dns:\n  nameservers: [ "%s" ]\n  timeout: 500\n' "$H_DNS"; } > "$H/report.conf"
out=$("$TOP/milter/senderlint-bounces" -c "$H/report.conf" --report gmail "$H/pf/log/maillog")
like "$out" '^Company: Example Ltd$' "--report gmail: the company"
like "$out" '^  example\.com$' "--report gmail: the MAIL FROM domain from qmgr"
like "$out" '^  127\.0\.0\.1  mail\.ex\.example \(forward-confirmed\)$' \
    "--report gmail: the egress IP and its PTR name from the configured nameserver, forward-confirmed"
like "$out" '^  policy: started ' "--report gmail: the timeline"

out=$($SB --apply "$H/pf/log/maillog")
is "$?" 0 "--apply: exit 0"
like "$out" '^suppressed gone@icloud\.com: hard-bounce' "--apply: gone@icloud.com added"
like "$($SS list)" '^gone@icloud\.com	hard-bounce	[0-9TZ:-]+	\*$' "senderlint-suppress list shows gone@icloud.com"
like "$($SS list)" '^missing@hotmail\.com	hard-bounce	' "and missing@hotmail.com"
is "$($SS list | wc -l | tr -d ' ')" 2 "and no one else (this run read the current log only)"

msg
h_send "$H/msg" --to 'gone@icloud.com,ok@example.net'
ok $? "swaks: a new message, one recipient now suppressed"
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 <gone@icloud\.com>: suppressed \(hard-bounce on ' \
    "the loop is closed: senderlint refuses the hard bounce at RCPT through Postfix"
h_senderlint_stop
tap_done
