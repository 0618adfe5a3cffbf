#!/bin/sh
# The counters file: a directory that goes away while senderlint runs gives
# one warning, not one per interval, and writing resumes (and says so) once
# it is back. (A directory missing at start stops the start: t/25.)
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_config "$TOP/t/data/rules/milter.yaml"
mkdir "$H/later"
sed "s|file: $H/sl/senderlint.prom|file: $H/later/senderlint.prom|" "$H/sl/senderlint.conf" > "$H/c"
mv "$H/c" "$H/sl/senderlint.conf"
h_senderlint_start
h_wait_for 5 test -s "$H/later/senderlint.prom"
ok $? "the file is written at start"
mv "$H/later" "$H/away"
sleep 3.5		# three intervals of 1 s
is "$(grep -c 'cannot write stats file' "$H/sl/senderlint.log")" 1 "one warning for a failure streak"
mv "$H/away" "$H/later"
rm -f "$H/later/senderlint.prom"
h_wait_for 5 test -s "$H/later/senderlint.prom"
ok $? "the file is written once its directory is back"
like "$(cat "$H/sl/senderlint.log")" "stats file $H/later/senderlint.prom is written again" "the recovery is logged"
h_senderlint_stop
tap_done
