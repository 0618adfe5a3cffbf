/*
 * ptrname_generic(): PTR names an access provider assigns (the address's
 * octets in any common form, ISP words) against names a mail operator
 * picks. Each name is passed without a trailing NUL.
 */
#include "ptrname.h"
#include "tap.h"

static const struct {
	const char	*name;
	const char	*ip;
	int		 want;
	const char	*why;
} cases[] = {
	{ "mail.example.com", "192.0.2.1", 0, "" },
	{ "mx1.example.com", "192.0.2.1", 0, "" },
	{ "smtp-out-2.news.example.com", "192.0.2.1", 0, "" },
	{ "o1.email.example.net", "198.51.100.7", 0, "" },
	{ "liverpool.example.co.uk", "192.0.2.1", 0, "" },
	{ "mail.cable", "192.0.2.1", 0, "" },
	{ "192-0-2-1.example.com", "192.0.2.1", 1,
	    "the address's octets in order: 192-0-2-1" },
	{ "1-2-0-192.example.com", "192.0.2.1", 1,
	    "the address's octets reversed: 1-2-0-192" },
	{ "ip-192-0-2-1.eu-west-1.compute.example", "192.0.2.1", 1,
	    "the address's octets in order: 192-0-2-1" },
	{ "host1.2.0.192.in-addr.example.net", "192.0.2.1", 1,
	    "the address's octets reversed: 1.2.0.192" },
	{ "c-192-000-002-001.hsd1.example.net", "192.0.2.1", 1,
	    "the address's octets in order: 192-000-002-001" },
	{ "h192_0_2_1.example.org", "192.0.2.1", 1,
	    "the address's octets in order: 192_0_2_1" },
	{ "192000002001.example.jp", "192.0.2.1", 1,
	    "the address's octets padded: 192000002001" },
	{ "001002000192.example.jp", "192.0.2.1", 1,
	    "the address's octets padded: 001002000192" },
	{ "c0000201.example.de", "192.0.2.1", 1, "the address in hex: c0000201" },
	{ "C0000201.EXAMPLE.DE", "192.0.2.1", 1, "the address in hex: c0000201" },
	{ "192-0-2-1.example.com", "192.0.2.2", 0, "" },
	{ "mail-192-0-2.example.com", "192.0.2.1", 0, "" },
	{ "dynamic.example.net", "192.0.2.1", 1, "the word dynamic" },
	{ "host.dyn.example.net", "192.0.2.1", 1, "the word dyn" },
	{ "dhcp-77.example.net", "192.0.2.1", 1, "the word dhcp" },
	{ "adsl-pool77.example.net", "192.0.2.1", 1, "the word adsl" },
	{ "a77.dsl.example.net", "192.0.2.1", 1, "the word dsl" },
	{ "pool-10.example.net", "192.0.2.1", 1, "the word pool" },
	{ "cable7.example.net", "192.0.2.1", 1, "the word cable" },
	{ "ppp12.example.net", "192.0.2.1", 1, "the word ppp" },
	{ "x.broadband.example.net", "192.0.2.1", 1, "the word broadband" },
	{ "dialup-3.example.net", "192.0.2.1", 1, "the word dialup" },
	{ "static-ip.example.net", "192.0.2.1", 1, "the word static" },
	{ "customer7.example.net", "192.0.2.1", 1, "the word customer" },
	{ "x.in-addr.example.net", "192.0.2.1", 1, "the word in-addr" },
	{ "mail.dynamics-crm.example", "192.0.2.1", 0, "" },
	{ "mail.example.dsl", "192.0.2.1", 0, "" },
	{ "dsl.example.com", "2001:db8::1", 1, "the word dsl" },
	{ "2001-db8--1.example.com", "2001:db8::1", 0, "" },
	{ "", "192.0.2.1", 0, "" },
};

int
main(void)
{
	char why[PTRNAME_WHY], name[512];
	size_t i, len;
	char *copy;
	int got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		copy = tap_exact(cases[i].name, &len);
		got = ptrname_generic(copy, len, cases[i].ip,
		    why, sizeof(why));
		snprintf(name, sizeof(name), "%s for %s: %s", cases[i].name,
		    cases[i].ip, cases[i].want ? "generic" : "not generic");
		tap_is_int(got, cases[i].want, name);
		snprintf(name, sizeof(name), "%s: the reason", cases[i].name);
		tap_is_str(why, cases[i].why, name);
		free(copy);
	}
	/* a name over PTRNAME_MAX octets is cut, never overread */
	{
		char big[600];

		memset(big, 'a', sizeof(big));
		memcpy(big + 250, ".dsl.", 5);
		tap_is_int(ptrname_generic(big, sizeof(big), "192.0.2.1", why,
		    sizeof(why)), 0, "a word past octet 253 is not seen");
	}
	return tap_done();
}
