/* RFC 5322 3.6.4 msg-id lists. */
#include "msgid.h"
#include "tap.h"

static const struct {
	const char *in;
	int flags, err;
	size_t n;
	int obs, ew;
	const char *first, *why;
} cases[] = {
	{ " <1234@local.machine.example>", MSGID_SINGLE, 0, 1, 0, 0, "<1234@local.machine.example>", NULL },
	{ " <a.b-c$d@[192.0.2.1]>", MSGID_SINGLE, 0, 1, 0, 0, "<a.b-c$d@[192.0.2.1]>", NULL },
	{ " <1234@local.machine.example> (comment)", MSGID_SINGLE, 0, 1, 0, 0, NULL, NULL },
	{ " <1234@local.machine.example> <3456@example.net>", 0, 0, 2, 0, 0, "<1234@local.machine.example>", NULL },
	{ " <1234@local.machine.example>\n <3456@example.net>", 0, 0, 2, 0, 0, NULL, NULL },
	{ " <1234   @   local(blah)  .machine .example>", MSGID_SINGLE, 0, 1, 1, 0, NULL, NULL },
	{ " <\"quoted\"@example.com>", MSGID_SINGLE, 0, 1, 1, 0, NULL, NULL },
	{ " Your message <1@example.com>", 0, 0, 1, 1, 0, NULL, NULL },
	{ " <=?utf-8?q?x?=@example.com>", MSGID_SINGLE, 0, 1, 0, 1, NULL, NULL },
	{ " <1234@local.machine.example> <3456@example.net>", MSGID_SINGLE, 1, 1, 0, 0, NULL, "has more than one id" },
	{ " 1234@local.machine.example", MSGID_SINGLE, 1, 0, 0, 0, NULL, "is not enclosed in <>" },
	{ " <1234local.machine.example>", MSGID_SINGLE, 1, 0, 0, 0, NULL, "has no '@'" },
	{ " <>", MSGID_SINGLE, 1, 0, 0, 0, NULL, "is empty" },
	{ "", MSGID_SINGLE, 1, 0, 0, 0, NULL, "is empty" },
	{ " <@example.com>", MSGID_SINGLE, 1, 0, 0, 0, NULL, "has no left part before '@'" },
	{ " <a@>", MSGID_SINGLE, 1, 0, 0, 0, NULL, "has no right part after '@'" },
	{ " <a@example.com", MSGID_SINGLE, 1, 0, 0, 0, NULL, "is not closed by '>'" },
	{ " <a b@example.com>", MSGID_SINGLE, 1, 0, 0, 0, NULL, "has no '@'" },
};

int
main(void)
{
	struct msgidlist m;
	char name[256], *in;
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		in = tap_exact(cases[i].in, &len);
		msgid_parse(in, len, cases[i].flags, &m);
		snprintf(name, sizeof(name), "[%s]: %s", cases[i].in, cases[i].err ? "error" : "parses");
		if (!tap_ok(m.err == cases[i].err, name))
			printf("#   why: %s\n", m.why);
		snprintf(name, sizeof(name), "[%s]: ids", cases[i].in);
		tap_is_int((long)m.n, (long)cases[i].n, name);
		snprintf(name, sizeof(name), "[%s]: obsolete %d", cases[i].in, cases[i].obs);
		tap_is_int(m.obs, cases[i].obs, name);
		snprintf(name, sizeof(name), "[%s]: misplaced encoded-word %d", cases[i].in, cases[i].ew);
		tap_is_int(m.ew_misplaced, cases[i].ew, name);
		if (cases[i].first) {
			snprintf(name, sizeof(name), "[%s]: first id", cases[i].in);
			tap_is_str(m.first, cases[i].first, name);
		}
		if (cases[i].why) {
			snprintf(name, sizeof(name), "[%s]: reason", cases[i].in);
			tap_is_str(m.why, cases[i].why, name);
		}
		free(in);
	}
	return tap_done();
}
