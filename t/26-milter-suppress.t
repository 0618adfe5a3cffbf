#!/bin/sh
# The suppression list through the real daemon on a unix socket
# (miltertest): a suppressed recipient is refused at RCPT with 550 5.7.1
# naming the reason and date while the other recipient of the same
# transaction goes on and the message is judged as usual; an entry scoped
# to a stream decides at the end of the message, through the rules; the
# tool writes while the daemon runs; a broken store tempfails the RCPT
# and is picked up once repaired; concurrent transactions; monitor mode
# by reload (the section's, and the daemon's); the list across a restart.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
SS="$TOP/milter/senderlint-suppress -c $H/sl/senderlint.conf"
h_config "$TOP/t/data/rules/suppress.yaml" "suppression:
  path: $H/sl/suppress"
LOG=$H/sl/senderlint.log

send() {	# NAME RCPTS EXPECT EOM [AUTH]
	out=$(miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
	    -D NAME="$1" -D RCPTS="$2" -D EXPECT="$3" -D EOM="$4" -D AUTH="${5:-}" \
	    -s "$TOP/t/milter/suppress.lua" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^(not )?ok - ' > "$H/tap.out"
	if [ ! -s "$H/tap.out" ] || [ $rc -ne 0 ]; then
		ok 1 "$1: miltertest ran (exit $rc)"
		diag "$out"
		return
	fi
	while IFS= read -r l; do
		case $l in
		"ok - "*) ok 0 "${l#ok - }" ;;
		*) ok 1 "${l#not ok - }" ;;
		esac
	done < "$H/tap.out"
	printf '%s\n' "$out" | grep '^#' || true
}

# A store that exists but is not LMDB: the RCPT is tempfailed (on_error
# tempfail), never let through; repaired, it is used without a restart.
mkdir -p "$H/sl/suppress"
printf 'not an LMDB file\n' > "$H/sl/suppress/data.mdb"
h_senderlint_start
send "broken store" "bob@example.net,rcpt@example.net" "replycode,replycode" none
like "$(cat "$LOG")" "suppression list: $H/sl/suppress: MDB_INVALID" "broken store: logged"
like "$(cat "$LOG")" "internal error: suppression list unreadable; answering tempfail" \
    "broken store: each RCPT gets the on_error answer (451 4.3.0)"
rm -rf "$H/sl/suppress"
$SS add -r unsubscribed -d 2026-11-02 bob@example.net > /dev/null
$SS add -r hard-bounce -d 2026-10-30T08:00:00Z @bounce.example > /dev/null
$SS add -r unsubscribed -d 2026-11-01 -s news carol@example.net > /dev/null
ok $? "the tool writes the store while the daemon runs"

send "one suppressed, one not" "Bob@Example.NET,rcpt@example.net" "replycode,continue" continue
sleep 0.2
like "$(cat "$LOG")" 'qid=SUPPQID rcpt=<Bob@Example.NET> fact=rcpt.suppressed entry=bob@example.net reason=unsubscribed date=2026-11-02 action=reject reply="550 5.7.1 <Bob@Example.NET>: suppressed \(unsubscribed on 2026-11-02\)"$' \
    "log: the refused RCPT, with the 550 5.7.1 reply naming reason and date"
like "$(cat "$LOG")" 'qid=SUPPQID .*stream=unknown from=.* rcpts=1 action=accept rules=-' \
    "log: the message went on with the other recipient and was judged as usual"
send "a whole domain" "rcpt@example.net,x@bounce.example" "continue,replycode" continue
like "$(cat "$LOG")" 'rcpt=<x@bounce.example> fact=rcpt.suppressed entry=@bounce.example reason=hard-bounce date=2026-10-30 action=reject reply="550 5.7.1 <x@bounce.example>: suppressed \(hard-bounce on 2026-10-30, domain bounce.example\)"' \
    "log: a domain entry is named in the reply"
