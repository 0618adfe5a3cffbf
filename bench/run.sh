#!/bin/sh
# make bench: the filter alone, driven by bench/miltbench (the MTA side of
# the milter protocol, in C) over unix sockets, against the no-op
# libmilter filter (the floor), senderlint (rules/default.yaml,
# authentication on), and opendkim (verify) and opendmarc when they are
# installed. The message set in bench/msgs is dated now and DKIM-signed
# (rsa-sha256, 2048 bits) by t/tools/dkimsign with keys published in the
# loopback test zone (unbound, t/lib/harness.sh); senderlint also gets
# the same messages unsigned. Every filter runs at each concurrency, the
# filters interleaved, REPS times; the report gives medians and ratios to
# the floor, the filter's CPU per message (/proc/PID/stat) and peak RSS
# (VmHWM). Then bench/scale.sh: CPU per message with 10, 100 and 1,000
# regex rules, and with 1 KB, 100 KB and 10 MB messages (its tables go
# into the report too).
#
#   BENCH_MSGS=1500 BENCH_REPS=3 BENCH_CONNS="1 16 64" sh bench/run.sh
#
# Output: the table on stdout; the report with every run's RESULT line in
# bench/results/bench-STAMP.txt (and bench/results/latest.txt).
set -eu
. t/lib/tap.sh
. t/lib/harness.sh
h_init
MSGS=${BENCH_MSGS:-1500}
REPS=${BENCH_REPS:-3}
CONNS=${BENCH_CONNS:-1 16 64}
MB=$TOP/bench/miltbench
EGRESS=192.0.2.25
RES=${BENCH_RESULTS:-$TOP/bench/results}
mkdir -p "$RES" "$H/msgs/signed" "$H/msgs/unsigned"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$H/raw
: > "$RAW"
for t in "$MB" bench/noop-milter t/tools/dkimsign "$SL"; do
	[ -x "$t" ] || bail "$t is not built (run make bench)"
done

# The zone: SPF for the egress address and its PTR, a 2048-bit key per
# sending domain, DMARC; unbound answers from it and NXDOMAIN for
# anything else.
for d in news.sl.example shop.sl.example; do
	h_dns_record "$d" TXT "v=spf1 ip4:$EGRESS -all"
	h_dns_record "$d" MX "10 mx.sl.example"
	h_dns_record "$d" A 192.0.2.80
	h_dkim_key "$d"
done
h_dns_record mx.sl.example A "$EGRESS"
# the egress IP's PTR, forward-confirmed (rule bulk-reverse-dns)
h_dns_record 25.2.0.192.in-addr.arpa PTR mx.sl.example
h_dns_record _dmarc.news.sl.example TXT "v=DMARC1; p=reject; rua=mailto:dmarc@news.sl.example"
h_dns_record _dmarc.shop.sl.example TXT "v=DMARC1; p=quarantine"
h_dns_start

# The message set, dated now, CRLF, signed by the From domain's key.
SIGNED_HDRS="from to cc subject date mime-version content-type reply-to list-id list-unsubscribe list-unsubscribe-post feedback-id"
now=$(LC_ALL=C date -R)
for f in "$TOP"/bench/msgs/*.eml; do
	b=$(basename "$f")
	perl -pe 'BEGIN { $d = shift } s/\r?\n\z/\r\n/; $h = 0 if /^\r\n/;
		$h = 1 if $. == 1; s/^Date:[^\r\n]*/Date: $d/ if $h' "$now" "$f" \
	    > "$H/msgs/unsigned/$b"
	dom=$(perl -ne 'if (/^From:.*@([A-Za-z0-9.-]+)>/i) { print $1; exit }' "$f")
	# shellcheck disable=SC2086
	if sig=$(t/tools/dkimsign "$H/odkim/$dom.private" sel "$dom" \
	    $SIGNED_HDRS < "$H/msgs/unsigned/$b" 2>"$H/sign.err"); then
		printf 'DKIM-Signature: %s\r\n' "$sig" > "$H/msgs/signed/$b"
		cat "$H/msgs/unsigned/$b" >> "$H/msgs/signed/$b"
	else
		echo "note: the signer refused $b ($(cat "$H/sign.err")); it is sent unsigned"
		cp "$H/msgs/unsigned/$b" "$H/msgs/signed/$b"
	fi
done

