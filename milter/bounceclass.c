/*
 * NAME
 *	bounceclass - who refused a delivery, and what kind of refusal
 * DESCRIPTION
 *	See bounceclass.h. The word lists are what the providers write in
 *	their replies (their postmaster pages) and what Postfix writes
 *	itself; they are matched case-insensitively, as substrings.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "bounceclass.h"

static const char *const names[BC_NCLASS] = { "recipient", "policy",
	"mailbox-full", "transient", "other" };

static const char *const recipient_words[] = { "user unknown",
	"unknown user", "does not exist", "no such user", "no such mailbox",
	"mailbox unavailable", "doesn't have a", "recipientnotfound",
	"recipient not found", "invalid recipient", "unknown recipient",
	"account is disabled", "account has been disabled", "is disabled",
	"mailbox not found", "address rejected", NULL };
static const char *const full_words[] = { "quota", "mailbox full",
	"mailbox is full", "insufficient storage", "out of storage", NULL };
static const char *const policy_words[] = { "tss0", "tss1", "[cs01]",
	"[hm08]", "s3150", "s3140", "spam", "blocked", "blacklist",
	"blocklist", "reputation", "rate limit", "rate-limit", "unusual rate",
	"too many", "unauthenticated", "authentication", "dmarc", "spf",
	"dkim", "policy", NULL };
static const char *const transient_words[] = { "timed out",
	"connection refused", "lost connection", "connection reset",
	"network is unreachable", "no route to host", "try again later",
	"temporarily unavailable", "host not found, try again", NULL };

const char *
bounce_class_name(int c)
{
	return c >= 0 && c < BC_NCLASS ? names[c] : "other";
}

/* 1 when the n octets at s contain word (lowercase), ignoring case */
static int
has(const char *s, size_t n, const char *word)
{
	size_t i, j, w = strlen(word);

	for (i = 0; i + w <= n; i++) {
		for (j = 0; j < w; j++)
			if (tolower((unsigned char)s[i + j]) != word[j])
				break;
		if (j == w)
			return 1;
	}
	return 0;
}

static int
has_any(const char *s, size_t n, const char *const *words)
{
	for (; *words != NULL; words++)
		if (has(s, n, *words))
			return 1;
	return 0;
}

/* the enhanced code's class (2, 4, 5), subject and detail; -1 if none */
static int
code_parts(const char *d, size_t n, int *cls, int *subj, int *det)
{
	size_t i = 0;
	int *v[3] = { cls, subj, det }, k;

	for (k = 0; k < 3; k++) {
		if (i >= n || !isdigit((unsigned char)d[i]))
			return -1;
		*v[k] = 0;
		while (i < n && isdigit((unsigned char)d[i]) && *v[k] < 1000)
			*v[k] = *v[k] * 10 + (d[i++] - '0');
		if (k < 2 && (i >= n || d[i++] != '.'))
			return -1;
	}
	return i == n ? 0 : -1;
}

static int
by_words(const char *r, size_t n)
{
	if (has_any(r, n, recipient_words))
		return BC_RECIPIENT;
	if (has_any(r, n, full_words))
		return BC_FULL;
	if (has_any(r, n, policy_words))
		return BC_POLICY;
	if (has_any(r, n, transient_words))
		return BC_TRANSIENT;
	return BC_OTHER;
}

int
bounce_classify(const char *dsn, size_t dsnlen, const char *r, size_t n)
{
	char code[BOUNCE_CODE_MAX + 1];
	int cls, subj, det;

	if (has(r, n, "[tss0") || has(r, n, "[tss1"))
		return BC_POLICY;
	bounce_code(dsn, dsnlen, r, n, code, sizeof(code));
	if (code_parts(code, strlen(code), &cls, &subj, &det) < 0)
		return by_words(r, n);
	switch (subj) {
	case 1:
		return BC_RECIPIENT;
	case 2:
		if (det == 2)
			return BC_FULL;
		if (det == 1)
			return has(r, n, "rate") ? BC_POLICY : BC_RECIPIENT;
		break;
	case 3:
		if (cls == 4)
			return BC_TRANSIENT;
		break;
	case 4:
		if (cls == 4)
			return BC_TRANSIENT;
		if (det == 4)
			return BC_RECIPIENT;
		break;	/* Microsoft's 5.4.1 "Recipient address rejected" */
	case 7:
		return BC_POLICY;
	}
	return by_words(r, n);
}

/* copies at most outlen - 1 octets and a NUL */
static void
put(char *out, size_t outlen, const char *s, size_t n)
{
	if (outlen == 0)
		return;
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* length of a d.d.d code at s, or 0 */
static size_t
code_at(const char *s, size_t n)
{
	size_t i = 0;
	int dots = 0;

	if (n == 0 || (s[0] != '2' && s[0] != '4' && s[0] != '5'))
		return 0;
	while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.')) {
		dots += s[i] == '.';
		i++;
	}
	return dots == 2 && s[i - 1] != '.' && i <= BOUNCE_CODE_MAX ? i : 0;
}

static int
generic(const char *d, size_t n)
{
	return n == 0 || (n == 5 && memcmp(d + 1, ".0.0", 4) == 0);
}

void
bounce_code(const char *dsn, size_t dsnlen, const char *r, size_t n,
    char *out, size_t outlen)
{
	size_t i, k;

	put(out, outlen, dsn, dsnlen);
	if (!generic(dsn, dsnlen))
		return;
	for (i = 0; i + 10 <= n; i++) {
		if (memcmp(r + i, "said: ", 6) != 0)
			continue;
		i += 6;
		if (!isdigit((unsigned char)r[i]) ||
		    !isdigit((unsigned char)r[i + 1]) ||
		    !isdigit((unsigned char)r[i + 2]))
			return;
		if (i + 4 < n && (r[i + 3] == ' ' || r[i + 3] == '-') &&
		    (k = code_at(r + i + 4, n - i - 4)) > 0 &&
		    !generic(r + i + 4, k))
			put(out, outlen, r + i + 4, k);
		else
			put(out, outlen, r + i, 3);
		return;
	}
}

