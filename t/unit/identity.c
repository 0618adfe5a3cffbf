/*
 * Stream selection and identity facts: RFC 2047 and Unicode-equivalent
 * display names, address globs, Reply-To, MAIL FROM domain, SASL login
 * bindings, cross-stream use, null sender in bulk, ambiguous and unknown
 * streams, header-selected streams; the lookups of stream.h and the
 * words of the stream kinds.
 */
#include <unistd.h>

#include "judge.h"
#include "mailfile.h"
#include "rule.h"
#include "facts.h"
#include "tap.h"

static const char yaml[] =
"version: 1\n"
"streams:\n"
"  news:\n"
"    kind: bulk\n"
"    match: { auth: \"news-*\" }\n"
"    identity:\n"
"      from: [ \"Zo\xc3\xab News <zoe@example.com>\", \"*@lists.example.com\" ]\n"
"      reply_to: [ \"help@example.com\" ]\n"
"      mail_from_domain: [ \"bounce.example.com\" ]\n"
"  receipts:\n"
"    kind: transactional\n"
"    match: { auth: \"shop*\" }\n"
"    identity: { from: \"Shop <orders@example.com>\" }\n"
"  shop-promo:\n"
"    kind: bulk\n"
"    match: { auth: \"shop-promo\" }\n"
"  by-header:\n"
"    kind: bulk\n"
"    match: { header: { name: X-Stream, value: [ \"promo-*\" ], remove: true } }\n"
"logins:\n"
"  \"shop*\": [ \"orders@example.com\", \"*@shop.example.com\" ]\n"
"rules:\n"
"  - id: any\n"
"    any: [ \"identity.*\" ]\n"
"    action: tag\n";

#define B "Date: Thu, 26 Nov 2026 06:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n"

static const struct {
	const char *name, *auth, *mail_from, *msg;
	const char *stream;
	const char *facts;	/* true stream/identity/envelope facts */
} cases[] = {
	{ "precomposed name", "news-1", "<b@bounce.example.com>",
	    "From: Zo\xc3\xab News <zoe@example.com>\r\n" B, "news", "" },
	{ "decomposed name (NFC equal)", "news-1", "<b@bounce.example.com>",
	    "From: Zoe\xcc\x88 News <zoe@example.com>\r\n" B, "news", "" },
	{ "RFC 2047 encoded name", "news-1", "<b@bounce.example.com>",
	    "From: =?UTF-8?Q?Zo=C3=AB?= News <zoe@example.com>\r\n" B, "news", "" },
	{ "quoted name", "news-1", "<b@bounce.example.com>",
	    "From: \"Zo\xc3\xab News\" <zoe@example.com>\r\n" B, "news", "" },
	{ "other name", "news-1", "<b@bounce.example.com>",
	    "From: Zoe News <zoe@example.com>\r\n" B, "news", "identity.display-name.mismatch" },
	{ "address case differs", "news-1", "<b@bounce.example.com>",
	    "From: Zo\xc3\xab News <ZOE@Example.COM>\r\n" B, "news", "" },
	{ "address glob, any name", "news-1", "<b@bounce.example.com>",
	    "From: Anything <weekly@lists.example.com>\r\n" B, "news", "" },
	{ "address not allowed", "news-1", "<b@bounce.example.com>",
	    "From: Zo\xc3\xab News <zoe@example.net>\r\n" B, "news", "identity.from.mismatch" },
	{ "Reply-To not allowed", "news-1", "<b@bounce.example.com>",
	    "From: x <weekly@lists.example.com>\r\nReply-To: a@example.org\r\n" B, "news",
	    "identity.reply-to.mismatch" },
	{ "MAIL FROM domain not allowed", "news-1", "<b@example.com>",
	    "From: x <weekly@lists.example.com>\r\n" B, "news", "identity.mail-from.mismatch" },
	{ "null sender in bulk", "news-1", "<>",
	    "From: x <weekly@lists.example.com>\r\n" B, "news", "envelope.null-sender.bulk" },
	{ "login allowed", "shop", "<b@shop.example.com>",
	    "From: Shop <orders@example.com>\r\n" B, "receipts", "" },
	{ "login not allowed", "shop", "<b@shop.example.com>",
	    "From: Shop <ceo@example.com>\r\n" B, "receipts",
	    "identity.from.mismatch,identity.auth.mismatch" },
	{ "transactional address in bulk", "shop-promo", "<b@shop.example.com>",
	    "From: Shop <orders@example.com>\r\n" B, "receipts",
	    "stream.ambiguous" },
	{ "stream by header", NULL, "<b@shop.example.com>",
	    "From: Shop <orders@example.com>\r\nX-Stream: promo-11\r\n" B, "by-header",
	    "identity.cross-stream" },
	{ "no stream", NULL, "<b@example.com>",
	    "From: x <x@example.com>\r\n" B, "unknown", "stream.unknown" },
};

