/*
 * RFC 5322 3.4 address parser, table-driven. Each row: a raw field body
 * (as a milter sees it), flags, and what must come out: error or not,
 * mailboxes, obsolete syntax, misplaced encoded-words, the first mailbox
 * as name|local|domain, and the start of the error text.
 */
#include "addr.h"
#include "tap.h"

static const struct {
	const char *in;
	int flags;
	int err;
	size_t n;
	int obs;
	int ew;
	const char *first;	/* name|local|domain of the first mailbox */
	const char *why;	/* prefix of the error */
} cases[] = {
	{ " a@example.com", 0, 0, 1, 0, 0, "|a|example.com", NULL },
	{ " Alice <alice@example.com>", 0, 0, 1, 0, 0, "Alice|alice|example.com", NULL },
	{ " \"Alice B.\" <alice@example.com>", 0, 0, 1, 0, 0, "\"Alice B.\"|alice|example.com", NULL },
	{ " Alice Smith <alice@example.com>, bob@example.net", 0, 0, 2, 0, 0, "Alice Smith|alice|example.com", NULL },
	{ " <alice@example.com>", 0, 0, 1, 0, 0, "|alice|example.com", NULL },
	{ " alice@example.com (Alice)", 0, 0, 1, 0, 0, "|alice|example.com", NULL },
	{ " (comment) Alice (x) <alice (y) @ (z) example.com>", 0, 0, 1, 1, 0, "Alice|alice|example.com", NULL },
	{ " (comment) Alice (x) <alice@example.com> (y)", 0, 0, 1, 0, 0, "Alice|alice|example.com", NULL },
	{ " <alice . smith@example.com>", 0, 0, 1, 1, 0, "|alice.smith|example.com", NULL },
	{ " a@example.com,", 0, 0, 1, 1, 0, NULL, NULL },
	{ " \"quoted local\"@example.com", 0, 0, 1, 0, 0, "|\"quoted local\"|example.com", NULL },
	{ " first.last@sub.example.com", 0, 0, 1, 0, 0, "|first.last|sub.example.com", NULL },
	{ " a@[192.0.2.1]", 0, 0, 1, 0, 0, "|a|[192.0.2.1]", NULL },
	{ " undisclosed-recipients:;", 0, 0, 0, 0, 0, NULL, NULL },
	{ " Team: a@example.com, b@example.com;, c@example.com", 0, 0, 3, 0, 0, "|a|example.com", NULL },
	{ " Team: a@example.com;", ADDR_MAILBOX_LIST, 1, 0, 0, 0, NULL, "a group is not allowed here" },
	{ " a@example.com, b@example.com", ADDR_MAILBOX_LIST, 0, 2, 0, 0, "|a|example.com", NULL },
	{ " a@example.com, b@example.com", ADDR_SINGLE, 1, 2, 0, 0, "|a|example.com", "2 addresses where one is allowed" },
	{ " =?UTF-8?B?w4lsb2R5?= <e@example.com>", 0, 0, 1, 0, 0, "=?UTF-8?B?w4lsb2R5?=|e|example.com", NULL },
	{ " \"=?UTF-8?B?w4lsb2R5?=\" <e@example.com>", 0, 0, 1, 0, 1, NULL, NULL },
	{ " =?UTF-8?Q?e?=@example.com", 0, 0, 1, 0, 1, NULL, NULL },
	{ " Mr. Smith <smith@example.com>", 0, 0, 1, 1, 0, "Mr. Smith|smith|example.com", NULL },
	{ " <@relay.example:user@example.com>", 0, 0, 1, 1, 0, "|user|example.com", NULL },
	{ " a@example.com,, b@example.com", 0, 0, 2, 1, 0, NULL, NULL },
	{ " \"a\".b@example.com", 0, 0, 1, 1, 0, NULL, NULL },
	{ "", 0, 1, 0, 0, 0, NULL, "no address" },
	{ " alice", 0, 1, 0, 0, 0, NULL, "no '@' in the address" },
	{ " Alice <alice>", 0, 1, 0, 0, 0, NULL, "no '@' in the address at \">\"" },
	{ " Alice <alice@example.com", 0, 1, 0, 0, 0, NULL, "expected '>' at the end" },
	{ " <>", 0, 1, 0, 0, 0, NULL, "empty address <>" },
	{ " a@example.com b@example.com", 0, 1, 0, 0, 0, NULL, "expected ',' between addresses at \"b\"" },
	{ " \"unterminated@example.com", 0, 1, 0, 0, 0, NULL, "unterminated quoted string" },
	{ " a@example.com (unterminated", 0, 1, 0, 0, 0, NULL, "unterminated comment" },
	{ " a@exa\001mple.com", 0, 1, 0, 0, 0, NULL, "control character" },
	{ " a@example.com\n b@example.com", 0, 1, 0, 0, 0, NULL, "expected ',' between addresses" },
	{ " a@example.com,\n b@example.com", 0, 0, 2, 0, 0, NULL, NULL },
	{ " a@example.com\nX", 0, 1, 0, 0, 0, NULL, "line break not followed by white space" },
	{ " a..b@example.com", 0, 1, 0, 0, 0, NULL, NULL },
	{ " Team: a@example.com", 0, 1, 1, 0, 0, NULL, "group without ';'" },
	{ " ((((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))) a@b.c", 0, 1, 0, 0, 0, NULL, "comments nested too deep" },
};

