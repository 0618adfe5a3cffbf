# senderlint: one hand-written Makefile (no autotools).
#   make            build milter/senderlint and milter/senderlint-check
#   make check      install missing Debian packages, build, run every test
#   make check SANITIZE=1   the same under ASan + UBSan
#   make demo       a private Postfix with senderlint on loopback, samples
#   make bench      senderlint, opendkim, opendmarc against a no-op milter
#   make install    PREFIX=/usr/local DESTDIR= honoured; the systemd unit
#                   goes to SYSTEMDUNITDIR with SBINDIR and SYSCONFDIR in it
#   WERROR=1        warnings are errors (CI)

PREFIX	?= /usr/local
SBINDIR	?= $(PREFIX)/sbin
BINDIR	?= $(PREFIX)/bin
MANDIR	?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc/senderlint
DATADIR	?= $(PREFIX)/share/senderlint
# Debian 12 (and pkg-config systemd) put packaged units in /lib/systemd/system;
# systemd reads an administrator's in /usr/local/lib/systemd/system.
SYSTEMDUNITDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)

CC	?= cc
PKGS	= yaml-0.1 libpcre2-8 libidn2 libpsl libunbound opendkim libcrypto
WARN	= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Wpointer-arith -Wcast-qual -Wformat=2
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) \
	  $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS	= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -llmdb -lspf2 -lmilter -lpthread
ifeq ($(WERROR),1)
ALL_CFLAGS += -Werror
endif
ifeq ($(SANITIZE),1)
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
	  -fno-sanitize-recover=undefined
LDSAN	= -fsanitize=address,undefined
endif

CORE	= util runas log diag yamldoc conf scope fact msg checkrun check headview judge hdr unsub re cidr lex addr \
	  msgid date msgidwin fieldcheck addrcheck datecheck msgidcheck resent \
	  envelope mime mimewalk mimecheck rfc2047 listurl nfc identity lmdbenv identstore suppress suppfile \
	  unsubtoken unsubwin \
	  linksearch orgdom ptrname \
	  dmarcrec stream_load codec ttlcache dnswire dns spfrec spf dkimcanon dkim dmarc confauth confsupp suppcheck \
	  reaper egress authres authdkim authspf authdmarc authegress auth \
	  spfwalk dkimkey preflight \
	  rule_model cond_parse rule_load rule_eval stream snapshot metric listenaddr stats summary mailfile tally tallyfmt ruldiff \
	  json checkinput checkfmt conftune ruletest_load ruletest caprec capture \
	  maillog bounceclass
CORE_O	= $(CORE:%=milter/%.o)
# Linked only into the unit tests, t/vectool and t/tools: never the binaries.
TESTCORE = dnszone
TESTLIB	= milter/libsltest.a
DAEMON_O = milter/senderlint.o milter/milter.o milter/startup.o milter/metricsrv.o
CHECK_O	= milter/senderlint-check.o
IDENT_O	= milter/senderlint-identity.o
SUPP_O	= milter/senderlint-suppress.o
# senderlint-bounces alone links zlib (logfile.c reads rotated .gz logs).
BOUNCE_O = milter/senderlint-bounces.o milter/bouncetab.o milter/bounceout.o \
	  milter/logfile.o
PREFLIGHT_O = milter/senderlint-preflight.o
UNIT	= fact msg checks conformance rule_load rule_eval addr date msgid \
	  rfc2047 listurl identity orgdom dmarcrec spfsuite dkimsuite ttlcache \
	  msgidwin cidr conf summary mimewalk suppress unsub caprec metrics \
	  maillog bounceclass ptrname dkimkey spfwalk egress \
	  dkimcanon
UNIT_T	= $(UNIT:%=t/unit-%.t)
BIN	= milter/senderlint milter/senderlint-check milter/senderlint-identity \
	  milter/senderlint-suppress milter/senderlint-bounces \
	  milter/senderlint-preflight
MAN	= man/senderlint.8 man/senderlint.conf.5 man/senderlint-rules.5 \
	  man/senderlint-check.1 man/senderlint-identity.8 \
	  man/senderlint-suppress.8 man/senderlint-bounces.8 \
	  man/senderlint-preflight.8

all: $(BIN)

# Rebuild everything when the compiler flags change (SANITIZE, WERROR).
milter/.flags: FORCE
	@echo '$(CC) $(ALL_CFLAGS) $(LDSAN)' | cmp -s - $@ || \
	    echo '$(CC) $(ALL_CFLAGS) $(LDSAN)' > $@

