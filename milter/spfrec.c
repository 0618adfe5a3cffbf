/*
 * NAME
 *	spfrec - strict RFC 7208 SPF record syntax check
 * DESCRIPTION
 *	One function per ABNF rule of RFC 7208 section 12. Each takes the
 *	cursor and returns 0 or -1 with the reason set once.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spfrec.h"

struct sp {
	const char	*p;
	const char	*end;
	const char	*why;
	int		 macros;
	int		 dns_terms;
	int		 has_all;
};

static int
fail(struct sp *s, const char *why)
{
	if (s->why == NULL)
		s->why = why;
	return -1;
}

static int
at(const struct sp *s, char c)
{
	return s->p < s->end && *s->p == c;
}

static int
word(struct sp *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || strncasecmp(s->p, w, n) != 0)
		return 0;
	s->p += n;
	return 1;
}

int
spfrec_is_spf(const char *t, size_t len)
{
	return len >= 6 && strncasecmp(t, "v=spf1", 6) == 0 &&
	    (len == 6 || t[6] == ' ');
}

/* macro-expand = "%{" letter transformers *delimiter "}" / "%%" / "%_" / "%-" */
static int
macro_expand(struct sp *s, int exp)
{
	const char *letters = exp ? "slodiphcrtv" : "slodiphv";
	int digits = 0, n = 0;
	char c;

	s->p++;
	if (s->p >= s->end)
		return fail(s, "'%' at the end");
	c = *s->p++;
	if (c == '%' || c == '_' || c == '-')
		return 0;
	if (c != '{')
		return fail(s, "'%' not followed by {, %, _ or -");
	if (++s->macros > SPFREC_MAX_MACROS)
		return fail(s, "too many macros");
	if (s->p >= s->end || strchr(letters,
	    tolower((unsigned char)*s->p)) == NULL || *s->p == '\0')
		return fail(s, "unknown macro letter");
	s->p++;
	while (s->p < s->end && isdigit((unsigned char)*s->p)) {
		n = n * 10 + (*s->p++ - '0');
		if (++digits > 3 || n > 128)
			return fail(s, "macro transformer too large");
	}
	if (digits > 0 && n == 0)
		return fail(s, "macro transformer 0");
	if (at(s, 'r') || at(s, 'R'))
		s->p++;
	while (s->p < s->end && *s->p != '\0' && strchr(".-+,/_=", *s->p))
		s->p++;
	if (!at(s, '}'))
		return fail(s, "unterminated macro");
	s->p++;
	return 0;
}

/* macro-string = *( macro-expand / macro-literal ), up to SP, / or end */
static int
macro_string(struct sp *s, int exp, int stop_slash)
{
	unsigned char c;

	while (s->p < s->end && *s->p != ' ') {
		c = (unsigned char)*s->p;
		if (c == '%') {
			if (macro_expand(s, exp) < 0)
				return -1;
			continue;
		}
		if (stop_slash && c == '/')
			break;
		if (c < 0x21 || c > 0x7e)
			return fail(s, "octet outside printable ASCII");
		s->p++;
	}
	return 0;
}

/*
 * domain-spec = macro-string domain-end; domain-end = "." toplabel ["."]
 * / macro-expand. toplabel: alphanumerics and hyphens, not all digits,
 * no leading or trailing hyphen.
 */
static int
domain_spec(struct sp *s, int stop_slash)
{
	const char *start = s->p, *q, *lab;
	int alpha = 0;

	if (macro_string(s, 0, stop_slash) < 0)
		return -1;
	if (s->p == start)
		return fail(s, "empty domain-spec");
	q = s->p;
	if (q[-1] == '}' || (q - start >= 2 && q[-2] == '%'))
		return 0;
	if (q[-1] == '.')
		q--;
	for (lab = q; lab > start && lab[-1] != '.'; lab--)
		if (lab[-1] == '}')
			return 0;
	if (lab == start || lab == q)
		return fail(s, "domain-spec does not end in a top label");
	if (*lab == '-' || q[-1] == '-')
		return fail(s, "bad top label");
	for (; lab < q; lab++) {
		if (isalpha((unsigned char)*lab))
			alpha = 1;
		else if (!isdigit((unsigned char)*lab) && *lab != '-')
			return fail(s, "bad top label");
	}
	return alpha ? 0 : fail(s, "numeric top label");
}

