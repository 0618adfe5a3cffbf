#!/bin/sh
# The daemon and senderlint-check decide through the same judge(): the
# same messages with the same envelope, config and rules (the shipped
# rules/default.yaml, authentication on against the test zone) give the
# same action, the same enforced and undecided rules and the same true
# facts, message by message. The daemon is driven by miltertest and read
# back from its summary log line; senderlint-check prints JSON.
. t/lib/tap.sh
. t/lib/harness.sh
h_init

h_dns_record example.com TXT "v=spf1 ip4:192.0.2.10 -all"
h_dns_record _dmarc.example.com TXT "v=DMARC1; p=reject"
h_dns_record example.com MX "10 mx.example.com"
h_dns_start
h_config "$TOP/rules/default.yaml" "$(h_auth_yaml 192.0.2.10 client.senderlint.test)"
h_senderlint_start

find "$TOP/t/data/demo" "$TOP/t/data/e2e" "$TOP/t/data/msg" "$TOP/t/data/corpora" \
    -type f \( -name '*.eml' -o -name '*.msg' -o -name 'msg_*.txt' \) | sort > "$H/all"
# Left out, for miltertest's sake: an mbox (several messages to the
# checker, one to an MTA), a file that starts with no header field
# (miltertest makes one up) and a header field over 1000 octets
# (miltertest overflows its buffer; Postfix takes up to 100 KB).
perl -e '
	FILE: for my $f (@ARGV) {
		open(my $fh, "<", $f) or die "$f: $!";
		my ($first, $field) = (1, 0);
		while (<$fh>) {
			last if /^\r?\n?$/;
			next FILE if $first && !/^[!-9;-~]+:/;
			$first = 0;
			$field = /^[ \t]/ ? $field + length : length;
			next FILE if $field > 1000;
		}
		print "$f\n";
	}' $(cat "$H/all") > "$H/list"
n=$(grep -c '' "$H/list")

out=$(miltertest -D SOCKET="unix:$H/sl/senderlint.sock" -D LIB="$TOP/t/milter/lib.lua" \
    -D LIST="$H/list" -s "$TOP/t/milter/files.lua" 2>&1)
like "$out" "^ok - sent $n messages" "miltertest sent all $n messages to the daemon"
h_wait_for 10 sh -c "grep -q 'qid=Q$n ' '$H/sl/senderlint.log'" ||
    diag "$(tail -5 "$H/sl/senderlint.log")"

# one line per message from each side: N action rules undecided facts
perl -ne '
	next unless /qid=Q(\d+) .* action=(\S+) rules=(\S+) undecided=(\S+) monitor=\S+ facts=(\S+)/;
	print "$1 $2 $3 $4 $5\n";' "$H/sl/senderlint.log" | sort -n > "$H/daemon"
xargs "$SLC" -c "$H/sl/senderlint.conf" --json --mail-from '<sender@example.com>' \
    --rcpt '<rcpt@example.net>' --client-ip 192.0.2.10 --helo client.senderlint.test \
    --daemon smtpd < "$H/list" > "$H/check.json" 2> "$H/check.err"
perl -MJSON::PP -ne '
	BEGIN { open(my $l, "<", shift) or die; my $i = 0;
	    while (<$l>) { chomp; $n{$_} = ++$i } }
	my $j = decode_json($_);
	my $l = sub { @{$_[0]} ? join(",", @{$_[0]}) : "-" };
	my @t = map { $_->{id} } grep { $_->{value} eq "1" } @{$j->{facts}};
	printf "%d %s %s %s %s\n", $n{$j->{file}}, $j->{action}, $l->($j->{rules}),
	    $l->($j->{undecided}), @t ? join(",", @t) : "-";' "$H/list" "$H/check.json" |
    sort -n > "$H/check"

is "$(grep -c '' "$H/daemon")" "$n" "the daemon logged one summary line per message"
is "$(grep -c '' "$H/check")" "$n" "senderlint-check judged every message"
while read -r i act rules und facts; do
	f=$(sed -n "${i}p" "$H/list")
	is "$(grep "^$i " "$H/check")" "$i $act $rules $und $facts" \
	    "same verdict and facts: ${f#$TOP/}"
done < "$H/daemon"
actions=$(cut -d' ' -f2 "$H/check" | sort -u | tr '\n' ' ')
like "$actions" "accept .*reject" "the messages cover more than one action ($actions)"
tap_done
