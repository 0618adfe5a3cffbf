#!/bin/sh
# The metrics listener (senderlint.conf(5) stats: listen): a non-loopback
# address is refused at config load unless allow_remote; GET /metrics
# scraped with curl serves every rule from start-up with 0, the counts of
# known messages, consistent histograms, also while miltbench streams mail;
# silent and slow scrapers hold a slot for a bounded time and never stop
# mail; other paths 404, other methods 405; a reload renders the new rule
# set; a port in use stops the start; a unix socket listener works and is
# removed at exit; DNS and store counters move; every series
# the Grafana dashboard (etc/grafana-senderlint.json) queries exists.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
MB=$TOP/bench/miltbench
MSGS=$TOP/bench/msgs
[ -x "$MB" ] || bail "bench/miltbench is not built (make tests)"
command -v curl >/dev/null || bail "curl is not installed (.ci/packages)"
cp "$TOP/t/data/rules/milter.yaml" "$H/sl/rules.yaml"
h_config "$H/sl/rules.yaml"
cp "$H/sl/senderlint.conf" "$H/base.conf"

with_stats() {	# LINES: base.conf with LINES added to the stats: map
	awk -v add="$1" '{ print } /^  interval: 1$/ { print add }' \
	    "$H/base.conf" > "$H/sl/senderlint.conf"
}

# --- config load: what may be bound ---------------------------------------
C=$H/sl/senderlint.conf
refused() {	# LISTEN REGEX NAME
	with_stats "  listen: $1"
	out=$("$SL" -n -c "$C" 2>&1)
	rc=$?
	is "$rc" 1 "$3: senderlint -n exits 1"
	like "$out" "^$C:11:11: .*$2" "$3: the error names file:line:col"
}
refused "inet:192.0.2.1:9469" 'stats listen "inet:192.0.2.1:9469" is not a loopback address.*allow_remote: true' \
    "a routable IPv4 address"
refused "inet:0.0.0.0:9469" 'stats listen "inet:0.0.0.0:9469" is not a loopback address' \
    "the IPv4 wildcard"
refused "inet:[2001:db8::1]:9469" 'is not a loopback address' "a routable IPv6 address"
refused "inet:[::]:9469" 'is not a loopback address' "the IPv6 wildcard"
refused "inet:localhost:9469" 'listen must be inet:IPV4:PORT.*numeric' "a host name (numeric only)"
refused "inet:127.0.0.1:0" 'listen must be inet:IPV4:PORT' "port 0"
refused "127.0.0.1:9469" 'listen must start with inet: or unix:' "no scheme"
refused "unix:relative.sock" 'a unix socket needs an absolute path' "a relative unix path"

accepted() {	# LINES NAME
	with_stats "$1"
	out=$("$SL" -n -c "$C" 2>&1)
	is "$?" 0 "$2: senderlint -n exits 0"
	like "$out" ': OK, ' "$2: and says OK"
}
accepted "  allow_remote: true
  listen: inet:0.0.0.0:9469" "a wildcard address with allow_remote: true"
accepted "  listen: inet:[::1]:9469" "IPv6 loopback"
accepted "  listen: inet:127.0.0.2:9469" "any 127/8 address"
accepted "  listen: unix:$H/sl/metrics.sock" "a unix socket"

# --- the daemon on loopback ------------------------------------------------
PORT=$(h_free_port)
URL=http://127.0.0.1:$PORT/metrics
with_stats "  listen: inet:127.0.0.1:$PORT"
h_senderlint_start
h_wait_for 10 curl -sf -o /dev/null "$URL" || bail "no answer on $URL"

scrape() { curl -s --max-time 10 "$URL"; }
val() {	# SCRAPE SERIES: the value of one sample line, or "missing"
	printf '%s\n' "$1" | awk -v s="$2" '
	    index($0, s " ") == 1 { print substr($0, length(s) + 2); f = 1 }
	    END { if (!f) print "missing" }'
}
total() {	# SCRAPE: senderlint_messages_total summed over actions
	printf '%s\n' "$1" | awk '/^senderlint_messages_total\{/ { n += $2 }
	    END { print n + 0 }'
}

