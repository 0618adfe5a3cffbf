#!/bin/sh
# senderlint-check: the daemon's checks and rules over saved mail.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
R=$TOP/t/data/rules/milter.yaml
D=$TOP/t/data/e2e
# without a dns section the authentication facts are not computed
NFACTS=$($SLC --list-facts | grep -cvE '^(spf\.|dkim\.|dmarc\.|from\.freemail|domain\.nonexistent|unsub\.not-signed|egress\.)')
# The fixtures are dated Thu, 26 Nov 2026 06:00:00 +0000: check as of then.
SLC="$SLC --now 1795672800"

out=$($SLC -r "$R" "$D/two-from.eml")
is "$?" 1 "a rejected message: exit 1"
like "$out" "^$D/two-from.eml: reject$" "text: file and action"
like "$out" '^  reply:   550 5\.7\.1 exactly one From field is required: rfc5322\.from\.multiple \(2 From fields\); rule single-from, see https://senderlint\.test/rules/single-from$' \
    "text: the same reply the daemon gives"
like "$out" '^  rules:   single-from$' "text: rules that fired"
like "$out" '^    TRUE +rfc5322\.from\.multiple +2 From fields$' "text: true facts with details"

out=$($SLC -r "$R" -v "$D/plain.eml")
is "$?" 0 "an accepted message: exit 0"
like "$out" '^    false +rfc5322\.from\.missing' "-v: false facts are shown too"

out=$($SLC -r "$R" "$D/tag.eml")
is "$?" 0 "a tagged message: exit 0 (tag is not stronger than tag)"

