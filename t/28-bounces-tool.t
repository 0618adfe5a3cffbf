#!/bin/sh
# senderlint-bounces on committed logs (t/data/bounces): the summary per
# provider and class, the suppression verdicts (hard bounces; soft bounces
# repeated over suppression.soft_bounce_days; policy never; a later
# delivery cancels), a dry run that changes nothing, --apply into the
# list senderlint-suppress reads (idempotent, existing entries kept),
# --json, --report (the egress IPs' reverse DNS through the configured
# nameservers: unbound serving the test zone, a closed port, none), rotated
# .gz files and stdin, and bad input: garbage
# lines counted with the first line number, a truncated log, an
# over-long line, binary junk, and 300,000 lines streamed.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_dns_record 25.2.0.192.in-addr.arpa PTR mx.ex.example
h_dns_record mx.ex.example A 192.0.2.25
h_dns_record 27.2.0.192.in-addr.arpa PTR mail.ex.example
h_dns_record mail.ex.example A 192.0.2.99
# no built-in localhost PTR: 127.0.0.1 has none in this zone, whatever
# /etc/hosts says
echo '  local-zone: "127.in-addr.arpa." nodefault' >> "$H/dns/zone.conf"
h_dns_start
TZ=UTC	# the sample logs' syslog times are local time
export TZ
D=$TOP/t/data/bounces
SB=$TOP/milter/senderlint-bounces
SS=$TOP/milter/senderlint-suppress
cd "$H"
echo 'rules: []' > rules.yaml
printf 'version: 1\nrules: []\n' > rules.yaml
cat > c.conf <<'EOF2'
rules: rules.yaml
suppression:
  path: store
  soft_bounce_days: 3
report:
  company: Example Ltd
  contact: Jane Doe <postmaster@example.com>
authentication:
  egress_ips: [ 127.0.0.1, 192.0.2.25, 192.0.2.27 ]
EOF2
printf 'dns:\n  nameservers: [ "%s" ]\n  timeout: 500\n' "$H_DNS" >> c.conf
B="$SB -c c.conf --year 2026"

# usage and the man page agree
out=$("$SB" --bogus 2>&1)
is "$?" 2 "an unknown option: usage, exit 2"
syn=$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$TOP/man/senderlint-bounces.8")
for o in apply json report year; do
	like "$out" "--$o" "usage has --$o"
	like "$syn" "Fl -$o" "senderlint-bounces(8) SYNOPSIS has --$o"
done

# the summary
out=$($B "$D/maillog")
is "$?" 0 "the sample log: exit 0"
like "$out" "^read 18 lines from 1 file: 13 deliveries, 1 garbage line skipped \(first at $D/maillog:12\)$" \
    "garbage lines counted, the first one named by file:line"
like "$out" '^provider icloud: 1 delivered, 2 failed$' "icloud: me.com and icloud.com recipients, one delivery"
like "$out" '^  recipient: 1 \(5\.1\.1 x1\), first 2026-11-02T10:00:01Z, last 2026-11-02T10:00:01Z$' \
    "a class with its code, first and last seen"
like "$out" '^    \(x1\) host mx02\.mail\.icloud\.com\[17\.57\.154\.7\] said: 554 5\.7\.1 \[CS01\] Message rejected' \
    "the reply verbatim"
like "$out" '^  policy: 2 \(4\.7\.28 x1, 5\.7\.26 x1\)' "gmail 4.7.28 and 5.7.26 are policy"
like "$out" '^  mailbox-full: 1 \(4\.2\.2 x1\)' "gmail 4.2.2 is mailbox-full"
like "$out" '^provider microsoft: 0 delivered, 3 failed$' "outlook, hotmail and a tenant on protection.outlook.com are microsoft"
like "$out" '^  recipient: 2 \(5\.1\.10 x1, 5\.5\.0 x1\)' "microsoft 5.1.10 and 5.5.0 mailbox unavailable are recipient problems"
like "$out" '^  policy: 1 \(5\.7\.515 x1\)' "microsoft 5.7.515 is policy"
like "$out" '^provider yahoo: 0 delivered, 2 failed$' "yahoo and aol are yahoo"
like "$out" '^  recipient: 1 \(554 x1\)' "yahoo's dd ... doesn't have an account (no enhanced code) is a recipient problem, code 554"
like "$out" '^  policy: 1 \(4\.7\.0 x1\)' "yahoo TSS04 is policy"
like "$out" '^provider example\.net: 0 delivered, 1 failed$' "another provider is named by the answering host"
like "$out" '^  transient: 1 \(4\.4\.1 x1\)' "a connection timeout is transient"
verdicts='would suppress gone@icloud.com: hard-bounce (5.1.1 on 2026-11-02T10:00:01Z)
would suppress missing@hotmail.com: hard-bounce (5.5.0 on 2026-11-02T11:10:01Z)
would suppress nobody@gmail.com: hard-bounce (5.1.1 on 2026-11-02T10:05:01Z)
would suppress nouser@aol.com: hard-bounce (554 on 2026-11-02T11:00:01Z)
would suppress x@contoso.example: hard-bounce (5.1.10 on 2026-11-02T11:10:02Z)
dry run: nothing changed (--apply adds them)'
is "$(printf '%s\n' "$out" | grep -E '^(would|dry)')" "$verdicts" \
    "the dry run lists the hard bounces only: policy, full and transient failures suppress no one"
