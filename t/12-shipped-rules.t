#!/bin/sh
# The shipped rule files. rules/default.yaml accepts what no provider
# rejects, as monitor hits (a raw UTF-8 Subject without SMTPUTF8, an 8-bit
# body without BODY=8BITMIME) and still rejects MIME damage.
# rules/rollout.yaml is default.yaml with other modes only: it enforces
# exactly the rules its header lists and monitors the rest. Every rule of
# both files cites its source in the comment above it.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
# The messages are dated Thu, 26 Nov 2026 06:00:00 +0000: check as of then.
SLC="$SLC --now 1795672800"
HDR='From: Alice <a@example.com>\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n'

verdict() {	# RULES FILE [options]: action;rules;monitor;true facts
	r=$1
	f=$2
	shift 2
	$SLC -r "$r" --json "$@" "$f" | perl -MJSON::PP -ne '
		my $o = decode_json($_);
		print join(";", $o->{action}, join(",", @{$o->{rules}}),
		    join(",", map { "$_->{rule}:$_->{action}" } @{$o->{monitor}}),
		    join(",", map { $_->{id} } grep { $_->{value} eq "1" || $_->{value} eq "true" } @{$o->{facts}})), "\n"'
}

printf "${HDR}Subject: caf\303\251\r\n\r\nhello\r\n" > "$H/utf8-subject.eml"
printf "${HDR}Subject: hello\r\n\r\ncaf\303\251\r\n" > "$H/8bit-body.eml"
printf "${HDR}Subject: hello\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\ncaf\303\251\r\n" > "$H/7bit-label.eml"
printf "From: a@example.com, b@example.com\r\nSender: a@example.com\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\nMessage-ID: <2@example.com>\r\n\r\nhi\r\n" > "$H/two-authors.eml"
printf "${HDR}X-Senderlint-Stream: bulk\r\nSubject: news\r\n\r\nhi\r\n" > "$H/bulk-no-unsub.eml"

for rules in default rollout; do
	R=$TOP/rules/$rules.yaml
	v=$(verdict "$R" "$H/utf8-subject.eml")
	like "$v" '^accept;;' "$rules: a raw UTF-8 Subject without SMTPUTF8 is accepted"
	like "$v" ';([^;]*,)?header-8bit:reject(,[^;]*)?;' "$rules: as a monitor hit of header-8bit"
	like "$v" ';(.*,)?rfc5322\.header\.8bit(,.*)?$' "$rules: the fact is reported"
	v=$(verdict "$R" "$H/8bit-body.eml")
	like "$v" '^accept;;' "$rules: an 8-bit body without BODY=8BITMIME is accepted"
	like "$v" ';([^;]*,)?mime-8bit-undeclared:tag(,[^;]*)?;' "$rules: as a monitor hit of mime-8bit-undeclared"
	like "$v" ';(.*,)?mime\.8bit\.undeclared(,.*)?$' "$rules: mime.8bit.undeclared is true"
	unlike "$v" 'mime\.structure' "$rules: and it is no MIME damage"
	v=$(verdict "$R" "$H/8bit-body.eml" --mail-param BODY=8BITMIME)
	unlike "$v" 'mime-8bit-undeclared|mime\.8bit' "$rules: with BODY=8BITMIME there is nothing to count"
	v=$(verdict "$R" "$H/bulk-no-unsub.eml")
	like "$v" '^reject;bulk-one-click-unsubscribe;' "$rules: bulk mail without one-click unsubscribe is rejected"
	v=$(verdict "$R" "$H/two-authors.eml")
	like "$v" '^reject;from-one-valid-mailbox;' "$rules: a From with two mailboxes is rejected"
done

v=$(verdict "$TOP/rules/default.yaml" "$H/7bit-label.eml" --mail-param BODY=8BITMIME)
like "$v" '^reject;mime-structure;' "default: 8-bit content under a 7bit label is MIME damage, rejected"
v=$(verdict "$TOP/rules/rollout.yaml" "$H/7bit-label.eml" --mail-param BODY=8BITMIME)
like "$v" '^accept;;([^;]*,)?mime-structure:reject' "rollout: the same is monitored"

# rollout.yaml differs from default.yaml in comments and mode lines only
strip() { grep -v '^ *#' "$1" | grep -v '^    mode:' | grep -v '^$'; }
strip rules/default.yaml > "$H/default.stripped"
strip rules/rollout.yaml > "$H/rollout.stripped"
cmp -s "$H/default.stripped" "$H/rollout.stripped"
ok $? "rollout.yaml has default.yaml's streams, rules, conditions and replies"
[ $? -eq 0 ] || diff "$H/default.stripped" "$H/rollout.stripped" | head -10 | while IFS= read -r l; do diag "$l"; done

enforced() {	# the ids of the rules without a mode line, sorted
	awk '/^  - id:/ { if (id != "" && !mon) print id; id = $3; mon = 0 }
	    /^    mode: monitor/ { mon = 1 }
	    END { if (id != "" && !mon) print id }' "$1" | sort
}
listed=$(sed -n '/^# Enforced ([0-9]*):/,/^[^#]/p' rules/rollout.yaml | grep '^#' |
    sed 's/^# Enforced ([0-9]*)://; s/^#//' | tr ',.' '\n\n' | tr -d ' ' | grep -v '^$' | sort)
is "$(enforced rules/rollout.yaml | tr '\n' ' ')" "$(printf '%s\n' "$listed" | tr '\n' ' ')" \
    "rollout.yaml enforces exactly the rules its header lists"
n=$(printf '%s\n' "$listed" | wc -l | tr -d ' ')
like "$(cat rules/rollout.yaml)" "^# Enforced \($n\):" "and the count in the header is right"
enforced rules/default.yaml > "$H/default.enforced"
extra=$(enforced rules/rollout.yaml | comm -23 - "$H/default.enforced")
is "$extra" "" "rollout.yaml enforces nothing that default.yaml monitors"

# every rule cites a source: a provider page of the file's list or an RFC
for f in rules/default.yaml rules/rollout.yaml; do
	bad=$(awk '/^  #/ { c = c $0; next }
	    /^  - id:/ { if (c !~ /(G-SMTP|G-GUIDE|G-LIMIT|Y-REQ|APL|MS|RFC [0-9])/) print $3; c = ""; next }
	    { c = "" }' "$f")
	is "$bad" "" "$f: every rule cites its source"
done
for f in rules/rollout.yaml; do
	bad=$(awk '/^  #/ { c = c $0; next }
	    /^  - id:/ { if (c !~ /(Enforced|Monitored)/) print $3; c = ""; next }
	    { c = "" }' "$f")
	is "$bad" "" "$f: every rule says whether it is enforced or monitored, and why"
done
tap_done
