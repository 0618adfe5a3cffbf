/*
 * Rule evaluator: precedence, reply selection, final, monitor, temperror,
 * Kleene logic, every condition kind, stream selection, regex limits.
 */
#include <unistd.h>

#include "judge.h"
#include "mailfile.h"
#include "rule.h"
#include "tap.h"
#include "util.h"

static const char rules_yaml[] =
"version: 1\n"
"streams:\n"
"  news:\n"
"    kind: bulk\n"
"    match: { auth: \"news-*\" }\n"
"  shop:\n"
"    kind: transactional\n"
"    match: { mail_from: \"*@shop.example\", client: \"2001:db8::/32\" }\n"
"  any-news:\n"
"    kind: transactional\n"
"    match: { auth: \"*\" }\n"
"rules:\n"
"  - id: exempt\n"
"    when: { client: 192.0.2.0/24 }\n"
"    action: accept\n"
"    final: true\n"
"  - id: tag-subject\n"
"    all: [ { header: { name: Subject, regex: '^hello world$' } } ]\n"
"    action: tag\n"
"  - id: first-reject\n"
"    any: [ rfc5322.from.multiple ]\n"
"    action: reject\n"
"    reply: \"550 5.7.1 first: {facts}; {rule}; {url}; {stream}\"\n"
"    url: https://example.com/first\n"
"  - id: second-reject\n"
"    any: [ \"rfc5322.*\" ]\n"
"    action: reject\n"
"    reply: \"554 5.7.0 second\"\n"
"  - id: would-hold\n"
"    any: [ unsub.missing ]\n"
"    action: hold\n"
"    mode: monitor\n"
"  - id: bulk-unsub\n"
"    when: { stream_kind: bulk }\n"
"    any: [ unsub.missing ]\n"
"    action: tempfail\n"
"  - id: no-unsub-shop\n"
"    when: { stream: shop }\n"
"    none: [ unsub.missing ]\n"
"    action: tag\n"
"  - id: rcpt-and-macro\n"
"    all:\n"
"      - rcpt: 'vip@*'\n"
"      - macro: { name: '{daemon_name}', regex: '^sub' }\n"
"      - daemon: submission\n"
"      - helo: { regex: '\\.example$' }\n"
"    action: hold\n"
"  - id: campaign\n"
"    all: [ { rcpt: 'blocked@*' }, { header: { name: X-Campaign, regex: '^spam' } } ]\n"
"    action: reject\n"
"    reply: \"550 5.7.1 refused: {facts}\"\n"
"  - id: catastrophic\n"
"    all: [ { header: { name: X-Bomb, regex: '^(a+)+$' } } ]\n"
"    action: reject\n";

#define OK "From: a@example.com\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\n" \
	"Message-ID: <1@example.com>\r\nList-Unsubscribe: <https://e.example/u>\r\n"

struct env {
	const char *mail_from, *rcpt, *client, *auth, *daemon, *helo;
};

static struct ruleset *rs;

static void
eval(const char *text, const struct env *e, struct factset *fs,
    struct verdict *v, int temperror)
{
	struct msg_limits lim = { 1000, 1 << 20, 100, NULL };
	struct msg *m = msg_new(&lim);
	static struct judgement j;
	struct judge_env env;
	size_t len;
	char *p = tap_exact(text, &len);

	if (e != NULL) {
		if (e->mail_from)
			msg_mail_from(m, e->mail_from);
		if (e->rcpt)
			msg_rcpt(m, e->rcpt);
		conninfo_set(m->conn.client_addr, e->client);
		conninfo_set(m->conn.login, e->auth);
		conninfo_set(m->conn.daemon, e->daemon);
		if (e->daemon)
			msg_macro(m, "{daemon_name}", e->daemon);
		conninfo_set(m->conn.helo, e->helo);
	}
	mailfile_feed(m, p, len, NULL);
	memset(&env, 0, sizeof(env));
	env.rules = rs;
	env.now = 1795672800;
	judge(&env, m, &j);
	if (temperror) {	/* a lookup that failed, then the rules again */
		fact_set(&j.fs, "rfc5322.date.missing", FACT_TEMPERROR, 0,
		    NULL);
		ruleset_eval(rs, m, &j.fs, &j.si, &j.v);
	}
	*fs = j.fs;
	*v = j.v;
	judge_clear(&j);
	msg_free(m);
	free(p);
}

static const char *
rules(const struct verdict *v, int monitor)
{
	static char buf[2][512];

	verdict_rules(v, monitor ? VR_MONITOR : VR_ENFORCED, buf[monitor],
	    sizeof(buf[monitor]));
	return buf[monitor];
}

