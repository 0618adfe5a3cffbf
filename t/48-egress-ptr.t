#!/bin/sh
# Reverse DNS of the egress IPs, as facts every message is judged by:
# PTR present and forward-confirmed, missing, not resolving back,
# generic, and the outbound HELO name, against unbound serving the test
# zone; then failing DNS (the fault server, a nameserver that never
# answers): TEMPERROR, never true or false. Through senderlint-check
# with the shipped rules/default.yaml: bulk mail without confirmed
# reverse DNS is rejected with 550 5.7.25, generic names and HELO
# mismatches are monitored. Last, the result is cached: two messages,
# one PTR question to the server.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_dnsfault_start

h_dns_record 25.2.0.192.in-addr.arpa PTR mx.ex.example
h_dns_record mx.ex.example A 192.0.2.25
h_dns_record mx.ex.example AAAA 2001:db8::25
h_dns_record 5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa PTR mx.ex.example
h_dns_record 27.2.0.192.in-addr.arpa PTR mail.ex.example
h_dns_record mail.ex.example A 192.0.2.99
h_dns_record 28.2.0.192.in-addr.arpa PTR 28-2-0-192.cust.isp.example
h_dns_record 28-2-0-192.cust.isp.example A 192.0.2.28
h_dns_record 29.2.0.192.in-addr.arpa PTR out.other.example
h_dns_record out.other.example A 192.0.2.29
h_dns_record helo29.ex.example A 192.0.2.29
h_dns_record ex.example TXT "v=spf1 ip4:192.0.2.0/24 -all"
h_dns_record ex.example MX "10 mx.ex.example"
# log every question, to count them
echo '  log-queries: yes' >> "$H/dns/zone.conf"
h_dns_start

# The shipped streams and egress rules alone, so that their verdict and
# reply are not hidden by the other rules' findings on this message.
perl -ne 'print if /^version:/ .. /^rules:/;
    $on = 1 if /^  - id: bulk-reverse-dns/; $on = 0 if /^  - id: (?!bulk-reverse-dns|egress-naming)/;
    print if $on' "$TOP/rules/default.yaml" > "$H/egress.yaml"
grep -q 'id: egress-naming' "$H/egress.yaml" || bail "no egress rules in rules/default.yaml"

conf() {	# NAMESERVER HELO IP...: $H/c.conf (RULES: the rules file)
	ns=$1 helo=$2
	shift 2
	{
		printf 'rules: %s\ndns:\n  nameservers: [ "%s" ]\n  timeout: 500\n  budget: 4000\n' \
		    "${RULES:-$H/egress.yaml}" "$ns"
		printf 'authentication:\n  egress_ips: [ %s ]\n' "$(echo "$@" | sed 's/ /, /g')"
		[ "$helo" = - ] || printf '  outbound_helo: %s\n' "$helo"
	} > "$H/c.conf"
}

printf 'From: News <news@ex.example>\r\nTo: customer@example.net\r\nSubject: Weekly digest\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\nMessage-ID: <w1@ex.example>\r\n\r\nThis week.\r\n' > "$H/m.eml"

check() {	# [options]: senderlint-check -v output for the message
	"$SLC" -c "$H/c.conf" --now 1795672800 -v --mail-from bounce@ex.example "$@" "$H/m.eml" 2>&1
}

conf "$H_DNS" mx.ex.example 192.0.2.25
out=$(check)
like "$out" 'false +egress\.ptr\.missing +192\.0\.2\.25: mx\.ex\.example' \
    "PTR present: egress.ptr.missing false, the detail names the PTR name"
like "$out" 'false +egress\.ptr\.mismatch +192\.0\.2\.25: PTR name mx\.ex\.example resolves back' \
    "the PTR name resolves back (FCrDNS): egress.ptr.mismatch false"