send "every recipient suppressed" "bob@example.net,y@bounce.example" "replycode,replycode" none
send "scoped to the message's stream: the rule at the end of the message" \
    "carol@example.net" "continue" \
    "reply:rcpt.suppressed (<carol@example.net> unsubscribed on 2026-11-01, stream news); rule suppressed-bulk" news-weekly
send "scoped to another stream: nothing" "carol@example.net" "continue" continue shop

# the tool changes what the running daemon answers
$SS remove bob@example.net > /dev/null
send "removed: accepted again" "bob@example.net" "continue" continue
$SS add -r complaint dave@example.net > /dev/null
send "added: refused at once" "dave@example.net" "replycode" none

# concurrent transactions while an import of 50,000 entries commits
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "bulk%d@example.org\n", i }' > "$H/bulk.txt"
$SS import -r hard-bounce "$H/bulk.txt" > "$H/import.out" 2>&1 &
imp=$!
pids=
i=0
while [ $i -lt 4 ]; do
	(j=0; while [ $j -lt 10 ]; do
		miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
		    -D NAME=c -D RCPTS="dave@example.net,rcpt$i.$j@example.net" -D EXPECT="replycode,continue" \
		    -D EOM=continue -D QID="C$i$j" -s "$TOP/t/milter/suppress.lua" > "$H/conc.$i.$j" 2>&1
		j=$((j + 1))
	done) &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $imp $pids; do
	wait "$p"
done
is "$(cat "$H/import.out")" "imported 50000 entries from $H/bulk.txt (50000 lines)" "the import committed meanwhile"
is "$(cat "$H"/conc.* | grep -c '^ok - ')" 120 "40 concurrent transactions: every RCPT and every message answered right"
for f in $(grep -L '^ok - c: the message' "$H"/conc.* | head -2); do diag "$(cat "$f")"; done
send "after the import" "bulk49999@example.org" "replycode" none

# monitor mode, by reload: logged, let through, seen by the rules
sed 's|^  path: '"$H"'/sl/suppress$|&\n  mode: monitor|' "$H/sl/senderlint.conf" > "$H/sl/c.new"
mv "$H/sl/c.new" "$H/sl/senderlint.conf"
kill -USR1 "$H_SL_PID"
h_wait_for 10 grep -q 'reloaded' "$LOG"
ok $? "reload: mode monitor"
send "monitor" "dave@example.net,rcpt@example.net" "continue,continue" "tag:suppressed-watch"
like "$(cat "$LOG")" 'rcpt=<dave@example.net> fact=rcpt.suppressed entry=dave@example.net reason=complaint date=.* action=monitor reply="550 5.7.1 ' \
    "monitor: logged with the reply it would have given"
h_senderlint_stop

# across a restart
h_senderlint_start
send "after a restart" "dave@example.net,rcpt@example.net" "continue,continue" "tag:suppressed-watch"
sed '/^  mode: monitor$/d' "$H/sl/senderlint.conf" > "$H/sl/c.new"
mv "$H/sl/c.new" "$H/sl/senderlint.conf"
kill -USR1 "$H_SL_PID"
h_wait_for 10 sh -c "test \$(grep -c reloaded '$LOG') -ge 2"
send "after a restart, enforce again" "dave@example.net,rcpt@example.net" "replycode,continue" continue

# the whole daemon in mode monitor: the suppression list only logs too
echo "mode: monitor" >> "$H/sl/senderlint.conf"
kill -USR1 "$H_SL_PID"
h_wait_for 10 sh -c "test \$(grep -c reloaded '$LOG') -ge 3"
send "daemon in mode monitor" "dave@example.net,rcpt@example.net" "continue,continue" continue
like "$(tail -3 "$LOG")" 'rcpt=<dave@example.net> fact=rcpt.suppressed .* action=monitor ' \
    "daemon in mode monitor: the RCPT is logged as monitored"
h_senderlint_stop
tap_done
