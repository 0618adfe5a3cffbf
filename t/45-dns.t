#!/bin/sh
# The resolver (dns.c) against real servers on loopback: a fault server
# (t/tools/dnsfault) for what no real server does on demand (timeouts,
# SERVFAIL, REFUSED, truncation), and unbound serving a test zone. Each
# answer must come back with the right tri-state: ok / nodata / nxdomain
# are answers, every failure is tempfail and never one of them. Then the
# same failures through senderlint-check: facts TEMPERROR, verdict
# tempfail with a clear reply, or accept with on_dns_error: accept.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_dnsfault_start
Q=$TOP/t/tools/dnsq

q() {	# q TIMEOUT_MS BUDGET_MS NAME TYPE...: the output lines
	"$Q" "$H_FAULT" "$@"
}

out=$(q 500 5000 split.f.example TXT split.f.example TXT)
like "$out" '^split.f.example TXT status=ok ttl=60 n=1 cached=0 rr="v=spf1 ip4:192.0.2.1 -all"' \
    "a TXT record of three strings comes back joined"
like "$out" 'cached=1 rr="v=spf1 ip4:192.0.2.1 -all"$' \
    "the second lookup is answered from the cache"
like "$(q 500 5000 timeout.f.example TXT)" 'status=tempfail .*why="timeout"' \
    "no answer within the query timeout: tempfail (timeout)"
like "$(q 500 5000 servfail.f.example A)" 'status=tempfail .*why="SERVFAIL"' \
    "SERVFAIL: tempfail"
like "$(q 500 5000 refused.f.example A)" 'status=tempfail' \
    "REFUSED: tempfail"
like "$(q 500 5000 trunc.f.example TXT)" 'status=ok .*rr="v=spf1 -all"' \
    "a truncated UDP answer is retried over TCP and answers"
like "$(q 500 5000 truncfail.f.example TXT)" 'status=tempfail' \
    "a truncated answer that TCP cannot complete: tempfail"
like "$(q 500 5000 nodata.f.example A)" 'status=nodata ttl=60 n=0' \
    "NOERROR without records: nodata, with the SOA's TTL"
like "$(q 500 5000 nx.f.example A)" 'status=nxdomain ttl=60 n=0' \
    "NXDOMAIN: nxdomain"
out=$(q 500 5000 timeout.f.example A timeout.f.example A)
is "$(echo "$out" | grep -c 'cached=0 why="timeout"')" 2 \
    "a failure is not cached: the second lookup asks again"
out=$(q 2000 300 timeout.f.example MX split.f.example TXT)
like "$out" 'timeout.f.example MX status=tempfail .*why="timeout"' \
    "a query stops at the message's budget before its own timeout"
like "$out" 'split.f.example TXT status=tempfail .*why="time budget spent"' \
    "once the budget is spent, no further query is sent"

# A real server: unbound with the test zone.
h_dns_record k.sl.example TXT "v=DKIM1; k=rsa; p=$(perl -e 'print "A" x 700')"
h_dns_record sl.example MX "10 mx.sl.example"
h_dns_record nullmx.sl.example MX "0 ."
h_dns_record mx.sl.example A 192.0.2.25
h_dns_record mx.sl.example AAAA 2001:db8::25
# a lab zone under .test and private reverse zones, which libunbound
# answers NXDOMAIN itself unless told to ask the nameservers (RFC 6761,
# RFC 6303 AS112, RFC 8375)
h_dns_record lab.test MX "10 mx.lab.test"
h_dns_record lab.test TXT "v=spf1 ip4:192.0.2.1 -all"
h_dns_record mx.lab.test A 192.0.2.25
h_dns_record 25.0.0.10.in-addr.arpa PTR mx.lab.test
h_dns_record printer.home.arpa A 192.168.1.9
h_dns_start
out=$("$Q" "$H_DNS" 1000 5000 k.sl.example TXT sl.example MX nullmx.sl.example MX \
    mx.sl.example A mx.sl.example AAAA none.sl.example A mx.sl.example TXT)
like "$out" "k.sl.example TXT status=ok ttl=300 n=1 cached=0 rr=\"v=DKIM1; k=rsa; p=A{700}\"" \
    "unbound: a 723-octet TXT record (three strings) comes back whole"
like "$out" 'sl.example MX status=ok .* rr="mx.sl.example"' "unbound: MX"
like "$out" 'nullmx.sl.example MX status=ok .* n=1 cached=0 rr=""' \
    "unbound: a null MX (RFC 7505) is one record with an empty name"
like "$out" 'mx.sl.example A status=ok .* rr="192.0.2.25"' "unbound: A"
like "$out" 'mx.sl.example AAAA status=ok .* rr="2001:db8::25"' "unbound: AAAA"
like "$out" 'none.sl.example A status=nxdomain' "unbound: NXDOMAIN"
like "$out" 'mx.sl.example TXT status=nodata' "unbound: NODATA"
out=$("$Q" "$H_DNS" 1000 5000 lab.test MX mx.lab.test A 25.0.0.10.in-addr.arpa PTR \
    printer.home.arpa A none.lab.test A)
like "$out" 'lab.test MX status=ok .* rr="mx.lab.test"' \
    "a .test zone is asked of the nameservers, not answered NXDOMAIN by libunbound"
