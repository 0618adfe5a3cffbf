/*
 * maillog_parse(): both timestamp forms (BSD syslog with the year
 * given, RFC 3339 with and without an offset), delivery lines with every
 * status, relay and dsn and the reason, qmgr from= and removed lines,
 * senderlint's summary line, lines that are log lines but say nothing we
 * follow, and garbage (never a crash: inputs copied without a NUL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "maillog.h"
#include "tap.h"

static const struct {
	const char	*line;
	int		 rc;
	const char	*when;	/* YYYY-MM-DDThh:mm:ssZ */
	int		 kind;
	const char	*qid;
	const char	*addr;
	const char	*relay;
	const char	*dsn;
	int		 status;
	const char	*reason;
} t[] = {
	{ "Nov  2 10:00:01 mta1 postfix/smtp[102]: 4A1B2C3D4E: to=<gone@icloud.com>, relay=mx01.mail.icloud.com[17.57.154.6]:25, delay=1.1, delays=0.1/0/0.5/0.5, dsn=5.1.1, status=bounced (host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <gone@icloud.com>: user does not exist (in reply to RCPT TO command))",
	  1, "2026-11-02T10:00:01Z", ML_DELIVERY, "4A1B2C3D4E", "gone@icloud.com",
	  "mx01.mail.icloud.com", "5.1.1", ML_BOUNCED,
	  "host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <gone@icloud.com>: user does not exist (in reply to RCPT TO command)" },
	{ "2026-11-29T04:10:02.123456+00:00 mta postfix/smtp[7]: 4fLxk71Wz9z9sKb: to=<a@b.example>, orig_to=<c@d.example>, relay=127.0.0.1[127.0.0.1]:2525, delay=0.1, delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 Ok)",
	  1, "2026-11-29T04:10:02Z", ML_DELIVERY, "4fLxk71Wz9z9sKb", "a@b.example",
	  "127.0.0.1", "2.0.0", ML_SENT, "250 2.0.0 Ok" },
	{ "2026-11-29T06:10:02+02:00 mta postfix/smtp[7]: ABC: to=<a@b>, relay=none, delay=30, dsn=4.4.1, status=deferred (connect to mx.b[192.0.2.1]:25: Connection timed out)",
	  1, "2026-11-29T04:10:02Z", ML_DELIVERY, "ABC", "a@b", "none", "4.4.1",
	  ML_DEFERRED, "connect to mx.b[192.0.2.1]:25: Connection timed out" },
	{ "2026-11-29T04:10:02Z mta postfix/error[7]: ABC: to=<a@b>, relay=none, delay=0, dsn=5.0.0, status=bounced (x (y) z)",
	  1, "2026-11-29T04:10:02Z", ML_DELIVERY, "ABC", "a@b", "none", "5.0.0",
	  ML_BOUNCED, "x (y) z" },
	{ "Jan 31 23:59:60 h postfix-out/qmgr[1]: ABC: from=<bounce@news.example.com>, size=10, nrcpt=1 (queue active)",
	  1, "2026-02-01T00:00:00Z", ML_FROM, "ABC", "bounce@news.example.com", "", "", ML_NONE, "" },
	{ "Dec 31 23:00:00 h postfix/qmgr[1]: ABC: from=<>, size=10, nrcpt=1 (queue active)",
	  1, "2026-12-31T23:00:00Z", ML_FROM, "ABC", "", "", "", ML_NONE, "" },
	{ "Dec 31 23:00:00 h postfix/qmgr[1]: ABC: removed",
	  1, "2026-12-31T23:00:00Z", ML_REMOVED, "ABC", "", "", "", ML_NONE, "" },
	{ "Dec 31 23:00:00 h senderlint[9]: qid=ABC client=1.2.3.4 mail_from=<x@y> stream=s from=\"News \\\"Desk\\\" <n@example.com>\" action=accept",
	  1, "2026-12-31T23:00:00Z", ML_SUMMARY, "ABC", "News \\\"Desk\\\" <n@example.com>", "", "", ML_NONE, "" },
	{ "Dec 31 23:00:00 h senderlint[9]: qid=ABC from=n@example.com",
	  1, "2026-12-31T23:00:00Z", ML_SUMMARY, "ABC", "n@example.com", "", "", ML_NONE, "" },
	{ "Dec 31 23:00:00 h postfix/smtpd[1]: connect from localhost[127.0.0.1]",
	  1, "2026-12-31T23:00:00Z", ML_OTHER, "", "", "", "", ML_NONE, "" },
	{ "Dec 31 23:00:00 h postfix/smtp[1]: ABC: to=<a@b>, relay=x, status=weird (x)",
	  1, "2026-12-31T23:00:00Z", ML_OTHER, "ABC", "a@b", "x", "", ML_NONE, "x" },
	{ "Dec 31 23:00:00 h postfix/smtp[1]: ABC: to=<a@b, relay=x, status=sent (x)",
	  1, "2026-12-31T23:00:00Z", ML_OTHER, "ABC", "", "", "", ML_NONE, "" },
	{ "Dec 31 23:00:00 h kernel: something", 1, "2026-12-31T23:00:00Z",
	  ML_OTHER, "", "", "", "", ML_NONE, "" },
	{ "", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "garbage", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "Nov  2 10:00", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "Nov  2 10:00:01", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "Nov  2 10:00:01 host", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "Nov  2 10:00:01 host prog[12", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "Foo  2 10:00:01 host prog: x", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "Nov 32 10:00:01 host prog: x", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "Nov  2 25:00:01 host prog: x", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "2026-13-01T00:00:00Z host prog: x", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "2026-11-01T00:00:00+0 host prog: x", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
	{ "\x01\xff\xfe binary", -1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL },
};

static void
is_mlstr(const struct mlstr *s, const char *want, const char *name)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%.*s", (int)s->len, s->s ? s->s : "");
	tap_is_str(buf, want, name);
}

