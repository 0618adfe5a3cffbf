/*
 * cidr: parsing networks and bare addresses (v4, v6), and matching
 * addresses against them at the prefix edges (/0, /1, /7, /8, /9, /31,
 * /32, /127, /128); what does not parse is refused or never matches.
 */
#include <stdio.h>
#include <string.h>

#include "cidr.h"
#include "tap.h"

static const struct {
	const char	*net;
	int		 bits;		/* -1: must not parse */
} parses[] = {
	{ "192.0.2.0/24", 24 },
	{ "192.0.2.1", 32 },
	{ "0.0.0.0/0", 0 },
	{ "192.0.2.1/32", 32 },
	{ "2001:db8::/32", 32 },
	{ "2001:db8::1", 128 },
	{ "::/0", 0 },
	{ "2001:db8::1/128", 128 },
	{ "::ffff:192.0.2.1", 128 },
	{ "192.0.2.0/33", -1 },
	{ "2001:db8::/129", -1 },
	{ "192.0.2.0/-1", -1 },
	{ "192.0.2.0/", -1 },
	{ "192.0.2.0/24x", -1 },
	{ "192.0.2.0/ 24", -1 },
	{ "192.0.2.0/+24", -1 },
	{ "/24", -1 },
	{ "", -1 },
	{ "192.0.2", -1 },
	{ "192.0.2.256", -1 },
	{ "192.0.2.1.5", -1 },
	{ "2001:db8:::1", -1 },
	{ "example.com", -1 },
	{ "10.0.0.0/8/8", -1 },
	{ "0000000000000000000000000000000000000000000000000000000000000000000", -1 },
};

static const struct {
	const char	*net;
	const char	*addr;
	int		 match;
} matches[] = {
	{ "0.0.0.0/0", "198.51.100.7", 1 },
	{ "0.0.0.0/0", "255.255.255.255", 1 },
	{ "0.0.0.0/0", "2001:db8::1", 0 },		/* families differ */
	{ "::/0", "2001:db8::1", 1 },
	{ "::/0", "192.0.2.1", 0 },
	{ "192.0.2.1/32", "192.0.2.1", 1 },
	{ "192.0.2.1/32", "192.0.2.0", 0 },
	{ "192.0.2.1", "192.0.2.1", 1 },
	{ "192.0.2.0/31", "192.0.2.1", 1 },
	{ "192.0.2.0/31", "192.0.2.2", 0 },
	{ "10.0.0.0/8", "10.255.255.255", 1 },
	{ "10.0.0.0/8", "11.0.0.0", 0 },
	{ "10.0.0.0/7", "11.0.0.1", 1 },
	{ "10.0.0.0/7", "12.0.0.1", 0 },
	{ "10.128.0.0/9", "10.200.0.1", 1 },
	{ "10.128.0.0/9", "10.127.255.255", 0 },
	{ "128.0.0.0/1", "200.0.0.1", 1 },
	{ "128.0.0.0/1", "127.255.255.255", 0 },
	{ "2001:db8::1/128", "2001:db8::1", 1 },
	{ "2001:db8::1/128", "2001:db8::2", 0 },
	{ "2001:db8::/127", "2001:db8::1", 1 },
	{ "2001:db8::/127", "2001:db8::2", 0 },
	{ "2001:db8::/32", "2001:db8:ffff::1", 1 },
	{ "2001:db8::/32", "2001:db9::1", 0 },
	{ "2001:db8::/32", "IPv6:2001:db8::25", 1 },	/* {client_addr} form */
	{ "2001:db8::/32", "2001:DB8::25", 1 },
	{ "192.0.2.0/24", "::ffff:192.0.2.1", 0 },	/* mapped is v6 */
	{ "192.0.2.0/24", "", 0 },
	{ "192.0.2.0/24", "192.0.2", 0 },
	{ "192.0.2.0/24", "192.0.2.1 ", 0 },
	{ "192.0.2.0/24", "unknown", 0 },
};

int
main(void)
{
	struct cidr c;
	char name[160];
	size_t i;
	int r;

	for (i = 0; i < sizeof(parses) / sizeof(parses[0]); i++) {
		r = cidr_parse(parses[i].net, &c);
		if (parses[i].bits < 0) {
			snprintf(name, sizeof(name), "\"%s\" is refused",
			    parses[i].net);
			tap_is_int(r, -1, name);
			continue;
		}
		snprintf(name, sizeof(name), "\"%s\" parses", parses[i].net);
		tap_is_int(r, 0, name);
		snprintf(name, sizeof(name), "\"%s\" is a /%d", parses[i].net,
		    parses[i].bits);
		tap_is_int(c.bits, parses[i].bits, name);
	}
	for (i = 0; i < sizeof(matches) / sizeof(matches[0]); i++) {
		if (cidr_parse(matches[i].net, &c) < 0) {
			snprintf(name, sizeof(name), "%s parses", matches[i].net);
			tap_ok(0, name);
			continue;
		}
		snprintf(name, sizeof(name), "%s %s \"%s\"", matches[i].net,
		    matches[i].match ? "matches" : "does not match",
		    matches[i].addr);
		tap_is_int(cidr_match(&c, matches[i].addr), matches[i].match,
		    name);
	}
	cidr_parse("192.0.2.0/24", &c);
	tap_is_int(cidr_match(&c, NULL), 0, "no address (NULL) never matches");
	return tap_done();
}