s=$(scrape)
head=$(curl -s -i --max-time 10 "$URL" | sed -n '1,/^\r*$/p' | tr -d '\r')
like "$head" '^HTTP/1.0 200 OK' "200 OK, HTTP/1.0"
like "$head" 'Content-Type: text/plain; version=0.0.4' "the Prometheus text format content type"
like "$head" 'Connection: close' "the connection is closed after the response"
missing=
for r in $(sed -n 's/^  - id: //p' "$H/sl/rules.yaml"); do
	printf '%s\n' "$s" | grep -Eq "^senderlint_rule_hits_total\{rule=\"$r\",mode=\"[a-z]+\",action=\"[a-z]+\"\} 0$" &&
	printf '%s\n' "$s" | grep -q "^senderlint_rule_undecided_total{rule=\"$r\"} 0$" ||
	    missing="$missing $r"
done
is "${missing:-none}" none "every rule of the file has its hits and undecided series at 0 from start-up"
is "$(val "$s" 'senderlint_rule_hits_total{rule="watch-subject",mode="monitor",action="reject"}')" 0 \
    "a monitor rule's series carries mode=\"monitor\" and its action"
is "$(val "$s" 'senderlint_facts_total{fact="rfc5322.from.multiple"}')" 0 "facts are present from start-up"
is "$(val "$s" 'senderlint_verdict_seconds_count')" 0 "no verdict yet"

# known messages: reject.lua sends one with two From fields, one without
out=$(miltertest -D SOCKET="unix:$H/sl/senderlint.sock" \
    -D LIB="$TOP/t/milter/lib.lua" -s "$TOP/t/milter/reject.lua" 2>&1)
is "$(printf '%s\n' "$out" | grep -c '^ok - ')" 3 "reject.lua: its 3 checks pass"
s=$(scrape)
for kv in 'senderlint_messages_total{action="reject"} 2' \
    'senderlint_messages_total{action="accept"} 0' \
    'senderlint_stream_messages_total{stream="unknown",action="reject"} 2' \
    'senderlint_rule_hits_total{rule="single-from",mode="enforce",action="reject"} 2' \
    'senderlint_facts_total{fact="rfc5322.from.multiple"} 1' \
    'senderlint_facts_total{fact="rfc5322.from.missing"} 1' \
    'senderlint_verdict_seconds_count 2' 'senderlint_eom_seconds_count 2' \
    'senderlint_errors_total 0'; do
	is "$(val "$s" "${kv% *}")" "${kv##* }" "after reject.lua: ${kv% *}"
done

# --- 404, 405, 400, 431 ----------------------------------------------------
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@"; }
is "$(code "http://127.0.0.1:$PORT/")" 404 "GET / is 404"
is "$(code "http://127.0.0.1:$PORT/metrics/x")" 404 "GET /metrics/x is 404"
is "$(code "$URL?name[]=x")" 200 "a query string is ignored"
is "$(code -X POST -d x=1 "$URL")" 405 "POST is 405"
is "$(code -I "$URL")" 405 "HEAD is 405"
is "$(code -H "X-Big: $(head -c 5000 /dev/zero | tr '\0' a)" "$URL")" 431 \
    "a request header over 4 KB is 431"
is "$(printf 'hello\r\n\r\n' | perl -MIO::Socket::INET -e '
	my $c = IO::Socket::INET->new("127.0.0.1:'"$PORT"'") or die;
	local $/; print $c <STDIN>; $c->shutdown(1); my $r = <$c>;
	print $r =~ m{^HTTP/1.0 (\d+)} ? $1 : "none"')" 400 "a request line that is not HTTP is 400"

