# TAP helpers for shell tests. Source it; call tap_done at the end.
# Each assertion prints "ok N - name" or "not ok N - name" followed by
# what was expected and what was seen, as TAP diagnostics.

TAP_N=0
TAP_FAILED=0

ok() {	# ok STATUS NAME: passes when STATUS is 0
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

is() {	# is GOT EXPECTED NAME
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   expected: %s\n#        got: %s\n' "$2" "$1"
	fi
}

like() {	# like TEXT EXTENDED-REGEX NAME
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   expected to match: %s\n' "$2"
		printf '%s\n' "$1" | head -20 | sed 's/^/#   got: /'
	fi
}

unlike() {	# unlike TEXT EXTENDED-REGEX NAME
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '#   expected not to match: %s\n' "$2"
		printf '%s\n' "$1" | grep -E -- "$2" | head -5 | sed 's/^/#   got: /'
	else
		ok 0 "$3"
	fi
}

diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

bail() {
	echo "Bail out! $*"
	exit 255
}

tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}
