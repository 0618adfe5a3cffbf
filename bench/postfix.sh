# make bench, part 2 (sourced by bench/run.sh after part 1): the whole
# path through the test harness's private Postfix, smtp-source as the
# clients, smtp-sink as the next hop, in three set-ups interleaved REPS
# times: no milter; opendkim signing, then the no-op filter; opendkim
# signing, then senderlint (authentication on), as in production. Each
# set-up gets the message set unsigned (the signer signs), one
# smtp-source per message kind, PF_SESSIONS sessions each; the time is
# from the first connection until every smtp-source is done (the milters
# answer inside the SMTP transaction), then the queue is left to drain.
# Prints msg/s and the ratio to the no-op filter set-up.
#
# Uses from run.sh: $H, $RAW2, $REPS, the zone and keys (h_dkim_key), the
# running senderlint and no-op filter ($H/noop.sock).

PF_MSGS=${BENCH_PF_MSGS:-400}
PF_SESSIONS=${BENCH_PF_SESSIONS:-4}

pf_sink_start() {	# smtp-sink that keeps nothing: delivery costs little
	H_SINK_PORT=$(h_free_port)
	smtp-sink -u postfix "127.0.0.1:$H_SINK_PORT" 256 > "$H/sink.log" 2>&1 &
	PF_SINK_PID=$!
	h_track $PF_SINK_PID
	h_wait_for 10 perl -MIO::Socket::INET -e \
	    "IO::Socket::INET->new('127.0.0.1:$H_SINK_PORT') or exit 1" ||
	    bail "smtp-sink did not start"
}

pf_milters() {	# MILTERS: reload Postfix with smtpd_milters = MILTERS
	postconf -c "$P/etc" -e "smtpd_milters = $1" ||
	    bail "postconf failed"
	out=$(script -qec "postfix -c $P/etc reload" /dev/null 2>&1) ||
	    { echo "$out"; bail "postfix reload failed"; }
	sleep 1
}

pf_queue_empty() {
	postqueue -c "$P/etc" -p 2>/dev/null | grep -q 'Mail queue is empty'
}

pf_run() {	# NAME REP PER-KIND: one set-up, one line in $RAW2
	rej0=$(grep -c 'milter-reject: END-OF-MESSAGE' "$P/log/maillog" 2>/dev/null || true)
	t0=$(date +%s%N)
	pids=
	for f in "$H"/msgs/lf/*.eml; do
		from=$(perl -ne 'if (/^Return-Path:\s*<([^>]*)>/i) { print $1; exit }' "$f")
		smtp-source -A -s "$PF_SESSIONS" -m "$3" -f "$from" \
		    -t rcpt@example.net -M client.bench.test -F "$f" \
		    "127.0.0.1:$H_SMTP_PORT" > "$H/ss.$(basename "$f").out" 2>&1 &
		pids="$pids $!"
	done
	bad=0
	for p in $pids; do
		wait "$p" || bad=$((bad + 1))
	done
	t1=$(date +%s%N)
	[ "$bad" -eq 0 ] || { cat "$H"/ss.*.out; bail "smtp-source failed ($1)"; }
	h_wait_for 120 pf_queue_empty || bail "the Postfix queue did not drain ($1)"
	sleep 0.5			# postlogd writes the maillog
	rej1=$(grep -c 'milter-reject: END-OF-MESSAGE' "$P/log/maillog" 2>/dev/null || true)
	echo "setup=$1 rep=$2 msgs=$(($3 * $(ls "$H"/msgs/lf/*.eml | wc -l))) wall_ms=$(( (t1 - t0) / 1000000 )) rejected=$((${rej1:-0} - ${rej0:-0}))" >> "$RAW2"
}

postfix_part() {
	mkdir -p "$H/msgs/lf"
	for f in "$H"/msgs/unsigned/*.eml; do
		tr -d '\r' < "$f" > "$H/msgs/lf/$(basename "$f")"
	done
	h_dkim_sign '*@news.sl.example' news.sl.example
	h_dkim_sign '*@shop.sl.example' shop.sl.example
	h_opendkim_start From,To,Cc,Subject,Date,MIME-Version,Content-Type,Reply-To,List-Id,List-Unsubscribe,List-Unsubscribe-Post,Feedback-ID
	pf_sink_start
	h_postfix_start
	none=
	noop="unix:$H/odkim/opendkim.sock, unix:$H/noop.sock"
	slm="unix:$H/odkim/opendkim.sock, unix:$H/sl/senderlint.sock"
	: > "$RAW2"
	kinds=$(ls "$H"/msgs/lf/*.eml | wc -l)
	per=$((PF_MSGS / kinds))
	r=0				# 0: warm-up, one message of each kind
	while [ "$r" -le "$REPS" ]; do
		n=$per
		[ "$r" -gt 0 ] || n=1
		pf_milters "$none"; pf_run none "$r" "$n"
		pf_milters "$noop"; pf_run noop "$r" "$n"
		pf_milters "$slm"; pf_run senderlint "$r" "$n"
		r=$((r + 1))
	done
	sed -i '/ rep=0 /d' "$RAW2"
	if grep -q 'milter-reject.*4\.[0-9.]* ' "$P/log/maillog" 2>/dev/null; then
		echo "warning: a milter deferred mail through Postfix; see the maillog"
	fi
}
