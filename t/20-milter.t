#!/bin/sh
# Milter protocol: the real daemon on a unix socket, driven by miltertest.
# One daemon for all scripts (libmilter takes ~5 s to stop); one script
# per behaviour under t/milter/.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_config "$TOP/t/data/rules/milter.yaml"
h_senderlint_start

run_script() {	# NAME [miltertest -D options]
	s=$1
	shift
	out=$(miltertest -D SOCKET="unix:$H/sl/senderlint.sock" \
	    -D LIB="$TOP/t/milter/lib.lua" "$@" -s "$TOP/t/milter/$s.lua" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^(not )?ok - ' | while IFS= read -r line; do
		echo "$line"
	done > "$H/tap.$s"
	n=$(grep -c '' "$H/tap.$s")
	if [ "$n" -eq 0 ] || [ $rc -ne 0 ]; then
		ok 1 "$s.lua ran (exit $rc) and reported results"
		diag "$out"
		return
	fi
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok 0 "${line#ok - }" ;;
		"not ok - "*) ok 1 "${line#not ok - }" ;;
		esac
	done < "$H/tap.$s"
	printf '%s\n' "$out" | grep '^#' || true
}

for s in accept tag reject hold tempfail discard monitor stream; do
	run_script $s
done
run_script on_error -D EXPECT=tempfail

# One summary line per message, with the fields the brief names.
sleep 0.2
log=$(cat "$H/sl/senderlint.log")
like "$log" 'qid=TESTQID client=[0-9a-f.:]+ helo=[^ ]+ login=- mail_from=<[^ >]*> stream=unknown from="Example <sender@example.com>" rcpts=1 action=reject rules=single-from undecided=- monitor=- facts=[^ ]*rfc5322\.from\.multiple[^ ]* ms=[0-9.]+ reply="550 5.7.1 ' \
    "log: summary line for the rejected message"
like "$log" 'stream=news .* action=reject rules=bulk-unsub' "log: the stream name is logged"
like "$log" 'action=accept rules=- undecided=- monitor=watch-subject:reject' "log: monitor hits are logged as what they would have done"
n=$(grep -c 'qid=TESTQID' "$H/sl/senderlint.log")
is "$n" 11 "log: exactly one summary line per message (11 messages)"
like "$log" "internal error: smfi_quarantine failed .*; answering tempfail" "log: on_error says why"

# Counters in Prometheus text format, written atomically.
h_wait_for 5 grep -q 'action="discard"} 1' "$H/sl/senderlint.prom"
prom=$(cat "$H/sl/senderlint.prom" 2>/dev/null)
like "$prom" '^senderlint_messages_total\{action="reject"\} 3$' "stats: rejects counted"
like "$prom" 'senderlint_rule_hits_total\{rule="watch-subject",mode="monitor",action="reject"\} 1' \
    "stats: monitor hits counted per rule"
like "$prom" 'senderlint_rule_hits_total\{rule="single-from",mode="enforce",action="reject"\} 2' \
    "stats: enforced hits counted per rule"
like "$prom" '# TYPE senderlint_messages_total counter' "stats: TYPE lines present"

like "$prom" '^senderlint_errors_total 1$' "stats: the on_error answer is counted"

# SIGUSR1 at the milter level: on_error changes to accept.
sed 's/^on_error: tempfail$/on_error: accept/' "$H/sl/senderlint.conf" > "$H/sl/c.new"
mv "$H/sl/c.new" "$H/sl/senderlint.conf"
kill -USR1 "$H_SL_PID"
h_wait_for 10 grep -q 'reloaded' "$H/sl/senderlint.log"
ok $? "reload: the changed config is loaded"
run_script on_error -D EXPECT=accept

h_senderlint_stop
like "$(cat "$H/sl/senderlint.log")" 'stopping' "daemon stops on SIGTERM"
tap_done