# The filters: NAME PID SOCKET per line in $H/filters.
: > "$H/filters"
rm -f "$H/noop.sock"
# umask 000: Postfix (part 2) connects as its own user
(umask 000; exec bench/noop-milter "unix:$H/noop.sock") > "$H/noop.log" 2>&1 &
NOOP_PID=$!
h_track $NOOP_PID
h_wait_for 10 test -S "$H/noop.sock" || bail "the no-op filter did not start"
echo "noop $NOOP_PID unix:$H/noop.sock" >> "$H/filters"

h_config "$TOP/rules/default.yaml" "$(h_auth_yaml "$EGRESS" mx.sl.example)"
h_senderlint_start
echo "senderlint $H_SL_PID unix:$H/sl/senderlint.sock" >> "$H/filters"
echo "senderlint-unsigned $H_SL_PID unix:$H/sl/senderlint.sock" >> "$H/filters"

NOTES=
if command -v opendkim > /dev/null; then
	mkdir -p "$H/odkv"
	cat > "$H/odkv/opendkim.conf" <<EOC
Syslog no
Background no
Socket local:$H/odkv/opendkim.sock
UMask 000
Mode v
Nameservers $H_DNS
QueryCache yes
PidFile $H/odkv/opendkim.pid
EOC
	opendkim -f -x "$H/odkv/opendkim.conf" > "$H/odkv/opendkim.log" 2>&1 &
	ODKV_PID=$!
	h_track $ODKV_PID
	h_wait_for 10 test -S "$H/odkv/opendkim.sock" ||
	    { cat "$H/odkv/opendkim.log"; bail "opendkim did not start"; }
	echo "opendkim $ODKV_PID unix:$H/odkv/opendkim.sock" >> "$H/filters"
else
	NOTES="$NOTES opendkim is not installed: skipped;"
fi

# opendmarc has no nameserver setting: it runs in a mount namespace
# whose /etc/resolv.conf names a second unbound, on port 53 of a random
# loopback address, serving the same zone. Needs root and unshare(1).
if command -v opendmarc > /dev/null && [ "$(id -u)" = 0 ] &&
    command -v unshare > /dev/null; then
	mkdir -p "$H/dmarc"
	DNS53=127.$(( $$ % 200 + 20 )).$(( $(date +%s) % 250 + 1 )).53
	sed -e "s/^  port: .*/  port: 53/" \
	    -e "s/^  interface: .*/  interface: $DNS53/" \
	    -e "s|^  logfile: .*|  logfile: \"$H/dmarc/unbound.log\"|" \
	    "$H/dns/unbound.conf" > "$H/dmarc/unbound.conf"
	unbound -d -c "$H/dmarc/unbound.conf" > "$H/dmarc/unbound.out" 2>&1 &
	DNS53_PID=$!
	h_track $DNS53_PID
	h_wait_for 10 sh -c "grep -q 'start of service' '$H/dmarc/unbound.log'" ||
	    { cat "$H/dmarc/unbound.out"; bail "unbound on $DNS53:53 did not start"; }
	printf 'nameserver %s\noptions timeout:2 attempts:1\n' "$DNS53" > "$H/dmarc/resolv.conf"
	cat > "$H/dmarc/opendmarc.conf" <<EOC
Socket local:$H/dmarc/opendmarc.sock
UMask 000
Background false
Syslog false
PidFile $H/dmarc/opendmarc.pid
AuthservID mta.bench.test
TrustedAuthservIDs mta.bench.test
SPFSelfValidate true
RejectFailures false
PublicSuffixList /usr/share/publicsuffix/public_suffix_list.dat
EOC
	unshare -m sh -c "mount --bind '$H/dmarc/resolv.conf' /etc/resolv.conf &&
	    exec opendmarc -f -c '$H/dmarc/opendmarc.conf'" \
	    > "$H/dmarc/opendmarc.log" 2>&1 &
	ODMARC_PID=$!
	h_track $ODMARC_PID
	h_wait_for 10 test -S "$H/dmarc/opendmarc.sock" ||
	    { cat "$H/dmarc/opendmarc.log"; bail "opendmarc did not start"; }
	echo "opendmarc $ODMARC_PID unix:$H/dmarc/opendmarc.sock" >> "$H/filters"
else
	NOTES="$NOTES opendmarc is not installed (or not root, or no unshare): skipped;"
fi

