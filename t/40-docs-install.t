#!/bin/sh
# Documentation stays in step with the code; make install honours DESTDIR.
. t/lib/tap.sh
. t/lib/harness.sh
h_init

out=$(mandoc -Tlint -W warning man/*.[158] 2>&1)
is "$out" "" "mandoc -Tlint finds nothing in the man pages"
page=$(cat man/senderlint-rules.5)
for id in $("$SLC" --list-facts | cut -f1); do
	like "$page" "^\.It Li $id\$" "senderlint-rules(5) documents $id"
done
cp man/senderlint-rules.5 "$H/page.before"
sh man/facts.sh
cmp -s man/senderlint-rules.5 "$H/page.before"
ok $? "the FACTS list in senderlint-rules(5) is what man/facts.sh generates"
cp "$H/page.before" man/senderlint-rules.5
for opt in mail-from rcpt client-ip auth helo daemon mail-param now stream json list-facts \
    summary diff allow examples test; do
	like "$(cat man/senderlint-check.1)" "^\.Op Fl -$opt|^\.Fl -$opt" "senderlint-check(1) SYNOPSIS has --$opt"
	like "$("$SLC" --bogus 2>&1)" "--$opt" "senderlint-check usage has --$opt"
done
like "$(grep -A3 '^\.Sh SYNOPSIS' man/senderlint.8)" 'Op Fl fnV' "senderlint(8) SYNOPSIS matches usage"
like "$("$SL" -x 2>&1)" 'senderlint \[-fnV\] \[-c config\]' "senderlint usage matches SYNOPSIS"

make -s install DESTDIR="$H/root" PREFIX=/usr SYSCONFDIR=/etc/senderlint >"$H/install.log" 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr"
for f in usr/sbin/senderlint usr/bin/senderlint-check usr/sbin/senderlint-identity \
    usr/share/man/man8/senderlint.8 usr/share/man/man8/senderlint-identity.8 \
    usr/share/man/man5/senderlint.conf.5 usr/share/man/man5/senderlint-rules.5 \
    usr/share/man/man1/senderlint-check.1 etc/senderlint/senderlint.conf \
    etc/senderlint/rules/default.yaml usr/share/senderlint/rules/default.yaml \
    usr/share/senderlint/rules/rollout.yaml \
    usr/share/senderlint/rules/examples/bulk-and-transactional.yaml \
    usr/share/senderlint/rules/examples/newsletter-esp.yaml \
    usr/share/senderlint/rules/examples/saas-app.yaml; do
	test -s "$H/root/$f"
	ok $? "installed $f"
done
out=$("$SLC" --test "$H/root/usr/share/senderlint/rules/tests/"*.yaml 2>&1)
ok $? "the installed rule tests pass against the installed rules"
like "$out" "rules $H/root/usr/share/senderlint/rules/tests/../examples/saas-app.yaml" \
    "and each names the installed rule file it ran"
test -x "$H/root/usr/sbin/senderlint"
ok $? "the daemon is executable"

# The systemd unit: installed where Debian puts packaged units, naming the
# installed daemon and config, and agreeing with the shipped config.
unit=$H/root/lib/systemd/system/senderlint.service
test -s "$unit"
ok $? "installed lib/systemd/system/senderlint.service (PREFIX=/usr)"
key() { sed -n "s/^$1=//p" "$unit"; }
conf() { sed -n "s/^$1: *//p" etc/senderlint.conf; }
is "$(key ExecStart)" "/usr/sbin/senderlint -c /etc/senderlint/senderlint.conf" \
    "the unit starts the installed daemon with the installed config, detaching"
is "$(key Type)" forking "Type=forking: the started command exits once the daemon is ready"
is "$(key PIDFile)" "$(conf pid_file)" "PIDFile= is the shipped config's pid_file"
is "$(key User)" "$(conf user)" "User= is the shipped config's user"
is "$(key ExecReload)" '/usr/sbin/senderlint -n -c /etc/senderlint/senderlint.conf
/bin/kill -USR1 $MAINPID' "reload checks the config and its rule tests first, then is SIGUSR1 (SIGHUP stops libmilter)"
like "$(conf '  path')" "^unix:/run/$(key RuntimeDirectory)/" "the shipped socket is in RuntimeDirectory="
like "$(conf '  file')" "^/var/lib/$(key StateDirectory)/" "the shipped stats file is in StateDirectory="
if command -v systemd-analyze >/dev/null 2>&1; then
	# verify wants the commands to exist: point ExecStart into DESTDIR
	mkdir "$H/unit"
	sed "s|^\(Exec[A-Za-z]*=\)/usr/sbin/|\1$H/root/usr/sbin/|" "$unit" > "$H/unit/senderlint.service"
	out=$(cd "$H/unit" && systemd-analyze verify --man=no "$H/unit/senderlint.service" 2>&1)
	rc=$?
	is "$rc" 0 "systemd-analyze verify accepts the unit"
	is "$out" "" "systemd-analyze verify has nothing to say about it"
else
	for n in 1 2; do
		echo "ok $((TAP_N = TAP_N + 1)) # skip no systemd-analyze here"
	done
fi
PREFIX_LOCAL=$H/local
make -s install DESTDIR="$PREFIX_LOCAL" >"$H/install.log" 2>&1
like "$(sed -n 's/^ExecStart=//p' "$PREFIX_LOCAL/usr/local/lib/systemd/system/senderlint.service")" \
    '^/usr/local/sbin/senderlint ' "with the default PREFIX the unit goes to /usr/local/lib/systemd/system"
echo "# local edit" >> "$H/root/etc/senderlint/senderlint.conf"
make -s install DESTDIR="$H/root" PREFIX=/usr SYSCONFDIR=/etc/senderlint >"$H/install.log" 2>&1
like "$(cat "$H/root/etc/senderlint/senderlint.conf")" '^# local edit$' "reinstall keeps an edited config"
tap_done
