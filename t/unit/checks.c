/*
 * The first checks, table-driven: a message as text, the facts that must
 * be true (in registry order, comma-separated) and one expected detail.
 */
#include <string.h>

#include "judge.h"
#include "mailfile.h"
#include "facts.h"
#include "tap.h"
#include "util.h"

#define ONECLICK "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" \
	"List-Id: <news.example.com>\r\n"
#define OKHDR "From: a@example.com\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\n" \
	"Message-ID: <1@example.com>\r\nList-Unsubscribe: <https://e.example/u>\r\n" \
	ONECLICK

static const struct {
	const char *name;
	const char *msg;
	const char *facts;	/* true facts, comma-separated */
	const char *id;		/* one fact whose detail is checked */
	const char *detail;
} cases[] = {
	{ "conforming message", OKHDR "Subject: x\r\n\r\nbody\r\n", "", NULL, NULL },
	{ "no From", "Date: Thu, 26 Nov 2026 06:00:00 +0000\r\nMessage-ID: <1@x.example>\r\n"
	    "List-Unsubscribe: <https://e.example/u>\r\n" ONECLICK "\r\nb\r\n",
	    "rfc5322.from.missing", "rfc5322.from.missing", "no From field" },
	{ "two From", OKHDR "From: b@example.com\r\n\r\nb\r\n",
	    "rfc5322.from.multiple", "rfc5322.from.multiple", "2 From fields" },
	{ "from is case-insensitive", OKHDR "FROM: b@example.com\r\nfrom: c@example.com\r\n\r\n",
	    "rfc5322.from.multiple", "rfc5322.from.multiple", "3 From fields" },
	{ "no Date", "From: a@x.example\r\nMessage-ID: <1@x.example>\r\nList-Unsubscribe: <https://e/u>\r\n" ONECLICK "\r\n",
	    "rfc5322.date.missing", "rfc5322.date.missing", "no Date field" },
	{ "two Date", OKHDR "Date: Fri, 27 Nov 2026 06:00:00 +0000\r\n\r\n",
	    "rfc5322.date.multiple", "rfc5322.date.multiple", "2 Date fields" },
	{ "no Message-ID", "From: a@x.example\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\n"
	    "List-Unsubscribe: <https://e/u>\r\n" ONECLICK "\r\n",
	    "rfc5322.message-id.missing", "rfc5322.message-id.missing", "no Message-ID field" },
	{ "two Subject and two To", OKHDR "Subject: a\r\nSubject: b\r\nTo: x@y\r\nTo: z@y\r\n\r\n",
	    "rfc5322.singleton.multiple", "rfc5322.singleton.multiple",
	    "2 To fields, 2 Subject fields" },
	{ "two Message-ID", OKHDR "Message-ID: <2@example.com>\r\n\r\n",
	    "rfc5322.singleton.multiple", "rfc5322.singleton.multiple", "2 Message-ID fields" },
	{ "Received may repeat", OKHDR "Received: a\r\nReceived: b\r\n\r\n", "", NULL, NULL },
	{ "no List-Unsubscribe", "From: a@x.example\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\n"
	    "Message-ID: <1@x.example>\r\n" ONECLICK "\r\n",
	    "unsub.missing,unsub.https.missing,unsub.one-click.invalid", "unsub.missing",
	    "no List-Unsubscribe field" },
	{ "two List-Unsubscribe", OKHDR "List-Unsubscribe: <mailto:u@e.example>\r\n\r\n",
	    "unsub.multiple", "unsub.multiple", "2 List-Unsubscribe fields" },
	{ "long Subject", OKHDR "Subject: %1000\r\n\r\n",
	    "rfc5322.header.limits,rfc5322.line.too-long", "rfc5322.header.limits",
	    "Subject is 1001 octets (limit 998)" },
	{ "long body line", OKHDR "\r\nshort\r\n%1200\r\n",
	    "rfc5322.line.too-long", "rfc5322.line.too-long", "line 9 is 1200 octets" },
	{ "998 octets is allowed", OKHDR "\r\n%998\r\n", "", NULL, NULL },
	{ "999 octets is not", OKHDR "\r\n%999\r\n",
	    "rfc5322.line.too-long", "rfc5322.line.too-long", "line 8 is 999 octets" },
	{ "long folded header line", OKHDR "X-Long: a\r\n %1000\r\n\r\n",
	    "rfc5322.line.too-long", "rfc5322.line.too-long", "line 8 is 1001 octets" },
	{ "long first header line counts the name", OKHDR "X-Long:%993\r\n\r\n",
	    "rfc5322.line.too-long", "rfc5322.line.too-long", "line 7 is 1000 octets" },
	{ "several long lines", OKHDR "\r\n%1000\r\n%1100\r\n",
	    "rfc5322.line.too-long", "rfc5322.line.too-long",
	    "line 9 is 1100 octets (and more lines over 998)" },
	{ "empty message", "", "rfc5322.from.missing,rfc5322.date.missing,"
	    "rfc5322.message-id.missing,unsub.missing,unsub.https.missing,"
	    "unsub.one-click.missing,list-id.missing", NULL, NULL },
	{ "garbage without header", "\x01\x02 not a header\r\n",
	    "rfc5322.from.missing,rfc5322.date.missing,"
	    "rfc5322.message-id.missing,unsub.missing,unsub.https.missing,"
	    "unsub.one-click.missing,list-id.missing", NULL, NULL },
};

int
main(void)
{
	struct msg_limits lim = { 1000, 1 << 20, 100, NULL };
	static struct judgement j;
	struct judge_env env;
	const struct fact *f;
	struct sbuf got;
	char name[256], *text;
	size_t i, len;
	struct msg *m;
	const struct fact_info *fi;
	size_t nfacts = fact_registry(&fi), k, nall = nfacts;

	/* without a dns section the authentication facts are not computed */
	for (k = 0; k < nall; k++)
		if (strncmp(fi[k].id, "spf.", 4) == 0 ||
		    strncmp(fi[k].id, "dkim.", 5) == 0 ||
		    strncmp(fi[k].id, "dmarc.", 6) == 0 ||
		    strncmp(fi[k].id, "egress.", 7) == 0 ||
		    strcmp(fi[k].id, "from.freemail") == 0 ||
		    strcmp(fi[k].id, "domain.nonexistent") == 0 ||
		    strcmp(fi[k].id, "unsub.not-signed") == 0)
			nfacts--;

	memset(&env, 0, sizeof(env));
	env.now = 1795672800;	/* Thu, 26 Nov 2026 06:00:00 +0000 */
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = msg_new(&lim);
		text = tap_expand(cases[i].msg, '%', &len);
		mailfile_feed(m, text, len, NULL);
		judge(&env, m, &j);
		sbuf_init(&got, 4096);
		true_facts(&j.fs, &got, (const char *)NULL);
		snprintf(name, sizeof(name), "%s: true facts", cases[i].name);
		tap_is_str(got.s, cases[i].facts, name);
		if (cases[i].id != NULL) {
			f = fact_get(&j.fs, cases[i].id);
			snprintf(name, sizeof(name), "%s: detail of %s",
			    cases[i].name, cases[i].id);
			tap_is_str(f ? f->detail : NULL, cases[i].detail, name);
		}
		snprintf(name, sizeof(name), "%s: every fact reported", cases[i].name);
		tap_is_int((long)j.fs.n, (long)nfacts, name);
		sbuf_clear(&got);
		free(text);
		judge_clear(&j);
		msg_free(m);
	}
	return tap_done();
}
