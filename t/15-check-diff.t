#!/bin/sh
# senderlint-check --diff OLD -r NEW: both rule files over the same
# messages, the message facts computed once, each file's own stream and
# stream facts; the transition table, the rules responsible, the rules
# that changed, and an exit status a CI job can use.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
export LC_ALL=C		# directories are read in byte order
SLC="$SLC --now 1795672800"
# The six messages of t/30-t/33, one per action (the directory holds more).
E2E="t/data/e2e/plain.eml t/data/e2e/two-from.eml t/data/e2e/tag.eml t/data/e2e/hold.eml
    t/data/e2e/tempfail.eml t/data/e2e/discard.eml"

# rollout.yaml monitors what default.yaml enforces beyond today's providers
out=$($SLC -r rules/default.yaml --diff rules/rollout.yaml --examples 1 t/data/demo t/data/corpora)
is "$?" 1 "a message that went from accept to reject: exit 1"
is "$out" "$(cat <<'EOF'
diff of 251 messages
  old rules: rules/rollout.yaml (41 rules)
  new rules: rules/default.yaml (41 rules)

transitions            messages   share
  accept -> accept           81   32.3%
  accept -> reject            5    2.0%  stricter
  reject -> reject          165   65.7%

accept -> reject: 5 messages
  rules of the new file that gave reject: header-octets 1, encoded-word-placement 1, mime-structure 3
    t/data/demo/7-encoded-address.eml  <sec-5@example.com>  From: =?UTF-8?B?c3VwcG9ydA==?=@example.com  Subject: Security notice

rules that changed                old                        new                   change
  sender-for-several-authors        0  monitor reject          0  enforce reject   now enforced
  header-octets                     2  monitor reject          2  enforce reject   now enforced
  encoded-word-placement            1  monitor reject          1  enforce reject   now enforced
  mime-structure                   69  monitor reject         69  enforce reject   now enforced
  bulk-bounce-address               0  monitor reject          0  enforce reject   now enforced
  stream-identity                   0  monitor reject          0  enforce reject   now enforced
  identity-drift                    0  monitor tag             0  enforce tag      now enforced
  bulk-unsubscribe-signed           0  monitor reject          0  enforce reject   now enforced
  freemail-from                     0  monitor reject          0  enforce reject   now enforced

5 messages the old rules let leave (accept, tag) the new rules stop (hold, discard, tempfail, reject)
EOF
)" "rollout -> default on the demo and the corpora: transitions, the rules responsible, examples, the rules that changed"
$SLC -r rules/default.yaml --diff rules/rollout.yaml --allow t/data/demo t/data/corpora > /dev/null
is "$?" 0 "--allow: exit 0 all the same"
out=$($SLC -r rules/rollout.yaml --diff rules/default.yaml t/data/demo t/data/corpora)
is "$?" 0 "the other way round only loosens: exit 0"
like "$out" '^  reject -> accept +5 +2\.0%  looser$' "and the transition is marked looser"
like "$out" '^  rules of the old file that gave reject: header-octets 1, encoded-word-placement 1, mime-structure 3$' \
    "a looser change names the old file's rules that rejected"
like "$out" '^  mime-structure +69  enforce reject +69  monitor reject +now monitor$' \
    "a rule that went to monitor is listed"

# JSON for scripts
out=$($SLC -r rules/default.yaml --diff rules/rollout.yaml --json t/data/demo t/data/corpora)
is "$(printf '%s\n' "$out" | grep -c '')" 1 "--json: one object"
is "$(printf '%s' "$out" | jq -c '[.old_rules, .new_rules, .messages, .stopped, [.transitions[] | "\(.from)>\(.to)=\(.messages)"]]')" \
    '["rules/rollout.yaml","rules/default.yaml",251,5,["accept>accept=81","accept>reject=5","reject>reject=165"]]' \
    "--json: old_rules, new_rules, messages, stopped, transitions"
is "$(printf '%s' "$out" | jq -c '.transitions[1] | [.rules_file, .rules, (.examples | length)]')" \
    '["new",{"header-octets":1,"encoded-word-placement":1,"mime-structure":3},3]' \
    "--json: a change names its rules and examples"
is "$(printf '%s' "$out" | jq -c '.rules_changed[] | select(.id == "mime-structure")')" \
    '{"id":"mime-structure","old":{"matched":69,"mode":"monitor","action":"reject"},"new":{"matched":69,"mode":"enforce","action":"reject"}}' \
    "--json: a changed rule with both sides"