test -e store
is "$?" 1 "the dry run did not create the list"

# soft bounces over days, and a delivery after a bounce
out=$($B "$D/maillog-iso")
is "$(printf '%s\n' "$out" | grep -E '^would')" \
    "would suppress full@icloud.com: repeated-soft-bounce (5.2.2, 2 soft bounces from 2026-11-01T08:00:01Z to 2026-11-05T08:00:01Z)" \
    "soft bounces 4 days apart (3 configured) suppress; 1 day apart do not; a hard bounce followed by a delivery does not"
sed 's/soft_bounce_days: 3/soft_bounce_days: 5/' c.conf > c5.conf
out=$("$SB" -c c5.conf "$D/maillog-iso")
like "$out" '^nothing to suppress$' "with soft_bounce_days 5 the same log suppresses no one"

# rotated files and stdin
cp "$D/maillog" maillog.1
gzip -9 maillog.1
out=$($B "$D/maillog" maillog.1.gz)
like "$out" '^read 36 lines from 2 files: 26 deliveries, 2 garbage lines skipped' "a rotated .gz file is read too"
like "$out" '^provider icloud: 2 delivered, 4 failed$' "and counted"
out=$($B < "$D/maillog")
like "$out" '^read 18 lines from 1 file: 13 deliveries, 1 garbage line skipped \(first at \(stdin\):12\)$' \
    "standard input without a file argument"
out=$($B - < "$D/maillog-iso")
like "$out" '^read 8 lines from 1 file' "standard input as -"
out=$($B nonexistent 2>&1)
is "$?" 1 "a missing file: exit 1"
like "$out" '^senderlint-bounces: nonexistent: No such file or directory$' "and says why"

# one reply to many recipients is one sample, kept verbatim
for u in ann bob cy; do
	echo "2026-11-03T09:00:00Z m postfix/smtp[1]: AB$u: to=<$u@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1, dsn=5.1.1, status=bounced (host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <$u@ICLOUD.com>: user does not exist (in reply to RCPT TO command))"
done > same.log
out=$($B same.log)
like "$out" '^    \(x3\) host mx01\.mail\.icloud\.com\[17\.57\.154\.6\] said: 550 5\.1\.1 <ann@ICLOUD\.com>: user does not exist \(in reply to RCPT TO command\)$' \
    "a reply naming each recipient counts as one sample (x3), the first kept verbatim"

# --json
$B --json "$D/maillog" > j.json
is "$?" 0 "--json: exit 0"
is "$(jq -r '[.input.lines, .input.garbage, .input.first_garbage] | @tsv' j.json)" \
    "$(printf '18\t1\t%s' "$D/maillog:12")" "--json: the input counts"
is "$(jq -r '.providers[] | select(.name=="gmail") | .classes[] | "\(.class) \(.count) \(.codes[0].text)"' j.json)" \
    "recipient 1 5.1.1
policy 2 4.7.28
mailbox-full 1 4.2.2" "--json: classes and codes per provider"
is "$(jq -r '.providers[] | select(.name=="icloud") | .domains | map(.text) | join(" ")' j.json)" \
    "example.com news.example.com" "--json: the MAIL FROM domain (qmgr) and the From domain (senderlint's log line)"
is "$(jq -r '.applied, (.suppress | length), .suppress[0].address, .suppress[0].reason' j.json)" \
    "false
5
gone@icloud.com
hard-bounce" "--json: the verdicts, not applied"

# --apply
$SS -c c.conf add -r unsubscribed -d 2026-10-01 nobody@gmail.com > /dev/null
out=$($B --apply "$D/maillog" "$D/maillog-iso")
is "$?" 0 "--apply: exit 0"
like "$out" '^suppressed gone@icloud\.com: hard-bounce \(5\.1\.1 on 2026-11-02T10:00:01Z\)$' "--apply says what it added"
like "$out" '^already suppressed nobody@gmail\.com: hard-bounce' "--apply leaves an entry already there"
is "$($SS -c c.conf list)" "full@icloud.com	repeated-soft-bounce	2026-11-05T08:00:01Z	*
gone@icloud.com	hard-bounce	2026-11-02T10:00:01Z	*
missing@hotmail.com	hard-bounce	2026-11-02T11:10:01Z	*
nobody@gmail.com	unsubscribed	2026-10-01T00:00:00Z	*
nouser@aol.com	hard-bounce	2026-11-02T11:00:01Z	*
x@contoso.example	hard-bounce	2026-11-02T11:10:02Z	*" \
    "senderlint-suppress list: the bounces with the date of the bounce; the unsubscribe kept"
