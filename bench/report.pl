#!/usr/bin/perl
# bench/report.pl RAW: the make bench table from miltbench RESULT lines
# ("filter=NAME rep=N key=value ..."): per filter and connection count,
# the medians over the repetitions of msg/s, latency p50 and p99 and the
# filter's CPU per message, each also as a ratio to the floor (the no-op
# filter at the same connection count); peak RSS is the filter's VmHWM
# at the end (after the largest connection count). Then the final
# actions per filter, and issue 14's targets as measured here.
use strict;
use warnings;

my (%runs, @filters, @conns, %seen_f, %seen_c, %hwm, %acts, %mods, %pf, @setups, %pfrej, %pfn);
while (<>) {
	if (/^setup=/) {		# part 2: through Postfix
		my %r = map { split /=/, $_, 2 } split ' ';
		push @setups, $r{setup} unless $pf{ $r{setup} };
		$pfrej{ $r{setup} } += $r{rejected} // 0;
		$pfn{ $r{setup} } += $r{msgs};
		push @{ $pf{ $r{setup} } }, $r{wall_ms} > 0 ? $r{msgs} * 1000 / $r{wall_ms} : 0;
		next;
	}
	my %r = map { split /=/, $_, 2 } split ' ';
	next unless defined $r{filter};
	my ($f, $c) = ($r{filter}, $r{conns});
	push @filters, $f unless $seen_f{$f}++;
	push @conns, $c unless $seen_c{$c}++;
	push @{ $runs{$f}{$c} }, \%r;
	$hwm{$f} = $r{hwm_kb} if !defined $hwm{$f} || $r{hwm_kb} > $hwm{$f};
	for my $a (qw(continue accept reject tempfail discard error)) {
		$acts{$f}{$a} += $r{$a} // 0;
	}
	for my $k (grep { /^mod_/ } keys %r) {
		(my $n = $k) =~ s/^mod_//;
		$mods{$f}{$n} += $r{$k};
	}
}
@conns = sort { $a <=> $b } @conns;

sub median {
	my @v = sort { $a <=> $b } grep { defined && $_ >= 0 } @_;
	return undef unless @v;
	return @v % 2 ? $v[$#v / 2] : ($v[@v / 2 - 1] + $v[@v / 2]) / 2;
}

my %m;
for my $f (@filters) {
	for my $c (@conns) {
		my $rs = $runs{$f}{$c} or next;
		for my $k (qw(msgps p50_us p99_us cpu_us_per_msg driver_cpu_us_per_msg)) {
			$m{$f}{$c}{$k} = median(map { $_->{$k} } @$rs);
		}
	}
}

sub ratio {
	my ($f, $c, $k) = @_;
	my ($v, $b) = ($m{$f}{$c}{$k}, $m{noop}{$c}{$k});
	return "-" unless defined $v && defined $b && $b > 0;
	return sprintf "%.2f", $v / $b;
}

my $reps = 0;
for my $f (@filters) { for my $c (@conns) { my $n = @{ $runs{$f}{$c} || [] }; $reps = $n if $n > $reps } }
print "medians of $reps runs; x floor = ratio to the no-op libmilter filter at the same connection count\n\n";
printf "%-20s %5s %8s %7s %8s %8s %7s %8s %7s %8s %9s\n", "filter", "conns",
    "msg/s", "x floor", "p50 ms", "p99 ms", "x floor", "CPU us", "x floor",
    "driver", "peak RSS";
for my $f (@filters) {
	for my $c (@conns) {
		my $x = $m{$f}{$c} or next;
		printf "%-20s %5d %8.0f %7s %8.2f %8.2f %7s %8.0f %7s %8.0f %9s\n",
		    $c == $conns[0] ? $f : "", $c, $x->{msgps}, ratio($f, $c, "msgps"),
		    $x->{p50_us} / 1000, $x->{p99_us} / 1000, ratio($f, $c, "p99_us"),
		    $x->{cpu_us_per_msg} // -1, ratio($f, $c, "cpu_us_per_msg"),
		    $x->{driver_cpu_us_per_msg},
		    $c == $conns[-1] ? sprintf("%.1f MB", $hwm{$f} / 1024) : "";
	}
}
print "\nCPU us = the filter's user+system time per message; driver = miltbench's own; peak RSS = VmHWM after the last run\n";
print "\nfinal actions and modifications over all runs:\n";
for my $f (@filters) {
	printf "  %-20s %s\n", $f, join(" ", (map { "$_ $acts{$f}{$_}" }
	    grep { $acts{$f}{$_} } qw(continue accept reject tempfail discard error)),
	    map { "$_ $mods{$f}{$_}" } sort keys %{ $mods{$f} || {} });
}

# Issue 14's targets, where this run measured what they compare.
my $c16 = (grep { $_ == 16 } @conns) ? 16 : $conns[int($#conns / 2)];
my $cmax = $conns[-1];
sub cpu { my ($f) = @_; my @v = map { $m{$f}{$_}{cpu_us_per_msg} } grep { $m{$f}{$_} } @conns; return median(@v); }
sub line {
	my ($what, $v, $op, $goal) = @_;
	return unless defined $v;
	my $met = $op eq "<=" ? $v <= $goal : $v >= $goal;
	printf "  %-58s %6.2f  %s %s  %s\n", $what, $v, $op, $goal, $met ? "met" : "NOT MET";
}
print "\ntargets (issue 14; CPU ratios from the median over all connection counts):\n";
my ($s, $u, $n, $k) = (cpu("senderlint"), cpu("senderlint-unsigned"), cpu("noop"), cpu("opendkim"));
line("signed mail, CPU/msg x floor", $s / $n, "<=", 1.6) if $s && $n;
line("signed mail, CPU/msg x opendkim verify", $s / $k, "<=", 0.6) if $s && $k;
line("unsigned mail, CPU/msg x floor", $u / $n, "<=", 1.2) if $u && $n;
line("msg/s at $c16 connections x floor", $m{senderlint}{$c16}{msgps} / $m{noop}{$c16}{msgps}, ">=", 0.6)
    if $m{senderlint}{$c16} && $m{noop}{$c16};
line("p99 at $c16 connections x floor", $m{senderlint}{$c16}{p99_us} / $m{noop}{$c16}{p99_us}, "<=", 2)
    if $m{senderlint}{$c16} && $m{noop}{$c16};
line("peak RSS after $cmax connections, MB", $hwm{senderlint} / 1024, "<=", 16) if $hwm{senderlint};

if (@setups) {
	my %label = (none => "no milter", noop => "opendkim signing + no-op filter",
	    senderlint => "opendkim signing + senderlint");
	print "\npart 2, through Postfix (smtp-source -> private Postfix -> smtp-sink), medians of ", scalar @{ $pf{ $setups[0] } }, " runs:\n";
	printf "  %-36s %8s %9s %9s  %s\n", "set-up", "msg/s", "x none", "x no-op", "rejected at end of message";
	my %med = map { $_ => median(@{ $pf{$_} }) } @setups;
	for my $s (@setups) {
		printf "  %-36s %8.1f %9s %9s  %d of %d\n", $label{$s} // $s, $med{$s},
		    $med{none} ? sprintf("%.2f", $med{$s} / $med{none}) : "-",
		    $med{noop} ? sprintf("%.2f", $med{$s} / $med{noop}) : "-",
		    $pfrej{$s}, $pfn{$s};
	}
	line("through Postfix, msg/s x the no-op filter set-up", $med{senderlint} / $med{noop}, ">=", 0.9)
	    if $med{senderlint} && $med{noop};
}