like "$out" 'false +egress\.ptr\.generic' "mx.ex.example is not generic"
like "$out" 'false +egress\.helo\.mismatch +192\.0\.2\.25: HELO name matches' \
    "HELO mx.ex.example resolves to the IP, same organizational domain: egress.helo.mismatch false"
unlike "$(check --stream bulk)" 'bulk-reverse-dns|egress-naming' \
    "bulk mail from a confirmed, named IP: no egress rule matches"

conf "$H_DNS" mx.ex.example 2001:db8::25
out=$(check)
like "$out" 'false +egress\.ptr\.mismatch +2001:db8::25: PTR name mx\.ex\.example resolves back' \
    "IPv6: the ip6.arpa PTR and the AAAA record confirm each other"

RULES=$TOP/rules/default.yaml conf "$H_DNS" mx.ex.example 192.0.2.26
like "$(check --stream bulk)" 'rules: .*bulk-reverse-dns' \
    "with the whole rules/default.yaml: bulk-reverse-dns matches"
conf "$H_DNS" mx.ex.example 192.0.2.26
out=$(check --stream bulk)
like "$out" 'TRUE +egress\.ptr\.missing +192\.0\.2\.26 has no PTR record' \
    "no PTR: egress.ptr.missing"
like "$out" 'false +egress\.ptr\.mismatch' "and no mismatch reported on top of it"
like "$out" 'TRUE +egress\.helo\.mismatch +HELO name mx\.ex\.example does not resolve to 192\.0\.2\.26' \
    "HELO name with another address: egress.helo.mismatch"
like "$out" 'reply: +550 5\.7\.25 bulk mail needs reverse DNS for every egress IP' \
    "bulk mail: rejected 550 5.7.25 with what to fix"
like "$out" 'egress-naming' "the HELO mismatch is monitored (egress-naming)"
out=$(check --stream transactional)
unlike "$out" 'reply: +550 5\.7\.25' "transactional mail is not rejected for it"

conf "$H_DNS" mail.ex.example 192.0.2.27
out=$(check --stream bulk)
like "$out" 'false +egress\.ptr\.missing' "PTR present"
like "$out" 'TRUE +egress\.ptr\.mismatch +192\.0\.2\.27: PTR name mail\.ex\.example does not resolve back to it' \
    "the PTR name resolves elsewhere: egress.ptr.mismatch"
like "$out" 'reply: +550 5\.7\.25 ' "bulk mail: rejected 550 5.7.25"

conf "$H_DNS" - 192.0.2.28
out=$(check --stream bulk)
like "$out" 'TRUE +egress\.ptr\.generic +192\.0\.2\.28: PTR name 28-2-0-192\.cust\.isp\.example looks generic: the address.s octets reversed' \
    "a PTR name with the IP's octets: egress.ptr.generic"
like "$out" 'false +egress\.ptr\.mismatch' "it is forward-confirmed"
unlike "$out" 'egress\.helo\.mismatch' "no outbound_helo configured: no HELO fact"
unlike "$out" 'reply: +550 5\.7\.25' "generic only: not rejected"
like "$out" 'egress-naming' "but monitored (egress-naming)"

conf "$H_DNS" helo29.ex.example 192.0.2.29
like "$(check)" 'TRUE +egress\.helo\.mismatch +HELO name helo29\.ex\.example \(ex\.example\) and PTR name out\.other\.example \(other\.example\) differ' \
    "HELO and PTR names in different organizational domains: egress.helo.mismatch"

conf "$H_DNS" mx.ex.example 192.0.2.25 192.0.2.26
like "$(check)" 'TRUE +egress\.ptr\.missing +192\.0\.2\.26 has no PTR record' \
    "two egress IPs, one without PTR: the fact is true and names that IP"

# failures: SERVFAIL for the HELO name, no answer at all for the PTR
conf "$H_FAULT" servfail.f.example 192.0.2.25
out=$(check --stream bulk)
like "$out" 'TEMPERROR +egress\.helo\.mismatch +HELO name servfail\.f\.example could not be resolved to 192\.0\.2\.25 \(SERVFAIL\)' \
    "HELO lookup SERVFAIL: egress.helo.mismatch TEMPERROR"