# --- under load: scrapes while miltbench streams mail -----------------------
N=300
"$MB" -c 4 -n $N "unix:$H/sl/senderlint.sock" "$MSGS"/*.eml > "$H/mb.out" 2>&1 &
MBPID=$!
h_track $MBPID
codes= prev=0 mono=yes scrapes=0
while kill -0 $MBPID 2>/dev/null && [ $scrapes -lt 200 ]; do
	curl -s --max-time 10 -o "$H/scrape" -w '%{http_code}\n' "$URL" >> "$H/codes"
	t=$(total "$(cat "$H/scrape")")
	[ "$t" -ge "$prev" ] || mono="no: $prev then $t"
	prev=$t
	scrapes=$((scrapes + 1))
done
wait $MBPID
is "$?" 0 "miltbench: $N messages, exit 0"
h_untrack $MBPID
ok $((scrapes < 3)) "$scrapes scrapes while the messages flowed"
is "$(sort -u "$H/codes")" 200 "every scrape under load answered 200"
is "$mono" yes "the message total never went down from one scrape to the next"
s=$(scrape)
is "$(total "$s")" $((N + 2)) "every message counted once ($N + 2)"

hist_ok() {	# SCRAPE NAME: buckets cumulative, +Inf == _count
	printf '%s\n' "$1" | awk -v n="$2" '
	    index($0, n "_bucket{") == 1 { if ($2 < p) bad = 1; p = $2; inf = $2 }
	    index($0, n "_count ") == 1 { c = $2 }
	    END { if (bad) print "not monotonic"; else if (inf != c) print "+Inf " inf " != count " c; else print "ok " c }'
}
for h in senderlint_verdict_seconds senderlint_eom_seconds; do
	is "$(hist_ok "$s" $h)" "ok $((N + 2))" "$h: buckets cumulative, +Inf == _count == messages"
done
like "$(val "$s" senderlint_eom_seconds_sum)" '^[0-9]+\.[0-9]{6}$' "eom _sum is in seconds"

# --- silent and slow scrapers never stop mail --------------------------------
# 10 connections (more than the 8 slots): 9 send nothing, one half a request;
# the holder reports how many the daemon closed and when.
perl -MIO::Socket::INET -MIO::Select -MTime::HiRes=time -e '
	my ($port, $n, $ready) = @ARGV; my $t0 = time; my @c;
	for (1 .. $n) { push @c, IO::Socket::INET->new("127.0.0.1:$port") or die "connect: $!" }
	print { $c[0] } "GET /metrics HTTP/1.0\r\nHost: x\r\n";
	open my $r, ">", $ready; close $r;
	my $sel = IO::Select->new(@c); my $closed = 0;
	while ($sel->count && time - $t0 < 30) {
		for my $s ($sel->can_read(1)) {
			my $b; if (!sysread($s, $b, 4096)) { $closed++; $sel->remove($s) }
		}
	}
	printf "closed %d of %d in %.0f s\n", $closed, $n, time - $t0;
	' "$PORT" 10 "$H/held.ready" > "$H/held.out" 2>&1 &
HOLDER=$!
h_track $HOLDER
h_wait_for 10 test -e "$H/held.ready" || bail "the silent scrapers did not connect"
t0=$(date +%s)
"$MB" -c 2 -n 40 "unix:$H/sl/senderlint.sock" "$MSGS"/*.eml > "$H/mb2.out" 2>&1
is "$?" 0 "40 messages while every slot is held by a silent scraper: exit 0"
dt=$(($(date +%s) - t0))
ok $((dt >= 5)) "and they were answered without waiting for the scrapers ($dt s; a slot times out at 5 s)"
is "$(code --max-time 20 "$URL")" 200 "a scrape behind them is answered once their time is up"
wait $HOLDER
h_untrack $HOLDER
like "$(cat "$H/held.out")" '^closed 10 of 10 in ([5-9]|1[0-9]) s' \
    "the daemon dropped every silent or half-sent scraper after its timeout"
is "$(total "$(scrape)")" $((N + 42)) "the 40 messages are counted"

# --- the dashboard's series exist in this scrape ------------------------------
s=$(scrape)
series() { grep -v '^#' | sed 's/[{ ].*//' | sort -u; }
h_wait_for 5 grep -q 'senderlint_messages_total' "$H/sl/senderlint.prom"
is "$(series < "$H/sl/senderlint.prom" | tr '\n' ' ')" "$(printf '%s\n' "$s" | series | tr '\n' ' ')" \
    "the textfile and /metrics carry the same series (one renderer)"
names=$(jq -r '.. | objects | (.expr?, .query?.query?, .definition?) // empty | strings' \
    "$TOP/etc/grafana-senderlint.json" | grep -o 'senderlint_[a-z_]*' | sort -u)
