/*
 * NAME
 *	spfwalk - an SPF record and everything it includes, walked for the
 *	limits of RFC 7208 4.6.4
 * DESCRIPTION
 *	See spfwalk.h. One function fetches a record (fetch()), one walks
 *	its terms (walk_terms()); they recurse through include and redirect.
 *	The terms come from spfrec's clean copy, so unknown modifiers and a
 *	redirect beside "all" are already gone, as RFC 7208 6 says.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dns.h"
#include "spf.h"
#include "spfwalk.h"

static void problem(struct spfwalk *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
problem(struct spfwalk *w, const char *fmt, ...)
{
	va_list ap;

	if (!w->problem) {
		va_start(ap, fmt);
		vsnprintf(w->why, sizeof(w->why), fmt, ap);
		va_end(ap);
	}
	w->problem = 1;
}

/* A name's answer of type: 1 records, 0 void, -1 temperror. */
static int
probe(struct dns *dns, const char *name, int type)
{
	const struct dns_answer *a = dns_query(dns, name, type);
	int r = a->status == DNS_TEMPFAIL ? -1 : a->status == DNS_OK;

	dns_release(a);
	return r;
}

static void fetch(struct dns *, const char *, struct spfwalk *, int, int);

/* A target domain of a term, cut at its CIDR lengths; 0 if it has a macro. */
static int
target(const char *t, size_t n, char *out, size_t len, struct spfwalk *w)
{
	size_t k;

	for (k = 0; k < n && t[k] != '/'; k++)
		;
	if (memchr(t, '%', k) != NULL) {
		w->macros++;
		return 0;
	}
	if (k == 0 || k >= len)
		return 0;
	memcpy(out, t, k);
	out[k] = '\0';
	return 1;
}

static void
void_probe(struct dns *dns, const char *name, int type, struct spfwalk *w)
{
	int r = probe(dns, name, type);

	if (r < 0)
		w->temperror = 1;
	else if (r == 0 && ++w->void_lookups > SPF_MAX_VOID)
		problem(w, "more than %d void lookups (the last: %s)",
		    SPF_MAX_VOID, name);
}

static void
one_term(struct dns *dns, const char *dom, const char *t, size_t n,
    struct spfwalk *w, int depth)
{
	char name[DNSWIRE_NAME_MAX + 1];

	if (n > 0 && strchr("+-?~", t[0]) != NULL)
		t++, n--;
	if (n > 8 && strncasecmp(t, "include:", 8) == 0) {
		if (target(t + 8, n - 8, name, sizeof(name), w))
			fetch(dns, name, w, depth + 1, 1);
	} else if (n > 9 && strncasecmp(t, "redirect=", 9) == 0) {
		if (target(t + 9, n - 9, name, sizeof(name), w))
			fetch(dns, name, w, depth + 1, 2);
	} else if (n > 7 && strncasecmp(t, "exists:", 7) == 0) {
		if (target(t + 7, n - 7, name, sizeof(name), w))
			void_probe(dns, name, DNS_A, w);
	} else if (n >= 2 && strncasecmp(t, "mx", 2) == 0 &&
	    (n == 2 || t[2] == ':' || t[2] == '/')) {
		if (n > 3 && t[2] == ':' ? target(t + 3, n - 3, name,
		    sizeof(name), w) : (snprintf(name, sizeof(name), "%s", dom),
		    1))
			void_probe(dns, name, DNS_MX, w);
	} else if (n >= 1 && (t[0] == 'a' || t[0] == 'A') &&
	    (n == 1 || t[1] == ':' || t[1] == '/')) {
		if (n > 2 && t[1] == ':' ? target(t + 2, n - 2, name,
		    sizeof(name), w) : (snprintf(name, sizeof(name), "%s", dom),
		    1))
			void_probe(dns, name, DNS_A, w);
	}
}

static void
walk_terms(struct dns *dns, const char *dom, const char *rec, size_t len,
    struct spfwalk *w, int depth)
{
	size_t i = 6, n;

	while (i < len && !w->problem) {
		while (i < len && rec[i] == ' ')
			i++;
		for (n = 0; i + n < len && rec[i + n] != ' '; n++)
			;
		if (n > 0)
			one_term(dns, dom, rec + i, n, w, depth);
		i += n;
	}
}

/* Picks the one SPF record of an answer: its index, -1 none, -2 several. */
static long
pick(const struct dns_answer *a)
{
	long k = -1;
	size_t i;

	for (i = 0; i < a->n; i++)
		if (spfrec_is_spf((const char *)a->rr[i].data, a->rr[i].len)) {
			if (k >= 0)
				return -2;
			k = (long)i;
		}
	return k;
}

/* how: 0 the top record, 1 an include, 2 a redirect. */
static void
fetch(struct dns *dns, const char *dom, struct spfwalk *w, int depth, int how)
{
	static const char *const via[] = { "", "include:", "redirect=" };
	const struct dns_answer *a;
	struct spfrec r;
	char why[120];
	long k;

	if (w->problem || depth > SPFWALK_MAX_DEPTH ||
	    ++w->records > SPFWALK_MAX_RECORDS)
		return;
	a = dns_query(dns, dom, DNS_TXT);
	if (a->status == DNS_TEMPFAIL) {
		if (how == 0)
			w->found = -1;
		w->temperror = 1;
		dns_release(a);
		return;
	}
	k = a->status == DNS_OK ? pick(a) : -1;
	if (how == 0)
		w->found = k != -1;
	if (how != 0 && a->status != DNS_OK && ++w->void_lookups > SPF_MAX_VOID)
		problem(w, "more than %d void lookups (the last: %s%s)",
		    SPF_MAX_VOID, via[how], dom);
	if (how != 0 && k == -1)
		problem(w, "%s%s has no SPF record", via[how], dom);
	else if (k == -2)
		problem(w, "%s has several SPF records", dom);
	else if (k >= 0 && !spfrec_check((const char *)a->rr[k].data,
	    a->rr[k].len, &r, why, sizeof(why)))
		problem(w, "the record of %s does not parse: %s", dom, why);
	else if (k >= 0) {
		if (how == 0)
			snprintf(w->record, sizeof(w->record), "%s",
			    (const char *)a->rr[k].data);
		if ((w->dns_terms += r.dns_terms) > SPF_MAX_TERMS)
			problem(w, "more than %d DNS-querying terms (reached "
			    "at %s)", SPF_MAX_TERMS, dom);
		walk_terms(dns, dom, r.clean, r.cleanlen, w, depth);
	}
	dns_release(a);
}

void
spfwalk_run(struct dns *dns, const char *domain, struct spfwalk *w)
{
	memset(w, 0, sizeof(*w));
	fetch(dns, domain, w, 0, 0);
}
