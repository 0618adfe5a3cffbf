#!/bin/sh
# Start-up fails loudly. What can fail at start (the socket, the pid file,
# the stats file, the identity store, the configuration) is tried, as the
# configured user, before `senderlint -c` returns: it exits 1 with the reason
# on standard error and in the log (facility mail, level crit), and no daemon
# is left behind. `senderlint -n` makes the same checks and says the same.
# A relative -c still reloads once the daemon runs in /.
#
# The log: the test runs in a mount namespace of its own with a private /dev
# whose /dev/log is a socket this test reads (when unshare(1) works, as root);
# otherwise the log assertions are skipped.
if [ -z "${SL_NS:-}" ] && [ "$(id -u)" = 0 ] &&
    unshare -m --propagation private true 2>/dev/null; then
	SL_NS=$(readlink /proc/self/ns/mnt) \
	    exec unshare -m --propagation private sh "$0" "$@"
fi
. t/lib/tap.sh
. t/lib/harness.sh
h_init
# The daemon runs as nobody: its binary and rules come from $H, which
# nobody can read wherever the tree was cloned.
cp "$SL" "$H/senderlint" && cp "$TOP/t/data/rules/milter.yaml" "$H/rules.yaml" ||
	bail "cannot copy senderlint and its rules into $H"
SL=$H/senderlint

LOG=$H/syslog
syslog=
# Only in a mount namespace other than the one the test was started in.
if [ -n "${SL_NS:-}" ] && [ "$(readlink /proc/self/ns/mnt)" != "$SL_NS" ] &&
    [ "$(findmnt -no PROPAGATION /)" = private ] &&
    [ "$(findmnt -no PROPAGATION /dev)" = private ] &&
    mount -t tmpfs -o mode=755,size=1m tmpfs /dev; then
	mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/zero c 1 5 &&
	    mknod -m 666 /dev/urandom c 1 9 && mknod -m 666 /dev/random c 1 8 &&
	    ln -s /proc/self/fd /dev/fd || bail "cannot populate a private /dev"
	perl -MIO::Socket::UNIX -e '
		my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM,
		    Local => "/dev/log") or die "/dev/log: $!\n";
		chmod 0666, "/dev/log";
		open(my $out, ">>", $ARGV[0]) or die "$ARGV[0]: $!\n";
		$out->autoflush(1);
		while (defined $s->recv(my $m, 65536)) { print $out "$m\n" }
	' "$LOG" 2>"$H/syslog.err" &
	h_track $!
	h_wait_for 5 test -S /dev/log && syslog=yes
fi
[ -n "$syslog" ] || diag "no private /dev/log: the log assertions are skipped"

in_log() {	# REGEX NAME: the syslog listener got a line matching REGEX
	if [ -z "$syslog" ]; then
		echo "ok $((TAP_N = TAP_N + 1)) # skip $2 (no private /dev/log)"
		return
	fi
	h_wait_for 5 grep -Eq -- "$1" "$LOG"
	like "$(cat "$LOG")" "$1" "$2"
}

answers() {	# SOCKET: something accepts connections on it
	perl -MIO::Socket::UNIX -e \
	    'IO::Socket::UNIX->new(Peer => $ARGV[0]) or exit 1' "$1"
}

# conf NAME [SED-SCRIPT]: $H/NAME.conf for user nobody; socket and pid file
# in $H/NAME/run, counters in $H/NAME/stats, the identity store in
# $H/NAME/state; each directory belongs to nobody unless a test says else.
conf() {
	d=$H/$1
	mkdir -p "$d/run" "$d/stats" "$d/state"
	chown nobody "$d/run" "$d/stats" "$d/state"
	cat > "$H/$1.conf" <<CONF
socket: { path: "unix:$d/run/s.sock", mode: "0660", group: postfix }
user: nobody
pid_file: $d/run/s.pid
rules: $H/rules.yaml
identity_store: { path: $d/state/identity }
stats: { file: $d/stats/s.prom, interval: 1 }
$H_SCOPE
CONF
	[ -z "${2:-}" ] || sed -i "$2" "$H/$1.conf"
}

start() {	# NAME [command prefix]: senderlint -c $H/NAME.conf
	pid=
	${2:-} "$SL" -c "$H/$1.conf" > "$H/$1.out" 2>&1
	rc=$?
	if [ -s "$H/$1/run/s.pid" ]; then
		pid=$(cat "$H/$1/run/s.pid")
		h_track "$pid"
	fi
}

stop() {	# stops $pid, the daemon start() started
	kill -TERM "$pid"
	h_wait_gone "$pid" 15 || kill -KILL "$pid"
	h_untrack "$pid"
}

# refused NAME REASON [command prefix]: the start and -n refuse, saying why
refused() {
	start "$1" "${3:-}"
	is "$rc" 1 "$1: senderlint -c exits 1"
	like "$(cat "$H/$1.out")" "^senderlint: fatal: $2" \
	    "$1: the reason is on standard error"
	[ -z "$pid" ] && ! answers "$H/$1/run/s.sock" 2>/dev/null
	ok $? "$1: no daemon is left running"
	in_log "^<18>.* senderlint\[[0-9]+\]: fatal: $2" \
	    "$1: the reason is in the log, facility mail, level crit"
	out=$(${3:-} "$SL" -n -c "$H/$1.conf" 2>&1)
	is "$?" 1 "$1: senderlint -n exits 1"
	like "$out" "^$H/$1.conf: $2" "$1: senderlint -n says the same"
}

# Each directory the run-as user must write, made unwritable in turn.
conf store
chown root "$H/store/state"
chmod 700 "$H/store/state"
refused store "identity store $H/store/state/identity: Permission denied \(as user nobody\)"
[ ! -e "$H/store/run/s.sock" ]
ok $? "store: the socket the daemon had opened is removed"

