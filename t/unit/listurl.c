/*
 * RFC 2369 URL lists. The accepted inputs are the examples of RFC 2369
 * 3.2 (List-Unsubscribe) and RFC 8058 3.1 and 8.
 */
#include "listurl.h"
#include "tap.h"

static const struct {
	const char *in;
	int err;
	size_t n;
	const char *schemes;	/* comma-separated */
	const char *first;
	const char *why;
} cases[] = {
	/* RFC 2369 3.2 */
	{ " <mailto:list@host.com?subject=unsubscribe>", 0, 1, "mailto",
	    "mailto:list@host.com?subject=unsubscribe", NULL },
	{ " (Use this command to get off the list)\n     <mailto:list-manager@host.com?body=unsubscribe%20list>",
	    0, 1, "mailto", "mailto:list-manager@host.com?body=unsubscribe%20list", NULL },
	{ " <mailto:list-off@host.com>", 0, 1, "mailto", "mailto:list-off@host.com", NULL },
	{ " <http://www.host.com/list.cgi?cmd=unsub&lst=list>,\n    <mailto:list-request@host.com?subject=unsubscribe>",
	    0, 2, "http,mailto", "http://www.host.com/list.cgi?cmd=unsub&lst=list", NULL },
	/* RFC 8058 3.1 and 8 */
	{ " <https://example.com/unsubscribe.html?opaque=123456789>", 0, 1, "https",
	    "https://example.com/unsubscribe.html?opaque=123456789", NULL },
	{ " <mailto:listrequest@example.com?subject=unsubscribe>,\n    <https://example.com/unsubscribe.html?opaque=123456789>",
	    0, 2, "mailto,https", NULL, NULL },
	{ " <https://example.com/unsubscribe/opaquepart>", 0, 1, "https", NULL, NULL },
	/* white space inside the brackets is ignored (RFC 2369 2) */
	{ " <https://example.com/\n  u/1>", 0, 1, "https", "https://example.com/u/1", NULL },
	{ " <HTTPS://EXAMPLE.COM/U>", 0, 1, "https", NULL, NULL },
	{ "", 1, 0, "", NULL, "no URL at the end" },
	{ " https://example.com/u", 1, 0, "", NULL, "expected '<' at \"https://example.\"" },
	{ " <https://example.com/u", 1, 0, "", NULL, "expected '>' at the end" },
	{ " <example.com/u>", 1, 0, "", NULL, "a URL without a scheme" },
	{ " <https://a/u> <mailto:b@c>", 1, 1, "https", NULL, "expected ','" },
	{ " <https://a/u>, (unterminated", 1, 1, "https", NULL, "unterminated comment" },
};

int
main(void)
{
	struct urllist u;
	char name[256], schemes[256], *in;
	size_t i, j, len;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		in = tap_exact(cases[i].in, &len);
		listurl_parse(in, len, &u);
		snprintf(name, sizeof(name), "[%s]: %s", cases[i].in, cases[i].err ? "error" : "parses");
		if (!tap_ok(u.err == cases[i].err, name))
			printf("#   why: %s\n", u.why);
		snprintf(name, sizeof(name), "[%s]: URLs", cases[i].in);
		tap_is_int((long)u.n, (long)cases[i].n, name);
		schemes[0] = '\0';
		for (j = 0; j < u.n; j++)
			snprintf(schemes + strlen(schemes), sizeof(schemes) - strlen(schemes),
			    "%s%s", j ? "," : "", u.u[j].scheme);
		snprintf(name, sizeof(name), "[%s]: schemes", cases[i].in);
		tap_is_str(schemes, cases[i].schemes, name);
		if (cases[i].first) {
			snprintf(name, sizeof(name), "[%s]: first URL", cases[i].in);
			tap_is_str(u.n ? u.u[0].url : NULL, cases[i].first, name);
		}
		if (cases[i].why) {
			snprintf(name, sizeof(name), "[%s]: reason", cases[i].in);
			if (!tap_ok(strncmp(u.why, cases[i].why, strlen(cases[i].why)) == 0, name))
				printf("#   expected: %s\n#        got: %s\n", cases[i].why, u.why);
		}
		free(in);
	}
	return tap_done();
}
