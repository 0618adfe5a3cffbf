#!/bin/sh
# The counters file: a directory that does not exist yet gives one warning,
# not one per interval, and writing resumes (and says so) once it exists.
. t/lib/tap.sh
. t/lib/harness.sh
h_init
h_config "$TOP/t/data/rules/milter.yaml"
sed "s|file: $H/sl/senderlint.prom|file: $H/later/senderlint.prom|" "$H/sl/senderlint.conf" > "$H/c"
mv "$H/c" "$H/sl/senderlint.conf"
h_senderlint_start
sleep 3.5		# three intervals of 1 s
is "$(grep -c 'cannot write stats file' "$H/sl/senderlint.log")" 1 "one warning for a failure streak"
mkdir "$H/later"
h_wait_for 5 test -s "$H/later/senderlint.prom"
ok $? "the file is written once its directory exists"
like "$(cat "$H/sl/senderlint.log")" "stats file $H/later/senderlint.prom is written again" "the recovery is logged"
h_senderlint_stop
tap_done
