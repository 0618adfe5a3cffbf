#!/bin/sh
# Daemon mode as a postmaster runs it: detaches, writes its pid file, opens
# its socket with the configured mode and group, runs as the configured
# user, writes counters, and stops on SIGTERM sent to the pid in the file.
# SIGHUP stops it too (libmilter), which the man page documents.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
mkdir -p "$H/run"
chown nobody "$H/run"
cat > "$H/sl/senderlint.conf" <<CONF
socket:
  path: unix:$H/run/senderlint.sock
  mode: "0660"
  group: postfix
user: nobody
pid_file: $H/run/senderlint.pid
rules: $TOP/t/data/rules/milter.yaml
stats:
  file: $H/run/senderlint.prom
  interval: 1
$H_SCOPE
CONF

start() {
	"$SL" -c "$H/sl/senderlint.conf" > "$H/start.out" 2>&1
	rc=$?
	h_wait_for 10 test -s "$H/run/senderlint.pid"
	pid=$(cat "$H/run/senderlint.pid" 2>/dev/null)
	[ -n "$pid" ] && h_track "$pid"
}

start
is "$rc" 0 "senderlint without -f returns 0 after detaching"
[ -n "$pid" ]
ok $? "the pid file names a process"
kill -0 "$pid" 2>/dev/null
ok $? "the process in the pid file runs"
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
is "$uid" "$(id -u nobody)" "it runs as the configured user"
mysid=$(ps -o sid= -p $$ | tr -d ' ')
itssid=$(ps -o sid= -p "$pid" | tr -d ' ')
ok $((mysid == itssid)) "it is detached (its own session, $itssid, not ours, $mysid)"
is "$(stat -c '%a %G' "$H/run/senderlint.sock")" "660 postfix" "the socket has mode 0660 and group postfix"
out=$(miltertest -D SOCKET="unix:$H/run/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
    -s "$TOP/t/milter/reject.lua" 2>&1)
unlike "$out" '^not ok' "the detached daemon answers (reject.lua)"
h_wait_for 5 grep -q 'action="reject"} 2' "$H/run/senderlint.prom"
ok $? "counters are written by the unprivileged daemon"

kill -TERM "$pid"
h_wait_gone "$pid" 15
ok $? "SIGTERM stops it"
h_untrack "$pid"
test ! -e "$H/run/senderlint.pid"
ok $? "the pid file is removed at exit"

start
kill -HUP "$pid"
h_wait_gone "$pid" 15
ok $? "SIGHUP stops it too (libmilter); reload is SIGUSR1"
h_untrack "$pid"
tap_done