ok $([ "$(printf '%s\n' "$names" | grep -c .)" -ge 15 ]; echo $?) \
    "the dashboard queries $(printf '%s\n' "$names" | grep -c .) series names"
absent=
for n in $names; do
	printf '%s\n' "$s" | grep -Eq "^$n(\{| )" || absent="$absent $n"
done
is "${absent:-none}" none "every series the dashboard queries exists in a real scrape"
bad=$(jq -r '.panels[] | select(.datasource.uid != "${datasource}") | .title' \
    "$TOP/etc/grafana-senderlint.json")
is "${bad:-none}" none "every panel reads the dashboard's datasource variable"

# --- a reload renders the new rule set -----------------------------------------
before=$(scrape)
sed 's/^  - id: watch-subject$/  - id: watch-subject-v2/' "$TOP/t/data/rules/milter.yaml" > "$H/sl/rules.yaml"
kill -USR1 "$H_SL_PID"
h_wait_for 10 grep -q 'reloaded' "$H/sl/senderlint.log" || diag "no reload logged"
s=$(scrape)
is "$(val "$s" 'senderlint_rule_hits_total{rule="watch-subject-v2",mode="monitor",action="reject"}')" 0 \
    "after a reload: the new rule is present with 0"
unlike "$s" 'rule="watch-subject"' "after a reload: the dropped rule is gone"
is "$(val "$s" 'senderlint_rule_hits_total{rule="single-from",mode="enforce",action="reject"}')" \
    "$(val "$before" 'senderlint_rule_hits_total{rule="single-from",mode="enforce",action="reject"}')" \
    "after a reload: a kept rule keeps its count"
is "$(val "$s" 'senderlint_reloads_total{result="ok"}')" 1 "the reload is counted"
h_senderlint_stop

# --- a port in use stops the start, with the reason -------------------------
BUSY=$(h_free_port)
perl -MIO::Socket::INET -e '
	my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1",
	    LocalPort => $ARGV[0]) or die "listen: $!";
	open my $r, ">", $ARGV[1]; close $r; sleep 60' "$BUSY" "$H/busy.ready" &
BUSYPID=$!
h_track $BUSYPID
h_wait_for 10 test -e "$H/busy.ready" || bail "could not hold port $BUSY"
with_stats "  listen: inet:127.0.0.1:$BUSY"
out=$(timeout 30 "$SL" -c "$H/sl/senderlint.conf" 2>&1)
rc=$?
[ $rc -eq 0 ] && kill "$(cat "$H/sl/senderlint.pid")"	# it should not have started
is "$rc" 1 "listen on a port in use: the start fails (exit 1)"
like "$out" 'metrics listener: cannot listen: Address already in use' "and says why"
ok $(test ! -e "$H/sl/senderlint.sock" && test ! -e "$H/sl/senderlint.pid"; echo $?) \
    "and leaves neither the milter socket nor the pid file behind"
kill "$BUSYPID"
h_untrack "$BUSYPID"

# --- a unix socket listener; DNS and the suppression list counted -----------
h_dns_record lat.example TXT "v=spf1 ip4:192.0.2.25 -all"
h_dns_record lat.example MX "10 mx.lat.example"
h_dns_record mx.lat.example A 192.0.2.25
h_dns_record _dmarc.lat.example TXT "v=DMARC1; p=reject"
h_dns_start
with_stats "  listen: unix:$H/sl/metrics.sock"
cat >> "$H/sl/senderlint.conf" <<CONF
dns:
  nameservers: [ "$H_DNS" ]
authentication:
  egress_ips: [ 192.0.2.25 ]
  outbound_helo: mx.lat.example
suppression:
  path: $H/sl/suppress
identity_store:
  path: $H/sl/identity
unsubscribe_window:
  path: $H/sl/unsubwin
CONF
"$TOP/milter/senderlint-suppress" -c "$H/sl/senderlint.conf" add -r unsubscribed \
    -d 2026-11-02 nobody@example.net > /dev/null || bail "senderlint-suppress add failed"