msgs_for() {	# FILTER: the message files it gets
	case $1 in
	*-unsigned) echo "$H"/msgs/unsigned/*.eml ;;
	*) echo "$H"/msgs/signed/*.eml ;;
	esac
}

drive() {	# NAME PID SOCKET CONNS COUNT [REP]: one run, its RESULT line kept
	# shellcheck disable=SC2046
	if ! "$MB" -U -a "$EGRESS" -c "$4" -n "$5" -p "$2" -t 60000 "$3" \
	    $(msgs_for "$1") > "$H/run.out" 2>&1; then
		cat "$H/run.out"
		bail "miltbench reported errors against $1"
	fi
	[ -z "${6:-}" ] ||
	    echo "filter=$1 rep=$6 $(grep '^RESULT' "$H/run.out" | cut -c8-)" >> "$RAW"
}

# Warm-up (threads, DNS caches, keys), then each message once, with what
# the filter answered to each kind, for the report.
: > "$H/kinds"
while read -r name pid sock; do
	drive "$name" "$pid" "$sock" 4 40
	# shellcheck disable=SC2046
	"$MB" -v -U -a "$EGRESS" "$sock" $(msgs_for "$name") > "$H/run.out" 2>&1 ||
	    { cat "$H/run.out"; bail "miltbench reported errors against $name"; }
	{
		echo "  $name:"
		sed -n 's/^  \([a-z-]*\) \{2,\}/    \1: /p; s/^  modifications:\(..*\)/    modifications:\1/p' "$H/run.out"
	} >> "$H/kinds"
done < "$H/filters"

echo "make bench: $MSGS messages per run, connections: $CONNS, $REPS interleaved repetitions"
echo "messages: $(cd "$TOP/bench/msgs" && ls | tr '\n' ' ')"
r=1
while [ "$r" -le "$REPS" ]; do
	for c in $CONNS; do
		while read -r name pid sock; do
			drive "$name" "$pid" "$sock" "$c" "$MSGS" "$r"
		done < "$H/filters"
	done
	echo "  repetition $r of $REPS done"
	r=$((r + 1))
done

# Part 2: through Postfix (BENCH_POSTFIX=0 skips it).
RAW2=$H/raw2
: > "$RAW2"
if [ "${BENCH_POSTFIX:-1}" = 1 ] && command -v postfix > /dev/null &&
    command -v smtp-source > /dev/null && command -v opendkim > /dev/null; then
	. "$TOP/bench/postfix.sh"
	echo "part 2: through Postfix, $REPS interleaved repetitions"
	postfix_part
else
	NOTES="$NOTES part 2 (through Postfix) skipped: BENCH_POSTFIX=0, or no postfix, smtp-source or opendkim;"
fi

# Part 3: scaling with the rule count and the message size
# (bench/scale.sh; BENCH_SCALE=0 skips it).
: > "$H/scale.out"
if [ "${BENCH_SCALE:-1}" = 1 ]; then
	echo "part 3: scaling (rule count, message size)"
	sh "$TOP/bench/scale.sh" > "$H/scale.out" 2>&1 ||
	    { cat "$H/scale.out"; bail "bench/scale.sh failed"; }
else
	NOTES="$NOTES part 3 (scaling) skipped: BENCH_SCALE=0;"
fi

REPORT=$RES/bench-$STAMP.txt
{
	echo "senderlint make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -srm), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "commit $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$TOP" diff --quiet 2>/dev/null || echo ' (modified)')"
	echo "$(opendkim -V 2>/dev/null | head -1 || true)$(command -v opendmarc > /dev/null && echo "; $(opendmarc -V 2>/dev/null | head -1)" || true)"
	[ -z "$NOTES" ] || echo "notes:$NOTES"
	echo
	perl "$TOP/bench/report.pl" "$RAW" "$RAW2"
	if [ -s "$H/scale.out" ]; then
		echo
		echo "scaling (bench/scale.sh):"
		sed '/^report: /d' "$H/scale.out"
	fi
	echo
	echo "each message once, what each filter answered:"
	cat "$H/kinds"
	echo
	echo "raw results (one line per run):"
	cat "$RAW" "$RAW2"
} > "$REPORT"
cp "$REPORT" "$RES/latest.txt"
sed -n '/^raw results/q;p' "$REPORT"
echo "report: $REPORT"
if grep -Eq 'tempfail=[1-9]' "$RAW"; then
	echo "warning: a filter answered tempfail; see its log (is the DNS zone complete?)"
fi
h_senderlint_stop > /dev/null
