/* RFC 2047 display-name decoding to UTF-8 (RFC 2047 sections 2, 4, 6.2, 8). */
#include "rfc2047.h"
#include "tap.h"

static const struct {
	const char *in, *out;
	int rc;
} cases[] = {
	{ "Alice", "Alice", 0 },
	{ "Alice  Smith", "Alice Smith", 0 },
	{ "\"Smith, Alice\"", "Smith, Alice", 0 },
	{ "\"a \\\"b\\\"\"", "a \"b\"", 0 },
	/* RFC 2047 8 examples */
	{ "=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=", "Keld J\xc3\xb8rn Simonsen", 0 },
	{ "=?US-ASCII?Q?Keith_Moore?=", "Keith Moore", 0 },
	{ "=?ISO-8859-1?Q?Andr=E9?= Pirard", "Andr\xc3\xa9 Pirard", 0 },
	{ "=?ISO-8859-1?Q?a?= b", "a b", 0 },
	{ "=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=", "ab", 0 },
	{ "=?ISO-8859-1?Q?a?=  =?ISO-8859-1?Q?b?=", "ab", 0 },
	{ "=?ISO-8859-1?Q?a?=\n =?ISO-8859-1?Q?b?=", "ab", 0 },
	{ "=?ISO-8859-1?Q?a_b?=", "a b", 0 },
	{ "=?ISO-8859-1?Q?a?= =?ISO-8859-2?Q?_b?=", "a b", 0 },
	{ "=?UTF-8?B?w4lsb2R5?=", "\xc3\x89lody", 0 },
	{ "=?utf-8?b?w4lsb2R5?= Example", "\xc3\x89lody Example", 0 },
	{ "=?UTF-8*fr?Q?=C3=89lody?=", "\xc3\x89lody", 0 },
	{ "Support =?UTF-8?B?8J+SjA==?=", "Support \xf0\x9f\x92\x8c", 0 },
	{ "=?x-unknown-charset?Q?a?=", "=?x-unknown-charset?Q?a?=", -1 },
	{ "=?UTF-8?B?w4lsb2R?=", "=?UTF-8?B?w4lsb2R?=", -1 },
	{ "=?UTF-8?Q?=ZZ?=", "=?UTF-8?Q?=ZZ?=", -1 },
	{ "=?UTF-8?X?abc?=", "=?UTF-8?X?abc?=", -1 },
	{ "=?UTF-8?Q?=C3?=", "=?UTF-8?Q?=C3?=", -1 },
	{ "Caf\xc3\xa9", "Caf\xc3\xa9", 0 },
};

int
main(void)
{
	struct sbuf out;
	char name[256], *in;
	size_t i, len;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		in = tap_exact(cases[i].in, &len);
		sbuf_init(&out, 1024);
		rc = rfc2047_phrase(in, len, &out);
		snprintf(name, sizeof(name), "[%s] decodes", cases[i].in);
		tap_is_str(out.s, cases[i].out, name);
		snprintf(name, sizeof(name), "[%s] status", cases[i].in);
		tap_is_int(rc, cases[i].rc, name);
		sbuf_clear(&out);
		free(in);
	}
	return tap_done();
}
