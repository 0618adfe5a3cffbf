/*
 * Rule loader: good files load; each bad file is refused with the exact
 * file:line:col and message, and nothing is half-applied (NULL result).
 */
#include <unistd.h>

#include "rule.h"
#include "tap.h"

#define HEAD "version: 1\nrules:\n"

static const struct {
	const char *name;
	const char *yaml;
	const char *err;	/* first error, NULL when the file is good */
	size_t nerr;		/* errors expected */
} cases[] = {
	{ "minimal rule", HEAD "  - id: a\n    any: [ rfc5322.from.missing ]\n    action: reject\n", NULL, 0 },
	{ "all condition kinds", "version: 1\nstreams:\n  news:\n    kind: bulk\n"
	    "    match: { auth: \"news-*\", mail_from: \"*@b.example\", client: [\"10.0.0.0/8\", \"2001:db8::/32\"], daemon: submission }\n"
	    "rules:\n  - id: every-kind\n    when: { stream: news, stream_kind: bulk }\n"
	    "    all:\n      - rfc5322.*\n      - header: { name: Subject, regex: '^x' }\n"
	    "      - header: { name: List-Id }\n      - mail_from: { regex: '@example\\.com$' }\n"
	    "      - rcpt: 'x'\n      - macro: { name: '{auth_type}', regex: 'PLAIN' }\n"
	    "      - auth: [ 'news*', editor ]\n      - helo: 'h'\n      - client: 192.0.2.1\n"
	    "      - daemon: [ smtpd, submission ]\n      - not: unsub.missing\n"
	    "      - any: [ unsub.missing, { fact: unsub.multiple } ]\n"
	    "    none: [ rfc5322.date.missing ]\n    action: reject\n"
	    "    reply: \"550 5.7.1 {rule} {facts} {url} {stream}\"\n"
	    "    url: https://example.com/r\n    mode: monitor\n    final: false\n"
	    "    description: all kinds\n", NULL, 0 },
	{ "empty file", "", "r.yaml:1:1: the rule file needs \"version: 1\"", 2 },
	{ "syntax error", "version: 1\nrules: [\n", "r.yaml:3:1: did not find expected node content", 1 },
	{ "wrong version", "version: 2\nrules: []\n", "r.yaml:1:10: version must be between 1 and 1, not 2", 1 },
	{ "unknown top key", "version: 1\nrulez: []\nrules: []\n", "r.yaml:2:1: unknown key \"rulez\"", 1 },
	{ "unknown rule key", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: tag\n    acton: reject\n",
	    "r.yaml:6:5: unknown key \"acton\"", 1 },
	{ "unknown fact", HEAD "  - id: a\n    any: [ unsub.missing, unsub.nope ]\n    action: tag\n",
	    "r.yaml:4:27: unknown fact id \"unsub.nope\" (senderlint-check --list-facts lists them)", 1 },
	{ "glob naming no fact", HEAD "  - id: a\n    any: [ \"arc.*\" ]\n    action: tag\n",
	    "r.yaml:4:12: unknown fact id \"arc.*\" (senderlint-check --list-facts lists them)", 1 },
	{ "bad regex", HEAD "  - id: a\n    all:\n      - header: { name: Subject, regex: 'a(b' }\n    action: tag\n",
	    "r.yaml:5:41: bad regex \"a(b\" at offset 3: missing closing parenthesis", 1 },
	{ "bad action", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: bounce\n",
	    "r.yaml:5:13: unknown action \"bounce\" (accept, tag, hold, discard, tempfail, reject)", 1 },
	{ "missing action", HEAD "  - id: a\n    any: [ unsub.missing ]\n",
	    "r.yaml:3:5: rule \"a\" needs an action", 1 },
	{ "no condition", HEAD "  - id: a\n    action: tag\n",
	    "r.yaml:3:5: rule \"a\" has no condition (when, all, any or none)", 1 },
	{ "duplicate id", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: tag\n"
	    "  - id: a\n    any: [ unsub.missing ]\n    action: tag\n",
	    "r.yaml:6:9: duplicate rule id \"a\" (first at line 3)", 1 },
	{ "bad id", HEAD "  - id: \"a b\"\n    any: [ unsub.missing ]\n    action: tag\n",
	    "r.yaml:3:9: bad rule id \"a b\" (1 to 64 letters, digits, '.', '-', '_')", 1 },
	{ "reply code class", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: reject\n    reply: \"451 4.7.1 later\"\n",
	    "r.yaml:6:12: action reject needs a 5xx reply code, not 451", 1 },
	{ "reply on tag", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: tag\n    reply: \"550 5.7.1 no\"\n",
	    "r.yaml:6:12: a reply needs action reject or tempfail", 1 },
	{ "reply without code", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: reject\n    reply: \"go away\"\n",
	    "r.yaml:6:12: reply must start with a 4xx or 5xx code and a space, like \"550 5.7.1 text\"", 1 },
	{ "enhanced code mismatch", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: reject\n    reply: \"550 4.7.1 x\"\n",
	    "r.yaml:6:12: enhanced status code 4.7.1 does not match reply code 550", 1 },
	{ "unknown placeholder", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: reject\n    reply: \"550 5.7.1 {from}\"\n",
	    "r.yaml:6:12: unknown placeholder \"{from}\" in reply (use {rule}, {facts}, {url} or {stream})", 1 },
	{ "bad mode", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: tag\n    mode: test\n",
	    "r.yaml:6:11: mode must be enforce or monitor, not \"test\"", 1 },
	{ "bad final", HEAD "  - id: a\n    any: [ unsub.missing ]\n    action: accept\n    final: maybe\n",
	    "r.yaml:6:12: final must be true or false, not \"maybe\"", 1 },
	{ "bad cidr", HEAD "  - id: a\n    when: { client: 10.0.0.0/33 }\n    action: accept\n",
	    "r.yaml:4:21: bad address or network \"10.0.0.0/33\"", 1 },
	{ "unknown stream", HEAD "  - id: a\n    when: { stream: news }\n    action: tag\n",
	    "r.yaml:4:21: unknown stream \"news\"", 1 },
	{ "unknown condition", HEAD "  - id: a\n    when: { subject: x }\n    action: tag\n",
	    "r.yaml:4:13: unknown condition \"subject\"", 1 },
	{ "a regex where a glob is wanted", HEAD "  - id: a\n    all: [ { auth: '^news-' } ]\n    action: tag\n",
	    "r.yaml:4:20: auth: \"^news-\" is a regular expression, but auth matches globs (* ? [...], the whole value, without case); write a glob, or auth: { regex: \"^news-\" }", 1 },
	{ "a lone dot, the old any-value regex", HEAD "  - id: a\n    all: [ { mail_from: '.' } ]\n    action: tag\n",
	    "r.yaml:4:25: mail_from: \".\" is a regular expression, but mail_from matches globs (* ? [...], the whole value, without case); write a glob, or mail_from: { regex: \".\" }", 1 },
	{ "a map that is not { regex: }", HEAD "  - id: a\n    all: [ { helo: { glob: x } } ]\n    action: tag\n",
	    "r.yaml:4:20: helo takes a glob, a list of globs or { regex: ... }", 1 },
	{ "two-key condition", HEAD "  - id: a\n    all: [ { mail_from: a, rcpt: b } ]\n    action: tag\n",
	    "r.yaml:4:12: a condition is a fact id or a map with one key", 1 },
	{ "stream without kind", "version: 1\nstreams:\n  s:\n    match: { auth: x }\nrules: []\n",
	    "r.yaml:4:5: stream \"s\" needs a kind (bulk or transactional)", 1 },
	{ "stream bad match key", "version: 1\nstreams:\n  s:\n    kind: bulk\n    match: { subject: x }\nrules: []\n",
	    "r.yaml:5:14: unknown key \"subject\"", 1 },
	{ "stream header match without value", "version: 1\nstreams:\n  s:\n    kind: bulk\n    match: { header: { name: X-Stream } }\nrules: []\n",
	    "r.yaml:5:22: header match needs a name and a value", 1 },
	{ "identity with a bad from", "version: 1\nstreams:\n  s:\n    kind: bulk\n    match: { auth: x }\n    identity: { from: \"News <news>\" }\nrules: []\n",
	    "r.yaml:6:23: identity from \"News <news>\" has no '@'", 1 },
	{ "identity with a bad learning period", "version: 1\nstreams:\n  s:\n    kind: bulk\n    match: { auth: x }\n    identity: { learning: 7w }\nrules: []\n",
	    "r.yaml:6:27: learning must be a duration like 7d, 12h, 30m or seconds, not \"7w\"", 1 },
	{ "duplicate key", HEAD "  - id: a\n    id: b\n    any: [ unsub.missing ]\n    action: tag\n",
	    "r.yaml:4:5: duplicate key \"id\" (first at line 3)", 1 },
	{ "alias", HEAD "  - &x { id: a, any: [ unsub.missing ], action: tag }\n  - *x\n",
	    "r.yaml:3:5: anchors are not supported", 1 },
	{ "rules not a list", "version: 1\nrules: { a: 1 }\n",
	    "r.yaml:2:8: rules must be a list, not a mapping", 1 },
	{ "several errors reported", HEAD "  - id: a\n    any: [ nope ]\n    action: nope\n",
	    "r.yaml:4:12: unknown fact id \"nope\" (senderlint-check --list-facts lists them)", 2 },
};

