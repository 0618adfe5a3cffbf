#!/bin/sh
# make bench, scaling (issue 14 item 5): senderlint's CPU per message as
# the rule count and the message size grow, driven by bench/miltbench
# over a unix socket, authentication off (no DNS: what grows here is the
# rule engine and the body path).
#
# Rules: a rule file of N rules generated here, each one { regex: ... }
# condition on a header field (Subject, From, To, Message-ID, X-Mailer
# in turn) with its own pattern, all monitor and none matching, so the
# verdict is the same at every N; checked with senderlint-check -r. The
# messages are bench/msgs' receipt, newsletter and multipart notice,
# unsigned. Each N gets a fresh senderlint; the table gives its CPU per
# message and the ratio to the smallest N (linear would be N / N0).
#
# Sizes: a text/plain message of S KB generated here, under
# rules/default.yaml; each size gets a fresh senderlint and BENCH_CONNS
# messages in flight. The table gives CPU per message, per KB, the
# marginal CPU per KB above the smallest size (flat
# when the cost is linear in size) and peak RSS (VmHWM), which stays
# near the smallest size's when memory per message in flight does not
# grow with the body.
#
#   BENCH_SCALE_RULES="10 100 1000" BENCH_SCALE_RULE_MSGS=1000
#   BENCH_SCALE_SIZES="1 100 10240" (KB) BENCH_SCALE_SIZE_MSGS="1000 300 20"
#   BENCH_SCALE_CONNS=4 sh bench/scale.sh
#
# Output: the tables on stdout and in bench/results/scale-STAMP.txt.
set -eu
. t/lib/tap.sh
. t/lib/harness.sh
h_init
RULES=${BENCH_SCALE_RULES:-10 100 1000}
RULE_MSGS=${BENCH_SCALE_RULE_MSGS:-1000}
SIZES=${BENCH_SCALE_SIZES:-1 100 10240}
SIZE_MSGS=${BENCH_SCALE_SIZE_MSGS:-1000 300 20}
CONNS=${BENCH_SCALE_CONNS:-4}
MB=$TOP/bench/miltbench
CHECK=$TOP/milter/senderlint-check
RES=${BENCH_RESULTS:-$TOP/bench/results}
mkdir -p "$RES"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
for t in "$MB" "$SL" "$CHECK"; do
	[ -x "$t" ] || bail "$t is not built (run make bench)"
done

kv() {	# KEY: its value in the RESULT line of $H/mb.out
	sed -n "s/^RESULT.* $1=\([^ ]*\).*/\1/p" "$H/mb.out"
}

drive() {	# CONNS COUNT FILE...: one run against $H_SL_PID, in $H/mb.out
	dc=$1
	dn=$2
	shift 2
	if ! "$MB" -U -c "$dc" -n "$dn" -p "$H_SL_PID" -t 60000 \
	    "unix:$H/sl/senderlint.sock" "$@" > "$H/mb.out" 2>&1; then
		cat "$H/mb.out"
		bail "miltbench reported errors against senderlint"
	fi
}

verdict() {	# the final actions of the last run, those that happened
	for a in continue accept reject tempfail discard; do
		v=$(kv "$a")
		[ "$v" = 0 ] || printf '%s=%s ' "$a" "$v"
	done
}

gen_rules() {	# N: a rule file of N regex rules that never match
	perl -e '
		my @f = qw(Subject From To Message-ID X-Mailer);
		print "version: 1\nrules:\n";
		for my $i (1 .. $ARGV[0]) {
			my $id = sprintf "%04d", $i;
			print "  - id: scale-$id\n    all:\n",
			    "      - header: { name: $f[$i % @f], regex: ",
			    "\x27campaign-$id-[a-z]+[0-9]{3}\x27 }\n",
			    "    action: reject\n    mode: monitor\n";
		}' "$1"
}