milter/%.o: milter/%.c milter/*.h milter/.flags
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

milter/libsenderlint.a: $(CORE_O)
	rm -f $@
	ar rcs $@ $(CORE_O)

$(TESTLIB): $(TESTCORE:%=milter/%.o)
	rm -f $@
	ar rcs $@ $(TESTCORE:%=milter/%.o)

milter/senderlint: $(DAEMON_O) milter/libsenderlint.a
	$(CC) $(LDSAN) -o $@ $(DAEMON_O) milter/libsenderlint.a $(LIBS)

milter/senderlint-check: $(CHECK_O) milter/libsenderlint.a
	$(CC) $(LDSAN) -o $@ $(CHECK_O) milter/libsenderlint.a $(LIBS)

milter/senderlint-identity: $(IDENT_O) milter/libsenderlint.a
	$(CC) $(LDSAN) -o $@ $(IDENT_O) milter/libsenderlint.a $(LIBS)

milter/senderlint-suppress: $(SUPP_O) milter/libsenderlint.a
	$(CC) $(LDSAN) -o $@ $(SUPP_O) milter/libsenderlint.a $(LIBS)

milter/senderlint-bounces: $(BOUNCE_O) milter/libsenderlint.a
	$(CC) $(LDSAN) -o $@ $(BOUNCE_O) milter/libsenderlint.a $(LIBS) -lz

milter/senderlint-preflight: $(PREFLIGHT_O) milter/libsenderlint.a
	$(CC) $(LDSAN) -o $@ $(PREFLIGHT_O) milter/libsenderlint.a $(LIBS)

t/unit-%.t: t/unit/%.c t/unit/tap.h t/unit/facts.h $(TESTLIB) milter/libsenderlint.a
	$(CC) $(ALL_CFLAGS) -Imilter $(LDSAN) -o $@ $< $(TESTLIB) milter/libsenderlint.a $(LIBS)

bench/hdrbench: bench/hdrbench.c milter/libsenderlint.a
	$(CC) $(ALL_CFLAGS) -Imilter $(LDSAN) -o $@ $< milter/libsenderlint.a $(LIBS)

bench/noop-milter: bench/noop-milter.c milter/.flags
	$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ $< -lmilter -lpthread

# The MTA side of the milter protocol: links nothing of senderlint.
MILTBENCH_C = bench/miltbench.c bench/mproto.c bench/mailmsg.c
bench/miltbench: $(MILTBENCH_C) bench/mproto.h bench/mailmsg.h milter/.flags
	$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ $(MILTBENCH_C) -lpthread

# libFuzzer targets (clang); make fuzz-run runs each FUZZ_SECONDS.
FUZZ	= message rules addr date msgid mime rfc2047 listurl dmarcrec spfrec \
	  suppline caprec maillog dkimkey
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -Imilter \
	  -fsanitize=fuzzer,address,undefined \
	  $(shell pkg-config --cflags $(PKGS) 2>/dev/null)

fuzz: $(FUZZ:%=t/fuzz/fuzz-%)

t/fuzz/fuzz-%: t/fuzz/fuzz_%.c milter/*.c milter/*.h
	clang $(FUZZ_CFLAGS) -o $@ $< $(CORE:%=milter/%.c) \
	    $(TESTCORE:%=milter/%.c) $(LIBS)

fuzz-run: fuzz
	for f in $(FUZZ); do \
	    mkdir -p t/fuzz/work/$$f && \
	    t/fuzz/fuzz-$$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	        -timeout=5 t/fuzz/work/$$f t/fuzz/corpus/$$f || exit 1; \
	done

deps:
	@sh .ci/deps

t/vectool: t/unit/vectool.c $(TESTLIB) milter/libsenderlint.a
	$(CC) $(ALL_CFLAGS) -Imilter $(LDSAN) -o $@ $< $(TESTLIB) milter/libsenderlint.a $(LIBS)

t/tools/dnsq: t/tools/dnsq.c $(TESTLIB) milter/libsenderlint.a
	$(CC) $(ALL_CFLAGS) -Imilter $(LDSAN) -o $@ $< $(TESTLIB) milter/libsenderlint.a $(LIBS)

t/tools/dmarcq: t/tools/dmarcq.c $(TESTLIB) milter/libsenderlint.a
	$(CC) $(ALL_CFLAGS) -Imilter $(LDSAN) -o $@ $< $(TESTLIB) milter/libsenderlint.a $(LIBS)

t/tools/dkimsign: t/tools/dkimsign.c milter/.flags
	$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags opendkim) $(LDSAN) -o $@ $< $(shell pkg-config --libs opendkim)

t/tools/dnsfault: t/tools/dnsfault.c milter/.flags
	$(CC) $(ALL_CFLAGS) $(LDSAN) -o $@ $<

tests: $(BIN) $(UNIT_T) t/vectool t/tools/dnsq t/tools/dnsfault t/tools/dmarcq t/tools/dkimsign \
	bench/miltbench bench/noop-milter

check: deps
	$(MAKE) tests
	mandoc -Tlint -W warning $(MAN)
	prove -e '' t/*.t

demo: deps
	$(MAKE) all
	sh t/demo.sh

# Everything the benchmark runs is built here, from a fresh clone too.
BENCH_TOOLS = $(BIN) bench/noop-milter bench/miltbench bench/hdrbench \
	  t/tools/dkimsign

bench: deps
	$(MAKE) $(BENCH_TOOLS)
	sh bench/run.sh
	bench/hdrbench

# senderlint's RSS every 100k messages over BENCH_LONG_MSGS (1,000,000).
bench-long: deps
	$(MAKE) $(BENCH_TOOLS)
	sh bench/long.sh

install: $(BIN)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(SYSCONFDIR)/rules \
	    $(DESTDIR)$(DATADIR)/rules/examples $(DESTDIR)$(DATADIR)/rules/tests \
	    $(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 755 milter/senderlint $(DESTDIR)$(SBINDIR)/senderlint
	install -m 755 milter/senderlint-check $(DESTDIR)$(BINDIR)/senderlint-check
	install -m 755 milter/senderlint-identity $(DESTDIR)$(SBINDIR)/senderlint-identity
	install -m 755 milter/senderlint-suppress $(DESTDIR)$(SBINDIR)/senderlint-suppress
	install -m 755 milter/senderlint-bounces $(DESTDIR)$(SBINDIR)/senderlint-bounces
	install -m 755 milter/senderlint-preflight $(DESTDIR)$(SBINDIR)/senderlint-preflight
	install -m 644 man/senderlint.8 man/senderlint-identity.8 \
	    man/senderlint-suppress.8 man/senderlint-bounces.8 \
	    man/senderlint-preflight.8 \
	    $(DESTDIR)$(MANDIR)/man8/
	install -m 644 man/senderlint.conf.5 man/senderlint-rules.5 \
	    $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/senderlint-check.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 rules/*.yaml $(DESTDIR)$(DATADIR)/rules/
	install -m 644 rules/examples/*.yaml $(DESTDIR)$(DATADIR)/rules/examples/
	install -m 644 rules/tests/*.yaml $(DESTDIR)$(DATADIR)/rules/tests/
	install -m 644 etc/grafana-senderlint.json $(DESTDIR)$(DATADIR)/
	sed -e 's|/usr/local/sbin/|$(SBINDIR)/|' \
	    -e 's|/etc/senderlint/|$(SYSCONFDIR)/|' etc/senderlint.service \
	    > $(DESTDIR)$(SYSTEMDUNITDIR)/senderlint.service
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/senderlint.service
	sed -e 's|/usr/local/sbin/|$(SBINDIR)/|' \
	    -e 's|/etc/senderlint/|$(SYSCONFDIR)/|' etc/senderlint-bounces.service \
	    > $(DESTDIR)$(SYSTEMDUNITDIR)/senderlint-bounces.service
	install -m 644 etc/senderlint-bounces.timer $(DESTDIR)$(SYSTEMDUNITDIR)/
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/senderlint-bounces.service
	[ -e $(DESTDIR)$(SYSCONFDIR)/senderlint.conf ] || \
	    install -m 644 etc/senderlint.conf $(DESTDIR)$(SYSCONFDIR)/senderlint.conf
	[ -e $(DESTDIR)$(SYSCONFDIR)/rules/default.yaml ] || \
	    install -m 644 rules/default.yaml $(DESTDIR)$(SYSCONFDIR)/rules/default.yaml

clean:
	rm -f milter/*.o milter/*.a milter/.flags $(BIN) t/unit-*.t t/vectool \
	    t/tools/dnsq t/tools/dnsfault t/tools/dmarcq t/tools/dkimsign \
	    bench/noop-milter bench/hdrbench bench/miltbench \
	    $(FUZZ:%=t/fuzz/fuzz-%)

.PHONY: all check tests deps demo bench bench-long fuzz fuzz-run install clean FORCE
