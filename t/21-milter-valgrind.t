#!/bin/sh
# The daemon under valgrind, driven by miltertest: no invalid reads or
# writes, no use of uninitialised memory, no definite leaks, over accept,
# tag, reject, hold, tempfail and a reload. Skipped in a SANITIZE=1 build
# (ASan and valgrind do not mix; the sanitizers cover that build).
. t/lib/tap.sh
. t/lib/harness.sh
if grep -q fsanitize milter/.flags 2>/dev/null; then
	echo "1..0 # SKIP sanitizer build"
	exit 0
fi
command -v valgrind >/dev/null || { echo "1..0 # SKIP valgrind is not installed"; exit 0; }
h_init
h_config "$TOP/t/data/rules/milter.yaml"
SL="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --log-file=$H/valgrind.%p.log $SL"
h_senderlint_start
for s in accept tag reject hold tempfail stream; do
	miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
	    -s "$TOP/t/milter/$s.lua" > "$H/out.$s" 2>&1
	bad=$(grep -c '^not ok' "$H/out.$s")
	good=$(grep -c '^ok' "$H/out.$s")
	ok $((bad != 0 || good == 0)) "$s.lua under valgrind: $good passed, $bad failed"
done
kill -USR1 "$H_SL_PID"
h_wait_for 30 grep -q 'reloaded' "$H/sl/senderlint.log"
ok $? "reload under valgrind"
kill -TERM "$H_SL_PID"
h_wait_gone "$H_SL_PID" 60
ok $? "senderlint stopped"
wait "$H_SL_PID" 2>/dev/null
rc=$?
h_untrack "$H_SL_PID"
is "$rc" 0 "valgrind exit status (99 means it found errors)"
report=$(cat "$H"/valgrind.*.log 2>/dev/null)
is "$report" "" "valgrind reported nothing"
tap_done