int
main(void)
{
	char dir[] = "/tmp/sl-rule-eval.XXXXXX";
	static struct factset fs;
	static struct verdict v;
	struct diag d;
	struct env e;
	FILE *fp;

	if (mkdtemp(dir) == NULL || chdir(dir) < 0)
		return 1;
	fp = fopen("r.yaml", "w");
	fputs(rules_yaml, fp);
	fclose(fp);
	diag_init(&d);
	rs = ruleset_load("r.yaml", 10000, 100, &d);
	diag_print(&d, stdout);
	if (!tap_ok(rs != NULL, "rule set loads"))
		return tap_done();

	eval(OK "\r\nbody\r\n", NULL, &fs, &v, 0);
	tap_is_str(action_name(v.action), "accept", "clean message: accept");
	tap_is_str(rules(&v, 0), "", "clean message: no rule fired");
	tap_is_str(v.stream, "unknown", "clean message: stream unknown");

	eval(OK "Subject: hello\r\n world\r\n\r\n", NULL, &fs, &v, 0);
	tap_is_str(action_name(v.action), "tag", "header regex sees the unfolded value");

	eval(OK "From: b@example.com\r\nSubject: hello world\r\n\r\n", NULL, &fs, &v, 0);
	tap_is_str(action_name(v.action), "reject", "reject beats tag");
	tap_is_str(rules(&v, 0), "tag-subject,first-reject,second-reject", "every enforced rule that fired is listed");
	tap_is_str(v.reply_rule, "first-reject", "the first rule with the winning action gives the reply");
	tap_is_str(v.rcode, "550", "reply code from the rule");
	tap_is_str(v.xcode, "5.7.1", "enhanced code from the rule");
	tap_is_str(v.text, "first: rfc5322.from.multiple (2 From fields); first-reject; https://example.com/first; unknown",
	    "placeholders expand to facts, rule, url and stream");

	memset(&e, 0, sizeof(e));
	e.client = "192.0.2.7";
	eval(OK "From: b@example.com\r\n\r\n", &e, &fs, &v, 0);
	tap_is_str(action_name(v.action), "accept", "final exemption stops evaluation");
	tap_is_str(v.reply_rule, "exempt", "the exemption is named");

	eval("From: a@example.com\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\nMessage-ID: <1@x>\r\n\r\n",
	    NULL, &fs, &v, 0);
	tap_is_str(action_name(v.action), "accept", "monitor rule changes nothing");
	tap_is_str(rules(&v, 1), "would-hold:hold", "monitor hit records what it would have done");

	e.client = NULL;
	e.auth = "news-weekly";
	eval("From: a@example.com\r\nDate: Thu, 26 Nov 2026 06:00:00 +0000\r\nMessage-ID: <1@x>\r\n\r\n",
	    &e, &fs, &v, 0);
	tap_is_str(v.stream, "news", "auth glob selects the stream");
	tap_is_str(stream_kind_name(v.stream_kind), "bulk", "stream kind is known");
	tap_is_str(action_name(v.action), "tempfail", "stream_kind rule fires");
	tap_is_str(v.rcode, "451", "tempfail without reply gets 451");
	tap_is_str(v.text, "deferred by senderlint rule bulk-unsub: unsub.missing (no List-Unsubscribe field)",
	    "default reply names rule and facts");

	e.auth = "newsroom-editor";	/* a regex "news-*" would match it */
	eval(OK "\r\n", &e, &fs, &v, 0);
	tap_is_str(v.stream, "any-news", "the glob news-* does not match newsroom-editor");

	e.auth = "other";
	eval(OK "\r\n", &e, &fs, &v, 0);
	tap_is_str(v.stream, "any-news", "first matching stream wins, later ones still match");

	memset(&e, 0, sizeof(e));
	e.mail_from = "<bounce@shop.example>";
	e.client = "2001:db8::25";
	eval(OK "\r\n", &e, &fs, &v, 0);
	tap_is_str(v.stream, "shop", "mail_from glob and IPv6 CIDR select the stream");
	tap_is_str(rules(&v, 0), "no-unsub-shop", "none: holds when no listed fact is true");
	e.client = "2001:db9::25";
	eval(OK "\r\n", &e, &fs, &v, 0);
	tap_is_str(v.stream, "unknown", "all stream criteria must match");

	memset(&e, 0, sizeof(e));
	e.rcpt = "<vip@example.net>";
	e.daemon = "submission";
	e.helo = "client.example";
	eval(OK "\r\n", &e, &fs, &v, 0);
	tap_is_str(action_name(v.action), "hold", "rcpt, macro, daemon and helo conditions");
	e.daemon = "smtpd";
	eval(OK "\r\n", &e, &fs, &v, 0);
	tap_is_str(action_name(v.action), "accept", "one failing condition in all: no match");

	/* a rule over the message's data, no fact: {facts} says what held */
	memset(&e, 0, sizeof(e));
	e.rcpt = "<blocked@example.net>";
	eval(OK "X-Campaign: spammy\r\n\r\n", &e, &fs, &v, 0);
	tap_is_str(v.text, "refused: a recipient matched; header X-Campaign matched the rule's regex",
	    "{facts} names the non-fact conditions that matched");

	/* temperror: an undecidable reject becomes tempfail, never pass/fail */
	eval(OK "\r\n", NULL, &fs, &v, 1);
	tap_is_str(action_name(v.action), "tempfail", "temperror under a reject rule gives tempfail");
	tap_is_str(v.text, "senderlint rule second-reject could not be decided: a DNS or identity store lookup failed for now (temperror); try again later",
	    "temperror reply says why");
	tap_ok(v.nhits == 1 && v.hits[0].undecided, "the undecided rule is recorded as such");

	/* a regex that backtracks catastrophically is cut by the match limit */
	eval(OK "X-Bomb: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\r\n\r\n", NULL, &fs, &v, 0);
	tap_is_str(action_name(v.action), "accept", "a regex that hits its limit does not match");

	ruleset_free(rs);
	unlink("r.yaml");
	if (chdir("/") == 0)
		rmdir(dir);
	return tap_done();
}