# JSON: one object per message per line, with the documented keys
out=$($SLC -r "$R" --json "$D/two-from.eml" "$D/tag.eml")
is "$?" 1 "json: exit 1 when any message is rejected"
is "$(printf '%s\n' "$out" | wc -l | tr -d ' ')" 2 "json: one line per message"
keys=$(printf '%s\n' "$out" | perl -MJSON::PP -ne '
	my $o = decode_json($_);
	print join(",", $o->{file} =~ m{([^/]+)$}, $o->{action},
	    $o->{reply} // "null", join("+", @{$o->{rules}}),
	    join("+", map { "$_->{id}=$_->{detail}" } grep { $_->{value} } @{$o->{facts}}),
	    scalar(@{$o->{facts}})), "\n"')
is "$keys" "two-from.eml,reject,550 5.7.1 exactly one From field is required: rfc5322.from.multiple (2 From fields); rule single-from, see https://senderlint.test/rules/single-from,single-from,rfc5322.from.multiple=2 From fields+unsub.missing=no List-Unsubscribe field+unsub.https.missing=no List-Unsubscribe field+unsub.one-click.missing=no List-Unsubscribe-Post field+unsub.body-link.missing=no unsubscribe link in 1 text part+list-id.missing=no List-Id field+stream.unknown=no configured stream matches this message,$NFACTS
tag.eml,tag,null,tag-me,unsub.one-click.missing=no List-Unsubscribe-Post field+unsub.body-link.missing=no unsubscribe link in 1 text part+list-id.missing=no List-Id field+stream.unknown=no configured stream matches this message,$NFACTS" "json: file, action, reply, rules and all facts with id and detail"

# mbox and stdin
{
	printf 'From sender@example.com Thu Nov 26 06:00:00 2026\n'
	cat "$D/plain.eml"
	printf '\nFrom sender@example.com Thu Nov 26 06:00:01 2026\n'
	cat "$D/two-from.eml"
	printf '>From the archive\n'
	printf '\nFrom sender@example.com Thu Nov 26 06:00:02 2026\n'
	cat "$D/tag.eml"
} > "$H/box.mbox"
out=$($SLC -r "$R" --json "$H/box.mbox")
is "$?" 1 "mbox: exit 1 (one message rejected)"
is "$(printf '%s\n' "$out" | perl -MJSON::PP -ne '$o = decode_json($_); print "$o->{index}:$o->{action} "')" \
    "1:accept 2:reject 3:tag " "mbox: each message checked, in order"
out=$($SLC -r "$R" - < "$D/two-from.eml")
like "$out" '^-: reject$' "stdin: - reads one message"

# envelope options
out=$($SLC -r "$R" --auth news-1 --json - <<'EOF'
From: a@example.com
Date: Thu, 26 Nov 2026 06:00:00 +0000
Message-ID: <x@example.com>

hi
EOF
)
like "$out" '"stream":"news","action":"reject"' "--auth selects the bulk stream"
out=$($SLC -r "$R" --client-ip 192.0.2.99 "$D/two-from.eml")
is "$?" 0 "--client-ip: the trusted-client exemption applies"
cat > "$H/env.yaml" <<'EOF'
version: 1
rules:
  - id: null-sender
    all: [ { mail_from: "" } ]
    action: hold
  - id: second-rcpt
    all: [ { rcpt: b@example.net } ]
    action: tag
  - id: helo-daemon
    all: [ { helo: { regex: '^client\.test$' } }, { daemon: submission } ]
    action: tag
EOF
out=$($SLC -r "$H/env.yaml" --mail-from '<>' --rcpt a@example.net --rcpt b@example.net \
    --helo client.test --daemon submission --json "$D/plain.eml")
like "$out" '"rules":\["null-sender","second-rcpt","helo-daemon"\]' \
    "--mail-from '<>', repeated --rcpt, --helo and --daemon reach the rules"
out=$($SLC -r "$H/env.yaml" --json "$D/plain.eml")
like "$out" '"rules":\[\]' "without --mail-from the sender comes from the message"

# --stream forces a stream; an unknown one is a usage error
out=$($SLC -r "$TOP/t/data/rules/identity.yaml" --stream receipts --json "$D/plain.eml")
like "$out" '"stream":"receipts"' "--stream puts the message in the named stream"
like "$out" '"id":"identity.from.mismatch","value":true' "and the stream's identity applies"
out=$($SLC -r "$R" --stream nope "$D/plain.eml" 2>&1)
is "$?" 2 "--stream with an unknown name exits 2"
like "$out" 'no stream "nope"' "and says which"

# --mail-param reaches the checks: SMTPUTF8 allows raw UTF-8 in the header
printf 'From: a@example.com\r\nSubject: caf\303\251\r\n\r\nx\r\n' > "$H/utf8.eml"
out=$($SLC -r "$R" --json "$H/utf8.eml")
like "$out" '"id":"rfc5322.header.8bit","value":true' "raw UTF-8 header without SMTPUTF8 is a fact"
out=$($SLC -r "$R" --mail-param SMTPUTF8 --json "$H/utf8.eml")
like "$out" '"id":"rfc5322.header.8bit","value":false' "--mail-param SMTPUTF8 allows it"

# listing, validation, errors
out=$($SLC --list-facts | cut -f1)
for id in rfc5322.from.missing rfc5322.from.multiple rfc5322.date.missing \
    rfc5322.message-id.missing rfc5322.singleton.multiple rfc5322.line.too-long unsub.missing; do
	like "$out" "^$id\$" "--list-facts lists $id"
done
out=$($SLC -n -r "$R")
is "$?" 0 "-n: a good rule file validates"
printf 'version: 1\nrules:\n  - id: x\n    any: [ nope ]\n    action: tag\n' > "$H/bad.yaml"
out=$($SLC -n -r "$H/bad.yaml" 2>&1)
is "$?" 2 "-n: a bad rule file exits 2"
is "$out" "$H/bad.yaml:4:12: unknown fact id \"nope\" (senderlint-check --list-facts lists them)" \
    "-n: the error has file:line:col"
out=$($SLC -r "$R" "$H/no-such.eml" 2>&1)
is "$?" 2 "an unreadable file exits 2"
like "$out" "no-such.eml: No such file or directory" "and says why"
out=$($SLC --bogus 2>&1)
is "$?" 2 "an unknown option exits 2"
like "$out" '^usage: senderlint-check' "and prints usage"
out=$($SLC --help 2>/dev/null)
is "$?" 0 "--help exits 0"
like "$out" '^usage: senderlint-check' "--help prints usage on standard output"
like "$($SLC --version)" '^senderlint-check [0-9]' "--version names the release"

# directories: a tree of files in name order, a Maildir without its tmp/
mkdir -p "$H/mail/a" "$H/mail/md/cur" "$H/mail/md/new" "$H/mail/md/tmp" "$H/mail/.hidden"
cp "$D/two-from.eml" "$H/mail/a/1.eml"
cp "$D/plain.eml" "$H/mail/md/cur/1700000000.1.host:2,S"
cp "$D/tag.eml" "$H/mail/md/new/1700000001.2.host"
cp "$D/two-from.eml" "$H/mail/md/tmp/1700000002.3.host"
cp "$D/two-from.eml" "$H/mail/.hidden/x.eml"
out=$($SLC -r "$R" --json "$H/mail" | jq -r .file)
is "$out" "$H/mail/a/1.eml
$H/mail/md/cur/1700000000.1.host:2,S
$H/mail/md/new/1700000001.2.host" "a directory: every message below it in name order, not tmp/ of a Maildir, not dot files"

# JSON names the message and the envelope; authentication says if it ran
out=$($SLC -r "$R" --json --mail-from '<b@example.com>' --rcpt '<r@example.net>' \
    --client-ip 192.0.2.7 --auth app "$D/plain.eml" |
    jq -c '[.message_id, .from, .subject, .date, .envelope, .authentication]')
like "$out" '^\["<[^"]+>","[^"]+","[^"]*","[^"]+",\{"mail_from":"<b@example.com>","rcpt":\["<r@example.net>"\],"client_ip":"192.0.2.7","helo":"","auth":"app","daemon":""\},"not checked"\]$' \
    "json: message_id, from, subject, date, the envelope used, authentication not checked"
like "$($SLC -r "$R" "$D/plain.eml")" '^  authentication: not checked' \
    "text: says authentication was not checked"
out=$(printf 'From: \303\251t\351 <a@example.com>\r\nSubject: caf\303\251\r\n\r\nx\r\n' |
    $SLC -r "$R" --json - | jq -r '.from + "|" + .subject')
is "$out" "ét� <a@example.com>|café" "json: UTF-8 kept, a stray 8-bit octet becomes U+FFFD"
tap_done
