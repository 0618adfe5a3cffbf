/*
 * egress_lookup(): reverse DNS of an egress IP and its HELO name against
 * a fixed zone (dnszone.h), and the cache: fresh, stale (handed out once
 * for a refresh), refreshed, and temporary failures never kept. The
 * clock is the test's.
 */
#include "dns.h"
#include "dnszone.h"
#include "egress.h"
#include "orgdom.h"
#include "tap.h"

static time_t clock_now = 1000;

static time_t
test_clock(void)
{
	return clock_now;
}

static const struct {
	const char	*ip, *helo;
	int		 ptr, confirmed, generic, helo_res;
	const char	*name;
} cases[] = {
	{ "192.0.2.25", "mx.ex.example", 1, 1, 0, 0, "mx.ex.example" },
	{ "192.0.2.25", NULL, 1, 1, 0, -2, "mx.ex.example" },
	{ "2001:db8::25", "mx.ex.example", 1, 1, 0, 0, "mx.ex.example" },
	{ "192.0.2.26", "mx.ex.example", 0, 0, 0, 1, "" },
	{ "192.0.2.27", "mail.ex.example", 1, 0, 0, 1, "mail.ex.example" },
	{ "192.0.2.28", NULL, 1, 1, 1, -2, "28-2-0-192.cust.isp.example" },
	{ "192.0.2.29", "helo29.ex.example", 1, 1, 0, 1, "out.other.example" },
	{ "192.0.2.30", NULL, 1, 1, 0, -2, "mx30.ex.example" },
	{ "192.0.2.31", NULL, -1, 0, 0, -2, "" },
	{ "192.0.2.25", "slowhelo.ex.example", 1, 1, 0, -1, "mx.ex.example" },
};

int
main(void)
{
	struct dns *d = dns_new_static();
	struct egress *eg = egress_new(100);
	struct egress_rdns r;
	struct orgdom *psl;
	char name[200], err[200], rev[128];
	size_t i;

	psl = orgdom_open("t/data/psl/public_suffix_list.dat", err, sizeof(err));
	if (!tap_ok(psl != NULL, "the public suffix list loads"))
		return tap_done();
	egress_set_clock(eg, test_clock);
	dns_static_add(d, "25.2.0.192.in-addr.arpa", DNS_PTR, "mx.ex.example");
	dns_static_add(d, "mx.ex.example", DNS_A, "192.0.2.25");
	dns_static_add(d, "mx.ex.example", DNS_AAAA, "2001:db8::25");
	dns_static_add(d, "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
	    DNS_PTR, "mx.ex.example");
	dns_static_add(d, "27.2.0.192.in-addr.arpa", DNS_PTR, "mail.ex.example");
	dns_static_add(d, "mail.ex.example", DNS_A, "192.0.2.99");
	dns_static_add(d, "28.2.0.192.in-addr.arpa", DNS_PTR,
	    "28-2-0-192.cust.isp.example");
	dns_static_add(d, "28-2-0-192.cust.isp.example", DNS_A, "192.0.2.28");
	dns_static_add(d, "29.2.0.192.in-addr.arpa", DNS_PTR, "out.other.example");
	dns_static_add(d, "out.other.example", DNS_A, "192.0.2.29");
	dns_static_add(d, "helo29.ex.example", DNS_A, "192.0.2.29");
	/* two PTR names, the second one confirmed */
	dns_static_add(d, "30.2.0.192.in-addr.arpa", DNS_PTR, "old.ex.example");
	dns_static_add(d, "30.2.0.192.in-addr.arpa", DNS_PTR, "mx30.ex.example");
	dns_static_add(d, "mx30.ex.example", DNS_A, "192.0.2.30");
	dns_static_add(d, "31.2.0.192.in-addr.arpa", 0, NULL);
	dns_static_add(d, "slowhelo.ex.example", 0, NULL);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		egress_lookup(NULL, d, psl, cases[i].ip, cases[i].helo, &r);
		snprintf(name, sizeof(name), "%s HELO %s: ptr %d confirmed %d "
		    "generic %d helo %d name %s", cases[i].ip,
		    cases[i].helo ? cases[i].helo : "-", cases[i].ptr,
		    cases[i].confirmed, cases[i].generic, cases[i].helo_res,
		    cases[i].name);
		if (!tap_ok(r.ptr == cases[i].ptr &&
		    r.confirmed == cases[i].confirmed &&
		    r.generic == cases[i].generic &&
		    r.helo == cases[i].helo_res &&
		    strcmp(r.name, cases[i].name) == 0, name))
			printf("#        got: ptr %d confirmed %d generic %d "
			    "helo %d name %s (%s)\n", r.ptr, r.confirmed,
			    r.generic, r.helo, r.name, r.helo_why);
	}

	tap_ok(egress_revname("2001:db8::25", rev, sizeof(rev)) &&
	    strcmp(rev, "5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa") == 0,
	    "the ip6.arpa name of 2001:db8::25");
	tap_ok(egress_revname("192.0.2.25", rev, sizeof(rev)) &&
	    strcmp(rev, "25.2.0.192.in-addr.arpa") == 0,
	    "the in-addr.arpa name of 192.0.2.25");
	tap_is_int(egress_lookup(eg, d, psl, "not-an-ip", NULL, &r), -1,
	    "not an IP address: -1");

	/* the cache, on the test's clock; the zone's TTL is 300 */
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.25", "mx.ex.example",
	    &r), 0, "first lookup: asked of DNS");
	tap_is_int(r.ttl, 300, "the result's TTL is the answers' shortest");
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.25", "mx.ex.example",
	    &r), 1, "second: fresh from the cache");
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.25", "other.example",
	    &r), 0, "another HELO name is another entry");
	clock_now += 301;
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.25", "mx.ex.example",
	    &r), 2, "past the TTL: stale, and this caller is to refresh it");
	tap_ok(r.ptr == 1 && r.confirmed == 1, "the stale result is served");
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.25", "mx.ex.example",
	    &r), 1, "the next caller gets the stale result, no second refresh");
	egress_refresh(eg, d, psl, "192.0.2.25", "mx.ex.example");
	clock_now += 299;
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.25", "mx.ex.example",
	    &r), 1, "after the refresh: fresh again for a TTL");
	clock_now += 2;
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.25", "mx.ex.example",
	    &r), 2, "and stale again after it");
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.31", NULL, &r), 0,
	    "a PTR lookup that times out");
	tap_is_int(r.ptr, -1, "gives ptr -1 (temperror)");
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.31", NULL, &r), 0,
	    "and is not kept: the next lookup asks again");
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.25",
	    "slowhelo.ex.example", &r), 0, "a HELO lookup that times out");
	tap_is_int(egress_lookup(eg, d, psl, "192.0.2.25",
	    "slowhelo.ex.example", &r), 0, "is not kept either");

	egress_free(eg);
	egress_free(NULL);
	orgdom_close(psl);
	dns_free(d);
	return tap_done();
}
