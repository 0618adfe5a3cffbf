/*
 * NAME
 *	dkimkey - read a DKIM key record for what a publisher must get right
 * DESCRIPTION
 *	See dkimkey.h. The tag-list of RFC 6376 3.2, then the key: base64
 *	(RFC 4648) into a bounded buffer, then just enough DER (X.690) to
 *	find the modulus INTEGER.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "dkimkey.h"

struct der {
	const unsigned char	*p;
	size_t			 n;
};

static int
bad(struct dkimkey *k, const char *why)
{
	snprintf(k->why, sizeof(k->why), "%s", why);
	return -1;
}

/* One TLV of tag t: its content in out, d advanced past it. 0 or -1. */
static int
der_take(struct der *d, int tag, struct der *out)
{
	size_t len, i, nl;

	if (d->n < 2 || d->p[0] != tag)
		return -1;
	len = d->p[1];
	i = 2;
	if (len & 0x80) {
		nl = len & 0x7f;
		if (nl == 0 || nl > 3 || d->n < 2 + nl)
			return -1;
		for (len = 0; nl > 0; nl--)
			len = len << 8 | d->p[i++];
	}
	if (len > d->n - i)
		return -1;
	out->p = d->p + i;
	out->n = len;
	d->p += i + len;
	d->n -= i + len;
	return 0;
}

static unsigned
int_bits(const struct der *x)
{
	size_t i = 0;
	unsigned b = 8, c;

	while (i < x->n && x->p[i] == 0)
		i++;
	if (i == x->n)
		return 0;
	for (c = x->p[i]; !(c & 0x80); c <<= 1)
		b--;
	return (unsigned)(x->n - i - 1) * 8 + b;
}

/* SubjectPublicKeyInfo, or a bare RSAPublicKey: the modulus size. */
static unsigned
rsa_bits(const unsigned char *key, size_t n)
{
	struct der d = { key, n }, seq, alg, bits, rsa, mod;

	if (der_take(&d, 0x30, &seq) < 0)
		return 0;
	if (der_take(&seq, 0x02, &mod) == 0)
		return int_bits(&mod);
	if (der_take(&seq, 0x30, &alg) < 0 || der_take(&seq, 0x03, &bits) < 0 ||
	    bits.n < 1 || bits.p[0] != 0)
		return 0;
	bits.p++;
	bits.n--;
	if (der_take(&bits, 0x30, &rsa) < 0 || der_take(&rsa, 0x02, &mod) < 0)
		return 0;
	return int_bits(&mod);
}

/* base64 with white space; returns the octets, or -1. */
static long
b64(const char *s, size_t n, unsigned char *out, size_t max)
{
	unsigned long acc = 0;
	size_t i, o = 0;
	int v, nb = 0, pad = 0;

	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)s[i]))
			continue;
		if (s[i] == '=') {
			pad++;
			continue;
		}
		if (pad || (v = codec_b64((unsigned char)s[i])) < 0)
			return -1;
		acc = acc << 6 | (unsigned)v;
		if ((nb += 6) >= 8) {
			nb -= 8;
			if (o == max)
				return -1;
			out[o++] = (unsigned char)(acc >> nb);
		}
	}
	return pad > 2 ? -1 : (long)o;
}

static void
trim(const char **s, const char **e)
{
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

static int
key(const char *p, size_t n, struct dkimkey *k)
{
	unsigned char buf[DKIMKEY_MAX_KEY];
	long got;

	if ((got = b64(p, n, buf, sizeof(buf))) < 0)
		return bad(k, "p= is not base64, or too long");
	if (got == 0) {
		k->revoked = 1;
		return 0;
	}
	if (strcmp(k->type, "rsa") == 0 &&
	    (k->bits = rsa_bits(buf, (size_t)got)) == 0)
		return bad(k, "p= is not an RSA public key");
	return 0;
}

static int
flags(const char *v, size_t n, struct dkimkey *k)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i; j < n && v[j] != ':'; j++)
			;
		while (i < j && isspace((unsigned char)v[i]))
			i++;
		if (j > i && tolower((unsigned char)v[i]) == 'y' &&
		    (j == i + 1 || isspace((unsigned char)v[i + 1])))
			k->testing = 1;
		i = j + 1;
	}
	return 0;
}

int
dkimkey_parse(const char *t, size_t len, struct dkimkey *k)
{
	const char *s = t, *end = t + len, *semi, *eq, *ne, *vs, *ve;
	const char *p = NULL;
	size_t pn = 0;
	unsigned seen = 0, bit;
	int first = 1;

	memset(k, 0, sizeof(*k));
	snprintf(k->type, sizeof(k->type), "rsa");
	for (; s < end; s = semi + 1, first = 0) {
		if ((semi = memchr(s, ';', (size_t)(end - s))) == NULL)
			semi = end;
		if ((eq = memchr(s, '=', (size_t)(semi - s))) == NULL) {
			ne = semi;
			trim(&s, &ne);
			if (s == ne)
				continue;
			return bad(k, "a tag without '='");
		}
		ne = eq;
		trim(&s, &ne);
		vs = eq + 1;
		ve = semi;
		trim(&vs, &ve);
		bit = ne - s == 1 && isalpha((unsigned char)*s) ?
		    1u << (tolower((unsigned char)*s) - 'a') : 0;
		if (bit != 0 && (seen & bit))
			return bad(k, "a tag appears twice");
		seen |= bit;
		if (ne - s == 1 && tolower((unsigned char)*s) == 'v') {
			if (!first || ve - vs != 5 || strncmp(vs, "DKIM1", 5) != 0)
				return bad(k, "v= is not DKIM1 as the first tag");
		} else if (ne - s == 1 && tolower((unsigned char)*s) == 'k')
			snprintf(k->type, sizeof(k->type), "%.*s",
			    (int)(ve - vs), vs);
		else if (ne - s == 1 && tolower((unsigned char)*s) == 't')
			flags(vs, (size_t)(ve - vs), k);
		else if (ne - s == 1 && tolower((unsigned char)*s) == 'p') {
			p = vs;
			pn = (size_t)(ve - vs);
		}
	}
	if (p == NULL)
		return bad(k, "no p= tag");
	for (s = k->type; *s; s++)
		k->type[s - k->type] = (char)tolower((unsigned char)*s);
	return key(p, pn, k);
}
