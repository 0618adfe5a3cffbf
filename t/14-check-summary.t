#!/bin/sh
# senderlint-check --summary: what one rule file does to a corpus, as
# exact tables (t/data/e2e, t/data/demo, t/data/corpora), the same
# counts as the per-message output, JSON for scripts, mbox examples,
# undecided rules with the facts behind them, mode: monitor.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
export LC_ALL=C		# directories are read in byte order
# The fixtures are dated Thu, 26 Nov 2026 06:00:00 +0000: check as of then.
SLC="$SLC --now 1795672800"
# The six messages of t/30-t/33, one per action (the directory holds more).
E2E="t/data/e2e/plain.eml t/data/e2e/two-from.eml t/data/e2e/tag.eml t/data/e2e/hold.eml
    t/data/e2e/tempfail.eml t/data/e2e/discard.eml"
section() {	# TITLE: the lines of that table, from the output on stdin
	sed -n "/^$1/,/^\$/p" | sed '$d'
}

out=$($SLC -r t/data/rules/milter.yaml --summary $E2E)
is "$?" 1 "--summary: exit 1 when a message got an action stronger than tag"
is "$out" "$(cat <<'EOF'
summary of 6 messages judged by t/data/rules/milter.yaml (8 rules)

final actions          messages   share
  accept                      1   16.7%
  tag                         1   16.7%
  hold                        1   16.7%
  discard                     1   16.7%
  tempfail                    1   16.7%
  reject                      1   16.7%

streams                messages   share  actions
  unknown                     6  100.0%  accept 1, tag 1, hold 1, discard 1, tempfail 1, reject 1
    single-from               1   16.7%
    tag-me                    1   16.7%
    hold-me                   1   16.7%
    defer-me                  1   16.7%
    discard-me                1   16.7%

rules                  mode     action    matched   share undecided
  trusted-client       enforce  accept          0    0.0%         0
  single-from          enforce  reject          1   16.7%         0
  bulk-unsub           enforce  reject          0    0.0%         0
  tag-me               enforce  tag             1   16.7%         0
  hold-me              enforce  hold            1   16.7%         0
  defer-me             enforce  tempfail        1   16.7%         0
  discard-me           enforce  discard         1   16.7%         0
  watch-subject        monitor  reject          0    0.0%         0

undecided rules: none

facts                         true   share temperror
  list-id.missing                6  100.0%         0
  stream.unknown                 6  100.0%         0
  unsub.body-link.missing        6  100.0%         0
  unsub.one-click.missing        6  100.0%         0
  rfc5322.from.multiple          1   16.7%         0
  unsub.https.missing            1   16.7%         0
  unsub.missing                  1   16.7%         0

examples (up to 3 per rule, the first it matched)
  single-from (reject): 1 message
    t/data/e2e/two-from.eml  <e2e-reject@example.com>  From: Example News <news@example.com>  Subject: two From fields
  tag-me (tag): 1 message
    t/data/e2e/tag.eml  <e2e-tag@example.com>  From: Example News <news@example.com>  Subject: tag-me: weekly news
  hold-me (hold): 1 message
    t/data/e2e/hold.eml  <e2e-hold@example.com>  From: Example News <news@example.com>  Subject: hold me
  defer-me (tempfail): 1 message
    t/data/e2e/tempfail.eml  <e2e-tempfail@example.com>  From: Example News <news@example.com>  Subject: defer me
  discard-me (discard): 1 message
    t/data/e2e/discard.eml  <e2e-discard@example.com>  From: Example News <news@example.com>  Subject: discard me
EOF
)" "e2e: the whole summary: actions, streams with their rules, every rule, facts, examples"

out=$($SLC -r rules/default.yaml --summary --examples 1 t/data/demo)
is "$(printf '%s\n' "$out" | section streams)" "$(cat <<'EOF'
streams                        messages   share  actions
  transactional                       3   27.3%  accept 3
  unknown                             6   54.5%  accept 1, reject 5
    single-from                       1   16.7%
    message-id-required               1   16.7%
    date-required                     1   16.7%
    singleton-fields                  1   16.7%
    encoded-word-placement            1   16.7%
    line-length                       1   16.7%
    stream-mapping                    6  100.0%
  bulk                                2   18.2%  accept 1, reject 1
    bulk-one-click-unsubscribe        1   50.0%
    bulk-body-unsubscribe-link        1   50.0%
    bulk-list-hygiene                 1   50.0%