gen_msg() {	# KB: a text/plain message of about KB kilobytes, CRLF
	perl -MPOSIX -e '
		my $kb = shift;
		print "From: Example Shop <orders\@shop.sl.example>\r\n",
		    "To: customer\@example.net\r\n",
		    "Subject: Your order, $kb KB\r\n",
		    "Date: ", POSIX::strftime("%a, %d %b %Y %H:%M:%S +0000",
		    gmtime), "\r\n",
		    "Message-ID: <scale-$kb\@shop.sl.example>\r\n",
		    "MIME-Version: 1.0\r\n",
		    "Content-Type: text/plain; charset=us-ascii\r\n",
		    "X-Mailer: bench/scale.sh\r\n\r\n";
		my $line = ("Thank you for your order, it ships soon. " x 2);
		$line = substr($line, 0, 76) . "\r\n";
		print $line for 1 .. int($kb * 1024 / length $line) || 1;' "$1"
}

SMSGS="$TOP/bench/msgs/receipt.eml $TOP/bench/msgs/newsletter.eml $TOP/bench/msgs/multipart-html.eml"
OUT=$H/scale.txt
: > "$OUT"

# Part 1: rules.
echo "rules: $RULE_MSGS messages per count, $CONNS connections, one message per connection" >> "$OUT"
printf '    %-6s %10s %10s %8s  %s\n' rules "CPU us/msg" "x fewest" "linear" verdict >> "$OUT"
base=
first=
for n in $RULES; do
	gen_rules "$n" > "$H/rules-$n.yaml"
	"$CHECK" -n -r "$H/rules-$n.yaml" > "$H/check.out" 2>&1 ||
	    { cat "$H/check.out"; bail "the generated $n-rule file does not load"; }
	h_config "$H/rules-$n.yaml"
	h_senderlint_start
	# shellcheck disable=SC2086
	drive "$CONNS" 40 $SMSGS
	# shellcheck disable=SC2086
	drive "$CONNS" "$RULE_MSGS" $SMSGS
	cpu=$(kv cpu_us_per_msg)
	h_senderlint_stop > /dev/null
	[ -n "$base" ] || { base=$cpu; first=$n; }
	perl -e 'printf "    %-6d %10d %10.2f %8.0f  %s\n", $ARGV[0], $ARGV[1],
	    $ARGV[2] > 0 ? $ARGV[1] / $ARGV[2] : 0, $ARGV[0] / $ARGV[3], $ARGV[4]' \
	    "$n" "$cpu" "$base" "$first" "$(verdict)" >> "$OUT"
done

# Part 2: message sizes.
{
	echo
	echo "message size: rules/default.yaml, $CONNS connections (messages in flight), one message per connection"
	printf '    %-8s %6s %12s %10s %16s %12s  %s\n' size msgs "CPU us/msg" \
	    "us/KB" "marginal us/KB" "peak RSS MB" verdict
} >> "$OUT"
base=
basekb=
# shellcheck disable=SC2086
set -- $SIZE_MSGS
for kb in $SIZES; do
	n=${1:-20}
	[ $# -eq 0 ] || shift
	gen_msg "$kb" > "$H/msg-$kb.eml"
	real=$(($(wc -c < "$H/msg-$kb.eml") / 1024))
	[ "$real" -gt 0 ] || real=1
	h_config "$TOP/rules/default.yaml"
	h_senderlint_start
	drive "$CONNS" "$CONNS" "$H/msg-$kb.eml"
	drive "$CONNS" "$n" "$H/msg-$kb.eml"
	cpu=$(kv cpu_us_per_msg)
	hwm=$(kv hwm_kb)
	h_senderlint_stop > /dev/null
	[ -n "$base" ] || { base=$cpu; basekb=$real; }
	perl -e 'my ($kb, $n, $cpu, $real, $b, $bkb, $hwm, $v) = @ARGV;
	    printf "    %-8s %6d %12d %10.2f %16s %12.1f  %s\n",
	    ($kb >= 1024 ? ($kb / 1024) . " MB" : "$kb KB"), $n, $cpu,
	    $cpu / $real, $real > $bkb ?
	    sprintf("%.2f", ($cpu - $b) / ($real - $bkb)) : "-",
	    $hwm / 1024, $v' \
	    "$kb" "$n" "$cpu" "$real" "$base" "$basekb" "$hwm" "$(verdict)" >> "$OUT"
done

REPORT=$RES/scale-$STAMP.txt
{
	echo "senderlint make bench, scaling, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -srm), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "commit $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$TOP" diff --quiet 2>/dev/null || echo ' (modified)')"
	echo
	cat "$OUT"
} > "$REPORT"
cat "$OUT"
echo "report: $REPORT"
