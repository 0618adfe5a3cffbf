#!/bin/sh
# Every authentication fact from a real message and a real DNS server:
# messages signed with t/tools/dkimsign (libopendkim, keys from
# opendkim-genkey) in the variants a verifier must judge (key sizes,
# rsa-sha1, l=, From unsigned, altered body or header, missing or revoked
# key, List-Unsubscribe-Post unsigned), then DMARC, SPF and existence
# facts, through senderlint-check --dns against unbound serving the zone.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
SIGN=$TOP/t/tools/dkimsign
K=$H/keys
mkdir -p "$K"

key() {	# BITS SELECTOR [sha1]: key pair; its record goes into the zone
	opendkim-genkey -b "$1" -d ex.example -s "$2" -D "$K" 2>/dev/null ||
	    bail "opendkim-genkey -b $1 failed"
	rec=$(perl -0ne 'print join("", /"([^"]*)"/g)' "$K/$2.txt")
	# a key for rsa-sha1 must not restrict itself to sha256 (h=)
	[ "${3:-}" = sha1 ] && rec=$(printf '%s' "$rec" | sed 's/h=sha256; //')
	h_dns_record "$2._domainkey.ex.example" TXT "$rec"
}
key 2048 s2048
key 1024 s1024
key 512 s512
key 2048 ssha1 sha1
key 2048 srevoked
h_dns_record srevoked._domainkey.ex.example TXT "v=DKIM1; k=rsa; p="
# the first srevoked record (the real key) must not be served: drop it
perl -i -ne 'print unless /srevoked._domainkey.ex.example. 300 IN TXT "v=DKIM1; h=/' "$H/dns/zone.conf"
h_dns_record ex.example TXT "v=spf1 ip4:192.0.2.25 -all"
h_dns_record ex.example MX "10 mx.ex.example"
h_dns_record mx.ex.example A 192.0.2.25
h_dns_record mx.ex.example TXT "v=spf1 a -all"
h_dns_record _dmarc.ex.example TXT "v=DMARC1; p=reject"
h_dns_record soft.example TXT "v=spf1 ~all"
h_dns_record soft.example A 192.0.2.40
h_dns_record broken.example TXT "v=spf1 ip4:192.0.2.25 foo:bar -all"
h_dns_record broken.example A 192.0.2.41
h_dns_record nodmarc.example A 192.0.2.42
h_dns_record bad.example A 192.0.2.43
h_dns_record _dmarc.bad.example TXT "v=DMARC1; p=bogus"
h_dns_record icloud.com MX "10 mx01.mail.icloud.com"
h_dns_record _dmarc.icloud.com TXT "v=DMARC1; p=quarantine"
# the provider's own key: mail an icloud.com user wrote and signed there
opendkim-genkey -b 2048 -d icloud.com -s sig1 -D "$K" 2>/dev/null ||
    bail "opendkim-genkey for icloud.com failed"