EOF
)" "demo: per stream its messages, actions and the rules that matched there"
is "$(printf '%s\n' "$out" | section 'rules ')" "$(cat <<'EOF'
rules                        mode     action    matched   share undecided
  single-from                enforce  reject          1    9.1%         0
  from-one-valid-mailbox     enforce  reject          0    0.0%         0
  sender-for-several-authors enforce  reject          0    0.0%         0
  message-id-required        enforce  reject          1    9.1%         0
  message-id-length          enforce  reject          0    0.0%         0
  message-id-reuse           monitor  reject          0    0.0%         0
  date-required              enforce  reject          1    9.1%         0
  date-skew                  monitor  reject          0    0.0%         0
  singleton-fields           enforce  reject          1    9.1%         0
  header-octets              enforce  reject          0    0.0%         0
  header-8bit                monitor  reject          0    0.0%         0
  encoded-word-placement     enforce  reject          1    9.1%         0
  header-structure           monitor  reject          0    0.0%         0
  encoded-word-form          monitor  tag             0    0.0%         0
  bare-cr-lf                 monitor  reject          0    0.0%         0
  header-limits              enforce  reject          0    0.0%         0
  envelope-syntax            enforce  reject          0    0.0%         0
  mime-structure             enforce  reject          0    0.0%         0
  mime-charset               monitor  tag             0    0.0%         0
  mime-8bit-undeclared       monitor  tag             0    0.0%         0
  line-length                monitor  reject          1    9.1%         0
  rfc-hygiene                monitor  tag             0    0.0%         0
  bulk-one-click-unsubscribe enforce  reject          1    9.1%         0
  bulk-body-unsubscribe-link monitor  reject          1    9.1%         0
  bulk-list-hygiene          monitor  tag             1    9.1%         0
  suppressed-recipient       enforce  reject          0    0.0%         0
  bulk-bounce-address        enforce  reject          0    0.0%         0
  stream-identity            enforce  reject          0    0.0%         0
  identity-drift             enforce  tag             0    0.0%         0
  authenticated              enforce  reject          0    0.0%         0
  bulk-spf                   enforce  reject          0    0.0%         0
  bulk-dkim                  enforce  reject          0    0.0%         0
  dmarc-alignment            enforce  reject          0    0.0%         0
  bulk-dmarc-record          enforce  reject          0    0.0%         0
  bulk-unsubscribe-signed    enforce  reject          0    0.0%         0
  freemail-from              enforce  reject          0    0.0%         0
  domain-exists              enforce  reject          0    0.0%         0
  bulk-reverse-dns           enforce  reject          0    0.0%         0
  egress-naming              monitor  tag             0    0.0%         0
  auth-advice                monitor  tag             0    0.0%         0
  stream-mapping             monitor  tag             6   54.5%         0
EOF
)" "demo: every rule of the file in file order, enforced and monitor, zero included"
is "$(printf '%s\n' "$out" | section facts)" "$(cat <<'EOF'
facts                                true   share temperror
  list-id.missing                      10   90.9%         0
  unsub.body-link.missing              10   90.9%         0
  unsub.one-click.missing               7   63.6%         0
  stream.unknown                        6   54.5%         0
  unsub.https.missing                   3   27.3%         0
  unsub.missing                         2   18.2%         0
  rfc2047.encoded-word.misplaced        1    9.1%         0
  rfc5322.date.invalid                  1    9.1%         0
  rfc5322.from.multiple                 1    9.1%         0
  rfc5322.line.too-long                 1    9.1%         0
  rfc5322.message-id.missing            1    9.1%         0
  rfc5322.singleton.multiple            1    9.1%         0
EOF
)" "demo: facts found true, most frequent first"
is "$(printf '%s\n' "$out" | grep -A2 '^  stream-mapping (monitor tag)')" \
    "  stream-mapping (monitor tag): 6 messages
    t/data/demo/2-two-from.eml  <news-77@example.com>  From: Example News <news@example.com>  Subject: This week at Example" \
    "--examples 1: one example per rule, the first it matched"
