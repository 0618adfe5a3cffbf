/*
 * NAME
 *	egress - reverse DNS of an egress IP and its outbound HELO name,
 *	cached by TTL
 * DESCRIPTION
 *	See egress.h. One lookup is: PTR of the reverse name, A or AAAA of
 *	each PTR name until one matches the IP, A or AAAA of the HELO name,
 *	then the two organizational domains. The cache (ttlcache.h) holds
 *	malloc'd copies of whole results for twice their TTL: fresh for the
 *	first, stale (served, and handed out once for a refresh) for the
 *	second.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns.h"
#include "egress.h"
#include "orgdom.h"
#include "ttlcache.h"
#include "util.h"

struct egress {
	struct ttlcache	*cache;
	time_t		(*now)(void);
};

/* A cache entry: the result, when it goes stale, whether a refresh is out. */
struct cached {
	struct egress_rdns r;
	time_t		 fresh_until;
	int		 refreshing;
};

/* The lookup's clock, for copy_cached(), which ttlcache calls under its lock. */
static _Thread_local time_t lookup_now;

static time_t
mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* An address in binary: family AF_INET (4 octets) or AF_INET6 (16). */
struct ipbin {
	int		 af;
	unsigned char	 b[16];
	size_t		 len;
};

struct egress *
egress_new(long max)
{
	struct egress *eg = xcalloc(1, sizeof(*eg));

	eg->cache = ttlcache_new(max, free);
	eg->now = mono_now;
	return eg;
}

void
egress_set_clock(struct egress *eg, time_t (*now)(void))
{
	eg->now = now;
}

void
egress_free(struct egress *eg)
{
	if (eg == NULL)
		return;
	ttlcache_free(eg->cache);
	free(eg);
}

static int
ip_parse(const char *ip, struct ipbin *b)
{
	if (inet_pton(AF_INET, ip, b->b) == 1) {
		b->af = AF_INET;
		b->len = 4;
		return 1;
	}
	if (inet_pton(AF_INET6, ip, b->b) == 1) {
		b->af = AF_INET6;
		b->len = 16;
		return 1;
	}
	return 0;
}

static int
revname(const struct ipbin *b, char *out, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i;
	int n;

	if (b->af == AF_INET)
		n = snprintf(out, len, "%u.%u.%u.%u.in-addr.arpa", b->b[3],
		    b->b[2], b->b[1], b->b[0]);
	else {
		if (len < 16 * 4 + sizeof("ip6.arpa"))
			return 0;
		for (i = 16; i-- > 0;) {
			out[o++] = hex[b->b[i] & 0xf];
			out[o++] = '.';
			out[o++] = hex[b->b[i] >> 4];
			out[o++] = '.';
		}
		n = (int)o + snprintf(out + o, len - o, "ip6.arpa");
	}
	return n > 0 && (size_t)n < len;
}

int
egress_revname(const char *ip, char *out, size_t len)
{
	struct ipbin b;

	return ip_parse(ip, &b) && revname(&b, out, len);
}

static void
min_ttl(long *ttl, const struct dns_answer *a)
{
	if ((long)a->ttl < *ttl)
		*ttl = (long)a->ttl;
}

/* 1 name has an address equal to b, 0 not, -1 temperror. */
static int
resolves_to(struct dns *dns, const char *name, const struct ipbin *b,
    long *ttl, char *why, size_t whylen)
{
	const struct dns_answer *a;
	size_t i;
	int r = 0;

	a = dns_query(dns, name, b->af == AF_INET ? DNS_A : DNS_AAAA);
	if (a->status == DNS_TEMPFAIL) {
		snprintf(why, whylen, "%s", a->why);
		r = -1;
	} else {
		min_ttl(ttl, a);
		for (i = 0; i < a->n && r == 0; i++)
			r = a->rr[i].len == b->len &&
			    memcmp(a->rr[i].data, b->b, b->len) == 0;
		snprintf(why, whylen, "%s", a->status == DNS_OK ?
		    "other addresses" : dns_status_name(a->status));
	}
	dns_release(a);
	return r;
}

/* The PTR names, then forward confirmation of each. */
static void
lookup_ptr(struct dns *dns, const struct ipbin *b, struct egress_rdns *out)
{
	char rev[128], why[48];
	const struct dns_answer *a;
	size_t i;
	int r, undecided = 0;

	if (!revname(b, rev, sizeof(rev)))
		return;
	a = dns_query(dns, rev, DNS_PTR);
	if (a->status == DNS_TEMPFAIL) {
		out->ptr = -1;
		snprintf(out->ptr_why, sizeof(out->ptr_why), "%s", a->why);
		dns_release(a);
		return;
	}
	min_ttl(&out->ttl, a);
	out->ptr = a->status == DNS_OK && a->n > 0 && a->rr[0].len > 0;
	for (i = 0; out->ptr == 1 && i < a->n && i < EGRESS_MAX_PTR; i++) {
		r = resolves_to(dns, (const char *)a->rr[i].data, b, &out->ttl,
		    why, sizeof(why));
		if (i == 0 || r == 1)
			snprintf(out->name, sizeof(out->name), "%s",
			    (const char *)a->rr[i].data);
		if (r == 1) {
			out->confirmed = 1;
			break;
		}
		undecided |= r < 0;
	}
	if (out->ptr == 1 && out->confirmed == 0 && undecided)
		out->confirmed = -1;
	dns_release(a);
}