out=$($B --apply "$D/maillog")
is "$(printf '%s\n' "$out" | grep -c '^already suppressed')" 5 "a second run adds nothing"
printf 'rules: rules.yaml\n' > nosupp.conf
out=$("$SB" -c nosupp.conf --apply "$D/maillog" 2>&1)
is "$?:$out" "2:senderlint-bounces: nosupp.conf has no suppression section: --apply has nowhere to write" \
    "--apply without a suppression section: exit 2"
out=$("$SB" -c nosupp.conf --year 2026 "$D/maillog" 2>&1)
is "$?" 0 "a dry run needs no suppression section"

# --report
out=$($B --report gmail "$D/maillog")
is "$?" 0 "--report gmail: exit 0"
like "$out" '^To the gmail postmaster team,$' "the report: addressed"
like "$out" '^Company: Example Ltd$' "the company from report.company"
like "$out" '^Contact: Jane Doe <postmaster@example\.com>$' "the contact from report.contact"
like "$out" '^  news\.example\.com$' "the MAIL FROM domain"
like "$out" '^  127\.0\.0\.1  no PTR record$' \
    "127.0.0.1 has no PTR in the configured nameserver's zone: no PTR record (not /etc/hosts' name for it)"
like "$out" '^  192\.0\.2\.25  mx\.ex\.example \(forward-confirmed\)$' \
    "a PTR name that resolves back to the IP: forward-confirmed"
like "$out" '^  192\.0\.2\.27  mail\.ex\.example \(not forward-confirmed: no A record of the name is 192\.0\.2\.27\)$' \
    "a PTR name that resolves elsewhere: not forward-confirmed"
like "$out" '^SMTP errors received from gmail \(4 of 4 delivery attempts failed\):$' "the error count"
like "$out" '^    \(x1\) host gmail-smtp-in\.l\.google\.com\[142\.250\.102\.27\] said: 550-5\.7\.26 This mail has been blocked' \
    "the errors verbatim"
like "$out" '^  policy: started 2026-11-02T10:05:02Z, peaked in the hour from 2026-11-02T10:00:00Z \(2\), last seen 2026-11-02T10:05:04Z$' \
    "the timeline: started, peaked, last seen"
port=$(h_free_port)
sed "s/$H_DNS/127.0.0.1@$port/" c.conf > closed.conf
out=$("$SB" -c closed.conf --year 2026 --report gmail "$D/maillog")
is "$?" 0 "--report with a nameserver that does not answer: exit 0"
like "$out" '^  192\.0\.2\.25  lookup failed: [a-z]' "and each egress IP's lookup failed, with why"
grep -v '^dns:\|^  nameservers:\|^  timeout:' c.conf > nodns.conf
out=$("$SB" -c nodns.conf --year 2026 --report gmail "$D/maillog")
is "$?" 0 "--report without a dns section (the nameservers of /etc/resolv.conf): exit 0"
like "$out" '^  192\.0\.2\.25  ([a-z0-9.-]+ \((not )?forward-confirmed|no PTR record$|lookup failed: )' \
    "and the egress IP with what that resolver says"
out=$($B --report nosuch "$D/maillog" 2>&1)
is "$?:$out" "1:senderlint-bounces: no delivery to nosuch in the log" "--report for a provider not in the log: exit 1"
out=$("$SB" -c c.conf --report gmail --apply "$D/maillog" 2>&1)
is "$?" 2 "--report with --apply: usage"

# config
printf 'rules: rules.yaml\nsuppression:\n  path: s\n  soft_bounce_days: 0\nreport:\n  company: X\n  phone: 1\n' > bad.conf
out=$("$SB" -c bad.conf "$D/maillog" 2>&1)
is "$?:$out" '2:bad.conf:4:21: suppression soft_bounce_days must be between 1 and 366, not 0
bad.conf:7:3: unknown key "phone"' "config: soft_bounce_days range, report keys"