DEAD=$(h_free_port)
conf "127.0.0.1@$DEAD" mx.ex.example 192.0.2.25
out=$(check --stream bulk)
like "$out" 'TEMPERROR +egress\.ptr\.missing +192\.0\.2\.25: PTR lookup failed' \
    "no nameserver answers: egress.ptr.missing TEMPERROR"
like "$out" 'TEMPERROR +egress\.ptr\.mismatch' "egress.ptr.mismatch TEMPERROR"
unlike "$out" 'TRUE +egress\.' "no egress fact is guessed true"
like "$out" 'm\.eml: tempfail' "bulk mail: tempfail (on_dns_error), never reject or accept"
like "$out" 'undecided: +bulk-reverse-dns' "bulk-reverse-dns is undecided"
RULES=$TOP/rules/default.yaml conf "127.0.0.1@$DEAD" mx.ex.example 192.0.2.25
like "$(check --stream bulk)" 'undecided: .*bulk-reverse-dns' \
    "with the whole rules/default.yaml, bulk-reverse-dns is undecided too"

# cached: two messages in one run, one PTR question
cp "$H/m.eml" "$H/dir1.eml"
mkdir -p "$H/two"
cp "$H/m.eml" "$H/two/1.eml"
sed 's/w1@/w2@/' "$H/m.eml" > "$H/two/2.eml"
conf "$H_DNS" mx.ex.example 192.0.2.28
before=$(grep -c '28.2.0.192.in-addr.arpa. PTR' "$H/dns/unbound.log")
out=$("$SLC" -c "$H/c.conf" --now 1795672800 -v --mail-from bounce@ex.example "$H/two" 2>&1)
is "$(printf '%s\n' "$out" | grep -Ec 'TRUE +egress\.ptr\.generic')" 2 \
    "both messages get the egress facts"
after=$(grep -c '28.2.0.192.in-addr.arpa. PTR' "$H/dns/unbound.log")
is "$((after - before))" 1 "the PTR was asked once for two messages (cached by TTL)"

# The daemon: the same facts on the message path, in the log line, and
# the PTR asked once for two messages.
h_config "$H/egress.yaml" "$(h_auth_yaml 192.0.2.26 mx.ex.example)"
h_senderlint_start
before=$(grep -c '26.2.0.192.in-addr.arpa. PTR' "$H/dns/unbound.log")
out=$(miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
    -s "$TOP/t/milter/egress.lua" 2>&1)
printf '%s\n' "$out" | grep -E '^(not )?ok - ' | while IFS= read -r line; do
	echo "$line"
done > "$H/tap.egress"
is "$(grep -c '^ok - ' "$H/tap.egress")" 2 "miltertest: both messages refused with a reply"
[ "$(grep -c '^ok - ' "$H/tap.egress")" = 2 ] || diag "$out"
h_wait_for 10 sh -c "grep -q 'EGRESS2' '$H/sl/senderlint.log'"
like "$(grep EGRESS1 "$H/sl/senderlint.log")" 'rules=[^ ]*bulk-reverse-dns' \
    "the log line names the rule"
like "$(grep EGRESS1 "$H/sl/senderlint.log")" '550 5\.7\.25 bulk mail needs reverse DNS' \
    "and the reply, 550 5.7.25"
like "$(grep EGRESS1 "$H/sl/senderlint.log")" 'facts=[^ ]*egress\.ptr\.missing' \
    "and the true fact egress.ptr.missing"
after=$(grep -c '26.2.0.192.in-addr.arpa. PTR' "$H/dns/unbound.log")
is "$((after - before))" 1 "the daemon asked for the PTR once for two messages"
h_senderlint_stop

tap_done
