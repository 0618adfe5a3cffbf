/*
 * NAME
 *	dnswire - DNS answers and the DNS wire format
 * DESCRIPTION
 *	See dnswire.h. No DNS library here: dns.c feeds libunbound's RR
 *	data in, dkim.c takes packets out.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dnswire.h"
#include "util.h"

static const struct {
	const char	*name;
	int		 type;
} types[] = {
	{ "A", DNS_A }, { "NS", DNS_NS }, { "CNAME", DNS_CNAME },
	{ "SOA", DNS_SOA }, { "PTR", DNS_PTR }, { "MX", DNS_MX },
	{ "TXT", DNS_TXT }, { "AAAA", DNS_AAAA }, { NULL, 0 }
};

const char *
dns_type_name(int type)
{
	size_t i;

	for (i = 0; types[i].name; i++)
		if (types[i].type == type)
			return types[i].name;
	return "?";
}

int
dns_type_code(const char *name)
{
	size_t i;

	for (i = 0; types[i].name; i++)
		if (strcasecmp(types[i].name, name) == 0)
			return types[i].type;
	return -1;
}

struct dns_answer *
dnswire_answer(int status, const char *why)
{
	struct dns_answer *a = xcalloc(1, sizeof(*a));

	a->status = status;
	a->refs = 1;
	if (why != NULL)
		snprintf(a->why, sizeof(a->why), "%s", why);
	return a;
}

void
dnswire_add(struct dns_answer *a, const void *data, size_t len,
    unsigned pref)
{
	struct dns_rr *rr;

	a->rr = xrealloc(a->rr, (a->n + 1) * sizeof(*a->rr));
	rr = &a->rr[a->n++];
	rr->data = xmalloc(len + 1);
	memcpy(rr->data, data, len);
	rr->data[len] = '\0';
	rr->len = len;
	rr->pref = pref;
}

void
dnswire_free(struct dns_answer *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->rr[i].data);
	free(a->rr);
	free(a);
}

int
dnswire_norm(const char *name, char *out, size_t outlen)
{
	size_t i, n = strlen(name);

	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n == 0 || n > DNSWIRE_NAME_MAX || n >= outlen)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)name[i]);
	out[n] = '\0';
	return 1;
}

/* RFC 1035 3.1, without compression (RFC 3597 4: RR data as handed out). */
int
dnswire_name(const unsigned char *p, size_t len, char *out, size_t outlen)
{
	size_t i = 0, o = 0, l;

	while (i < len && p[i] != 0) {
		l = p[i++];
		if (l > 63 || i + l > len || o + l + 2 > outlen)
			return -1;
		if (o > 0)
			out[o++] = '.';
		memcpy(out + o, p + i, l);
		o += l;
		i += l;
	}
	if (i >= len || outlen == 0)
		return -1;
	out[o] = '\0';
	return (int)(i + 1);
}

int
dnswire_rdata(struct dns_answer *a, int type, const unsigned char *p,
    size_t len)
{
	char name[DNSWIRE_NAME_MAX + 2];
	unsigned char txt[65536];
	size_t i, o, l;

	switch (type) {
	case DNS_A:
	case DNS_AAAA:
		if (len != (type == DNS_A ? 4u : 16u))
			return 0;
		dnswire_add(a, p, len, 0);
		return 1;
	case DNS_TXT:
		/* RFC 1035 3.3.14: one or more <character-string>s */
		if (len > sizeof(txt))
			return 0;
		for (i = o = 0; i < len; i += l) {
			l = p[i++];
			if (i + l > len)
				return 0;
			memcpy(txt + o, p + i, l);
			o += l;
		}
		dnswire_add(a, txt, o, 0);
		return 1;
	case DNS_MX:
		if (len <= 2 || dnswire_name(p + 2, len - 2, name,
		    sizeof(name)) <= 0)
			return 0;
		dnswire_add(a, name, strlen(name), (unsigned)(p[0] << 8 | p[1]));
		return 1;
	default:
		if (dnswire_name(p, len, name, sizeof(name)) <= 0)
			return 0;
		dnswire_add(a, name, strlen(name), 0);
		return 1;
	}
}

size_t
dnswire_put_name(unsigned char *buf, size_t o, size_t max, const char *name)
{
	const char *p = name, *dot;
	size_t l;

	while (*p) {
		dot = strchr(p, '.');
		l = dot ? (size_t)(dot - p) : strlen(p);
		if (l == 0 || l > 63 || o + l + 1 >= max)
			return 0;
		buf[o++] = (unsigned char)l;
		memcpy(buf + o, p, l);
		o += l;
		p += l + (dot != NULL);
	}
	if (o + 1 > max)
		return 0;
	buf[o++] = 0;
	return o;
}

/* RFC 1035 4.1: header, one question, the TXT answers (name compressed). */
size_t
dns_packet(const struct dns_answer *a, const char *name, int type,
    unsigned char *buf, size_t buflen)
{
	size_t o, i, k, l, rdpos;
	const struct dns_rr *rr;

	if (buflen < 12)
		return 0;
	memset(buf, 0, 12);
	buf[2] = 0x81;				/* QR, RD */
	buf[3] = 0x80 | (a->status == DNS_NXDOMAIN ? 3 :
	    a->status == DNS_TEMPFAIL ? 2 : 0);
	buf[5] = 1;				/* QDCOUNT */
	if ((o = dnswire_put_name(buf, 12, buflen, name)) == 0 ||
	    o + 4 > buflen)
		return 0;
	buf[o++] = (unsigned char)(type >> 8);
	buf[o++] = (unsigned char)type;
	buf[o++] = 0;
	buf[o++] = 1;
	if (type != DNS_TXT || a->status != DNS_OK)
		return o;
	for (i = 0; i < a->n; i++) {
		rr = &a->rr[i];
		if (o + 12 > buflen)
			return 0;
		buf[o++] = 0xc0;		/* the question's name */
		buf[o++] = 12;
		buf[o++] = 0;
		buf[o++] = DNS_TXT;
		buf[o++] = 0;
		buf[o++] = 1;
		buf[o++] = (unsigned char)(a->ttl >> 24);
		buf[o++] = (unsigned char)(a->ttl >> 16);
		buf[o++] = (unsigned char)(a->ttl >> 8);
		buf[o++] = (unsigned char)a->ttl;
		rdpos = o;
		o += 2;
		for (k = 0; k < rr->len || k == 0; k += l) {
			l = rr->len - k > 255 ? 255 : rr->len - k;
			if (o + 1 + l > buflen)
				return 0;
			buf[o++] = (unsigned char)l;
			memcpy(buf + o, rr->data + k, l);
			o += l;
			if (l == 0)
				break;
		}
		if (o - rdpos - 2 > 65535)
			return 0;
		buf[rdpos] = (unsigned char)((o - rdpos - 2) >> 8);
		buf[rdpos + 1] = (unsigned char)(o - rdpos - 2);
		buf[7] = (unsigned char)(i + 1);
		buf[6] = (unsigned char)((i + 1) >> 8);
	}
	return o;
}
