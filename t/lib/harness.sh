# Test harness: a private senderlint, Postfix and smtp-sink on loopback.
#
#   . t/lib/harness.sh           (from the top of the tree)
#   h_init                       temp dir $H, cleanup on exit
#   h_config RULES [extra YAML]  write $H/sl/senderlint.conf for RULES
#   h_senderlint_start           start senderlint -f on a unix socket
#   h_senderlint_stop            SIGTERM, wait for it to exit
#   h_sink_start                 smtp-sink on a free port, dumps in $H/sink
#   h_postfix_start              private Postfix relaying to the sink
#   h_send FILE [swaks options]  submit FILE over SMTP; output in $H/swaks.out
#   h_stack RULES                all three: senderlint, sink, Postfix
#   h_wait_sink N                wait until N messages reached the sink
#   h_wait_log REGEX             wait until the maillog matches
#   h_sink_file N                path of the Nth message the sink got
#
# Every process started here is recorded and stopped by its pid on exit;
# the temporary directory is removed. Ports are picked free at run time.

TOP=$(pwd)
SL=$TOP/milter/senderlint
SLC=$TOP/milter/senderlint-check
H=
H_PIDS=

h_cleanup() {
	for p in $H_PIDS; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $H_PIDS; do
		h_wait_gone "$p" 15 || kill -KILL "$p" 2>/dev/null
	done
	if [ -n "$H" ] && [ -z "${KEEP_TMP:-}" ]; then
		rm -rf "$H"
	fi
}

h_init() {
	H=$(mktemp -d /tmp/senderlint-test.XXXXXX) || bail "mktemp failed"
	chmod 755 "$H"
	trap h_cleanup EXIT
	trap 'exit 1' INT TERM
	mkdir -p "$H/sl"
}

h_track() { H_PIDS="$H_PIDS $1"; }
h_untrack() {
	H_PIDS=$(echo " $H_PIDS " | sed "s/ $1 / /")
}