is "$(printf '%s\n' "$out" | grep -A1 '^  message-id-required' | tail -1)" \
    "    t/data/demo/3-no-message-id.eml  -  From: Example App <app@example.com>  Subject: Your login code" \
    "an absent field is shown as -"

out=$($SLC -r rules/default.yaml --summary t/data/corpora)
is "$(printf '%s\n' "$out" | section 'final actions')" "$(cat <<'EOF'
final actions          messages   share
  accept                     76   31.7%
  tag                         0    0.0%
  hold                        0    0.0%
  discard                     0    0.0%
  tempfail                    0    0.0%
  reject                    164   68.3%
EOF
)" "corpora: the distribution of final actions"
is "$(printf '%s\n' "$out" | section 'rules ' | sed 1d)" "$(cat <<'EOF'
  single-from                enforce  reject         78   32.5%         0
  from-one-valid-mailbox     enforce  reject          7    2.9%         0
  sender-for-several-authors enforce  reject          0    0.0%         0
  message-id-required        enforce  reject        153   63.8%         0
  message-id-length          enforce  reject          0    0.0%         0
  message-id-reuse           monitor  reject          6    2.5%         0
  date-required              enforce  reject        111   46.2%         0
  date-skew                  monitor  reject        129   53.8%         0
  singleton-fields           enforce  reject          2    0.8%         0
  header-octets              enforce  reject          2    0.8%         0
  header-8bit                monitor  reject         17    7.1%         0
  encoded-word-placement     enforce  reject          0    0.0%         0
  header-structure           monitor  reject         12    5.0%         0
  encoded-word-form          monitor  tag            10    4.2%         0
  bare-cr-lf                 monitor  reject          1    0.4%         0
  header-limits              enforce  reject          0    0.0%         0
  envelope-syntax            enforce  reject          1    0.4%         0
  mime-structure             enforce  reject         69   28.8%         0
  mime-charset               monitor  tag             2    0.8%         0
  mime-8bit-undeclared       monitor  tag            16    6.7%         0
  line-length                monitor  reject          2    0.8%         0
  rfc-hygiene                monitor  tag             7    2.9%         0
  bulk-one-click-unsubscribe enforce  reject          0    0.0%         0
  bulk-body-unsubscribe-link monitor  reject          0    0.0%         0
  bulk-list-hygiene          monitor  tag             0    0.0%         0
  suppressed-recipient       enforce  reject          0    0.0%         0
  bulk-bounce-address        enforce  reject          0    0.0%         0
  stream-identity            enforce  reject          0    0.0%         0
  identity-drift             enforce  tag             0    0.0%         0
  authenticated              enforce  reject          0    0.0%         0
  bulk-spf                   enforce  reject          0    0.0%         0
  bulk-dkim                  enforce  reject          0    0.0%         0
  dmarc-alignment            enforce  reject          0    0.0%         0
  bulk-dmarc-record          enforce  reject          0    0.0%         0
  bulk-unsubscribe-signed    enforce  reject          0    0.0%         0
  freemail-from              enforce  reject          0    0.0%         0
  domain-exists              enforce  reject          0    0.0%         0
  bulk-reverse-dns           enforce  reject          0    0.0%         0
  egress-naming              monitor  tag             0    0.0%         0
  auth-advice                monitor  tag             0    0.0%         0
  stream-mapping             monitor  tag           240  100.0%         0
EOF
)" "corpora: matches per rule"