conf piddir "s|^pid_file: .*|pid_file: $H/piddir/pid/s.pid|"
mkdir -m 755 "$H/piddir/pid"
refused piddir "pid file $H/piddir/pid/s.pid: cannot create files in $H/piddir/pid: Permission denied \(as user nobody\)"

conf statsdir
chown root "$H/statsdir/stats"
refused statsdir "stats file $H/statsdir/stats/s.prom: cannot create files in $H/statsdir/stats: Permission denied \(as user nobody\)"

conf nostats
rmdir "$H/nostats/stats"
refused nostats "stats file $H/nostats/stats/s.prom: cannot create files in $H/nostats/stats: No such file or directory"

conf nosockdir "s|unix:$H/nosockdir/run/|unix:$H/nosockdir/gone/|"
refused nosockdir "socket $H/nosockdir/gone/s.sock: directory $H/nosockdir/gone: No such file or directory"

conf inway
echo "not a socket" > "$H/inway/run/s.sock"
refused inway "socket $H/inway/run/s.sock: something else than a socket is in the way"
is "$(cat "$H/inway/run/s.sock")" "not a socket" "inway: the file in the way is left alone"

# Not started as root: the configured user must be the user it runs as.
conf notroot "s|^user: .*|user: root|; s|, group: postfix||"
refused notroot "cannot become user root: not started as root \(as user nobody\)" \
    "setpriv --reuid=nobody --regid=nogroup --clear-groups"

# A configuration with errors: file:line:col on stderr and in the log.
printf 'rules: %s\nsocket: { path: "unix:%s/x.sock" }\nsockets: 1\n' \
    "$H/rules.yaml" "$H" > "$H/bad.conf"
out=$("$SL" -c "$H/bad.conf" 2>&1)
is "$?" 1 "bad config: senderlint -c exits 1"
like "$out" "^$H/bad.conf:3:1: unknown key \"sockets\"" "bad config: file:line:col on stderr"
in_log "^<20>.* senderlint\[[0-9]+\]: warning: $H/bad.conf:3:1: unknown key" \
    "bad config: file:line:col in the log, facility mail"

# Everything right: -n creates nothing it should not own; the start returns
# once the daemon is ready and says nothing on standard error.
conf good
out=$("$SL" -n -c "$H/good.conf" 2>&1)
is "$?" 0 "good: senderlint -n exits 0"
is "$out" "$H/good.conf: OK, 8 rules from $H/rules.yaml" "good: -n says OK"
is "$(stat -c %U "$H/good/state/identity/data.mdb")" nobody \
    "good: -n opened the identity store as nobody (it owns what -n created)"
cd "$H" || bail "cd $H"
start good		# -c good.conf, relative to $H
cd "$TOP" || bail "cd $TOP"
is "$rc" 0 "good: senderlint -c exits 0"
is "$(cat "$H/good.out")" "" "good: and says nothing on standard error"
test -S "$H/good/run/s.sock" && [ -n "$pid" ] && kill -0 "$pid"
ok $? "good: socket and pid file are there when the command returns"
is "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" "$(id -u nobody)" "good: the daemon runs as nobody"
is "$(readlink "/proc/$pid/cwd")" / "good: the daemon runs in /"
in_log "^<22>.* senderlint\[$pid\]: starting: " "good: 'starting' is in the log, facility mail, level info"

# A second start on the same socket would take it from the first.
start good
is "$rc" 1 "in use: a second start exits 1"
like "$(cat "$H/good.out")" "fatal: socket $H/good/run/s.sock is in use" "in use: and says the socket is in use"
out=$("$SL" -n -c "$H/good.conf" 2>&1)
is "$?" 0 "in use: -n exits 0 (it is run before reloads)"
like "$out" "note: socket $H/good/run/s.sock is in use" "in use: -n notes it"
pid=$(cat "$H/good/run/s.pid")
answers "$H/good/run/s.sock"
ok $? "in use: the running daemon still answers"

# The relative -c path: the daemon runs in /, a reload reads $H/good.conf.
kill -USR1 "$pid"
h_wait_for 5 grep -q 'senderlint_reloads_total{result="ok"} 1' "$H/good/stats/s.prom"
ok $? "relative -c: SIGUSR1 reloads (counted as ok)"
in_log "senderlint\[$pid\]: reloaded $H/good.conf: 8 rules" "relative -c: the log says reloaded, with the absolute path"
stop
test ! -e "$H/good/run/s.pid"
ok $? "good: the pid file is removed at exit (by nobody)"

# A daemon killed outright leaves its socket and pid file: the next start
# removes the stale socket and replaces the pid file.
conf stale
start stale
kill -KILL "$pid"
h_wait_gone "$pid" 15
h_untrack "$pid"
test -S "$H/stale/run/s.sock" && test -s "$H/stale/run/s.pid"
ok $? "stale: SIGKILL leaves the socket and the pid file"
old=$pid
start stale
is "$rc" 0 "stale: the next start exits 0"
[ -n "$pid" ] && [ "$pid" != "$old" ] && answers "$H/stale/run/s.sock"
ok $? "stale: the new daemon answers on the socket and its pid is in the file"
[ -n "$pid" ] && stop

# Started as the configured user itself (systemd's User=): no drop needed.
conf self "s|, group: postfix||"
start self "setpriv --reuid=nobody --regid=nogroup --clear-groups"
is "$rc" 0 "started as nobody with user: nobody: exits 0"
[ -n "$pid" ] && is "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" "$(id -u nobody)" \
    "started as nobody: it runs as nobody"
[ -n "$pid" ] && stop
tap_done