h_wait_gone() {	# PID SECONDS
	i=0
	while kill -0 "$1" 2>/dev/null; do
		# an exited child of ours that is not reaped yet is gone too
		case $(ps -o stat= -p "$1" 2>/dev/null) in Z*) return 0 ;; esac
		i=$((i + 1))
		[ "$i" -ge $(($2 * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

h_free_port() {
	perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(Listen => 1,
		    LocalAddr => "127.0.0.1", LocalPort => 0, ReuseAddr => 1)
		    or die "no free port: $!\n";
		print $s->sockport, "\n";'
}

h_wait_for() {	# SECONDS COMMAND...: poll until COMMAND succeeds
	t=$1
	shift
	i=0
	until "$@" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -ge $((t * 10)) ] && return 1
		sleep 0.1
	done
}

# The scope the tests judge: loopback (Postfix, sendmail(1)) and the
# TEST-NET-1 addresses the miltertest scripts connect from.
H_SCOPE=${H_SCOPE:-'scope: { networks: [ 127.0.0.0/8, "::1", 192.0.2.0/24 ] }'}

h_config() {	# RULES [extra YAML lines]
	cat > "$H/sl/senderlint.conf" <<CONF
socket:
  path: unix:$H/sl/senderlint.sock
  mode: "0660"
  group: postfix
pid_file: $H/sl/senderlint.pid
rules: $1
on_error: tempfail
stats:
  file: $H/sl/senderlint.prom
  interval: 1
$H_SCOPE
${2:-}
CONF
}

h_senderlint_start() {
	rm -f "$H/sl/senderlint.sock"
	$SL -f -c "$H/sl/senderlint.conf" >>"$H/sl/senderlint.log" 2>&1 &
	H_SL_PID=$!
	h_track $H_SL_PID
	h_wait_for 10 test -S "$H/sl/senderlint.sock" ||
	    { cat "$H/sl/senderlint.log"; bail "senderlint did not start"; }
}

h_senderlint_stop() {	# stops it and asserts it exited cleanly (TAP)
	kill -TERM "$H_SL_PID" 2>/dev/null
	h_wait_gone "$H_SL_PID" 15 || kill -KILL "$H_SL_PID" 2>/dev/null
	h_untrack "$H_SL_PID"
	unlike "$(cat "$H/sl/senderlint.log")" 'Sanitizer|runtime error|panic:' \
	    "senderlint stopped without a sanitizer report or panic"
}

h_sink_start() {
	H_SINK_PORT=$(h_free_port)
	mkdir -p "$H/sink"
	chown postfix "$H/sink"
	smtp-sink -u postfix -d "$H/sink/%H%M%S." -h sink.test \
	    "127.0.0.1:$H_SINK_PORT" 16 >"$H/sink.log" 2>&1 &
	H_SINK_PID=$!
	h_track $H_SINK_PID
	h_wait_for 10 perl -MIO::Socket::INET -e \
	    "IO::Socket::INET->new('127.0.0.1:$H_SINK_PORT') or exit 1" ||
	    bail "smtp-sink did not start"
}

h_postfix_start() {	# [extra main.cf lines]
	H_SMTP_PORT=$(h_free_port)
	P=$H/pf
	mkdir -p "$P/etc" "$P/spool" "$P/data" "$P/log"
	chown postfix "$P/data"
	cat > "$P/etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $P/spool
data_directory = $P/data
maillog_file = $P/log/maillog
maillog_file_prefixes = $H
mail_owner = postfix
setgid_group = postdrop
myhostname = mta.senderlint.test
mydomain = senderlint.test
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost = [127.0.0.1]:$H_SINK_PORT
smtp_dns_support_level = disabled
smtp_tls_security_level = none
smtpd_tls_security_level = none
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
alias_maps =
alias_database =
local_transport = error:local delivery is disabled
biff = no
delay_warning_time = 0
smtpd_milters = unix:$H/sl/senderlint.sock
non_smtpd_milters = \$smtpd_milters
milter_default_action = tempfail
# Postfix adds a missing Message-ID or Date for "local" clients before
# milters see the message; loopback counts as local, so turn that off to
# let senderlint see what the client sent.
local_header_rewrite_clients =
${1:-}
CF
	cat > "$P/etc/master.cf" <<CF
127.0.0.1:$H_SMTP_PORT inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n -  0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n -  - trivial-rewrite
bounce    unix  - - n -  0 bounce
defer     unix  - - n -  0 bounce
trace     unix  - - n -  0 bounce
verify    unix  - - n -  1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -  - proxymap
smtp      unix  - - n -  - smtp
relay     unix  - - n -  - smtp
showq     unix  n - n -  - showq
error     unix  - - n -  - error
retry     unix  - - n -  - error
discard   unix  - - n -  - discard
anvil     unix  - - n -  1 anvil
scache    unix  - - n -  1 scache
postlog   unix-dgram n - n - 1 postlogd
${H_MASTER_EXTRA:-}
CF
	out=$(script -qec "postfix -c $P/etc check" /dev/null 2>&1) ||
	    { echo "$out"; bail "postfix check failed"; }
	out=$(script -qec "postfix -c $P/etc start" /dev/null 2>&1) ||
	    { echo "$out"; bail "postfix start failed"; }
	h_wait_for 15 test -s "$P/spool/pid/master.pid" ||
	    bail "postfix master did not write its pid file"
	H_PF_PID=$(tr -d ' \n' < "$P/spool/pid/master.pid")
	h_track "$H_PF_PID"
	h_wait_for 15 perl -MIO::Socket::INET -e \
	    "IO::Socket::INET->new('127.0.0.1:$H_SMTP_PORT') or exit 1" ||
	    bail "postfix smtpd is not listening"
}

h_send() {	# FILE [swaks options]: exit status of swaks, output in $H/swaks.out
	f=$1
	shift
	swaks --server "127.0.0.1:$H_SMTP_PORT" --helo client.senderlint.test \
	    --from sender@example.com --to rcpt@example.net \
	    --data "@$f" --timeout 30 "$@" >"$H/swaks.out" 2>&1
}

h_sink_count() {
	find "$H/sink" -type f 2>/dev/null | wc -l | tr -d ' '
}

h_sink_atleast() {	# N
	[ "$(h_sink_count)" -ge "$1" ]
}

h_wait_sink() {	# N [SECONDS]
	h_wait_for "${2:-20}" h_sink_atleast "$1"
}

h_sink_file() {	# N: the Nth message by arrival
	ls -tr "$H"/sink/* 2>/dev/null | sed -n "${1}p"
}

h_maillog() {
	cat "$H/pf/log/maillog" 2>/dev/null
}

h_wait_log() {	# REGEX [SECONDS]
	h_wait_for "${2:-20}" grep -Eq -- "$1" "$H/pf/log/maillog"
}

h_stack() {	# RULES: senderlint with RULES, smtp-sink, Postfix in front
	h_config "$1"
	h_senderlint_start
	h_sink_start
	h_postfix_start
}

# A real DNS server for the test zone: unbound on a free loopback port,
# authoritative for nothing, answering only from local-data (every other
# name is NXDOMAIN, so nothing leaves the machine).
#   h_dns_record NAME TYPE DATA   add a record (TXT data is split into
#                                 255-octet strings, as a zone file would)
#   h_dns_start                   start it; its address is $H_DNS (IP@PORT)
h_dns_record() {
	mkdir -p "$H/dns"
	perl -e '
		my ($n, $t, $d) = @ARGV;
		if ($t eq "TXT") {
			$d =~ s/(["\\])/\\$1/g;
			my @s = $d eq "" ? ("") : unpack("(a255)*", $d);
			$d = join(" ", map { "\"$_\"" } @s);
		}
		print "  local-data: \x27$n. 300 IN $t $d\x27\n";' "$1" "$2" "$3" \
	    >> "$H/dns/zone.conf"
}

h_dns_start() {
	H_DNS_PORT=$(h_free_port)
	mkdir -p "$H/dns"
	touch "$H/dns/zone.conf"
	cat > "$H/dns/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: $H_DNS_PORT
  do-ip6: no
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$H/dns"
  pidfile: ""
  use-syslog: no
  logfile: "$H/dns/unbound.log"
  verbosity: 1
  access-control: 127.0.0.0/8 allow
  module-config: "iterator"
  local-zone: "." static
  include: "$H/dns/zone.conf"
remote-control:
  control-enable: no
CONF
	unbound -d -c "$H/dns/unbound.conf" >>"$H/dns/unbound.out" 2>&1 &
	H_DNS_PID=$!
	h_track $H_DNS_PID
	H_DNS=127.0.0.1@$H_DNS_PORT
	h_wait_for 10 sh -c "grep -q 'start of service' '$H/dns/unbound.log'" ||
	    { cat "$H/dns/unbound.out" "$H/dns/unbound.log"; bail "unbound did not start"; }
}

# The fault server (t/tools/dnsfault): timeout., servfail., trunc., ...
h_dnsfault_start() {
	H_FAULT_PORT=$(h_free_port)
	"$TOP/t/tools/dnsfault" "$H_FAULT_PORT" > "$H/dnsfault.out" 2>&1 &
	H_FAULT_PID=$!
	h_track $H_FAULT_PID
	H_FAULT=127.0.0.1@$H_FAULT_PORT
	h_wait_for 10 grep -q ready "$H/dnsfault.out" ||
	    bail "dnsfault did not start"
}

# A real DKIM signer (opendkim) for the test zone:
#   h_dkim_key DOMAIN           2048-bit key, selector sel, its TXT record
#                               added to the zone (call before h_dns_start)
#   h_dkim_sign PATTERN DOMAIN  sign From addresses matching PATTERN
#                               (e.g. *@example.com) with DOMAIN's key
#   h_opendkim_start HEADERS    start it (SignHeaders HEADERS); its socket
#                               is $H/odkim/opendkim.sock
h_dkim_key() {
	mkdir -p "$H/odkim"
	opendkim-genkey -b 2048 -d "$1" -s sel -D "$H/odkim" ||
	    bail "opendkim-genkey failed"
	mv "$H/odkim/sel.private" "$H/odkim/$1.private"
	echo "$1 $1:sel:$H/odkim/$1.private" >> "$H/odkim/keytable"
	h_dns_record "sel._domainkey.$1" TXT \
	    "$(perl -0ne 'print join("", /"([^"]*)"/g)' "$H/odkim/sel.txt")"
}

h_dkim_sign() {
	echo "$1 $2" >> "$H/odkim/signingtable"
}

h_opendkim_start() {
	cat > "$H/odkim/opendkim.conf" <<EOC
Syslog no
Background no
Socket local:$H/odkim/opendkim.sock
UMask 000
Mode s
Canonicalization relaxed/simple
KeyTable file:$H/odkim/keytable
SigningTable refile:$H/odkim/signingtable
SignHeaders $1
RequireSafeKeys false
PidFile $H/odkim/opendkim.pid
EOC
	opendkim -f -x "$H/odkim/opendkim.conf" > "$H/odkim/opendkim.log" 2>&1 &
	H_ODKIM_PID=$!
	h_track $H_ODKIM_PID
	h_wait_for 10 test -S "$H/odkim/opendkim.sock" ||
	    { cat "$H/odkim/opendkim.log"; bail "opendkim did not start"; }
}

# The config lines that turn authentication on against the test zone:
#   h_config RULES "$(h_auth_yaml EGRESS-IP HELO)"
h_auth_yaml() {
	printf 'dns:\n  nameservers: [ "%s" ]\n  timeout: 1000\n  budget: 4000\nauthentication:\n  egress_ips: [ %s ]\n  outbound_helo: %s\n' \
	    "$H_DNS" "$1" "$2"
}
