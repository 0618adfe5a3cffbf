#!/usr/bin/perl
# Third-party vectors through senderlint's own parsers (via t/vectool):
# isemail and python-email-validator for addr-spec, stalwart for address
# lists, Date and msg-id. Each case either meets our mapping of the
# suite's expectation or is listed in t/data/vectors/deviations with the
# reason we differ; a listed case that stops deviating fails too, so the
# list stays true. Prints the counts per suite.
use strict;
use warnings;
use JSON::PP;
use IPC::Open2;

my $dir = 't/data/vectors';
my ($n, $failed) = (0, 0);
sub ok { my ($c, $name, @diag) = @_; $n++; print(($c ? '' : 'not '), "ok $n - $name\n");
	unless ($c) { $failed++; print "#   $_\n" for @diag } }

my %dev;
open(my $fh, '<', "$dir/deviations") or die "$dir/deviations: $!";
while (<$fh>) {
	next if /^\s*(#|$)/;
	chomp;
	my ($suite, $id, $reason) = split /\t+/, $_, 3;
	$dev{"$suite $id"} = $reason // '';
}
close $fh;

my $pid = open2(my $out, my $in, 't/vectool') or die "t/vectool: $!";
sub run { my ($kind, $flags, $bytes) = @_;
	print $in "$kind\t", ($flags eq '' ? '-' : $flags), "\t", unpack('H*', $bytes), "\n";
	my $r = <$out>; chomp $r; return split /\t/, $r, -1 }
sub slurp { local $/; open(my $f, '<:raw', shift) or die $!; <$f> }

my %count;
sub judge {	# suite, id, matches?, description, got
	my ($suite, $id, $match, $what, $got) = @_;
	my $key = "$suite $id";
	if (exists $dev{$key}) {
		ok(!$match, "$suite #$id is a listed deviation: $dev{$key}",
		    "listed in deviations but now matches: $what", "got: $got");
		$count{$suite}{deviation}++;
	} else {
		ok($match, "$suite #$id: $what", "got: $got");
		$count{$suite}{$match ? 'agree' : 'fail'}++;
	}
}

# isemail: category -> from.syntax (ERR true, else false); DEPREC -> obsolete.
my $xml = slurp("$dir/isemail/tests.xml");
while ($xml =~ m{<test id="(\d+)">(.*?)</test>}gs) {
	my ($id, $t) = ($1, $2);
	my ($addr) = $t =~ m{<address>(.*?)</address>}s; $addr //= '';
	my ($cat) = $t =~ m{<category>(.*?)</category>};
	my ($diag) = $t =~ m{<diagnosis>(.*?)</diagnosis>};
	for ($addr) { s/&#x24([0-9A-F]{2});/chr(hex $1)/ge; s/&lt;/</g; s/&gt;/>/g;
		s/&quot;/"/g; s/&apos;/'/g; s/&amp;/&/g; }
	my @r = run('addr', '', " $addr");
	my $want_syntax = $cat eq 'ISEMAIL_ERR' ? 1 : 0;
	my $want_obs = $cat eq 'ISEMAIL_DEPREC' ? 1 : 0;
	my $match = $r[5] == $want_syntax && ($want_syntax || $r[1] == $want_obs);
	judge('isemail', $id, $match, "[$addr] $diag: from.syntax $want_syntax".
	    ($want_syntax ? '' : ", obsolete $want_obs"), "from.syntax $r[5], obsolete $r[1]");
}

# python-email-validator: valid -> from.syntax false (SMTPUTF8 for intl).
# JSON::PP refuses a lone surrogate escape; such a case becomes U+FFFD.
(my $evtext = slurp("$dir/email-validator/email-validator-syntax-cases.json"))
    =~ s/\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])/\\ufffd/g;
my $ev = decode_json($evtext);
my $i = 0;
for my $c (@$ev) {
	$i++;
	my $valid = $c->{test} =~ /^test_email_valid/ ? 1 : 0;
	# as in a header with SMTPUTF8, except the one test about it being off
	my $flags = $c->{test} eq 'test_email_invalid_character_smtputf8_off' ? '' : 'u';
	my $addr = $c->{input};
	utf8::encode($addr);
	my @r = run('addr', $flags, " $addr");
	judge('email-validator', $i, $r[5] == !$valid, "[$addr] $c->{test}: from.syntax ".(!$valid ? 1 : 0),
	    "from.syntax $r[5]");
}

# stalwart address.json: names (RFC 2047 decoded) and addresses.
my $sa = decode_json(slurp("$dir/stalwart/address.json"));
$i = 0;
for my $c (@$sa) {
	$i++;
	my @want;
	my $e = $c->{expected};
	my @items = ref $e eq 'HASH' ? (exists $e->{List} ? @{$e->{List}} :
	    map { @{$_->{addresses} // []} } @{$e->{Group} // []}) : ();
	for my $m (@items) {
		my $s = ($m->{name} // '') . '|' . ($m->{address} // '');
		utf8::encode($s);
		push @want, $s;
	}
	(my $h = $c->{header}) =~ s/\n\z//;	# the field's line end is not part of it
	utf8::encode($h);
	my @r = run('addr', 'u', $h);
	my $got = join ';', map { s/\|(.*)/|$1/r } split /;/, $r[6] // '';
	judge('stalwart-address', $i, !$r[0] && $got eq join(';', @want),
	    "[$h] -> ".join(';', @want), $r[0] ? "syntax error" : $got);
}

# stalwart date.json: fields when they parse it; null when they do not.
my $sd = decode_json(slurp("$dir/stalwart/date.json"));
$i = 0;
for my $c (@$sd) {
	$i++;
	(my $h = $c->{header}) =~ s/\n\z//;
	my @r = run('date', '', " $h");
	my $e = $c->{expected};
	my ($match, $what);
	if (!defined $e) {
		$match = !$r[0] || $r[1];
		$what = "[$c->{header}] is not a date";
	} else {
		my $z = ($e->{tz_before_gmt} ? -1 : 1) * ($e->{tz_hour} * 60 + $e->{tz_minute});
		my $want = join ' ', @$e{qw(year month day hour minute second)}, $z;
		$match = $r[0] && join(' ', @r[3..9]) eq $want;
		$what = "[$c->{header}] is $want";
	}
	judge('stalwart-date', $i, $match, $what, "syntax $r[0] invalid $r[1]: @r[3..9]");
}

# stalwart id.json: the first id, CFWS removed.
my $si = decode_json(slurp("$dir/stalwart/id.json"));
$i = 0;
for my $c (@$si) {
	$i++;
	(my $h = $c->{header}) =~ s/\n\z//;
	my @r = run('msgid', '', $h);
	my $e = $c->{expected};
	my ($match, $what);
	if (!defined $e) {
		($match, $what) = ($r[0] == 1, "[$c->{header}] has no id");
	} else {
		(my $first = "<$e->[0]>") =~ s/\([^)]*\)|\s+//g;
		$match = !$r[0] && $r[3] eq $first;
		$what = "[$c->{header}] first id $first";
	}
	judge('stalwart-id', $i, $match, $what, "err $r[0] first $r[3]");
}

close $in;
waitpid $pid, 0;
ok($? == 0, 't/vectool exited cleanly', "exit status $?");
for my $s (sort keys %count) {
	printf "# %-18s %3d agree, %3d listed deviations, %d unexplained\n", $s,
	    $count{$s}{agree} // 0, $count{$s}{deviation} // 0, $count{$s}{fail} // 0;
}
print "1..$n\n";
exit($failed ? 1 : 0);
