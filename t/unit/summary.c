/*
 * summary: the one log line per message. Fields in order (qid, client,
 * helo, login, mail_from, stream, from, rcpts, action, rules, undecided,
 * monitor, facts, ms, temperror when some, and reply for tempfail and
 * reject), "-" for an empty value, quoting when a value holds a space,
 * '"' or '=', only printable ASCII, each value capped at
 * SL_MAX_LOG_FIELD octets, a folded From unfolded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "mailfile.h"
#include "msg.h"
#include "rule.h"
#include "summary.h"
#include "tap.h"
#include "util.h"

static const struct {
	const char	*name;
	const char	*msg;		/* '^N': N 'x' octets */
	int		 nrcpt;
	const char	*qid;
	int		 action;
	const char	*hits;		/* "rule[:m]" comma-separated */
	size_t		 total;		/* hits counted, 0: as listed */
	const char	*reply;		/* "550 5.7.1 text" or NULL */
	const char	*want;
} cases[] = {
	{ "accept, nothing fired", "From: Alice <a@example.com>\r\n\r\nhi\r\n", 1,
	    "4XyZ1", ACT_ACCEPT, "", 0, NULL,
	    "qid=4XyZ1 client=- helo=- login=- mail_from=- stream=news from=\"Alice <a@example.com>\" rcpts=1 "
	    "action=accept rules=- undecided=- monitor=- facts=- ms=1.50" },
	{ "no qid, no From", "Subject: x\r\n\r\nhi\r\n", 0,
	    NULL, ACT_ACCEPT, "", 0, NULL,
	    "qid=- client=- helo=- login=- mail_from=- stream=news from=- rcpts=0 action=accept rules=- undecided=- monitor=- facts=- ms=1.50" },
	{ "tag with rules and a monitor rule", "From: a@example.com\r\n\r\n", 3,
	    "Q1", ACT_TAG, "single-from,list-id,shout:m", 0, NULL,
	    "qid=Q1 client=- helo=- login=- mail_from=- stream=news from=a@example.com rcpts=3 action=tag "
	    "rules=single-from,list-id undecided=- monitor=shout:reject facts=- ms=1.50" },
	{ "reject with its reply", "From: a@example.com\r\n\r\n", 1,
	    "Q2", ACT_REJECT, "single-from", 0, "550 5.7.1 exactly one From",
	    "qid=Q2 client=- helo=- login=- mail_from=- stream=news from=a@example.com rcpts=1 action=reject "
	    "rules=single-from undecided=- monitor=- facts=- ms=1.50 reply=\"550 5.7.1 exactly one From\"" },
	{ "hits beyond those kept: a list ends in ,..., an empty one in ...", "From: a@example.com\r\n\r\n", 1,
	    "Q3", ACT_TAG, "r1,r2", 5, NULL,
	    "qid=Q3 client=- helo=- login=- mail_from=- stream=news from=a@example.com rcpts=1 action=tag "
	    "rules=r1,r2,... undecided=... monitor=... facts=- ms=1.50" },
	{ "folded From is unfolded; quotes and backslashes escaped",
	    "From: \"Bob \\\"B\\\"\"\r\n <b@example.com>\r\n\r\n", 1,
	    "Q4", ACT_ACCEPT, "", 0, NULL,
	    "qid=Q4 client=- helo=- login=- mail_from=- stream=news from=\"\\\"Bob \\\\\\\"B\\\\\\\"\\\" <b@example.com>\" "
	    "rcpts=1 action=accept rules=- undecided=- monitor=- facts=- ms=1.50" },
	{ "8-bit and control octets in From become '?'",
	    "From: Caf\xc3\xa9\x01 <c@example.com>\r\n\r\n", 1,
	    "Q5", ACT_ACCEPT, "", 0, NULL,
	    "qid=Q5 client=- helo=- login=- mail_from=- stream=news from=\"Caf??? <c@example.com>\" rcpts=1 "
	    "action=accept rules=- undecided=- monitor=- facts=- ms=1.50" },
	{ "an '=' in a value is quoted", "From: a@example.com\r\n\r\n", 1,
	    "q=1", ACT_ACCEPT, "", 0, NULL,
	    "qid=\"q=1\" client=- helo=- login=- mail_from=- stream=news from=a@example.com rcpts=1 action=accept "
	    "rules=- undecided=- monitor=- facts=- ms=1.50" },
};

static void
set_hits(struct verdict *v, const char *list, size_t total)
{
	static char buf[512];
	char *p, *colon;

	snprintf(buf, sizeof(buf), "%s", list);
	v->nhits = 0;
	for (p = strtok(buf, ","); p != NULL && v->nhits < VERDICT_MAX_HITS;
	    p = strtok(NULL, ",")) {
		struct hit *h = &v->hits[v->nhits++];

		h->monitor = (colon = strchr(p, ':')) != NULL;
		if (colon != NULL)
			*colon = '\0';
		h->rule = p;
		h->action = h->monitor ? ACT_REJECT : v->action;
	}
	v->nhits_total = total ? total : v->nhits;
}