static void
lookup_helo(struct dns *dns, const struct orgdom *psl, const struct ipbin *b,
    const char *ip, const char *helo, struct egress_rdns *out)
{
	char why[48], o1[EGRESS_NAME], o2[EGRESS_NAME];
	int r;

	if (helo == NULL || helo[0] == '\0') {
		out->helo = -2;
		return;
	}
	r = resolves_to(dns, helo, b, &out->ttl, why, sizeof(why));
	if (r <= 0) {
		out->helo = r < 0 ? -1 : 1;
		snprintf(out->helo_why, sizeof(out->helo_why), "HELO name %s "
		    "%s %s (%s)", helo, r < 0 ? "could not be resolved to" :
		    "does not resolve to", ip, why);
		return;
	}
	if (out->ptr < 0 || out->confirmed < 0) {
		out->helo = -1;
		snprintf(out->helo_why, sizeof(out->helo_why), "PTR of %s "
		    "undecided", ip);
		return;
	}
	if (out->ptr == 0)
		return;
	if (!orgdom_psl(psl, helo, o1, sizeof(o1)))
		snprintf(o1, sizeof(o1), "%s", helo);
	if (!orgdom_psl(psl, out->name, o2, sizeof(o2)))
		snprintf(o2, sizeof(o2), "%s", out->name);
	if (strcmp(o1, o2) != 0) {
		out->helo = 1;
		snprintf(out->helo_why, sizeof(out->helo_why), "HELO name %s "
		    "(%s) and PTR name %s (%s) differ", helo, o1, out->name, o2);
	}
}

/*
 * ttlcache's ref: a copy. A stale entry is marked as being refreshed, and
 * only the copy taken while marking it says "refresh" (refreshing 2).
 */
static void *
copy_cached(void *v)
{
	struct cached *orig = v, *c = xmalloc(sizeof(*c));

	memcpy(c, orig, sizeof(*c));
	if (lookup_now >= orig->fresh_until && !orig->refreshing) {
		orig->refreshing = 1;
		c->refreshing = 2;
	}
	return c;
}

static void
compute(struct dns *dns, const struct orgdom *psl, const struct ipbin *b,
    const char *ip, const char *helo, struct egress_rdns *out)
{
	lookup_ptr(dns, b, out);
	if (out->ptr == 1)
		out->generic = ptrname_generic(out->name, strlen(out->name), ip,
		    out->generic_why, sizeof(out->generic_why));
	lookup_helo(dns, psl, b, ip, helo, out);
	if (out->ttl < EGRESS_MIN_TTL)
		out->ttl = EGRESS_MIN_TTL;
}

static int
start(const char *ip, const char *helo, struct ipbin *b, char *key,
    size_t keylen, struct egress_rdns *out)
{
	memset(out, 0, sizeof(*out));
	out->ttl = DNS_MAX_TTL;
	if (!ip_parse(ip, b)) {
		out->helo = -2;
		return -1;
	}
	snprintf(key, keylen, "%s %s", ip, helo ? helo : "");
	return 0;
}

/* Keeps a result without temporary failures for twice its TTL. */
static void
keep(struct egress *eg, const char *key, const struct egress_rdns *r)
{
	struct cached *c;

	if (r->ptr < 0 || r->confirmed < 0 || r->helo == -1)
		return;
	c = xcalloc(1, sizeof(*c));
	c->r = *r;
	c->fresh_until = eg->now() + r->ttl;
	ttlcache_put(eg->cache, key, c, 2 * r->ttl);
}

int
egress_lookup(struct egress *eg, struct dns *dns, const struct orgdom *psl,
    const char *ip, const char *helo, struct egress_rdns *out)
{
	struct cached *c;
	struct ipbin b;
	char key[EGRESS_NAME + 64];
	int stale;

	if (start(ip, helo, &b, key, sizeof(key), out) < 0)
		return -1;
	if (eg != NULL) {
		lookup_now = eg->now();
		if ((c = ttlcache_get(eg->cache, key, copy_cached)) != NULL) {
			*out = c->r;
			stale = c->refreshing == 2;
			free(c);
			return stale ? 2 : 1;
		}
	}
	compute(dns, psl, &b, ip, helo, out);
	if (eg != NULL)
		keep(eg, key, out);
	return 0;
}

void
egress_refresh(struct egress *eg, struct dns *dns, const struct orgdom *psl,
    const char *ip, const char *helo)
{
	struct egress_rdns r;
	struct ipbin b;
	char key[EGRESS_NAME + 64];

	if (start(ip, helo, &b, key, sizeof(key), &r) < 0)
		return;
	compute(dns, psl, &b, ip, helo, &r);
	keep(eg, key, &r);
}