static const struct {
	const char *domain;
	int utf8;
	const char *why;
} domains[] = {
	{ "example.com", 0, NULL },
	{ "a-b.example.com", 0, NULL },
	{ "xn--bcher-kva.example", 0, NULL },
	{ "xn--bcher-xxx.example", 0, "domain has an invalid A-label (IDNA 2008)" },
	{ "ex_ample.com", 0, "domain has a character other than letters, digits, '-' and '.'" },
	{ "-a.example.com", 0, "domain label starts or ends with '-'" },
	{ "a..example.com", 0, "domain has an empty label" },
	{ "localhost", 0, "domain has no dot" },
	{ "b\xc3\xbc" "cher.example", 0, "raw 8-bit domain without SMTPUTF8" },
	{ "b\xc3\xbc" "cher.example", 1, NULL },
	{ "[192.0.2.1]", 0, NULL },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", 0, "domain label longer than 63 octets" },
};

int
main(void)
{
	static struct addrlist a;
	char name[256], first[512], *in;
	size_t i, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		in = tap_exact(cases[i].in, &len);
		addr_parse(in, len, cases[i].flags, &a);
		snprintf(name, sizeof(name), "[%s]: %s", cases[i].in,
		    cases[i].err ? "syntax error" : "parses");
		if (!tap_ok(a.err == cases[i].err, name))
			printf("#   why: %s\n", a.why);
		if (cases[i].why != NULL) {
			snprintf(name, sizeof(name), "[%s]: error text", cases[i].in);
			if (!tap_ok(strncmp(a.why, cases[i].why, strlen(cases[i].why)) == 0, name))
				printf("#   expected: %s\n#        got: %s\n", cases[i].why, a.why);
		}
		if (!cases[i].err || cases[i].n > 0) {
			snprintf(name, sizeof(name), "[%s]: mailboxes", cases[i].in);
			tap_is_int((long)a.total, (long)cases[i].n, name);
		}
		snprintf(name, sizeof(name), "[%s]: obsolete syntax %s", cases[i].in,
		    cases[i].obs ? "flagged" : "not flagged");
		if (!tap_ok(a.obs == cases[i].obs, name))
			printf("#   obswhy: %s\n", a.obswhy);
		snprintf(name, sizeof(name), "[%s]: misplaced encoded-word %s", cases[i].in,
		    cases[i].ew ? "flagged" : "not flagged");
		tap_ok(a.ew_misplaced == cases[i].ew, name);
		if (cases[i].first != NULL) {
			snprintf(first, sizeof(first), "%s|%s|%s",
			    a.n && a.mb[0].name ? a.mb[0].name : "",
			    a.n ? a.mb[0].local : "", a.n ? a.mb[0].domain : "");
			snprintf(name, sizeof(name), "[%s]: first mailbox", cases[i].in);
			tap_is_str(first, cases[i].first, name);
		}
		addr_clear(&a);
		free(in);
	}
	for (i = 0; i < sizeof(domains) / sizeof(domains[0]); i++) {
		snprintf(name, sizeof(name), "domain %s (utf8 %d)", domains[i].domain, domains[i].utf8);
		tap_is_str(addr_domain_check(domains[i].domain, domains[i].utf8), domains[i].why, name);
	}
	return tap_done();
}
