#!/bin/sh
# Streams and stable identity through the real daemon (miltertest): the
# identity history in LMDB across a restart and under concurrent
# messages, a display-name change caught, a new identity caught, the
# SASL login binding, and senderlint-identity list/approve.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_config "$TOP/t/data/rules/identity.yaml" "identity_store:
  path: $H/sl/identity"
SLI=$TOP/milter/senderlint-identity

send() {	# NAME EXPECT FROM AUTH [MAILFROM]
	out=$(miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
	    -D NAME="$1" -D EXPECT="$2" -D FROM="$3" -D AUTH="$4" ${5:+-D MAILFROM="$5"} \
	    -s "$TOP/t/milter/identity.lua" 2>&1)
	line=$(printf '%s\n' "$out" | grep -E '^(not )?ok - ' | head -1)
	case $line in
	"ok - "*) ok 0 "${line#ok - }" ;;
	"not ok - "*) ok 1 "${line#not ok - }"; printf '%s\n' "$out" | grep '^#' ;;
	*) ok 1 "$1: miltertest ran"; diag "$out" ;;
	esac
}

h_senderlint_start
send "first message of the stream" accept "Example News <news@example.com>" news-1
send "the same identity again" accept "Example News <news@example.com>" news-1
send "a display-name change is caught" "550" "Example Newz <news@example.com>" news-1
send "a new identity past the learning period" drift "Example Sales <sales@example.com>" news-1
send "a second display name for sales@ within 24 h" drift "Sales Team <sales@example.com>" news-1
send "the same name RFC 2047 encoded is the same identity" accept "=?UTF-8?Q?Example_News?= <news@example.com>" news-1
send "a From address the stream does not allow" "550" "Other <other@example.com>" news-1
send "the login may not use this From" "550" "Example Sales <sales@example.com>" shop
h_senderlint_stop

list=$("$SLI" -c "$H/sl/senderlint.conf" list)
like "$list" "^news	news@example.com	Example News	.*	3	-$" \
    "list: 3 messages for the first identity: the encoded name is the same name"
like "$list" "^news	sales@example.com	Sales Team	" "list: the drifted name is recorded once it left"
unlike "$list" "Example Newz" "list: the rejected name is not recorded"

# restart: the history survives
h_senderlint_start
send "after a restart a known identity is not drift" accept "Example News <news@example.com>" news-1
send "after a restart the 24 h name history is still there" drift "Example Sales <sales@example.com>" news-1
"$SLI" -c "$H/sl/senderlint.conf" approve news other@example.com "Other" > "$H/approve.out"
ok $? "approve: exit 0"
like "$(cat "$H/approve.out")" '^approved news: "Other" <other@example.com>$' "approve: says what it approved"

# concurrent messages: 4 clients x 10 messages of a new identity in a
# stream never seen before: none may see the stream recorded but not the
# identity (the store is read in one transaction)
i=0
pids=
while [ $i -lt 4 ]; do
	(j=0; while [ $j -lt 10 ]; do
		miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
		    -D NAME=c -D EXPECT=accept -D FROM="Example Shop <orders@example.com>" -D AUTH=shop \
		    -s "$TOP/t/milter/identity.lua" > "$H/conc.$i.$j" 2>&1
		j=$((j + 1))
	done) &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do
	wait "$p"	# not a bare wait: senderlint is our child too
done
bad=$(cat "$H"/conc.* | grep -c '^not ok')
is "$bad" 0 "40 concurrent messages over 4 connections all answered (no identity.drift race)"
for f in $(grep -l '^not ok' "$H"/conc.* | head -2); do diag "$(cat "$f")"; done
h_senderlint_stop
like "$("$SLI" -c "$H/sl/senderlint.conf" list)" "^receipts	orders@example.com	Example Shop	.*	40	-$" \
    "the store counted all 40 concurrent messages"
like "$("$SLI" -c "$H/sl/senderlint.conf" list)" "^news	other@example.com	Other	.*	approved$" \
    "the approval is stored"
"$SLI" -c "$H/sl/senderlint.conf" forget news > "$H/usage.out" 2>&1
is "$?" 2 "senderlint-identity: an unknown command exits 2"
like "$(cat "$H/usage.out")" '^usage: senderlint-identity' "and prints usage"
# approve as the log shows it, quoted or not; never seen says "never"
"$SLI" -c "$H/sl/senderlint.conf" approve news '"Example Promo" <promo@example.com>' > "$H/approve.out"
like "$(cat "$H/approve.out")" '^approved news: "Example Promo" <promo@example.com>$' \
    "approve: takes the identity as the log shows it"
"$SLI" -c "$H/sl/senderlint.conf" approve news promo2@example.com '"Promo Two"' > "$H/approve.out"
like "$(cat "$H/approve.out")" '^approved news: "Promo Two" <promo2@example.com>$' \
    "approve: a quoted display name loses its quotes"
like "$("$SLI" -c "$H/sl/senderlint.conf" list)" "^news	promo@example.com	Example Promo	never	never	0	approved$" \
    "list: an identity approved before it was seen shows never"
like "$("$SLI" -c "$H/sl/senderlint.conf" --json list | jq -c 'select(.from == "promo@example.com")')" \
    '^\{"stream":"news","from":"promo@example.com","display_name":"Example Promo","first_seen":"never","last_seen":"never","messages":0,"approved":true\}$' \
    "list --json: one object per identity"
"$SLI" -c "$H/sl/senderlint.conf" revoke news 'Example Promo <promo@example.com>' > "$H/approve.out"
ok $? "revoke: exit 0"
like "$("$SLI" -c "$H/sl/senderlint.conf" list)" "^news	promo@example.com	Example Promo	never	never	0	-$" \
    "revoke: the approval is taken back"
"$SLI" -c "$H/sl/senderlint.conf" revoke news nobody@example.com Nobody 2> "$H/approve.out"
is "$?" 1 "revoke: an unknown identity exits 1"
like "$(cat "$H/approve.out")" 'is not known' "and says so"
is "$("$SLI" --help | head -1)" "usage: senderlint-identity [-c config] list [--json]" "--help prints usage on standard output"
like "$("$SLI" --version)" '^senderlint-identity [0-9]' "--version names the release"
printf 'rules: %s\n' "$TOP/t/data/rules/identity.yaml" > "$H/nostore.conf"
"$SLI" -c "$H/nostore.conf" list > "$H/usage.out" 2>&1
is "$?" 2 "senderlint-identity: a config without identity_store exits 2"
like "$(cat "$H/usage.out")" 'has no identity_store' "and says so"
tap_done