h_dns_record sig1._domainkey.icloud.com TXT "$(perl -0ne 'print join("", /"([^"]*)"/g)' "$K/sig1.txt")"
h_dns_record nullmx.example MX "0 ."
h_dns_record solo.ex2.example A 192.0.2.44
h_dns_record _dmarc.solo.ex2.example TXT "v=DMARC1; p=none"
h_dns_start

cat > "$H/c.conf" <<EOF
rules: $TOP/rules/default.yaml
dns:
  nameservers: [ "$H_DNS" ]
  timeout: 1000
  budget: 4000
authentication:
  egress_ips: [ 192.0.2.25 ]
  outbound_helo: mx.ex.example
EOF

msg() {	# FROM: the unsigned message
	printf 'From: News <%s>\r\nTo: customer@example.net\r\nSubject: Weekly digest\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\nMessage-ID: <w1@ex.example>\r\nList-Unsubscribe: <https://ex.example/u/Zx81kq03JfPq9wLm>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n\r\nThis week.\r\n' "$1"
}
ALL="from to subject date message-id list-unsubscribe list-unsubscribe-post"

signed() {	# NAME SELECTOR [dkimsign options] -- HEADERS...: $H/NAME.eml
	name=$1 sel=$2
	shift 2
	opts=
	while [ "$1" != -- ]; do opts="$opts $1"; shift; done
	shift
	msg news@ex.example > "$H/$name.raw"
	sig=$($SIGN $opts "$K/$sel.private" "$sel" ex.example "$@" < "$H/$name.raw") ||
	    bail "dkimsign failed for $name"
	{ printf 'DKIM-Signature: %s\r\n' "$sig"; cat "$H/$name.raw"; } > "$H/$name.eml"
}

check() {	# FILE [options]: senderlint-check -v output
	"$SLC" -c "$H/c.conf" --now 1795672800 -v "$@" 2>&1
}

signed good s2048 -- $ALL
out=$(check "$H/good.eml" --mail-from bounce@ex.example)
like "$out" 'TRUE +dkim\.pass +d=ex\.example$' "2048-bit rsa-sha256, everything signed: dkim.pass d=ex.example"
like "$out" 'false +dkim\.fail' "no dkim.fail"
like "$out" 'false +dkim\.key-below-2048' "no advice about the key size"
like "$out" 'false +unsub\.not-signed' "List-Unsubscribe and -Post signed: unsub.not-signed false"
like "$out" 'TRUE +spf\.egress\.pass +ex\.example pass for 192\.0\.2\.25' "SPF passes for the egress IP"
like "$out" 'TRUE +dmarc\.alignment\.both +SPF and DKIM aligned' "aligned with both"
like "$out" 'false +dmarc\.alignment\.fail' "no alignment failure"
like "$out" 'false +dmarc\.record\.missing' "the DMARC record is found"
like "$out" 'false +domain\.nonexistent' "the domains exist"

signed k1024 s1024 -- $ALL
like "$(check "$H/k1024.eml")" 'TRUE +dkim\.key-below-2048 +d=ex\.example: 1024 bits' \
    "a 1024-bit key passes but is below the advised 2048 bits"
like "$(check "$H/k1024.eml")" 'TRUE +dkim\.pass' "and still counts as a pass"

signed k512 s512 -- $ALL
out=$(check "$H/k512.eml")
like "$out" 'TRUE +dkim\.weak-key +d=ex\.example: 512 bits' "a 512-bit key: dkim.weak-key"
like "$out" 'false +dkim\.pass' "which never counts as a pass (RFC 8301 3.2)"

signed sha1 ssha1 -1 -- $ALL
out=$(check "$H/sha1.eml")
like "$out" 'TRUE +dkim\.rsa-sha1 +d=ex\.example' "rsa-sha1: dkim.rsa-sha1"
like "$out" 'false +dkim\.pass' "which never counts as a pass (RFC 8301 3.1)"

signed ltag s2048 -l -- $ALL
out=$(check "$H/ltag.eml")
like "$out" 'TRUE +dkim\.l-tag +d=ex\.example' "l= present: dkim.l-tag"
like "$out" 'TRUE +dkim\.pass' "a signature with l= still verifies"

# a signer cannot be made to leave From out (libopendkim adds it), so
# take it out of h= by hand: the signature then breaks as well
signed nofrom s2048 -- $ALL
sed 's/h=From:To:/h=To:/' "$H/nofrom.eml" > "$H/nofrom2.eml"
out=$(check "$H/nofrom2.eml")
like "$out" 'TRUE +dkim\.from-unsigned +d=ex\.example' "From not in h=: dkim.from-unsigned"
like "$out" 'false +dkim\.pass' "which never counts as a pass (RFC 6376 5.4)"

signed body s2048 -- $ALL
sed 's/^This week\./This week, changed./' "$H/body.eml" > "$H/body2.eml"
like "$(check "$H/body2.eml")" 'TRUE +dkim\.fail +d=ex\.example s=s2048: body hash mismatch' \
    "a changed body: dkim.fail (body hash mismatch)"
like "$(check "$H/body2.eml")" 'false +dkim\.pass' "and no pass"

signed hdr s2048 -- $ALL
sed 's/^Subject: Weekly digest/Subject: Weekly digest!/' "$H/hdr.eml" > "$H/hdr2.eml"
like "$(check "$H/hdr2.eml")" 'TRUE +dkim\.fail +d=ex\.example s=s2048: bad signature' \
    "a changed signed header: dkim.fail (bad signature)"

signed nokey s2048 -- $ALL
sed 's/s=s2048;/s=nosuch;/' "$H/nokey.eml" > "$H/nokey2.eml"
like "$(check "$H/nokey2.eml")" 'TRUE +dkim\.fail +d=ex\.example s=nosuch: key not found' \
    "a selector without a key: dkim.fail (key not found)"

signed revoked srevoked -- $ALL
like "$(check "$H/revoked.eml")" 'TRUE +dkim\.fail +d=ex\.example s=srevoked: key revoked' \
    "an empty p=: dkim.fail (key revoked)"

signed nolup s2048 -- from to subject date message-id list-unsubscribe
out=$(check "$H/nolup.eml" --stream bulk)
like "$out" 'TRUE +unsub\.not-signed +List-Unsubscribe and List-Unsubscribe-Post are not both in the h= of a passing signature' \
    "List-Unsubscribe-Post not signed: unsub.not-signed"
like "$out" 'reject' "the default rules reject it for a bulk stream"

msg news@ex.example > "$H/unsigned.eml"
out=$(check "$H/unsigned.eml" --mail-from bounce@soft.example)
like "$out" 'TRUE +dkim\.missing +no DKIM-Signature' "no signature: dkim.missing"
like "$out" 'TRUE +spf\.egress\.softfail +soft\.example softfail for 192\.0\.2\.25' "~all: spf.egress.softfail"
like "$out" 'TRUE +dmarc\.alignment\.fail' "neither passes: alignment fails"
like "$out" 'reply: +550 5\.7\.26 ' "the default rules answer 550 5.7.26 (unauthenticated)"

out=$(check "$H/unsigned.eml" --mail-from bounce@broken.example)
like "$out" 'TRUE +spf\.egress\.permerror +broken\.example permerror for 192\.0\.2\.25 \(SPF record: unknown mechanism' \
    "a record with an unknown mechanism: permerror from the strict pre-check"

out=$(check "$H/unsigned.eml" --mail-from '<>')
like "$out" 'TRUE +spf\.egress\.pass +mx\.ex\.example pass for 192\.0\.2\.25' \
    "a null sender: SPF of postmaster@ the outbound HELO name"

out=$(check "$H/unsigned.eml" --mail-from bounce@ex.example --egress-ip 192.0.2.99)
like "$out" 'TRUE +spf\.egress\.fail +ex\.example fail for 192\.0\.2\.99' "--egress-ip: -all fails for another address"

cat > "$H/c2.conf" <<EOF
rules: $TOP/rules/default.yaml
dns: { nameservers: [ "$H_DNS" ] }
authentication:
  egress_ips: [ 192.0.2.25 ]
  sending_domains: [ ex.example ]
EOF
out=$("$SLC" -c "$H/c2.conf" --now 1795672800 -v --mail-from bounce@soft.example "$H/unsigned.eml")
like "$out" 'TRUE +spf\.domain\.unlisted +soft\.example' "a MAIL FROM domain outside sending_domains: spf.domain.unlisted"
unlike "$out" 'TRUE +spf\.egress\.' "and its SPF is not evaluated"

msg news@nodmarc.example > "$H/nodmarc.eml"
like "$(check "$H/nodmarc.eml" --mail-from bounce@ex.example)" 'TRUE +dmarc\.record\.missing +no DMARC record for nodmarc\.example' \
    "no record at the From domain or above: dmarc.record.missing"
msg news@bad.example > "$H/bad.eml"
like "$(check "$H/bad.eml" --mail-from bounce@ex.example)" 'TRUE +dmarc\.record\.invalid +_dmarc\.bad\.example: ' \
    "a record that does not parse: dmarc.record.invalid"
msg jane.roe@icloud.com > "$H/icloud.eml"
like "$(check "$H/icloud.eml" --mail-from bounce@ex.example)" 'TRUE +from\.freemail +icloud\.com publishes p=quarantine' \
    "From a provider with p=quarantine: from.freemail"
sig=$($SIGN "$K/sig1.private" sig1 icloud.com $ALL < "$H/icloud.eml") ||
    bail "dkimsign failed for icloud.com"
{ printf 'DKIM-Signature: %s\r\n' "$sig"; cat "$H/icloud.eml"; } > "$H/icloud-signed.eml"
out=$(check "$H/icloud-signed.eml" --mail-from bounce@ex.example)
like "$out" 'false +from\.freemail' \
    "the provider's own aligned signature intact (forwarded mail): from.freemail is false"
like "$out" 'false +dmarc\.alignment\.fail' "and DMARC is aligned through that signature"
like "$(check "$H/unsigned.eml" --mail-from bounce@gone.example)" 'TRUE +domain\.nonexistent +gone\.example' \
    "a MAIL FROM domain that does not exist: domain.nonexistent"
like "$(check "$H/unsigned.eml" --mail-from bounce@nullmx.example)" 'TRUE +domain\.nonexistent +nullmx\.example' \
    "a MAIL FROM domain with a null MX: domain.nonexistent"
msg news@solo.ex2.example > "$H/solo.eml"
like "$(check "$H/solo.eml" --mail-from bounce@ex.example)" 'TRUE +dmarc\.orgdomain\.disagree +PSL: ex2\.example, DNS tree walk: solo\.ex2\.example' \
    "only a subdomain publishes a record: PSL and tree walk disagree"


# A key that cannot be fetched for now: the fault server never answers.
h_dnsfault_start
signed slow s2048 -- $ALL
sed 's/d=ex\.example; s=s2048;/d=f.example; s=timeout;/' "$H/slow.eml" > "$H/slow2.eml"
out=$("$SLC" -c "$H/c.conf" --dns "127.0.0.1:$H_FAULT_PORT" --now 1795672800 -v "$H/slow2.eml" 2>&1)
like "$out" 'TEMPERROR +dkim\.pass' "a key lookup that times out: dkim.pass is TEMPERROR"
like "$out" 'TRUE +dkim\.fail +d=f\.example s=timeout: key lookup failed' "with the reason"

# The same paths under valgrind (not in a sanitizer build): libunbound's
# threads, cancelled queries, libspf2 and libopendkim through our hooks.
if ! grep -q fsanitize "$TOP/milter/.flags" 2>/dev/null && command -v valgrind >/dev/null; then
	VG="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite"
	$VG "$SLC" -c "$H/c.conf" --now 1795672800 --mail-from bounce@ex.example \
	    "$H/good.eml" "$H/body2.eml" "$H/k512.eml" "$H/revoked.eml" \
	    "$H/unsigned.eml" "$H/icloud.eml" > /dev/null 2> "$H/vg1"
	rc=$?
	ok $((rc > 1)) "valgrind, answers from unbound: exit status $rc (99: errors)"
	is "$(cat "$H/vg1")" "" "valgrind reported nothing"
	$VG "$SLC" -c "$H/c.conf" --dns "127.0.0.1:$H_FAULT_PORT" --now 1795672800 \
	    "$H/slow2.eml" > /dev/null 2> "$H/vg2"
	rc=$?
	ok $((rc > 1)) "valgrind, queries cancelled at their deadline: exit status $rc"
	is "$(cat "$H/vg2")" "" "valgrind reported nothing"
fi
tap_done
