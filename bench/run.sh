#!/bin/sh
# make bench: senderlint against a no-op libmilter filter, in the same run,
# on the same machine, over the same unix-socket protocol path (miltertest
# as the MTA). Reports wall time and the filter's own CPU time, and the
# ratios senderlint / noop: shared machines are noisy, ratios less so.
#
#   N=2000 ROUNDS=3 sh bench/run.sh
set -eu
. t/lib/tap.sh
. t/lib/harness.sh
h_init
N=${N:-2000}
ROUNDS=${ROUNDS:-3}
h_config "$TOP/rules/default.yaml"
h_senderlint_start
rm -f "$H/noop.sock"
bench/noop-milter "unix:$H/noop.sock" >"$H/noop.log" 2>&1 &
NOOP_PID=$!
h_track $NOOP_PID
h_wait_for 10 test -S "$H/noop.sock" || bail "noop milter did not start"

cpu_ticks() {	# utime + stime of a process, in clock ticks
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}

run() {	# SOCKET PID HEADERS BODY [DKIMSIG] -> "wall_ms cpu_ms"
	c0=$(cpu_ticks "$2")
	t0=$(date +%s%N)
	miltertest -D SOCKET="$1" -D N="$N" -D HEADERS="$3" -D BODY="$4" \
	    -D DKIMSIG="${5:-}" \
	    -s bench/load.lua >"$H/mt.out" 2>&1 || { cat "$H/mt.out"; bail "load failed"; }
	t1=$(date +%s%N)
	c1=$(cpu_ticks "$2")
	hz=$(getconf CLK_TCK)
	echo "$(( (t1 - t0) / 1000000 )) $(( (c1 - c0) * 1000 / hz ))"
}

measure() {	# LABEL HEADERS BODY [DKIMSIG]: ROUNDS rounds of noop and
		# senderlint, one table row; senderlint's CPU total in CPU_S
	best_n=; best_s=; cpu_n=0; cpu_s=0; r=0
	while [ "$r" -lt "$ROUNDS" ]; do
		a=$(run "unix:$H/noop.sock" "$NOOP_PID" "$2" "$3" "${4:-}")
		b=$(run "unix:$H/sl/senderlint.sock" "$H_SL_PID" "$2" "$3" "${4:-}")
		wn=${a% *}; ws=${b% *}
		[ -z "$best_n" ] || [ "$wn" -lt "$best_n" ] && best_n=$wn
		[ -z "$best_s" ] || [ "$ws" -lt "$best_s" ] && best_s=$ws
		cpu_n=$((cpu_n + ${a#* })); cpu_s=$((cpu_s + ${b#* }))
		r=$((r + 1))
	done
	printf '%-28s %8d %8d %8d %8d %7s %7s\n' \
	    "$1" "$best_n" "$best_s" "$cpu_n" "$cpu_s" \
	    "$(echo "scale=2; $best_s / $best_n" | bc 2>/dev/null || echo "$best_s/$best_n")" \
	    "$(if [ "$cpu_n" -gt 0 ]; then echo "scale=2; $cpu_s / $cpu_n" | bc 2>/dev/null; else echo "-"; fi)"
	CPU_S=$cpu_s
}

printf '%-28s %8s %8s %8s %8s %7s %7s\n' shape noop_ms sl_ms noopcpu slcpu wall_x cpu_x
for shape in "30 4000" "30 100000" "300 4000"; do
	set -- $shape
	measure "$N msgs, $1 hdrs, $2 B body" "$1" "$2"
done
echo "wall: best of $ROUNDS rounds; cpu: the filter process's user+system time summed over rounds."
echo "wall_x near 1 means senderlint's work is small next to the milter protocol itself."

# Authentication with a warm cache: the 30-header 4 KB message, signed
# (rsa-sha256, 2048 bits, h=from), through senderlint without and then
# with the authentication checks (SPF for one egress IP, DKIM, DMARC),
# unbound serving the zone; noop measured in each phase for the ratio.
mkdir -p "$H/bk"
opendkim-genkey -b 2048 -d example.com -s bench -D "$H/bk" || bail "opendkim-genkey"
h_dns_record example.com TXT "v=spf1 ip4:192.0.2.25 -all"
h_dns_record example.com MX "10 mx.example.com"
h_dns_record mx.example.com A 192.0.2.25
h_dns_record _dmarc.example.com TXT "v=DMARC1; p=reject"
h_dns_record bench._domainkey.example.com TXT \
    "$(perl -0ne 'print join("", /"([^"]*)"/g)' "$H/bk/bench.txt")"
h_dns_start
perl -e 'my $l = ("x" x 76) . "\r\n"; my $c = $l x 210;
	my $n = int(4000 / length $c); my $r = $l x int((4000 - $n * length $c) / length $l);
	print "From: Bench <sender\@example.com>\r\n\r\n", $c x $n, $r' > "$H/bk/msg"
SIG=$(t/tools/dkimsign "$H/bk/bench.private" bench example.com from < "$H/bk/msg") ||
    bail "dkimsign failed"
measure "$N signed, auth off" 30 4000 "$SIG"
CPU_OFF=$CPU_S
h_senderlint_stop >/dev/null
h_config "$TOP/rules/default.yaml" "$(h_auth_yaml 192.0.2.25 mx.example.com)"
h_senderlint_start
run "unix:$H/sl/senderlint.sock" "$H_SL_PID" 30 4000 "$SIG" > /dev/null	# warm the cache
measure "$N signed, auth on" 30 4000 "$SIG"
CPU_ON=$CPU_S
echo "authentication checks, warm cache: $(echo "scale=3; ($CPU_ON - $CPU_OFF) / ($N * $ROUNDS)" | bc) ms CPU per message (auth on - auth off)"
! grep -Eq 'action=(reject|tempfail)' "$H/sl/senderlint.log" ||
    echo "warning: a bench message was rejected or deferred; see the log"
h_senderlint_stop >/dev/null
