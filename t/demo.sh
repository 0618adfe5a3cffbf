#!/bin/sh
# make demo: a private Postfix with senderlint on loopback, the shipped
# default rules, a handful of sample messages, and what happened to each.
set -u
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_stack "$TOP/rules/default.yaml"

echo "senderlint demo: Postfix on 127.0.0.1:$H_SMTP_PORT -> senderlint (rules/default.yaml) -> smtp-sink on 127.0.0.1:$H_SINK_PORT"
echo
for f in t/data/demo/*.eml; do
	name=$(basename "$f" .eml)
	before=$(h_sink_count)
	# samples are dated now, except one whose point is its impossible date
	case $name in
	*impossible-date*) cp "$f" "$H/msg" ;;
	*) sed "s/^Date: .*/Date: $(LC_ALL=C date -R)\r/" "$f" > "$H/msg" ;;
	esac
	h_send "$H/msg"
	answer=$(grep -E '^<[*~-]* +[245][0-9][0-9] ' "$H/swaks.out" | tail -2 | head -1 | sed 's/^<[*~-]* *//')
	qid=$(printf '%s\n' "$answer" | sed -n 's/.*queued as \([0-9A-F]*\).*/\1/p')
	echo "== $name"
	echo "   SMTP answer at end of DATA: $answer"
	if [ -n "$qid" ]; then
		h_wait_sink $((before + 1)) 10
		got=$(h_sink_file $((before + 1)))
		tag=$(grep '^X-Senderlint:' "$got" 2>/dev/null)
		echo "   delivered to the sink${tag:+ with \"$tag\"}"
		grep -q '^X-Senderlint-Stream:' "$f" && ! grep -q '^X-Senderlint-Stream:' "$got" &&
		    echo "   (the X-Senderlint-Stream header that chose the stream was removed)"
	fi
	sleep 0.2
	line=$(grep 'qid=' "$H/sl/senderlint.log" | tail -1 | sed 's/^senderlint: //')
	echo "   senderlint: $line"
	echo
done
echo "== what Postfix logged (milter-reject lines)"
h_wait_log 'milter-reject' 5
grep 'milter-reject' "$H/pf/log/maillog" | sed 's/^/   /'
echo
sleep 1.2
echo "== counters ($H/sl/senderlint.prom, Prometheus text format)"
grep -v '^#' "$H/sl/senderlint.prom" | grep -v ' 0$' | sed 's/^/   /'
echo
echo "Try it yourself: milter/senderlint-check -r rules/default.yaml t/data/demo/2-two-from.eml"
