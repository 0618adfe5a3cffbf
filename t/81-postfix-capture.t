#!/bin/sh
# Capture for replay, end to end: a private Postfix hands messages to
# senderlint with a capture section; the store it writes (one record per
# message, mode 0600 in a 0700 directory, owned by the daemon's user,
# bounded by size and age with the oldest dropped first) is read back by
# senderlint-check, which gives each message the verdict and the facts
# the daemon logged for it live, with the envelope and connection data
# restored. A damaged record is reported with its line and skipped.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
export LC_ALL=C
C=$H/capture
# Records the daemon finds in the store: one too old to keep, one so
# large that the store is over its size; both must go at the first write.
mkdir -m 700 "$C"
printf 'old\n' > "$C/0000001000.000000-1-OLD.cap"
head -c 1100000 /dev/zero > "$C/$(($(date +%s) - 60)).000000-2-BIG.cap"
printf 'not a record\n' > "$C/notes.txt"
h_config "$TOP/rules/default.yaml" "capture:
  path: $C
  rate: 1
  body_kb: 64
  max_mb: 1
  max_age: 1d"
h_senderlint_start
h_sink_start
h_postfix_start

n=0
for f in t/data/demo/*.eml t/data/e2e/two-from.eml t/data/e2e/plain.eml; do
	h_send "$f" --from "bounce-$n@example.com" --to "rcpt$n@example.net" \
	    --helo "client$n.senderlint.test"
	n=$((n + 1))
done
h_wait_for 20 sh -c "[ \$(grep -c ' action=' '$H/sl/senderlint.log') -ge $n ]"
ok $? "the daemon judged all $n messages"
h_wait_for 10 sh -c "[ \$(ls '$C' | grep -c '\\.cap\$') -ge $n ]"
is "$(ls "$C" | grep -c '\.cap$')" "$n" "rate: 1 keeps one record per message, and only those"
ok "$(test ! -e "$C/0000001000.000000-1-OLD.cap"; echo $?)" "a record older than max_age is dropped"
ok "$(ls "$C" | grep -q BIG; test $? -ne 0; echo $?)" "the oldest records go when the store is over max_mb"
ok "$(test -e "$C/notes.txt"; echo $?)" "files that are not records are left alone"
rm "$C/notes.txt"
is "$(ls -A "$C" | grep -c '^\.tmp')" 0 "no temporary file is left"
uid=$(ps -o uid= -p "$H_SL_PID" | tr -d ' ')
is "$(stat -c '%a %u' "$C")" "700 $uid" "the store is a 0700 directory of the daemon's user"
is "$(stat -c '%a %u' "$C"/*.cap | sort -u)" "600 $uid" "each record is mode 0600, owned by the daemon's user"

# replay: the same verdicts and facts as live, message by message
perl -ne '
	next unless /qid=(\S+) .* action=(\S+) rules=(\S+) undecided=(\S+) monitor=(\S+) facts=(\S+)/;
	print "$1 $2 $3 $4 $5 $6\n";' "$H/sl/senderlint.log" | sort > "$H/live"
"$SLC" -c "$H/sl/senderlint.conf" --json "$C" > "$H/replay.json" 2> "$H/replay.err"
is "$?" 1 "senderlint-check reads the store (exit 1: some were rejected)"
is "$(cat "$H/replay.err")" "" "and reads every record without an error"
perl -MJSON::PP -ne '
	my $j = decode_json($_);
	my $l = sub { @{$_[0]} ? join(",", @{$_[0]}) : "-" };
	my @t = map { $_->{id} } grep { $_->{value} eq "1" } @{$j->{facts}};
	my @m = map { "$_->{rule}:$_->{action}" } @{$j->{monitor}};
	printf "%s %s %s %s %s %s\n", $j->{capture}{qid}, $j->{action}, $l->($j->{rules}),
	    $l->($j->{undecided}), @m ? join(",", @m) : "-", @t ? join(",", @t) : "-";' \
    "$H/replay.json" | sort > "$H/replay"
is "$(grep -c '' "$H/replay")" "$n" "one replayed verdict per captured message"
while read -r q rest; do
	is "$(grep "^$q " "$H/replay")" "$q $rest" "replay = live for $q: action, rules, undecided, monitor, facts"
done < "$H/live"
actions=$(cut -d' ' -f2 "$H/replay" | sort -u | tr '\n' ' ')
like "$actions" "accept .*reject" "the messages cover more than one action ($actions)"

# the envelope and connection data come back from the record
out=$(jq -r '[.envelope.mail_from, (.envelope.rcpt | join(",")), .envelope.client_ip, .envelope.helo] |
    join(" ")' "$H/replay.json" | sed 's/[0-9][0-9]*/N/g' | sort | uniq -c | tr -s ' ')