static void
one(size_t i)
{
	struct maillog_rec r;
	struct tm tm;
	char name[160], when[32], *in;
	size_t len;
	int rc;

	in = tap_exact(t[i].line, &len);
	rc = maillog_parse(in, len, 2026, &r);
	snprintf(name, sizeof(name), "line %zu: %s", i, t[i].rc < 0 ?
	    "garbage" : "parses");
	tap_is_int(rc, t[i].rc, name);
	if (t[i].rc > 0 && rc > 0) {
		gmtime_r(&r.when, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(name, sizeof(name), "line %zu: time", i);
		tap_is_str(when, t[i].when, name);
		snprintf(name, sizeof(name), "line %zu: kind", i);
		tap_is_int(r.kind, t[i].kind, name);
		snprintf(name, sizeof(name), "line %zu: queue id", i);
		is_mlstr(&r.qid, t[i].qid, name);
		snprintf(name, sizeof(name), "line %zu: address", i);
		is_mlstr(&r.addr, t[i].addr, name);
		snprintf(name, sizeof(name), "line %zu: relay", i);
		is_mlstr(&r.relay, t[i].relay, name);
		snprintf(name, sizeof(name), "line %zu: dsn", i);
		is_mlstr(&r.dsn, t[i].dsn, name);
		snprintf(name, sizeof(name), "line %zu: status", i);
		tap_is_int(r.status, t[i].status, name);
		snprintf(name, sizeof(name), "line %zu: reason", i);
		is_mlstr(&r.reason, t[i].reason, name);
	}
	free(in);
}

static void
one_tz(const char *line, const char *want, const char *name)
{
	struct maillog_rec r;
	struct tm tm;
	char when[32], *in;
	size_t len;

	in = tap_exact(line, &len);
	if (maillog_parse(in, len, 2026, &r) < 0)
		r.when = 0;
	gmtime_r(&r.when, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	tap_is_str(when, want, name);
	free(in);
}

int
main(void)
{
	struct maillog_rec r;
	char *big;
	size_t i, n;

	setenv("TZ", "UTC", 1);	/* BSD times are local time */
	tzset();
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		one(i);
	setenv("TZ", "EST5", 1);
	tzset();
	one_tz("Nov  2 10:00:01 h postfix/qmgr[1]: A: removed",
	    "2026-11-02T15:00:01Z", "a BSD time is local time (TZ=EST5)");
	one_tz("2026-11-02T10:00:01 h postfix/qmgr[1]: A: removed",
	    "2026-11-02T15:00:01Z", "so is an ISO time without an offset");
	one_tz("2026-11-02T10:00:01Z h postfix/qmgr[1]: A: removed",
	    "2026-11-02T10:00:01Z", "an ISO time in UTC is UTC whatever TZ");
	/* every prefix of a delivery line: never a crash, never an overread */
	for (n = 0; n <= strlen(t[0].line); n++) {
		big = malloc(n ? n : 1);
		memcpy(big, t[0].line, n);
		(void)maillog_parse(big, n, 2026, &r);
		free(big);
	}
	tap_ok(1, "every prefix of a delivery line parses or is garbage");
	n = MAILLOG_LINE_MAX + 1;
	big = malloc(n);
	memset(big, 'x', n);
	memcpy(big, t[0].line, strlen(t[0].line));
	tap_is_int(maillog_parse(big, n, 2026, &r), -1,
	    "a line longer than MAILLOG_LINE_MAX is garbage");
	free(big);
	return tap_done();
}