static struct msg *
message(const char *text, int nrcpt)
{
	struct msg_limits lim = { 1000, 1 << 20, 100, NULL };
	struct msg *m = msg_new(&lim);
	char *t;
	size_t len;
	int i;

	for (i = 0; i < nrcpt; i++)
		msg_rcpt(m, "<r@example.net>");
	t = tap_expand(text, '^', &len);
	mailfile_feed(m, t, len, NULL);
	free(t);
	return m;
}

int
main(void)
{
	static struct verdict v;
	static struct factset fs;
	struct sbuf b;
	struct msg *m;
	size_t i, vlen;
	const char *p, *e;
	char name[160];
	int capped;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&v, 0, sizeof(v));
		v.action = cases[i].action;
		v.stream = "news";
		set_hits(&v, cases[i].hits, cases[i].total);
		if (cases[i].reply != NULL)
			sscanf(cases[i].reply, "%3s %15s %900[^\n]", v.rcode,
			    v.xcode, v.text);
		m = message(cases[i].msg, cases[i].nrcpt);
		sbuf_init(&b, 8192);
		conninfo_set(m->conn.qid, cases[i].qid);
		summary_format(m, &v, NULL, 1.5, &b);
		tap_is_str(b.s, cases[i].want, cases[i].name);
		sbuf_clear(&b);
		msg_free(m);
	}

	/* connection data, facts, an undecided rule, a temperror fact */
	memset(&v, 0, sizeof(v));
	v.action = ACT_TEMPFAIL;
	v.stream = "news";
	set_hits(&v, "spf-must-pass,watch:m", 0);
	v.hits[0].undecided = 1;
	snprintf(v.rcode, sizeof(v.rcode), "451");
	snprintf(v.xcode, sizeof(v.xcode), "4.7.1");
	snprintf(v.text, sizeof(v.text), "try later");
	m = message("From: a@example.com\r\n\r\n", 1);
	conninfo_set(m->conn.qid, "Q7");
	conninfo_set(m->conn.client_addr, "2001:db8::25");
	conninfo_set(m->conn.helo, "mx.example.com");
	conninfo_set(m->conn.login, "news editor");
	msg_mail_from(m, "<bounce@example.com>");
	factset_init(&fs);
	fact_set(&fs, "unsub.missing", FACT_TRUE, 0, NULL);
	fact_set(&fs, "list-id.missing", FACT_FALSE, 0, NULL);
	fact_set(&fs, "spf.egress.fail", FACT_TEMPERROR, 0, NULL);
	fact_set(&fs, "rfc5322.date.missing", FACT_TRUE, 0, NULL);
	sbuf_init(&b, 8192);
	summary_format(m, &v, &fs, 3, &b);
	tap_is_str(b.s, "qid=Q7 client=2001:db8::25 helo=mx.example.com "
	    "login=\"news editor\" mail_from=<bounce@example.com> stream=news "
	    "from=a@example.com rcpts=1 action=tempfail rules=- "
	    "undecided=spf-must-pass monitor=watch:reject "
	    "facts=unsub.missing,rfc5322.date.missing ms=3.00 "
	    "temperror=spf.egress.fail reply=\"451 4.7.1 try later\"",
	    "client, helo, login, MAIL FROM, undecided rules, true and "
	    "temperror facts");
	sbuf_clear(&b);
	msg_free(m);

	/* caps: a 2000-octet From and a 2000-octet reply */
	memset(&v, 0, sizeof(v));
	v.action = ACT_REJECT;
	v.stream = "news";
	snprintf(v.rcode, sizeof(v.rcode), "550");
	snprintf(v.xcode, sizeof(v.xcode), "5.7.1");
	memset(v.text, 'r', SL_MAX_REPLY_TEXT);
	m = message("From: ^2000@example.com\r\n\r\n", 1);
	sbuf_init(&b, 65536);
	conninfo_set(m->conn.qid, "Q6");
	summary_format(m, &v, NULL, 2, &b);
	p = strstr(b.s, " from=");
	e = p ? strchr(p + 1, ' ') : NULL;
	vlen = p && e ? (size_t)(e - p - 6) : 0;
	snprintf(name, sizeof(name), "a 2000-octet From is cut to %d octets "
	    "and marked ...", SL_MAX_LOG_FIELD);
	tap_is_int((long)vlen, SL_MAX_LOG_FIELD + 3, name);
	tap_ok(p != NULL && e != NULL && strncmp(e - 3, "...", 3) == 0,
	    "the cut From ends in ...");
	p = strstr(b.s, " reply=");
	vlen = p ? strlen(p + 7) : 0;
	capped = vlen == 10 + SL_MAX_REPLY_TEXT + 2 && p[7] == '"';
	tap_ok(capped, "the whole rendered reply is logged (quoted)");
	tap_ok(b.len < 4 * SL_MAX_LOG_LIST + 16 * SL_MAX_LOG_FIELD, "the whole line stays bounded");
	sbuf_clear(&b);
	msg_free(m);
	return tap_done();
}