h_senderlint_start
h_wait_for 10 test -S "$H/sl/metrics.sock"
uscrape() { curl -s --max-time 10 --unix-socket "$H/sl/metrics.sock" http://x/metrics; }
like "$(uscrape)" '^senderlint_messages_total\{action="accept"\} 0$' "unix:/path: GET /metrics answers"
is "$(stat -c %a "$H/sl/metrics.sock")" 660 "the socket file is mode 0660"
rm -f "$H/stop"
miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
    -D STOP="$H/stop" -D ID=dns -D MAX=2 -s "$TOP/t/milter/loop.lua" > "$H/loop.out" 2>&1
is "$(grep -c '^ok - dns message' "$H/loop.out")" 2 "two messages from the test zone answered"
s=$(uscrape)
q=$(val "$s" senderlint_dns_queries_total)
ok $([ "$q" -ge 2 ] 2>/dev/null; echo $?) "the first message's lookups were sent ($q queries)"
c=$(val "$s" senderlint_dns_cache_hits_total)
ok $([ "$c" -ge 2 ] 2>/dev/null; echo $?) "repeated lookups were answered from the cache ($c cache hits)"
is "$(val "$s" senderlint_dns_failures_total)/$(val "$s" senderlint_dns_timeouts_total)" 0/0 \
    "no DNS failure or timeout"
o=$(val "$s" 'senderlint_store_operations_total{store="suppression"}')
ok $([ "$o" -ge 2 ] 2>/dev/null; echo $?) "the suppression list was read for each message ($o operations)"
is "$(val "$s" 'senderlint_store_failures_total{store="suppression"}')" 0 "without a failure"
cat > "$H/news.lua" <<'LUA'
dofile(LIB)
T.run(function()
	local conn = T.send({ auth = "news-1", from = "<b@lat.example>",
	    headers = T.headers({ { "List-Unsubscribe-Post", " List-Unsubscribe=One-Click" } }) })
	print("ok - answered " .. T.rname(mt.getreply(conn)))
	mt.disconnect(conn)
end)
LUA
out=$(miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
    -s "$H/news.lua" 2>&1)
like "$out" '^ok - answered' "a message in the news stream is answered"
s=$(uscrape)
for st in identity unsubscribe_window; do
	is "$(val "$s" "senderlint_store_operations_total{store=\"$st\"}")/$(val "$s" "senderlint_store_failures_total{store=\"$st\"}")" \
	    2/0 "$st store: one lookup and one update for the message that left, no failure"
done

# a reload onto a server that never answers timeout.* (t/tools/dnsfault)
h_dnsfault_start
reloads=$(grep -c reloaded "$H/sl/senderlint.log")
sed -i "s|nameservers: \[ \"$H_DNS\" \]|nameservers: [ \"$H_FAULT\" ]\\n  timeout: 200|" "$H/sl/senderlint.conf"
kill -USR1 "$H_SL_PID"
h_wait_for 10 sh -c "[ \$(grep -c reloaded '$H/sl/senderlint.log') -gt $reloads ]" ||
    diag "the reload onto dnsfault was not logged"
cat > "$H/timeout.lua" <<'LUA'
dofile(LIB)
T.run(function()
	local conn = T.send({ from = "<b@timeout.example>", headers = {
		{ "From", " T <t@timeout.example>" }, { "To", " rcpt@example.net" },
		{ "Date", " Thu, 26 Nov 2026 06:00:00 +0000" },
		{ "Message-ID", " <t@timeout.example>" }, { "Subject", " hi" } } })
	print("ok - answered " .. T.rname(mt.getreply(conn)))
	mt.disconnect(conn)
end)
LUA
out=$(miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
    -s "$H/timeout.lua" 2>&1)
like "$out" '^ok - answered' "a message whose lookups time out is answered"
s=$(uscrape)
f=$(val "$s" senderlint_dns_failures_total)
t=$(val "$s" senderlint_dns_timeouts_total)
ok $([ "$t" -ge 1 ] && [ "$f" -ge "$t" ] 2>/dev/null; echo $?) \
    "its lookups are counted as timeouts ($t) and failures ($f)"
h_senderlint_stop
ok $(test ! -e "$H/sl/metrics.sock"; echo $?) "the socket file is removed at exit"
tap_done