/* a host name at p, up to '[': 1 with *host set, or 0 */
static int
host_at(const char *p, const char *end, const char **host, size_t *hostlen)
{
	const char *b;

	if ((b = memchr(p, '[', (size_t)(end - p))) == NULL || b == p ||
	    memchr(p, ' ', (size_t)(b - p)) != NULL)
		return 0;
	*host = p;
	*hostlen = (size_t)(b - p);
	return 1;
}

int
bounce_reason_host(const char *r, size_t n, const char **host,
    size_t *hostlen)
{
	static const char *const lead[] = { "host ", "connect to ",
	    "lost connection with ", "conversation with ", NULL };
	size_t i, k, l;

	/* at the start, or after "delivery temporarily suspended: " */
	for (i = 0; i < n; i++) {
		if (i > 0 && (i < 2 || r[i - 2] != ':' || r[i - 1] != ' '))
			continue;
		for (k = 0; lead[k] != NULL; k++) {
			l = strlen(lead[k]);
			if (n - i > l && memcmp(r + i, lead[k], l) == 0)
				return host_at(r + i + l, r + n, host,
				    hostlen);
		}
	}
	return 0;
}

/* name is "label.<tld>" with the tld one or two labels of 2-3 octets */
static int
label_any_tld(const char *d, size_t n, const char *label)
{
	size_t l = strlen(label), i, run = 0, labels = 1;

	if (n <= l + 1 || memcmp(d, label, l) != 0 || d[l] != '.')
		return 0;
	for (i = l + 1; i < n; i++) {
		if (d[i] == '.') {
			if (run < 2 || run > 3)
				return 0;
			run = 0;
			labels++;
		} else
			run++;
	}
	return run >= 2 && run <= 3 && labels <= 2;
}

/* d is suffix or ends with "." suffix */
static int
under(const char *d, size_t n, const char *suffix)
{
	size_t s = strlen(suffix);

	return (n == s && memcmp(d, suffix, s) == 0) ||
	    (n > s && d[n - s - 1] == '.' && memcmp(d + n - s, suffix, s) == 0);
}

static const struct {
	const char	*name;
	const char	*domains[6];	/* exact recipient domains */
	const char	*labels[4];	/* label.<tld> */
	const char	*hosts[3];	/* answering hosts under these */
} providers[] = {
	{ "icloud", { "icloud.com", "me.com", "mac.com" }, { NULL },
	    { "icloud.com", "apple.com" } },
	{ "gmail", { "gmail.com", "googlemail.com" }, { NULL },
	    { "google.com", "googlemail.com" } },
	{ "yahoo", { "ymail.com", "rocketmail.com", "aol.com" },
	    { "yahoo", NULL }, { "yahoodns.net", "aol.com" } },
	{ "microsoft", { "msn.com" }, { "outlook", "hotmail", "live" },
	    { "outlook.com", "hotmail.com" } },
};

/* lowercase copy of s into buf (at most buflen - 1 octets), its length */
static size_t
lower(const char *s, size_t n, char *buf, size_t buflen)
{
	size_t i;

	if (n >= buflen)
		n = buflen - 1;
	for (i = 0; i < n; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	return n;
}

static const char *
known_domain(const char *d, size_t n)
{
	size_t i, k;

	for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++) {
		for (k = 0; k < 6 && providers[i].domains[k] != NULL; k++)
			if (strlen(providers[i].domains[k]) == n &&
			    memcmp(providers[i].domains[k], d, n) == 0)
				return providers[i].name;
		for (k = 0; k < 4 && providers[i].labels[k] != NULL; k++)
			if (label_any_tld(d, n, providers[i].labels[k]))
				return providers[i].name;
	}
	return NULL;
}

static const char *
known_host(const char *h, size_t n)
{
	size_t i, k;

	for (i = 0; i < sizeof(providers) / sizeof(providers[0]); i++)
		for (k = 0; k < 3 && providers[i].hosts[k] != NULL; k++)
			if (under(h, n, providers[i].hosts[k]))
				return providers[i].name;
	return NULL;
}

void
bounce_provider(const char *rcpt, size_t rcptlen, const char *host,
    size_t hostlen, char *out, size_t outlen)
{
	char d[256] = "", h[256];
	const char *at = NULL, *p;
	size_t dn = 0, hn, i;
	int dots = 0;

	for (i = rcptlen; i > 0; i--)
		if (rcpt[i - 1] == '@') {
			at = rcpt + i;
			break;
		}
	if (at != NULL)
		dn = lower(at, rcptlen - (size_t)(at - rcpt), d, sizeof(d));
	hn = lower(host, hostlen, h, sizeof(h));
	if (hn == 4 && memcmp(h, "none", 4) == 0)
		hn = 0;
	if ((p = known_domain(d, dn)) != NULL ||
	    (p = known_host(h, hn)) != NULL) {
		put(out, outlen, p, strlen(p));
		return;
	}
	if (hn == 0 || strspn(h, "0123456789.") == hn ||
	    memchr(h, ':', hn) != NULL) {
		/* no host, or an address literal: the recipient's domain */
		put(out, outlen, dn ? d : "unknown", dn ? dn : 7);
		return;
	}
	for (i = hn, p = h; i > 0; i--)
		if (h[i - 1] == '.' && ++dots == 2) {
			p = h + i;
			break;
		}
	put(out, outlen, p, hn - (size_t)(p - h));
}