# Each side is what that rule file gives alone: the transitions add up
# to each file's own --summary, message by message.
for side in old new; do
	[ $side = old ] && f=rules/rollout.yaml || f=rules/default.yaml
	alone=$($SLC -r $f --summary --json t/data/demo t/data/corpora |
	    jq -c '.actions | to_entries | map(select(.value > 0)) | from_entries')
	[ $side = old ] && k=from || k=to
	sum=$(printf '%s' "$out" | jq -c "reduce .transitions[] as \$t ({}; .[\$t.$k] += \$t.messages)")
	is "$(printf '%s' "$sum" | jq -S -c .)" "$(printf '%s' "$alone" | jq -S -c .)" \
	    "the $side side's actions are those $f gives alone"
done

# Two rule files with different streams: the message facts are shared,
# the stream and its facts (stream.*, identity.*) are each file's own.
cat > "$H/nostreams.yaml" <<'EOF'
version: 1
rules:
  - id: no-stream
    any: [ stream.unknown ]
    action: tag
  - id: identity
    any: [ identity.from.mismatch, identity.display-name.mismatch ]
    action: reject
EOF
printf 'From: Example Newsletter <news@example.com>\nDate: Thu, 26 Nov 2026 06:00:00 +0000\nMessage-ID: <n1@example.com>\nSubject: x\n\nx\n' > "$H/news.eml"
out=$($SLC -r t/data/rules/identity.yaml --diff "$H/nostreams.yaml" --auth news-1 --json "$H/news.eml")
is "$(printf '%s' "$out" | jq -c '[.transitions[] | [.from, .to, .rules]]')" \
    '[["tag","reject",{"identity":1}]]' \
    "old rules without streams: stream.unknown (tag); new rules: stream news, its identity rejects"
alone_old=$($SLC -r "$H/nostreams.yaml" --auth news-1 --json "$H/news.eml" | jq -c '[.stream, .action, .rules]')
alone_new=$($SLC -r t/data/rules/identity.yaml --auth news-1 --json "$H/news.eml" | jq -c '[.stream, .action, .rules]')
is "$alone_old $alone_new" '["unknown","tag",["no-stream"]] ["news","reject",["identity"]]' \
    "which is what each file gives alone"
out=$($SLC -r "$H/nostreams.yaml" --diff t/data/rules/identity.yaml --auth news-1 "$H/news.eml")
is "$?" 0 "reject -> tag is looser: exit 0"

# the same file on both sides changes nothing
out=$($SLC -r rules/default.yaml --diff rules/default.yaml t/data/demo)
is "$?" 0 "a file against itself: exit 0"
like "$out" '^rules that changed: none$' "and no rule changed"
unlike "$out" 'stricter|looser' "and no transition changes the action"

# e2e: one rule file replaced by a smaller one
cat > "$H/small.yaml" <<'EOF'
version: 1
rules:
  - id: single-from
    any: [ rfc5322.from.multiple ]
    action: reject
  - id: no-list-id
    any: [ list-id.missing ]
    action: hold
  - id: tag-me
    all: [ { header: { name: Subject, regex: 'tag-me' } } ]
    action: tag
EOF
out=$($SLC -r "$H/small.yaml" --diff t/data/rules/milter.yaml --examples 0 $E2E)
is "$?" 1 "e2e: accept and tag go to hold: exit 1"
is "$(printf '%s\n' "$out" | sed -n '/^transitions/,/^$/p' | sed '$d')" "$(cat <<'EOF'
transitions            messages   share
  accept -> hold              1   16.7%  stricter
  tag -> hold                 1   16.7%  stricter
  hold -> hold                1   16.7%
  discard -> hold             1   16.7%  looser
  tempfail -> hold            1   16.7%  looser
  reject -> reject            1   16.7%
EOF
)" "e2e: the transition table, one row per pair of actions seen"
like "$out" '^discard -> hold: 1 message$' "each change has its section"
like "$out" '^  rules of the old file that gave discard: discard-me 1$' "naming the old rule that no longer applies"
like "$out" '^2 messages the old rules let leave' "and the count that sets the exit status"

# errors
printf 'version: 1\nrules:\n  - id: x\n    any: [ nope ]\n    action: tag\n' > "$H/bad.yaml"
out=$($SLC -r rules/default.yaml --diff "$H/bad.yaml" t/data/demo 2>&1)
is "$?" 2 "an old rule file that does not load: exit 2"
is "$out" "$H/bad.yaml:4:12: unknown fact id \"nope\" (senderlint-check --list-facts lists them)" \
    "with file:line:col"
out=$($SLC -r rules/default.yaml --allow t/data/demo 2>&1)
is "$?" 2 "--allow without --diff is a usage error"
out=$($SLC -r rules/default.yaml --diff rules/rollout.yaml --summary t/data/demo 2>&1)
is "$?" 2 "--diff with --summary is a usage error"
tap_done
