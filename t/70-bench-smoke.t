#!/bin/sh
# The benchmark does not rot: bench/miltbench drives the no-op filter over
# unix and inet sockets and senderlint (a reject, a header removal), says
# so loudly when a filter breaks the protocol, and make bench's script
# runs end to end at a size of seconds, with its scaling tables
# (bench/scale.sh), as does make bench-long's (bench/long.sh). Speed is
# not checked here.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
MB=$TOP/bench/miltbench
MSGS=$TOP/bench/msgs

kv() {	# KEY: its value in the RESULT line of $H/mb.out
	sed -n "s/^RESULT.* $1=\([^ ]*\).*/\1/p" "$H/mb.out"
}

bench/noop-milter "unix:$H/noop.sock" > "$H/noop.log" 2>&1 &
NOOP=$!
h_track $NOOP
h_wait_for 10 test -S "$H/noop.sock" || bail "the no-op filter did not start"
"$MB" -c 3 -m 2 -n 10 -p "$NOOP" "unix:$H/noop.sock" "$MSGS"/*.eml > "$H/mb.out" 2>&1
ok $? "unix socket: 3 connections, 2 messages each, 10 in all: exit 0"
is "$(kv msgs)/$(kv continue)/$(kv errors)" "10/10/0" \
    "every message reached end of message and got continue, no protocol error"
is "$(kv connections)" 5 "10 messages at 2 per connection took 5 connections"
like "$(kv cpu_us_per_msg) $(kv hwm_kb)" '^[0-9]+ [0-9]+$' \
    "the filter's CPU per message and peak RSS were read from /proc"

PORT=$(h_free_port)
bench/noop-milter "inet:$PORT@127.0.0.1" > "$H/noop-inet.log" 2>&1 &
h_track $!
h_wait_for 10 perl -MIO::Socket::INET -e \
    "IO::Socket::INET->new('127.0.0.1:$PORT') or exit 1" ||
    bail "the no-op filter did not listen on $PORT"
"$MB" -c 2 -n 4 "inet:127.0.0.1:$PORT" "$MSGS/receipt.eml" > "$H/mb.out" 2>&1
ok $? "inet socket (host:port): exit 0"
is "$(kv continue)" 4 "4 messages answered"

h_config "$TOP/rules/default.yaml"
h_senderlint_start
"$MB" -v -n 2 "unix:$H/sl/senderlint.sock" "$MSGS/receipt.eml" \
    "$MSGS/malformed.eml" > "$H/mb.out" 2>&1
ok $? "senderlint: exit 0"
is "$(kv continue)/$(kv reject)" "1/1" "the receipt passes, the malformed message is rejected"
is "$(kv mod_chgheader)" 1 "the stream header was removed (SMFIR_CHGHEADER) at end of message"
like "$(cat "$H/mb.out")" 'protocol 0x[0-9a-f]+ .*HDR_LEADSPC' \
    "the negotiated flags are shown (-v), with SMFIP_HDR_LEADSPC"
like "$(grep 'protocol 0x' "$H/mb.out")" 'NR_CONN.*NR_HELO|NR_HELO.*NR_CONN' \
    "senderlint negotiates no reply to connect and HELO"
like "$(grep 'protocol 0x' "$H/mb.out")" 'NR_HDR' \
    "and to header fields"
like "$(grep 'protocol 0x' "$H/mb.out")" 'NR_EOH.*NR_BODY|NR_BODY.*NR_EOH' \
    "and to end of header and body chunks (it decides at end of message)"
h_senderlint_stop

# A "filter" that answers the negotiation with a packet of the wrong kind.
perl -MIO::Socket::UNIX -e '
	my $l = IO::Socket::UNIX->new(Local => $ARGV[0], Listen => 5) or die;
	while (my $c = $l->accept) { my $b; sysread($c, $b, 64);
		syswrite($c, pack("N", 1) . "c"); close $c }' "$H/bad.sock" &
h_track $!
h_wait_for 10 test -S "$H/bad.sock" || bail "the broken filter did not start"
"$MB" -n 1 "unix:$H/bad.sock" "$MSGS/receipt.eml" > "$H/mb.out" 2>&1
is "$?" 1 "a broken filter: exit 1"
like "$(cat "$H/mb.out")" 'PROTOCOL ERROR: .*negotiation: the filter did not answer SMFIC_OPTNEG' \
    "and the error is printed"
is "$(kv error)/$(kv errors)" "1/1" "and counted"

mkdir -p "$H/results"
BENCH_MSGS=10 BENCH_REPS=1 BENCH_CONNS=2 BENCH_POSTFIX=0 \
    BENCH_SCALE_RULES="2 20" BENCH_SCALE_RULE_MSGS=6 \
    BENCH_SCALE_SIZES="1 64" BENCH_SCALE_SIZE_MSGS="4 4" BENCH_SCALE_CONNS=2 \
    BENCH_RESULTS="$H/results" sh bench/run.sh > "$H/run.out" 2>&1
ok $? "bench/run.sh at smoke size: exit 0"
like "$(cat "$H/run.out")" 'senderlint +2 +[0-9]+ +[0-9.]+ ' \
    "its table has a senderlint row"
ok "$(test -s "$H/results/latest.txt"; echo $?)" "and it wrote the report"
unlike "$(cat "$H/run.out")" 'tempfail=[1-9]|error=[1-9]|Bail out' \
    "no filter deferred or failed a message"
like "$(cat "$H/run.out")" '^ +20 +[0-9]+ +[0-9.]+ +10 +continue=6 *$' \
    "scaling: the 20-rule row, its ratio to 2 rules, linear 10x, every message passed"
like "$(cat "$H/run.out")" '^ +64 KB +4 +[0-9]+ +[0-9.]+ +[0-9.-]+ +[0-9.]+ +continue=4 *$' \
    "scaling: the 64 KB row, CPU per message and per KB, peak RSS"
like "$(cat "$H/results/latest.txt")" 'scaling \(bench/scale.sh\)' \
    "and the scaling tables are in the report"

BENCH_LONG_MSGS=60 BENCH_LONG_EVERY=20 BENCH_LONG_CONNS=4 \
    BENCH_RESULTS="$H/results" sh bench/long.sh > "$H/long.out" 2>&1
st=$?
ok "$([ "$st" -le 1 ]; echo $?)" "bench/long.sh at smoke size: exit 0 or 1 (flat or not), no bail-out"
is "$(grep -cE '^ +(20|40|60) +[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+  continue=15 reject=5 tempfail=0$' \
    "$H/long.out")" 3 \
    "it sampled RSS after 20, 40 and 60 messages (a quarter, the malformed one, rejected)"
like "$(cat "$H/long.out")" '(NOT )?FLAT: last sample \(60 messages\) against the baseline, sample 2 \(40 messages\): VmHWM [-+][0-9.]+%' \
    "and compared the last sample with the second (the first is warm-up)"
tap_done
