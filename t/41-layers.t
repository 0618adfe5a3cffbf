#!/bin/sh
# The shape of the code (DESIGN.md "Data flow"): the module include graph
# of milter/ has no cycle; only milter.c speaks libmilter; the rule engine
# and the checks never read MTA macro names; the daemon and senderlint-check
# both decide through judge(), and nothing else runs the checks or rules.
. t/lib/tap.sh
TOP=$(pwd)
M=$TOP/milter

out=$(perl "$TOP/t/tools/incgraph" "$M" 2>&1)
ok $? "the module include graph of milter/ has no cycle"
[ -n "$out" ] && diag "$out"

# code lines only: comments may name what they talk about
code() {
	perl -0777 -ne 'BEGIN { $re = shift } s{/\*.*?\*/}{}gs;
	    if (/$re/) { $ARGV =~ s{.*/}{}; print "$ARGV " }' "$1" "$M"/*.c "$M"/*.h
}
is "$(code 'libmilter/mfapi\.h|smfi_[a-z]*\(')" "milter.c " \
    "only milter.c includes libmilter or calls smfi_*"

is "$(code '\{(auth|client|daemon|mail|rcpt|if|cert|tls)_')" "milter.c " \
    "no file but milter.c names an MTA macro such as {auth_authen}"

is "$(code 'check_(message|stream)\(')" "check.c judge.c check.h " \
    "check_message() and check_stream() are called by judge.c alone"
is "$(code 'ruleset_eval\(')" "judge.c rule_eval.c rule.h " \
    "ruleset_eval() is called by judge.c alone"
for f in milter.c senderlint-check.c; do
	grep -q 'judge(&env' "$M/$f"
	ok $? "$f decides through judge()"
done

# each check module reads the header fields several need from the view
for f in addrcheck.c identity.c msgidcheck.c datecheck.c unsub.c; do
	n=$(grep -c 'addr_parse(h\|msgid_parse(h->value, h->valuelen, MSGID_SINGLE\|date_parse(h->value\|listurl_parse(' "$M/$f")
	case $f in
	addrcheck.c|datecheck.c) want=1 ;;	# the other fields of the kind
	*) want=0 ;;
	esac
	is "$n" "$want" "$f parses no shared field again (headview.c parses them once)"
done
tap_done
