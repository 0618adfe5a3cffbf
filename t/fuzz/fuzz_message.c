/*
 * libFuzzer target: one raw message through the reader, every check and a
 * rule set that uses every condition kind. Must never crash, leak or hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "linksearch.h"
#include "mailfile.h"
#include "rule.h"

static const char rules[] =
"version: 1\n"
"streams:\n"
"  s: { kind: bulk, match: { auth: \"*\", mail_from: \"*@*\" } }\n"
"rules:\n"
"  - id: a\n"
"    any: [ \"rfc5322.*\", \"unsub.*\" ]\n"
"    action: reject\n"
"    reply: \"550 5.7.1 {facts} {rule} {stream} {url}\"\n"
"  - id: b\n"
"    all:\n"
"      - header: { name: Subject, regex: '(a|b)*c' }\n"
"      - not: { mail_from: { regex: '^$' } }\n"
"    action: tag\n";

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ruleset *rs;
	static struct judgement j;
	static const char *const words[] = { "unsubscribe", "abmelden", NULL };
	static struct linkwords *lw;
	struct msg_limits lim = { 200, 1 << 20, 10, NULL };
	struct diag d;
	struct msg *m;
	struct judge_env env;
	char *rpath = NULL;

	if (lw == NULL)
		lw = linksearch_words_new(words);
	lim.links = lw;
	if (rs == NULL) {
		diag_init(&d);
		if ((rs = ruleset_parse("fuzz", rules, sizeof(rules) - 1,
		    10000, 100, &d)) == NULL)
			abort();
	}
	m = msg_new(&lim);
	conninfo_set(m->conn.login, "user");
	msg_rcpt(m, "<b@example.net>");
	mailfile_feed(m, (const char *)data, size, &rpath);
	if (rpath != NULL)
		msg_mail_from(m, rpath);
	free(rpath);
	memset(&env, 0, sizeof(env));
	env.rules = rs;
	judge(&env, m, &j);
	judge_clear(&j);
	msg_free(m);
	return 0;
}
