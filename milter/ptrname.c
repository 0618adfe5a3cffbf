/*
 * NAME
 *	ptrname - does a PTR name look assigned by an access provider?
 * DESCRIPTION
 *	See ptrname.h. The name is copied lower case into a bounded buffer,
 *	then scanned twice: for the address's octets among its digit runs,
 *	and for the ISP words among its letter runs.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "ptrname.h"

#define PTRNAME_RUNS	64	/* digit runs looked at */

static const char *const generic_words[] = {
	"dynamic", "dyn", "dhcp", "dsl", "adsl", "vdsl", "xdsl", "pool",
	"cable", "ppp", "pppoe", "broadband", "dialup", "dial", "dialin",
	"static", "staticip", "cust", "customer", "client", "resnet",
	"residential", "cpe", "ftth", "fttx", "catv", "wireless", "mobile",
	"unassigned", "unused", "nat", "rev", "inaddr", NULL
};

struct run {
	size_t	 at, len;
	unsigned val;		/* capped at 1000 */
};

static int
is_sep(int c)
{
	return c == '-' || c == '.' || c == '_' || c == 'x';
}

static size_t
digit_runs(const char *s, size_t n, struct run *r, size_t max)
{
	size_t i = 0, k = 0;

	while (i < n && k < max) {
		if (!isdigit((unsigned char)s[i])) {
			i++;
			continue;
		}
		r[k].at = i;
		r[k].val = 0;
		for (; i < n && isdigit((unsigned char)s[i]); i++)
			if (r[k].val < 1000)
				r[k].val = r[k].val * 10 + (unsigned)(s[i] - '0');
		r[k].len = i - r[k].at;
		k++;
	}
	return k;
}

/* Four runs from r[0] joined by one separator each, equal to o[] forward or reversed. */
static int
four_octets(const char *s, const struct run *r, const unsigned char *o)
{
	int j, fwd = 1, rev = 1;

	for (j = 0; j < 4; j++) {
		if (r[j].len > 3)
			return 0;
		if (j < 3 && (r[j + 1].at != r[j].at + r[j].len + 1 ||
		    !is_sep((unsigned char)s[r[j].at + r[j].len])))
			return 0;
		fwd = fwd && r[j].val == o[j];
		rev = rev && r[j].val == o[3 - j];
	}
	return fwd ? 1 : rev ? 2 : 0;
}

static int
octets_in(const char *s, size_t n, const unsigned char *o, char *why,
    size_t whylen)
{
	struct run r[PTRNAME_RUNS];
	char pad[2][16];
	size_t k, i;
	int f;

	k = digit_runs(s, n, r, PTRNAME_RUNS);
	snprintf(pad[0], sizeof(pad[0]), "%03u%03u%03u%03u", o[0], o[1], o[2],
	    o[3]);
	snprintf(pad[1], sizeof(pad[1]), "%03u%03u%03u%03u", o[3], o[2], o[1],
	    o[0]);
	for (i = 0; i < k; i++) {
		if (i + 4 <= k && (f = four_octets(s, r + i, o)) != 0) {
			snprintf(why, whylen, "the address's octets %s: %.*s",
			    f == 1 ? "in order" : "reversed",
			    (int)(r[i + 3].at + r[i + 3].len - r[i].at),
			    s + r[i].at);
			return 1;
		}
		if (r[i].len == 12 && (memcmp(s + r[i].at, pad[0], 12) == 0 ||
		    memcmp(s + r[i].at, pad[1], 12) == 0)) {
			snprintf(why, whylen, "the address's octets padded: "
			    "%.12s", s + r[i].at);
			return 1;
		}
	}
	return 0;
}

/* The address as eight hex digits, a whole token between separators. */
static int
hex_in(const char *s, size_t n, const unsigned char *o, char *why,
    size_t whylen)
{
	char hex[16];
	size_t i, j;

	snprintf(hex, sizeof(hex), "%02x%02x%02x%02x", o[0], o[1], o[2], o[3]);
	for (i = 0; i < n; i = j + 1) {
		for (j = i; j < n && isalnum((unsigned char)s[j]); j++)
			;
		if (j - i == 8 && memcmp(s + i, hex, 8) == 0) {
			snprintf(why, whylen, "the address in hex: %s", hex);
			return 1;
		}
	}
	return 0;
}

static int
word_in(const char *s, size_t n, char *why, size_t whylen)
{
	size_t i, j, w;

	for (i = 0; i < n; i = j) {
		if (!isalpha((unsigned char)s[i])) {
			j = i + 1;
			continue;
		}
		for (j = i; j < n && isalpha((unsigned char)s[j]); j++)
			;
		/* "in-addr" is two runs: join it */
		if (j - i == 2 && memcmp(s + i, "in", 2) == 0 && j + 5 <= n &&
		    memcmp(s + j, "-addr", 5) == 0) {
			snprintf(why, whylen, "the word in-addr");
			return 1;
		}
		for (w = 0; generic_words[w] != NULL; w++)
			if (strlen(generic_words[w]) == j - i &&
			    memcmp(s + i, generic_words[w], j - i) == 0) {
				snprintf(why, whylen, "the word %s",
				    generic_words[w]);
				return 1;
			}
	}
	return 0;
}

int
ptrname_generic(const char *name, size_t len, const char *ip, char *why,
    size_t whylen)
{
	char s[PTRNAME_MAX + 1];
	unsigned char o[16];
	size_t n, i, tld;

	why[0] = '\0';
	n = len < PTRNAME_MAX ? len : PTRNAME_MAX;
	for (i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)name[i]);
	s[n] = '\0';
	if (ip != NULL && inet_pton(AF_INET, ip, o) == 1 &&
	    (octets_in(s, n, o, why, whylen) || hex_in(s, n, o, why, whylen)))
		return 1;
	for (tld = n; tld > 0 && s[tld - 1] != '.'; tld--)
		;
	tld = tld > 0 ? tld - 1 : 0;
	return word_in(s, tld, why, whylen);
}