is "$out" " $n <bounce-N@example.com> <rcptN@example.net> N.N.N.N clientN.senderlint.test" \
    "MAIL FROM, RCPT TO, client address and HELO come back from each record"
is "$(jq -r '[.envelope.mail_from, .envelope.helo] | join(" ")' "$H/replay.json" |
    sed 's/[^0-9 ]//g' | awk '$1 != $2' | wc -l | tr -d ' ')" 0 \
    "each record has its own message's envelope (bounce-N goes with clientN)"
is "$(jq -r '.capture | select(.rules == "single-from") | .action' "$H/replay.json" | sort -u)" "reject" \
    "the record keeps the live action and rules"
is "$(jq -r 'select(.capture.body_total > 0) | .capture.body_kept == .capture.body_total' "$H/replay.json" | sort -u)" \
    "true" "body_kb: 64 keeps these bodies whole"

# a rule that reads the login, the client or the service works offline
cat > "$H/env.yaml" <<'EOF'
version: 1
rules:
  - id: from-loopback
    when: { client: 127.0.0.0/8 }
    all: [ { helo: "client*.senderlint.test" }, { mail_from: "bounce-*@example.com" } ]
    action: tag
EOF
out=$("$SLC" -r "$H/env.yaml" --summary --json "$C" | jq -c '[.messages, (.rules[0].matched)]')
is "$out" "[$n,$n]" "rules on the client, HELO and MAIL FROM match every replayed message"

# a damaged record: its file and line; the rest is still read; exit 2
first=$(ls "$C" | grep '\.cap$' | head -1)
sed -i 's/^time .*/time yesterday/' "$C/$first"
last=$(ls "$C" | grep '\.cap$' | tail -1)
head -c -10 "$C/$last" > "$H/cut" && cat "$H/cut" > "$C/$last"
"$SLC" -c "$H/sl/senderlint.conf" --json "$C" > "$H/replay2.json" 2> "$H/replay2.err"
is "$?" 2 "damaged records: exit 2"
like "$(cat "$H/replay2.err")" "^senderlint-check: $C/$first: line 2: bad value for time; record skipped\$" \
    "a bad value: the record and the line"
like "$(cat "$H/replay2.err")" "^senderlint-check: $C/$last: line [0-9]+: the message has [0-9]+ bytes, the record says [0-9]+ \\(cut short or damaged\\); record skipped\$" \
    "a record cut short: says so"
is "$(grep -c '' "$H/replay2.json")" "$((n - 2))" "every other record is still judged"
h_senderlint_stop

# body_kb keeps the start of a long body, and the record says how much
h_config "$TOP/rules/default.yaml" "capture: { path: $H/capture2, rate: 1, body_kb: 1 }"
h_senderlint_start
{
	sed '/^$/q' t/data/demo/1-conforming.eml
	i=0
	while [ $i -lt 60 ]; do
		printf 'line %02d of a long body, long enough to pass one kilobyte.\r\n' $i
		i=$((i + 1))
	done
} > "$H/long.eml"
h_send "$H/long.eml"
h_wait_for 10 sh -c "ls '$H/capture2' | grep -q '\.cap\$'"
out=$("$SLC" -c "$H/sl/senderlint.conf" --json "$H/capture2" | jq -c '[.capture.body_kept, .capture.body_total > 3000]')
is "$out" '[1024,true]' "body_kb: 1 keeps the first 1024 bytes of a longer body"
h_senderlint_stop
tap_done