like "$out" 'mx.lab.test A status=ok .* rr="192.0.2.25"' "a .test A record"
like "$out" '25.0.0.10.in-addr.arpa PTR status=ok .* rr="mx.lab.test"' \
    "an RFC 1918 reverse zone (AS112 default) reaches the nameservers"
like "$out" 'printer.home.arpa A status=ok .* rr="192.168.1.9"' "home.arpa reaches the nameservers"
like "$out" 'none.lab.test A status=nxdomain' "and NXDOMAIN under .test is the server's"

# The same faults through the checks: SPF of a MAIL FROM domain whose
# lookups time out is undecided, and so is every fact it feeds.
cat > "$H/auth.yaml" <<'EOF'
version: 1
rules:
  - id: spf-must-pass
    any: [ spf.egress.fail, spf.egress.softfail, spf.egress.none ]
    action: reject
    reply: "550 5.7.26 SPF does not pass: {facts}"
EOF
conf() {	# conf NAMESERVER ON_DNS_ERROR
	cat > "$H/auth.conf" <<EOF
rules: $H/auth.yaml
dns:
  nameservers: [ "$1" ]
  timeout: 300
  budget: 2000
authentication:
  egress_ips: [ 192.0.2.1 ]
  outbound_helo: mta.f.example
on_dns_error: $2
EOF
}
conf "$H_FAULT" tempfail
printf 'From: <a@timeout.f.example>\nTo: <b@example.net>\nDate: Thu, 26 Nov 2026 06:00:00 +0000\nMessage-ID: <1@f.example>\nSubject: x\n\nx\n' > "$H/m.eml"
out=$("$SLC" -c "$H/auth.conf" --now 1795672800 --mail-from a@timeout.f.example "$H/m.eml")
like "$out" 'TRUE +spf.egress.temperror +timeout.f.example temperror for 192.0.2.1' \
    "SPF with timing-out lookups: spf.egress.temperror"
like "$out" 'TEMPERROR +spf.egress.fail' "spf.egress.fail is undecided, not false"
like "$out" 'TEMPERROR +dmarc.alignment.fail' "DMARC alignment is undecided"
like "$out" ': tempfail' "a rule that cannot be decided gives tempfail"
like "$out" 'reply: +451 4.7.1 senderlint rule spf-must-pass could not be decided: a DNS or identity store lookup failed for now' \
    "the reply says the rule could not be decided because of a lookup"
conf "$H_FAULT" accept
out=$("$SLC" -c "$H/auth.conf" --now 1795672800 --mail-from a@timeout.f.example "$H/m.eml")
like "$out" ': accept' "on_dns_error: accept lets an undecided message through"
conf "$H_FAULT" tempfail
out=$("$SLC" -c "$H/auth.conf" --now 1795672800 --mail-from a@split.f.example --egress-ip 192.0.2.9 "$H/m.eml")
like "$out" 'TRUE +spf.egress.fail +split.f.example fail for 192.0.2.9' \
    "--egress-ip overrides the config: the split record fails for another IP"
like "$out" ': reject' "and the decided rule rejects"

# The .test zone through senderlint-check: SPF of a MAIL FROM domain under
# .test passes for the egress IP its record lists.
cat > "$H/lab.conf" <<EOF
rules: $H/auth.yaml
dns:
  nameservers: [ "$H_DNS" ]
authentication:
  egress_ips: [ 192.0.2.1 ]
  outbound_helo: mx.lab.test
EOF
printf 'From: <a@lab.test>\nTo: <b@example.net>\nDate: Thu, 26 Nov 2026 06:00:00 +0000\nMessage-ID: <1@lab.test>\nSubject: x\n\nx\n' > "$H/lab.eml"
out=$("$SLC" -c "$H/lab.conf" --now 1795672800 --mail-from a@lab.test "$H/lab.eml")
like "$out" 'TRUE +spf.egress.pass' "senderlint-check: SPF of a .test domain passes through the configured nameserver"
unlike "$out" 'TRUE +domain.nonexistent' "senderlint-check: the .test domain exists"

# log: { debug: true } logs each query senderlint sends; without it, nothing.
printf 'log: { debug: true }\n' >> "$H/auth.conf"
"$SLC" -c "$H/auth.conf" --now 1795672800 --mail-from a@split.f.example "$H/m.eml" \
    > "$H/debug.out" 2> "$H/debug.err"
like "$(cat "$H/debug.err")" 'debug: dns: query name=split\.f\.example type=TXT status=ok n=1 ms=[0-9]+$' \
    "log: debug: a query and its outcome (name, type, status, ms) are logged"
like "$(cat "$H/debug.err")" 'debug: dns: query name=[^ ]*timeout\.f\.example type=[A-Z]+ status=tempfail n=0 ms=[0-9]+ why="timeout"' \
    "log: debug: a failed query is logged with its reason"
unlike "$(cat "$H/debug.out")" 'debug:' "debug lines go to the log, not to the report"
conf "$H_FAULT" tempfail
"$SLC" -c "$H/auth.conf" --now 1795672800 --mail-from a@split.f.example "$H/m.eml" \
    > "$H/debug.out" 2> "$H/debug.err"
unlike "$(cat "$H/debug.err")" 'debug:' "without log: debug, no debug line"
tap_done