int
main(void)
{
	char dir[] = "/tmp/sl-rule-load.XXXXXX", name[256];
	struct ruleset *rs;
	struct diag d;
	size_t i;
	FILE *fp;

	if (mkdtemp(dir) == NULL || chdir(dir) < 0)
		return 1;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fp = fopen("r.yaml", "w");
		fputs(cases[i].yaml, fp);
		fclose(fp);
		diag_init(&d);
		rs = ruleset_load("r.yaml", 100000, 1000, &d);
		snprintf(name, sizeof(name), "%s: %s", cases[i].name,
		    cases[i].err ? "refused" : "loads");
		tap_ok((rs == NULL) == (cases[i].err != NULL), name);
		if (rs == NULL && cases[i].err == NULL)
			diag_print(&d, stdout);
		snprintf(name, sizeof(name), "%s: first error", cases[i].name);
		tap_is_str(d.n ? d.msgs[0] : NULL, cases[i].err, name);
		snprintf(name, sizeof(name), "%s: error count", cases[i].name);
		tap_is_int((long)diag_count(&d), (long)cases[i].nerr, name);
		if (d.n > 1 && diag_count(&d) != cases[i].nerr)
			diag_print(&d, stdout);
		diag_clear(&d);
		ruleset_free(rs);
	}
	unlink("r.yaml");
	if (chdir("/") == 0)
		rmdir(dir);
	return tap_done();
}