int
main(void)
{
	char dir[] = "/tmp/sl-ident.XXXXXX", name[256], *in;
	struct sbuf tf;
	struct msg_limits lim = { 1000, 1 << 20, 100, NULL };
	static struct judgement j;
	struct judge_env env;
	struct streaminfo si;
	const struct streamset *set;
	struct ruleset *rs;
	struct diag d;
	struct msg *m;
	size_t i, len;
	FILE *fp;

	if (mkdtemp(dir) == NULL || chdir(dir) < 0)
		return 1;
	fp = fopen("r.yaml", "w");
	fputs(yaml, fp);
	fclose(fp);
	diag_init(&d);
	rs = ruleset_load("r.yaml", 10000, 100, &d);
	diag_print(&d, stdout);
	sbuf_init(&tf, 4096);
	if (!tap_ok(rs != NULL, "rule set with streams and identities loads"))
		return tap_done();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = msg_new(&lim);
		conninfo_set(m->conn.login, cases[i].auth);
		msg_mail_from(m, cases[i].mail_from);
		msg_rcpt(m, "<r@example.net>");
		in = tap_exact(cases[i].msg, &len);
		mailfile_feed(m, in, len, NULL);
		memset(&env, 0, sizeof(env));
		env.rules = rs;
		env.now = 1795672800;
		judge(&env, m, &j);
		snprintf(name, sizeof(name), "%s: stream", cases[i].name);
		tap_is_str(j.si.name, cases[i].stream, name);
		true_facts(&j.fs, &tf, "identity.", "stream.", "envelope.",
		    (const char *)NULL);
		snprintf(name, sizeof(name), "%s: facts", cases[i].name);
		tap_is_str(tf.s, cases[i].facts, name);
		free(in);
		judge_clear(&j);
		msg_free(m);
	}
	tap_ok(stream_select_named(ruleset_streams(rs), "news", &si) == 0 && si.kind == SK_BULK,
	    "a stream can be forced by name");
	tap_ok(stream_select_named(ruleset_streams(rs), "nope", &si) < 0, "an unknown stream name is refused");
	set = ruleset_streams(rs);
	tap_ok(stream_login_allows(set, "shop-1", "orders@example.com") == 1,
	    "a login may send from an address bound to it");
	tap_ok(stream_login_allows(set, "shop-1", "ceo@example.com") == 0,
	    "a bound login may not send from another address");
	tap_ok(stream_login_allows(set, "news-1", "zoe@example.com") == -1,
	    "a login without a binding is not judged");
	tap_ok(stream_transactional_from(set, "Orders@Example.COM") == 1,
	    "a transactional From address is known, without case");
	tap_ok(stream_transactional_from(set, "x@lists.example.com") == 0,
	    "a bulk stream's address is not transactional");
	tap_ok(stream_login_allows(NULL, "shop", "orders@example.com") == -1 &&
	    stream_transactional_from(NULL, "orders@example.com") == 0,
	    "no stream set: no bindings, no transactional addresses");
	tap_ok(stream_kind_parse("bulk") == SK_BULK &&
	    stream_kind_parse("transactional") == SK_TRANSACTIONAL &&
	    stream_kind_parse("Bulk") < 0 && stream_kind_parse("") < 0,
	    "stream kinds are the two words of the rule file");
	tap_is_str(stream_kind_name(SK_TRANSACTIONAL), "transactional",
	    "a kind prints as its word");
	tap_is_str(stream_kind_name(SK_NONE), "", "no kind prints as nothing");
	sbuf_clear(&tf);
	ruleset_free(rs);
	unlink("r.yaml");
	if (chdir("/") == 0)
		rmdir(dir);
	return tap_done();
}