static int
cidr(struct sp *s, int max)
{
	int n = 0, digits = 0;

	s->p++;
	if (!(s->p < s->end && isdigit((unsigned char)*s->p)))
		return fail(s, "CIDR length missing");
	if (*s->p == '0' && s->p + 1 < s->end &&
	    isdigit((unsigned char)s->p[1]))
		return fail(s, "CIDR length with a leading zero");
	while (s->p < s->end && isdigit((unsigned char)*s->p)) {
		n = n * 10 + (*s->p++ - '0');
		if (++digits > 3)
			break;
	}
	return n > max ? fail(s, "CIDR length out of range") : 0;
}

/* dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ] */
static int
dual_cidr(struct sp *s)
{
	if (at(s, '/') && !(s->p + 1 < s->end && s->p[1] == '/') &&
	    cidr(s, 32) < 0)
		return -1;
	if (at(s, '/')) {
		s->p++;
		if (!at(s, '/'))
			return fail(s, "bad dual CIDR length");
		if (cidr(s, 128) < 0)
			return -1;
	}
	return 0;
}

static int
ip_network(struct sp *s, int v6)
{
	char buf[64];
	const char *q = s->p;
	unsigned a, b, c, d;
	char tail;
	size_t n;

	while (q < s->end && *q != ' ' && *q != '/')
		q++;
	n = (size_t)(q - s->p);
	if (n == 0 || n >= sizeof(buf))
		return fail(s, "bad IP network");
	memcpy(buf, s->p, n);
	buf[n] = '\0';
	s->p = q;
	if (v6)
		return strchr(buf, ':') != NULL &&
		    strspn(buf, "0123456789abcdefABCDEF:.") == n ? 0 :
		    fail(s, "bad IPv6 network");
	if (sscanf(buf, "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &tail) != 4 ||
	    a > 255 || b > 255 || c > 255 || d > 255 ||
	    strspn(buf, "0123456789.") != n)
		return fail(s, "bad IPv4 network");
	if (at(s, '/'))
		return cidr(s, 32);
	return 0;
}

/*
 * domain-spec [ dual-cidr-length ]: a "/" may sit inside the domain-spec
 * as a macro-literal, so the CIDR lengths are taken from the end.
 */
static int
domain_cidr(struct sp *s)
{
	const char *end = s->p, *q, *dom_end, *save;

	while (end < s->end && *end != ' ')
		end++;
	dom_end = end;
	for (;;) {
		q = dom_end;
		while (q > s->p && isdigit((unsigned char)q[-1]))
			q--;
		if (q == dom_end || q == s->p || q[-1] != '/')
			break;
		dom_end = q - 1;
		if (dom_end > s->p && dom_end[-1] == '/') {
			dom_end--;
			continue;	/* "//N", an IPv4 length may precede */
		}
		break;
	}
	save = s->end;
	s->end = dom_end;
	if (domain_spec(s, 0) < 0)
		return -1;
	s->end = save;
	if (s->p != dom_end)
		return fail(s, "junk in a domain-spec");
	return dual_cidr(s);
}

static int
mechanism(struct sp *s)
{
	if (word(s, "all")) {
		s->has_all = 1;
		return 0;
	}
	if (word(s, "include:") || word(s, "exists:")) {
		s->dns_terms++;
		return domain_spec(s, 1);
	}
	if (word(s, "ip4:"))
		return ip_network(s, 0);
	if (word(s, "ip6:")) {
		if (ip_network(s, 1) < 0)
			return -1;
		return at(s, '/') ? cidr(s, 128) : 0;
	}
	if (word(s, "ptr")) {
		s->dns_terms++;
		return at(s, ':') ? (s->p++, domain_spec(s, 1)) : 0;
	}
	if (word(s, "mx") || word(s, "a")) {
		s->dns_terms++;
		if (at(s, ':')) {
			s->p++;
			return domain_cidr(s);
		}
		return dual_cidr(s);
	}
	return fail(s, "unknown mechanism");
}

/* name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) */
static size_t
modifier_name(const struct sp *s)
{
	const char *q = s->p;

	if (!(q < s->end && isalpha((unsigned char)*q)))
		return 0;
	while (q < s->end && (isalnum((unsigned char)*q) ||
	    (*q != '\0' && strchr("-_.", *q))))
		q++;
	return q < s->end && *q == '=' ? (size_t)(q - s->p) : 0;
}

static int
term(struct sp *s, int *redirect, int *exp)
{
	size_t n;

	if ((n = modifier_name(s)) > 0) {
		if (n == 8 && strncasecmp(s->p, "redirect", 8) == 0) {
			if ((*redirect)++)
				return fail(s, "more than one redirect");
			s->dns_terms++;
			s->p += 9;
			return domain_spec(s, 1);
		}
		if (n == 3 && strncasecmp(s->p, "exp", 3) == 0) {
			if ((*exp)++)
				return fail(s, "more than one exp");
			s->p += 4;
			return domain_spec(s, 1);
		}
		s->p += n + 1;
		return macro_string(s, 0, 0);
	}
	if (s->p < s->end && strchr("+-?~", *s->p) && *s->p != '\0')
		s->p++;
	if (mechanism(s) < 0)
		return -1;
	if (s->p < s->end && *s->p != ' ')
		return fail(s, "junk after a mechanism");
	return 0;
}

/* A modifier other than redirect and exp, which RFC 7208 6 ignores. */
static int
unknown_modifier(const char *t, size_t n)
{
	struct sp s;
	size_t l;

	memset(&s, 0, sizeof(s));
	s.p = t;
	s.end = t + n;
	if ((l = modifier_name(&s)) == 0)
		return 0;
	return !(l == 8 && strncasecmp(t, "redirect", 8) == 0) &&
	    !(l == 3 && strncasecmp(t, "exp", 3) == 0);
}

static void
put(struct spfrec *r, const char *s, size_t n)
{
	if (r->cleanlen + n < sizeof(r->clean)) {
		memcpy(r->clean + r->cleanlen, s, n);
		r->cleanlen += n;
	}
}

static void
puts_(struct spfrec *r, const char *s)
{
	put(r, s, strlen(s));
}

/*
 * A term with a CIDR length of 0 (RFC 7208 5.3, 5.4, 5.6), said so that
 * libspf2 takes it (spfrec.h). Returns 1 when it wrote the term.
 */
static int
zero_cidr(const char *t, size_t n, struct spfrec *r)
{
	const char *q = t, *end = t + n, *dom, *dom_end, *c, *q2;
	char qual[2] = "";
	int mx, c4 = 32, c6 = 128, v;

	if (n > 0 && strchr("+-?~", *t) != NULL) {
		qual[0] = *t;
		q++;
	}
	if ((size_t)(end - q) > 4 && (strncasecmp(q, "ip4:", 4) == 0 ||
	    strncasecmp(q, "ip6:", 4) == 0)) {
		if (end - q < 7 || end[-2] != '/' || end[-1] != '0')
			return 0;
		if (tolower((unsigned char)q[2]) == '4')
			puts_(r, " "), puts_(r, qual), puts_(r, "ip4:0.0.0.0/1 "),
			    puts_(r, qual), puts_(r, "ip4:128.0.0.0/1");
		else
			puts_(r, " "), puts_(r, qual), puts_(r, "ip6:::/1 "),
			    puts_(r, qual), puts_(r, "ip6:8000::/1");
		return 1;
	}
	if ((size_t)(end - q) >= 2 && strncasecmp(q, "mx", 2) == 0)
		mx = 1, q += 2;
	else if ((size_t)(end - q) >= 1 && tolower((unsigned char)*q) == 'a')
		mx = 0, q += 1;
	else
		return 0;
	if (q < end && *q != ':' && *q != '/')
		return 0;
	dom = q < end && *q == ':' ? q + 1 : NULL;
	/* the CIDR lengths, from the end: "/N", "//M" or "/N//M" */
	for (dom_end = end;;) {
		for (c = dom_end; c > q && isdigit((unsigned char)c[-1]); c--)
			;
		if (c == dom_end || c == q || c[-1] != '/')
			break;
		for (v = 0, q2 = c; q2 < dom_end && v < 1000; q2++)
			v = v * 10 + (*q2 - '0');	/* (data, size): no atoi */
		if (c - 1 > q && c[-2] == '/') {
			c6 = v;
			dom_end = c - 2;
			continue;
		}
		c4 = v;
		dom_end = c - 1;
		break;
	}
	if (c4 != 0 && c6 != 0)
		return 0;
	puts_(r, " ");
	puts_(r, qual);
	if ((r->v6client ? c6 : c4) == 0) {
		puts_(r, "exists:");
		if (dom != NULL)
			put(r, dom, (size_t)(dom_end - dom));
		else
			puts_(r, "%{d}");
		if (mx || r->v6client)
			puts_(r, r->v6client ? (mx ? SPFREC_SYNTH "mx6.invalid" :
			    SPFREC_SYNTH "aaaa.invalid") :
			    SPFREC_SYNTH "mx4.invalid");
		return 1;
	}
	put(r, t + (qual[0] != '\0'), (size_t)(dom_end - t) -
	    (qual[0] != '\0'));		/* the other family's 0 dropped */
	if (c4 != 0 && c4 != 32) {
		char b[16];

		snprintf(b, sizeof(b), "/%d", c4);
		puts_(r, b);
	}
	if (c6 != 0 && c6 != 128) {
		char b[16];

		snprintf(b, sizeof(b), "//%d", c6);
		puts_(r, b);
	}
	return 1;
}

static void
clean(const char *t, size_t len, const struct sp *s, struct spfrec *r)
{
	size_t i = 0, n;

	memcpy(r->clean, "v=spf1", 6);
	r->cleanlen = 6;
	for (i = 6; i < len; i += n) {
		while (i < len && t[i] == ' ')
			i++;
		for (n = 0; i + n < len && t[i + n] != ' '; n++)
			;
		if (n == 0 || unknown_modifier(t + i, n) ||
		    (s->has_all && n > 9 &&
		    strncasecmp(t + i, "redirect=", 9) == 0))
			continue;
		if (zero_cidr(t + i, n, r))
			continue;
		r->clean[r->cleanlen++] = ' ';
		memcpy(r->clean + r->cleanlen, t + i, n);
		r->cleanlen += n;
	}
	r->clean[r->cleanlen] = '\0';
}

int
spfrec_check(const char *t, size_t len, struct spfrec *r, char *why,
    size_t whylen)
{
	struct sp s;
	int redirect = 0, exp = 0;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.p = t;
	s.end = t + len;
	if (len > SPFREC_MAX_LEN)
		fail(&s, "record too long");
	for (i = 0; i < len && s.why == NULL; i++)
		if ((unsigned char)t[i] < 0x20 || (unsigned char)t[i] > 0x7e)
			fail(&s, "control or non-ASCII octet");
	if (s.why == NULL && !spfrec_is_spf(t, len))
		fail(&s, "not an SPF record");
	s.p += 6;
	while (s.why == NULL && s.p < s.end) {
		if (*s.p != ' ') {
			fail(&s, "terms not separated by a space");
			break;
		}
		while (s.p < s.end && *s.p == ' ')
			s.p++;
		if (s.p == s.end)
			break;
		term(&s, &redirect, &exp);
	}
	if (s.why != NULL) {
		snprintf(why, whylen, "%s at offset %zu", s.why,
		    (size_t)(s.p - t));
		return 0;
	}
	if (r != NULL) {
		r->dns_terms = s.dns_terms;
		r->has_all = s.has_all;
		clean(t, len, &s, r);
	}
	return 1;
}
