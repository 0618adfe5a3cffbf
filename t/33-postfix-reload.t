#!/bin/sh
# End to end: SIGUSR1 reloads. A broken rule file is refused with
# file:line:col and the old rules stay in force; a good one takes over.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
cp t/data/rules/milter.yaml "$H/sl/rules.yaml"
h_config "$H/sl/rules.yaml"
h_senderlint_start
h_sink_start
h_postfix_start

printf 'version: 1\nrules:\n  - id: broken\n    any: [ no.such.fact ]\n    action: reject\n' > "$H/sl/rules.yaml"
kill -USR1 "$H_SL_PID"
h_wait_for 10 grep -q 'reload failed' "$H/sl/senderlint.log"
like "$(cat "$H/sl/senderlint.log")" "reload failed, keeping the old rules: $H/sl/rules.yaml:4:12: unknown fact id \"no.such.fact\"" \
    "reload: a broken rule file is refused with file:line:col"
h_send t/data/e2e/two-from.eml
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 exactly one From field is required' \
    "reload: the old rules still reject two From fields"
h_send t/data/e2e/tag.eml
h_wait_sink 1
like "$(cat "$(h_sink_file 1)")" '^X-Senderlint: tag-me' "reload: the old tag rule still tags"

sed 's/^    action: tag$/    action: reject/' t/data/rules/milter.yaml > "$H/sl/rules.yaml.new"
mv "$H/sl/rules.yaml.new" "$H/sl/rules.yaml"
kill -USR1 "$H_SL_PID"
h_wait_for 10 grep -q 'reloaded' "$H/sl/senderlint.log"
ok $? "reload: a good rule file is loaded"
h_send t/data/e2e/tag.eml
like "$(cat "$H/swaks.out")" '<\*\* +550 5\.7\.1 rejected by senderlint rule tag-me' \
    "reload: the new rules apply to the next message"
# the counters file is rewritten every second: wait for one written
# after both reloads
h_wait_for 5 grep -q 'result="ok"} 1' "$H/sl/senderlint.prom"
prom=$(cat "$H/sl/senderlint.prom")
like "$prom" 'senderlint_reloads_total\{result="failed"\} 1' "stats: the failed reload is counted"
like "$prom" 'senderlint_reloads_total\{result="ok"\} 1' "stats: the good reload is counted"
h_senderlint_stop
tap_done
