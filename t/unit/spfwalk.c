/*
 * spfwalk_run(): SPF records walked through include and redirect for the
 * limits of RFC 7208 4.6.4, against a fixed zone (dnszone.h): terms
 * counted over every record reached, void lookups, several records,
 * includes without a record, macros not followed, loops cut, and a
 * lookup that times out.
 */
#include "dns.h"
#include "dnszone.h"
#include "spfwalk.h"
#include "tap.h"

static const struct {
	const char	*name;
	const char	*txt;
} zone[] = {
	{ "flat.example", "v=spf1 ip4:192.0.2.1 -all" },
	{ "inc.example", "v=spf1 include:a.inc.example include:b.inc.example mx -all" },
	{ "a.inc.example", "v=spf1 a:h.inc.example ip4:192.0.2.2 -all" },
	{ "b.inc.example", "v=spf1 redirect=c.inc.example" },
	{ "c.inc.example", "v=spf1 ptr -all" },
	{ "eleven.example", "v=spf1 include:flat.example a mx ptr exists:x.flat.example "
	    "a:flat.example mx:flat.example a:inc.example mx:inc.example "
	    "include:a.inc.example -all" },
	{ "void.example", "v=spf1 a:n1.void.example a:n2.void.example "
	    "mx:n3.void.example -all" },
	{ "twovoid.example", "v=spf1 a:n1.void.example a:n2.void.example -all" },
	{ "two.example", "v=spf1 -all" },
	{ "two.example", "v=spf1 +all" },
	{ "noinc.example", "v=spf1 include:nothing.example -all" },
	{ "other.example", "google-site-verification=abc" },
	{ "bad.example", "v=spf1 ip4:192.0.2.300 -all" },
	{ "deep.example", "v=spf1 include:bad.example -all" },
	{ "macro.example", "v=spf1 include:%{l}.macro.example exists:%{i}.x.example -all" },
	{ "loop.example", "v=spf1 include:loop.example -all" },
	{ "slowinc.example", "v=spf1 include:slow.example -all" },
};

static const struct {
	const char	*domain;
	int		 found, problem, temperror, terms, voids, macros;
	const char	*why;
} cases[] = {
	{ "flat.example", 1, 0, 0, 0, 0, 0, "" },
	{ "inc.example", 1, 0, 0, 6, 0, 0, "" },
	{ "eleven.example", 1, 1, 0, 11, 0, 0,
	    "more than 10 DNS-querying terms (reached at a.inc.example)" },
	{ "twovoid.example", 1, 0, 0, 2, 2, 0, "" },
	{ "void.example", 1, 1, 0, 3, 3, 0,
	    "more than 2 void lookups (the last: n3.void.example)" },
	{ "two.example", 1, 1, 0, 0, 0, 0, "two.example has several SPF records" },
	{ "noinc.example", 1, 1, 0, 1, 1, 0, "include:nothing.example has no SPF record" },
	{ "other.example", 0, 0, 0, 0, 0, 0, "" },
	{ "nowhere.example", 0, 0, 0, 0, 0, 0, "" },
	{ "deep.example", 1, 1, 0, 1, 0, 0,
	    "the record of bad.example does not parse: bad IPv4 network at offset 22" },
	{ "macro.example", 1, 0, 0, 2, 0, 2, "" },
	{ "loop.example", 1, 1, 0, 11, 0, 0,
	    "more than 10 DNS-querying terms (reached at loop.example)" },
	{ "slowinc.example", 1, 0, 1, 1, 0, 0, "" },
	{ "slow.example", -1, 0, 1, 0, 0, 0, "" },
};

int
main(void)
{
	struct dns *d = dns_new_static();
	struct spfwalk w;
	char name[200];
	size_t i;

	for (i = 0; i < sizeof(zone) / sizeof(zone[0]); i++)
		if (dns_static_add(d, zone[i].name, DNS_TXT, zone[i].txt) < 0)
			printf("# zone entry %zu does not parse\n", i);
	dns_static_add(d, "h.inc.example", DNS_A, "192.0.2.3");
	dns_static_add(d, "inc.example", DNS_MX, "10 h.inc.example");
	dns_static_add(d, "flat.example", DNS_A, "192.0.2.1");
	dns_static_add(d, "flat.example", DNS_MX, "10 h.inc.example");
	dns_static_add(d, "x.flat.example", DNS_A, "127.0.0.2");
	dns_static_add(d, "inc.example", DNS_A, "192.0.2.4");
	dns_static_add(d, "eleven.example", DNS_A, "192.0.2.5");
	dns_static_add(d, "eleven.example", DNS_MX, "10 h.inc.example");
	dns_static_add(d, "slow.example", 0, NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		spfwalk_run(d, cases[i].domain, &w);
		snprintf(name, sizeof(name), "%s: found %d, problem %d, "
		    "temperror %d, %d terms, %d void, %d macros",
		    cases[i].domain, cases[i].found, cases[i].problem,
		    cases[i].temperror, cases[i].terms, cases[i].voids,
		    cases[i].macros);
		if (!tap_ok(w.found == cases[i].found &&
		    w.problem == cases[i].problem &&
		    w.temperror == cases[i].temperror &&
		    w.dns_terms == cases[i].terms &&
		    w.void_lookups == cases[i].voids &&
		    w.macros == cases[i].macros, name))
			printf("#        got: found %d, problem %d, temperror %d, "
			    "%d terms, %d void, %d macros\n", w.found,
			    w.problem, w.temperror, w.dns_terms,
			    w.void_lookups, w.macros);
		snprintf(name, sizeof(name), "%s: the problem", cases[i].domain);
		tap_is_str(w.why, cases[i].why, name);
	}
	dns_free(d);
	return tap_done();
}