# bad input: truncated, long lines, junk, big
head -c 1500 "$D/maillog" > trunc
out=$($B trunc 2>&1)
is "$?" 0 "a log cut in the middle of a line: exit 0"
like "$out" '^read 8 lines from 1 file: 3 deliveries, 0 garbage' "the lines before the cut count, the cut one too (a qmgr line)"
{ perl -e 'print "x" x 100000, "\n"'; printf '\001\377\376\000junk\n'; cat "$D/maillog-iso"; } > junk
out=$($B junk 2>&1)
is "$?" 0 "an over-long line and binary junk: exit 0"
like "$out" '^read 10 lines from 1 file: 6 deliveries, 2 garbage lines skipped \(first at junk:1\)$' \
    "both counted as garbage, the rest read"
head -c 300 maillog.1.gz > cut.gz
out=$($B cut.gz 2>&1)
is "$?" 1 "a truncated .gz: exit 1"
like "$out" '^senderlint-bounces: cut\.gz: read error after line' "and says so"
perl -e 'for my $i (1..100000) { my $q = sprintf("Q%09d", $i);
    print "2026-11-01T00:00:00Z m postfix/qmgr[1]: $q: from=<b\@x.example>, size=1, nrcpt=1 (queue active)\n";
    print "2026-11-01T00:00:01Z m postfix/smtp[2]: $q: to=<u$i\@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=1, dsn=", ($i % 10 ? "2.0.0, status=sent (250 ok)" : "5.1.1, status=bounced (host mx.example.net[192.0.2.1] said: 550 5.1.1 unknown)"), "\n";
    print "2026-11-01T00:00:02Z m postfix/qmgr[1]: $q: removed\n" }' |
    $B --json > big.json
is "$?" 0 "300,000 lines on stdin: exit 0"
is "$(jq -r '"\(.input.lines) \(.input.deliveries) \(.suppress | length)"' big.json)" "300000 100000 10000" \
    "all read: 100,000 deliveries, 10,000 hard bounces"
# streaming: 1,200,000 lines (about 130 MB) in bounded memory
if [ -x /usr/bin/time ]; then
	perl -e 'for my $i (1..400000) { my $q = sprintf("R%09d", $i); my $u = $i % 1000;
	    print "2026-11-01T00:00:00Z m postfix/qmgr[1]: $q: from=<b\@x.example>, size=1, nrcpt=1 (queue active)\n";
	    print "2026-11-01T00:00:01Z m postfix/smtp[2]: $q: to=<u$u\@example.net>, relay=mx.example.net[192.0.2.1]:25, delay=1, dsn=4.2.2, status=deferred (host mx.example.net[192.0.2.1] said: 452 4.2.2 <u$u\@example.net> mailbox full $i)\n";
	    print "2026-11-01T00:00:02Z m postfix/qmgr[1]: $q: removed\n" }' |
	    /usr/bin/time -f '%M' -o rss $B > /dev/null
	ok $? "1,200,000 lines on stdin: exit 0"
	rss=$(tail -1 rss)
	if grep -q fsanitize "$TOP/milter/.flags" 2>/dev/null; then
		ok 0 "and at most 32 MB resident # SKIP ASan's shadow memory and quarantine (got $rss KB)"
	else
		ok $((rss >= 32768)) "and at most 32 MB resident (got $rss KB)"
	fi
else
	for n in 1 2; do echo "ok $((TAP_N = TAP_N + 1)) # skip no /usr/bin/time"; done
fi

# make install: the tool, its page, the bounce-loop unit and timer
cd "$TOP"
make -s install DESTDIR="$H/root" PREFIX=/usr SYSCONFDIR=/etc/senderlint >"$H/install.log" 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr"
cd "$H"
test -x root/usr/sbin/senderlint-bounces
ok $? "installed usr/sbin/senderlint-bounces"
test -s root/usr/share/man/man8/senderlint-bounces.8
ok $? "installed usr/share/man/man8/senderlint-bounces.8"
unit=root/lib/systemd/system/senderlint-bounces.service
is "$(sed -n 's/^ExecStart=//p' "$unit")" \
    "/bin/sh -c 'exec /usr/sbin/senderlint-bounces -c /etc/senderlint/senderlint.conf --apply /var/log/mail.log*'" \
    "the installed service runs the installed tool with the installed config"
like "$(cat root/lib/systemd/system/senderlint-bounces.timer)" '^OnCalendar=' "the timer is installed"
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir u
	sed "s|/usr/sbin/|$H/root/usr/sbin/|" "$unit" > u/senderlint-bounces.service
	cp root/lib/systemd/system/senderlint-bounces.timer u/
	out=$(cd u && systemd-analyze verify --man=no senderlint-bounces.timer senderlint-bounces.service 2>&1)
	is "$?:$out" "0:" "systemd-analyze verify accepts the service and the timer"
else
	echo "ok $((TAP_N = TAP_N + 1)) # skip no systemd-analyze here"
fi
tap_done
