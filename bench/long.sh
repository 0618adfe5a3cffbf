#!/bin/sh
# make bench-long (issue 14 item 3): senderlint's memory over a long run.
# bench/miltbench drives senderlint (rules/default.yaml, authentication
# off) over a unix socket at BENCH_LONG_CONNS connections, one message per
# connection, each Message-ID unique (-U: the Message-ID window and the
# per-message state see a new message every time), in segments of
# BENCH_LONG_EVERY messages; after each segment the filter's peak and
# current RSS (VmHWM, VmRSS from /proc/PID/status) are sampled. A
# warm-up of 20 messages per connection comes first and is not sampled.
# The baseline is sample BENCH_LONG_BASE, by default the second (after
# 200k messages) when there are three samples or more, else the first:
# the first 100k messages are warm-up too, since they fill the
# Message-ID window (message_id_window, 100,000 ids of mail that left
# by default; three in four of these messages leave). The last sample's
# VmRSS and VmHWM must be within 10% of the baseline's ("flat").
#
# The messages are bench/msgs' receipt, newsletter, multipart notice
# and malformed message, dated now and unsigned (BENCH_LONG_FILES names
# others, such as attachment.eml, whose 540 KB make the run much longer).
#
#   BENCH_LONG_MSGS=1000000 BENCH_LONG_EVERY=100000 BENCH_LONG_CONNS=16
#   sh bench/long.sh
#
# Output: the series on stdout and in bench/results/long-STAMP.txt.
# Exit status 1 when memory is not flat.
set -eu
. t/lib/tap.sh
. t/lib/harness.sh
h_init
TOTAL=${BENCH_LONG_MSGS:-1000000}
EVERY=${BENCH_LONG_EVERY:-100000}
CONNS=${BENCH_LONG_CONNS:-16}
BASE=${BENCH_LONG_BASE:-}
FILES=${BENCH_LONG_FILES:-receipt.eml newsletter.eml multipart-html.eml malformed.eml}
MB=$TOP/bench/miltbench
RES=${BENCH_RESULTS:-$TOP/bench/results}
mkdir -p "$RES" "$H/msgs"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
for t in "$MB" "$SL"; do
	[ -x "$t" ] || bail "$t is not built (run make bench-long)"
done
if [ "$EVERY" -le 0 ] || [ "$TOTAL" -lt "$EVERY" ]; then
	bail "BENCH_LONG_MSGS ($TOTAL) must be at least BENCH_LONG_EVERY ($EVERY)"
fi

now=$(LC_ALL=C date -R)
for b in $FILES; do
	perl -pe 'BEGIN { $d = shift } s/\r?\n\z/\r\n/; $h = 0 if /^\r\n/;
		$h = 1 if $. == 1; s/^Date:[^\r\n]*/Date: $d/ if $h' "$now" \
	    "$TOP/bench/msgs/$b" > "$H/msgs/$b"
done

kv() {	# KEY: its value in the RESULT line of $H/mb.out
	sed -n "s/^RESULT.* $1=\([^ ]*\).*/\1/p" "$H/mb.out"
}

drive() {	# COUNT: one segment at $CONNS connections, in $H/mb.out
	# shellcheck disable=SC2046
	if ! "$MB" -U -c "$CONNS" -n "$1" -p "$H_SL_PID" -t 60000 \
	    "unix:$H/sl/senderlint.sock" $(for b in $FILES; do
	    echo "$H/msgs/$b"; done) > "$H/mb.out" 2>&1; then
		cat "$H/mb.out"
		bail "miltbench reported errors against senderlint"
	fi
}

h_config "$TOP/rules/default.yaml"
h_senderlint_start
drive $((CONNS * 20))

OUT=$H/long.txt
{
	echo "long run: $TOTAL messages at $CONNS connections, RSS sampled every $EVERY (messages: $FILES)"
	printf '    %10s %10s %10s %8s %12s  %s\n' messages "VmHWM MB" "VmRSS MB" msg/s "CPU us/msg" actions
} > "$OUT"
cat "$OUT"
: > "$H/series"
done_n=0
start=$(date +%s)
while [ "$done_n" -lt "$TOTAL" ]; do
	seg=$EVERY
	[ $((TOTAL - done_n)) -ge "$seg" ] || seg=$((TOTAL - done_n))
	drive "$seg"
	done_n=$((done_n + seg))
	echo "$done_n $(kv hwm_kb) $(kv rss_kb)" >> "$H/series"
	line=$(perl -e 'printf "    %10d %10.1f %10.1f %8.0f %12d  continue=%d reject=%d tempfail=%d",
	    $ARGV[0], $ARGV[1] / 1024, $ARGV[2] / 1024, @ARGV[3..7]' \
	    "$done_n" "$(kv hwm_kb)" "$(kv rss_kb)" "$(kv msgps)" \
	    "$(kv cpu_us_per_msg)" "$(kv continue)" "$(kv reject)" "$(kv tempfail)")
	echo "$line" | tee -a "$OUT"
done
wall=$(($(date +%s) - start))
h_senderlint_stop > /dev/null

verdict=$(perl -e '
	my @s = map { [split] } <STDIN>;
	my $i = length $ARGV[0] ? $ARGV[0] : @s >= 3 ? 2 : 1;
	$i = @s if $i > @s;
	my ($b, $l) = ($s[$i - 1], $s[-1]);
	my $dh = ($l->[1] - $b->[1]) / $b->[1] * 100;
	my $dr = ($l->[2] - $b->[2]) / $b->[2] * 100;
	my $flat = abs($dh) <= 10 && abs($dr) <= 10;
	printf "%s: last sample (%d messages) against the baseline, sample %d (%d messages): VmHWM %+.1f%% (%.1f -> %.1f MB), VmRSS %+.1f%% (%.1f -> %.1f MB); limit 10%%\n",
	    $flat ? "FLAT" : "NOT FLAT", $l->[0], $i, $b->[0], $dh, $b->[1] / 1024,
	    $l->[1] / 1024, $dr, $b->[2] / 1024, $l->[2] / 1024;' "$BASE" \
	    < "$H/series")
echo "$verdict" >> "$OUT"
echo "wall time ${wall}s" >> "$OUT"
echo "$verdict"
echo "wall time ${wall}s"

REPORT=$RES/long-$STAMP.txt
{
	echo "senderlint make bench-long, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -srm), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "commit $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$TOP" diff --quiet 2>/dev/null || echo ' (modified)')"
	echo
	cat "$OUT"
} > "$REPORT"
echo "report: $REPORT"
case $verdict in FLAT*) exit 0 ;; *) exit 1 ;; esac
