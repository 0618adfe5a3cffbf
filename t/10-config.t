#!/bin/sh
# senderlint -n: validates config and rules; exit 0, or 1 with every
# error as file:line:col: message. Unknown keys and wrong types are errors.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
cd "$H"
cp "$TOP/rules/default.yaml" rules.yaml
NRULES=$(grep -c "^  - id:" rules.yaml)

check() {	# NAME EXPECTED-STATUS EXPECTED-OUTPUT (config on stdin)
	cat > c.conf
	out=$("$SL" -n -c c.conf 2>&1)
	rc=$?
	is "$rc" "$2" "$1: exit status"
	is "$out" "$3" "$1: output"
}

# -n also tries the socket, pid file and stats file directories: here in $H
mkdir run state
sed "s|^rules: .*|rules: rules.yaml|; s|^user: .*||; s|group: postfix|group: root|
    s|/run/senderlint/|$H/run/|; s|/var/lib/senderlint/|$H/state/|" \
    "$TOP/etc/senderlint.conf" > shipped.conf
check "the shipped config (rules path swapped)" 0 "c.conf: OK, $NRULES rules from $H/rules.yaml" < shipped.conf
cp "$TOP/rules/rollout.yaml" rollout.yaml
sed "s|^rules: .*|rules: rollout.yaml|" shipped.conf > rollout.conf
check "the shipped config with the rollout rules" 0 \
    "c.conf: OK, $(grep -c "^  - id:" rollout.yaml) rules from $H/rollout.yaml" < rollout.conf

check "unknown key" 1 'c.conf:2:1: unknown key "sockets"' <<'EOF'
rules: rules.yaml
sockets: { path: "unix:/tmp/x" }
EOF

check "wrong types" 1 'c.conf:3:6: log must be a mapping, not a scalar
c.conf:4:11: on_error must be tempfail or accept, not "bounce"
c.conf:6:16: max_headers must be an integer, not "many"
c.conf:7:22: regex_depth_limit must be between 1 and 8000, not 0' <<'EOF'
rules: rules.yaml
socket: { path: "unix:/tmp/x" }
log: syslog
on_error: bounce
limits:
  max_headers: many
  regex_depth_limit: 0
EOF

check "bad socket" 1 'c.conf:2:17: socket must start with unix: or inet:, not "/tmp/x"
c.conf:2:33: socket mode must be octal like 0660, not "rw"' <<'EOF'
rules: rules.yaml
socket: { path: "/tmp/x", mode: rw }
EOF

check "relative unix socket" 1 'c.conf:2:17: unix socket path must be absolute: "unix:x.sock"' <<'EOF'
rules: rules.yaml
socket: { path: "unix:x.sock" }
EOF

check "inet socket" 0 "c.conf: OK, $NRULES rules from $H/rules.yaml" <<'EOF'
rules: rules.yaml
socket: { path: "inet:8899@127.0.0.1" }
EOF

check "unknown user, group and facility" 1 'c.conf:2:7: no such user "no-such-user-here"
c.conf:3:39: no such group "no-such-group-here"
c.conf:4:18: unknown syslog facility "mial"' <<'EOF'
rules: rules.yaml
user: no-such-user-here
socket: { path: "unix:/tmp/x", group: no-such-group-here }
log: { facility: mial }
EOF

check "missing rules" 1 'c.conf:1:1: the configuration needs "rules" (path of the rule file)' <<'EOF'
socket: { path: "unix:/tmp/x" }
EOF

check "rule file missing" 1 "$H/nope.yaml: cannot open: No such file or directory" <<'EOF'
rules: nope.yaml
EOF

printf 'version: 1\nrules:\n  - id: x\n    any: [ unsub.missin ]\n    action: tag\n' > bad.yaml
check "errors in the rule file are reported too" 1 "$H/bad.yaml:4:12: unknown fact id \"unsub.missin\" (senderlint-check --list-facts lists them)" <<'EOF'
rules: bad.yaml
EOF

check "YAML syntax error" 1 'c.conf:2:10: mapping values are not allowed in this context' <<'EOF'
rules: rules.yaml
socket: a: b
EOF

check "checks and identity_store" 1 'c.conf:3:22: date_skew past must be an integer, not "soon"
c.conf:4:3: unknown key "message_id_windw"
c.conf:5:25: unsubscribe_patterns must be a list, not a scalar
c.conf:6:17: identity_store needs a path' <<'EOF'
rules: rules.yaml
checks:
  date_skew: { past: soon }
  message_id_windw: { size: 10 }
  unsubscribe_patterns: unsubscribe
identity_store: { map_size_mb: 8 }
EOF

check "checks that are right" 0 "c.conf: OK, $NRULES rules from $H/rules.yaml" <<'EOF'
rules: rules.yaml
socket: { path: "inet:8899@127.0.0.1" }
checks:
  date_skew: { past: 172800, future: 600 }
  message_id_window: { size: 5000, age: 3600 }
  unsubscribe_patterns: [ "unsubscribe", "Abmelden" ]
identity_store: { path: identity, map_size_mb: 8 }
EOF

check "dns and authentication with errors" 1 "c.conf:3:18: nameserver: \"localhost\" is not IP[@PORT]
c.conf:3:29: nameserver: \"127.0.0.1@99999\" has a bad port
c.conf:4:12: dns timeout (ms) must be between 100 and 30000, not 5
c.conf:6:17: egress IP: \"192.0.2.300\" is not an IPv4 or IPv6 address
c.conf:6:30: egress IP: \"::ffff:192.0.2.1\" is IPv4-mapped; write the IPv4 address
c.conf:7:18: outbound_helo \"mail example\" is not a host name
c.conf:8:22: sending domain: \"ex ample.com\" is not a domain name (or *.domain)
c.conf:9:3: unknown key \"egress\"
c.conf:10:15: on_dns_error must be tempfail or accept, not \"maybe\"" <<'EOF'
rules: rules.yaml
dns:
  nameservers: [ localhost, "127.0.0.1@99999" ]
  timeout: 5
authentication:
  egress_ips: [ 192.0.2.300, "::ffff:192.0.2.1" ]
  outbound_helo: mail example
  sending_domains: [ "ex ample.com" ]
  egress: 1
on_dns_error: maybe
EOF

check "dns and authentication that are right" 0 "c.conf: OK, $NRULES rules from $H/rules.yaml" <<'EOF'
rules: rules.yaml
socket: { path: "inet:8899@127.0.0.1" }
dns:
  nameservers: [ "127.0.0.1@5353", "::1" ]
  timeout: 2000
  budget: 8000
  cache_size: 5000
authentication:
  egress_ips: [ 192.0.2.25, "2001:db8::25" ]
  outbound_helo: mail.example.com
  sending_domains: [ example.com, "*.example.com" ]
  freemail_domains: [ gmail.com ]
on_dns_error: accept
EOF

for f in "$TOP"/rules/*.yaml "$TOP"/rules/examples/*.yaml; do
	out=$("$SLC" -n -r "$f" 2>&1)
	ok $? "shipped rule file ${f#$TOP/} validates"
	[ -n "$out" ] && ! printf '%s' "$out" | grep -q '^OK' && diag "$out"
done

out=$("$SL" -x 2>&1)
is "$?" 2 "bad option: exit 2"
like "$out" '^usage: senderlint \[-fnV\] \[-c config\]$' "bad option: usage line"
tap_done
