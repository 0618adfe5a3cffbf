#!/bin/sh
# senderlint-preflight against unbound serving a test zone: a domain that
# gets everything right (exit 0), then one finding at a time as
# receivers would see it (SPF missing, several records, too many terms,
# too many void lookups, an egress IP not authorised; DKIM key missing,
# weak, below 2048 bits, in testing; DMARC missing, invalid, p=none
# without rua; null MX, no MX; PTR missing, not confirmed), each with
# its fact id and a fix, exit 1; DNS that does not answer: TEMPERROR,
# exit 1; --json; the egress IPs and HELO name taken from the config.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
PF=$TOP/milter/senderlint-preflight
K=$H/keys
mkdir -p "$K"

key() {	# BITS SELECTOR DOMAIN [extra tags]: key pair, its record in the zone
	opendkim-genkey -b "$1" -d "$3" -s "$2" -D "$K" 2>/dev/null ||
	    bail "opendkim-genkey -b $1 failed"
	h_dns_record "$2._domainkey.$3" TXT \
	    "$(perl -0ne 'print join("", /"([^"]*)"/g)' "$K/$2.txt" |
	    sed "s/^v=DKIM1; /v=DKIM1; ${4:-}/")"
}

h_dns_record good.example TXT "v=spf1 include:_spf.good.example -all"
h_dns_record _spf.good.example TXT "v=spf1 ip4:192.0.2.25 ip6:2001:db8::25 -all"
h_dns_record good.example MX "10 mx.good.example"
h_dns_record mx.good.example A 192.0.2.25
h_dns_record _dmarc.good.example TXT "v=DMARC1; p=reject; rua=mailto:d@good.example"
h_dns_record 25.2.0.192.in-addr.arpa PTR mx.good.example
key 2048 s1 good.example

h_dns_record bad.example TXT "some other text"
h_dns_record bad.example A 192.0.2.30
key 1024 s1 bad.example "t=y; "
key 512 s2 bad.example

h_dns_record many.example TXT "v=spf1 include:i1.many.example include:i2.many.example include:i3.many.example include:i4.many.example include:i5.many.example include:i6.many.example mx a -all"
for i in 1 2 3 4 5 6; do
	h_dns_record i$i.many.example TXT "v=spf1 a:h$i.many.example -all"
	h_dns_record h$i.many.example A 192.0.2.25
done
h_dns_record many.example MX "10 mx.good.example"
h_dns_record many.example A 192.0.2.25
h_dns_record void.example TXT "v=spf1 a:n1.void.example mx:n2.void.example exists:n3.void.example ip4:192.0.2.25 -all"
h_dns_record void.example MX "10 mx.good.example"
h_dns_record two.example TXT "v=spf1 ip4:192.0.2.25 -all"
h_dns_record two.example TXT "v=spf1 -all"
h_dns_record other.example TXT "v=spf1 ip4:192.0.2.99 -all"
h_dns_record other.example MX "0 ."
h_dns_record _dmarc.other.example TXT "v=DMARC1; p=bogus"
h_dns_record none.example TXT "v=spf1 ip4:192.0.2.25 -all"
h_dns_record none.example MX "10 mx.good.example"
h_dns_record _dmarc.none.example TXT "v=DMARC1; p=none"
h_dns_record 27.2.0.192.in-addr.arpa PTR mail.none.example
h_dns_record mail.none.example A 192.0.2.99
h_dns_start

pf() {	# senderlint-preflight against the zone; $rc its exit status
	out=$("$PF" --dns "$H_DNS" "$@" 2>&1)
	rc=$?
}

pf -i 192.0.2.25 -s s1 --helo mx.good.example good.example
is "$rc" 0 "a domain that gets everything right: exit 0"
like "$out" '^ok +spf\.egress\.pass +SPF record of good\.example: 1 DNS-querying terms' \
    "SPF found, terms counted (the include; its record costs none)"
like "$out" '^ok +spf\.egress\.pass +SPF of good\.example: pass for 192\.0\.2\.25' \
    "SPF authorises the egress IP"
like "$out" '^ok +dkim\.key +s1\._domainkey\.good\.example: rsa key of 2048 bits' \
    "the DKIM key: RSA, 2048 bits"
like "$out" '^ok +dmarc\.record +_dmarc\.good\.example: p=reject, 1 aggregate report address$' \
    "DMARC: policy and rua"
like "$out" '^ok +mx +good\.example has 1 MX record' "MX present"
like "$out" '^ok +egress\.ptr +192\.0\.2\.25: PTR mx\.good\.example, forward-confirmed' \
    "PTR present and forward-confirmed"
unlike "$out" '^(FAIL|TEMPERROR|advice)' "no finding fails or advises"
like "$out" '^result: ok$' "result: ok"

pf -i 192.0.2.30 -s s1 -s s2 -s s3 bad.example
is "$rc" 1 "a domain with problems: exit 1"
like "$out" '^FAIL +spf\.egress\.none +bad\.example publishes no SPF record' "no SPF record: spf.egress.none"
like "$out" 'fix: publish a TXT record at bad\.example: "v=spf1 ip4:192\.0\.2\.30 -all"' \
    "with the record to publish"
like "$out" '^advice +dkim\.key-below-2048 +s1\._domainkey\.bad\.example: RSA key of 1024 bits' \
    "a 1024-bit key: advice to use 2048"
like "$out" '^advice +dkim\.key\.testing +s1\._domainkey\.bad\.example: t=y' "t=y: testing mode"
like "$out" '^FAIL +dkim\.weak-key +s2\._domainkey\.bad\.example: RSA key of 512 bits' \
    "a 512-bit key: dkim.weak-key"