# the summary counts what the per-message output says, rule by rule
$SLC -r rules/default.yaml --json t/data/corpora > "$H/each.json"
$SLC -r rules/default.yaml --summary --json t/data/corpora > "$H/sum.json"
is "$(grep -c '' "$H/sum.json")" 1 "--summary --json: one JSON object"
each=$(perl -MJSON::PP -ne '
	my $o = decode_json($_); $n++; $a{$o->{action}}++;
	$r{$_}++ for @{$o->{rules}}, map { $_->{rule} } @{$o->{monitor}};
	$f{$_->{id}}++ for grep { $_->{value} eq "1" } @{$o->{facts}};
	END { print "$n\n", join(",", map { "$_=$a{$_}" } sort keys %a), "\n",
	    join(",", map { "$_=$r{$_}" } sort keys %r), "\n",
	    join(",", map { "$_=$f{$_}" } sort keys %f), "\n" }' "$H/each.json")
sum=$(perl -MJSON::PP -e '
	local $/; my $o = decode_json(<STDIN>);
	print "$o->{messages}\n", join(",", map { "$_=$o->{actions}{$_}" }
	    sort grep { $o->{actions}{$_} } keys %{$o->{actions}}), "\n",
	    join(",", map { "$_->{id}=$_->{matched}" } sort { $a->{id} cmp $b->{id} }
	    grep { $_->{matched} } @{$o->{rules}}), "\n",
	    join(",", map { "$_->{id}=$_->{true}" } sort { $a->{id} cmp $b->{id} }
	    grep { $_->{true} } @{$o->{facts}}), "\n";' < "$H/sum.json")
is "$sum" "$each" "corpora: messages, actions, rule matches and true facts agree with the per-message output"
is "$(jq -r '.rules | length' "$H/sum.json")" "$(grep -c '^  - id:' rules/default.yaml)" \
    "--json: every rule is listed, matched or not"
is "$(jq -c '[.rules_file, .messages, .streams[0].stream, (.rules[0] | [.id, .mode, .action, .matched, .undecided, (.examples | length)])]' "$H/sum.json")" \
    '["rules/default.yaml",240,"unknown",["single-from","enforce","reject",78,0,3]]' \
    "--json: rules_file, messages, streams, per rule id, mode, action, matched, undecided, examples"

# examples name a message of an mbox by its number
{
	printf 'From sender@example.com Thu Nov 26 06:00:00 2026\n'
	cat t/data/e2e/plain.eml
	printf '\nFrom sender@example.com Thu Nov 26 06:00:01 2026\n'
	cat t/data/e2e/two-from.eml
} > "$H/box.mbox"
out=$($SLC -r t/data/rules/milter.yaml --summary --json "$H/box.mbox")
is "$(printf '%s' "$out" | jq -c '.rules[] | select(.id == "single-from") | .examples[0] | [.index, .message_id]')" \
    '[2,"<e2e-reject@example.com>"]' "an mbox message is named by its number"
is "$($SLC -r t/data/rules/milter.yaml --summary "$H/box.mbox" | grep -A1 '^  single-from (reject)' | tail -1)" \
    "    $H/box.mbox[2]  <e2e-reject@example.com>  From: Example News <news@example.com>  Subject: two From fields" \
    "text: FILE[N] for a message of an mbox"
unlike "$($SLC -r t/data/rules/milter.yaml --summary --examples 0 $E2E)" '^examples' \
    "--examples 0: no examples"

# undecided rules and why: lookups that fail (SERVFAIL) leave facts temperror
h_dnsfault_start
cat > "$H/undecided.yaml" <<'EOF'
version: 1
rules:
  - id: spf-must-pass
    any: [ spf.egress.fail ]
    action: reject
EOF
printf 'From: <a@servfail.f.example>\nDate: Thu, 26 Nov 2026 06:00:00 +0000\nMessage-ID: <1@f.example>\n\nx\n' > "$H/u.eml"
out=$($SLC -r "$H/undecided.yaml" --dns "127.0.0.1:$H_FAULT_PORT" --egress-ip 192.0.2.1 \
    --mail-from a@servfail.f.example --summary "$H/u.eml" "$H/u.eml")
like "$out" '^  spf-must-pass +enforce +reject +0 +0\.0% +2$' "an undecided rule is counted as undecided, not matched"
like "$out" '^  spf-must-pass +2  spf\.egress\.fail 2$' "the undecided rules list the temperror facts they read"
like "$out" '^  tempfail +2 +100\.0%$' "and the messages are tempfailed"

# mode: monitor: accepted, with what enforcing would give
printf 'rules: %s\nmode: monitor\n' "$TOP/t/data/rules/milter.yaml" > "$H/monitor.conf"
out=$($SLC -c "$H/monitor.conf" --summary $E2E)
like "$out" '^  accept +6 +100\.0%$' "mode: monitor: every message is accepted"
like "$out" '^under mode: monitor, enforcing would give: accept 1, tag 1, hold 1, discard 1, tempfail 1, reject 1$' "and the summary says what enforcing would give"
is "$($SLC -c "$H/monitor.conf" --summary --json $E2E | jq -c '[.monitor_messages, .would.reject]')" \
    '[6,1]' "--json: monitor_messages and would"
tap_done