like "$out" '^FAIL +dkim\.key\.missing +s3\._domainkey\.bad\.example: no key record' \
    "a selector without a key: dkim.key.missing"
like "$out" '^FAIL +dmarc\.record\.missing +no DMARC record at _dmarc\.bad\.example' \
    "no DMARC record: dmarc.record.missing"
like "$out" 'fix: publish a TXT record at _dmarc\.bad\.example: "v=DMARC1; p=none' \
    "with the record to publish"
like "$out" '^advice +mx\.missing +bad\.example has no MX record' "no MX: advice"
like "$out" '^FAIL +egress\.ptr\.missing +192\.0\.2\.30 has no PTR record' "no PTR: egress.ptr.missing"
like "$out" 'fix: ask the owner of 192\.0\.2\.30' "with who can fix it"
like "$out" '^result: FAIL$' "result: FAIL"

pf many.example
is "$rc" 1 "too many DNS-querying terms: exit 1"
like "$out" '^FAIL +spf\.egress\.permerror +SPF of many\.example: more than 10 DNS-querying terms' \
    "6 includes, each with an a:, plus mx and a: 14 terms, permerror"
like "$out" 'fix: receivers answer permerror: flatten includes' "with the fix"

pf void.example
like "$out" '^FAIL +spf\.egress\.permerror +SPF of void\.example: more than 2 void lookups \(the last: n3\.void\.example\)' \
    "three targets that do not exist: more than 2 void lookups"

pf -i 192.0.2.25 two.example
like "$out" '^FAIL +spf\.egress\.permerror +SPF of two\.example: two\.example has several SPF records' \
    "two SPF records at one name: permerror"

pf -i 192.0.2.25 -i 192.0.2.27 none.example
like "$out" '^advice +dmarc\.policy\.none +_dmarc\.none\.example: p=none' "p=none: advice"
like "$out" '^advice +dmarc\.rua\.missing' "no rua=: advice"
like "$out" '^FAIL +spf\.egress\.fail +SPF of none\.example: fail for 192\.0\.2\.27' \
    "the second egress IP is not in the record: spf.egress.fail"
like "$out" 'fix: authorise 192\.0\.2\.27 in the SPF record of none\.example: add ip4:192\.0\.2\.27' \
    "with the mechanism to add"
like "$out" '^FAIL +egress\.ptr\.mismatch +192\.0\.2\.27: PTR name mail\.none\.example does not resolve back to it' \
    "a PTR name that resolves elsewhere: egress.ptr.mismatch"

pf -i 192.0.2.25 other.example
like "$out" '^FAIL +domain\.nonexistent +other\.example publishes a null MX' "null MX: domain.nonexistent"
like "$out" '^FAIL +dmarc\.record\.invalid +_dmarc\.other\.example: ' "p=bogus: dmarc.record.invalid"

pf --json -i 192.0.2.25 -s s1 good.example
is "$rc" 0 "--json: exit 0 as well"
is "$(printf '%s' "$out" | perl -MJSON::PP -e '
	my $j = decode_json(join("", <STDIN>));
	print $j->{failed} ? "failed" : "passed", " ", scalar(@{$j->{findings}}), " ",
	    (grep { $_->{id} eq "egress.ptr" && $_->{level} eq "ok" } @{$j->{findings}}) ? "ptr" : "-"' 2>&1)" \
    "passed 6 ptr" "--json: valid JSON, failed false, every finding with its id and level"

cat > "$H/c.conf" <<CONF
rules: $TOP/rules/default.yaml
dns:
  nameservers: [ "$H_DNS" ]
  timeout: 1000
authentication:
  egress_ips: [ 192.0.2.26 ]
  outbound_helo: mx.good.example
CONF
out=$("$PF" -c "$H/c.conf" good.example 2>&1)
rc=$?
is "$rc" 1 "-c: egress IPs and nameservers from the config"
like "$out" '^FAIL +egress\.ptr\.missing +192\.0\.2\.26 has no PTR record' "the config's egress IP is checked"
like "$out" '^FAIL +spf\.egress\.fail +SPF of good\.example: fail for 192\.0\.2\.26' "and its SPF"
like "$out" '^advice +egress\.helo\.mismatch +HELO name mx\.good\.example does not resolve to 192\.0\.2\.26' \
    "the config's outbound HELO name is checked"

DEAD=$(h_free_port)
out=$("$PF" --dns "127.0.0.1@$DEAD" -i 192.0.2.25 -s s1 good.example 2>&1)
rc=$?
is "$rc" 1 "DNS that does not answer: exit 1"
like "$out" '^TEMPERROR +spf\.egress\.temperror' "SPF: TEMPERROR"
like "$out" '^TEMPERROR +egress\.ptr\.missing +192\.0\.2\.25: PTR lookup failed' "PTR: TEMPERROR"
unlike "$out" '^FAIL' "nothing is called a failure that was not decided"

"$PF" >/dev/null 2>&1
is "$?" 2 "no domain: usage, exit 2"
like "$("$PF" --help)" 'usage: senderlint-preflight' "--help prints the usage"
for opt in json c dns i s helo; do
	like "$(sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$TOP/man/senderlint-preflight.8")" \
	    "^\.Op Fl -?$opt( |\$)" "senderlint-preflight(8) SYNOPSIS has $opt"
	like "$("$PF" --help)" "\[-?-$opt[] ]" "and so has the usage"
done
make -s install DESTDIR="$H/root" PREFIX=/usr >"$H/install.log" 2>&1
test -x "$H/root/usr/sbin/senderlint-preflight" &&
    test -s "$H/root/usr/share/man/man8/senderlint-preflight.8"
ok $? "make install puts senderlint-preflight in sbin and its man page in man8"

tap_done
