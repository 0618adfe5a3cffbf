/*
 * NAME
 *	dnszone - a fixed table of records behind the resolver API, for tests
 * DESCRIPTION
 *	See dnszone.h. A source for dns_new_source(): dns.c normalises the
 *	name and hands it here; answers are built with dnswire.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "dns.h"
#include "dnswire.h"
#include "dnszone.h"
#include "util.h"

#define ZONE_MAX_HOPS	8	/* CNAMEs followed */
#define ZONE_TTL	300
#define ZONE_MAX_DATA	65535	/* octets of one record */

struct srec {
	char		*name;
	int		 type;		/* 0: TIMEOUT */
	int		 ttype;		/* TIMEOUT: the type, 0 all */
	struct dns_rr	 rr;
};

struct zone {
	struct srec	*srec;
	size_t		 nsrec;
};

static struct zone *
zone_of(struct dns *d)
{
	return dns_source_arg(d);
}

static struct dns_answer *
zone_query(void *arg, const char *name, int type)
{
	struct zone *z = arg;
	struct dns_answer *a;
	int exists = 0, hops;
	size_t i;

	for (hops = 0; type != DNS_CNAME && hops < ZONE_MAX_HOPS; hops++) {
		for (i = 0; i < z->nsrec; i++)
			if (z->srec[i].type == DNS_CNAME &&
			    strcmp(z->srec[i].name, name) == 0)
				break;
		if (i == z->nsrec)
			break;
		name = (const char *)z->srec[i].rr.data;
	}

	for (i = 0; i < z->nsrec; i++)
		if (strcmp(z->srec[i].name, name) == 0 && z->srec[i].type == 0 &&
		    (z->srec[i].ttype == 0 || z->srec[i].ttype == type))
			return dnswire_answer(DNS_TEMPFAIL, "timeout");
	a = dnswire_answer(DNS_NODATA, NULL);
	a->ttl = ZONE_TTL;
	for (i = 0; i < z->nsrec; i++) {
		if (strcmp(z->srec[i].name, name) != 0)
			continue;
		exists = 1;
		if (z->srec[i].type == type)
			dnswire_add(a, z->srec[i].rr.data, z->srec[i].rr.len,
			    z->srec[i].rr.pref);
	}
	if (a->n > 0)
		a->status = DNS_OK;
	else if (!exists)
		a->status = DNS_NXDOMAIN;
	return a;
}

static void
zone_free(void *arg)
{
	struct zone *z = arg;
	size_t i;

	for (i = 0; i < z->nsrec; i++) {
		free(z->srec[i].name);
		free(z->srec[i].rr.data);
	}
	free(z->srec);
	free(z);
}

struct dns *
dns_new_static(void)
{
	return dns_new_source(zone_query, zone_free,
	    xcalloc(1, sizeof(struct zone)));
}

static void
txt_unescape(const char *s, unsigned char *out, size_t *len)
{
	size_t o = 0;

	for (; *s && o < ZONE_MAX_DATA; s++) {
		if (s[0] == '\\' && s[1] == '0') {
			out[o++] = '\0';
			s++;
		} else if (s[0] == '\\' && s[1] == 'n') {
			out[o++] = '\n';
			s++;
		} else
			out[o++] = (unsigned char)*s;
	}
	*len = o;
}

int
dns_static_add(struct dns *d, const char *name, int type, const char *data)
{
	struct zone *z = zone_of(d);
	struct srec r;
	unsigned char buf[ZONE_MAX_DATA + 1];
	char norm[DNSWIRE_NAME_MAX + 2], *end;
	size_t len = 0;

	memset(&r, 0, sizeof(r));
	if (z == NULL || !dnswire_norm(name, norm, sizeof(norm)))
		return -1;
	if (type != 0 && data == NULL)
		return -1;
	r.type = type;
	switch (type) {
	case 0:
		r.ttype = data == NULL ? 0 : dns_type_code(data);
		break;
	case DNS_A:
		if (inet_pton(AF_INET, data, buf) != 1)
			return -1;
		len = 4;
		break;
	case DNS_AAAA:
		if (inet_pton(AF_INET6, data, buf) != 1)
			return -1;
		len = 16;
		break;
	case DNS_TXT:
		txt_unescape(data, buf, &len);
		break;
	case DNS_CNAME:
	case DNS_PTR:
	case DNS_NS:
		for (len = 0; data[len] != '\0'; len++) {
			if (len > DNSWIRE_NAME_MAX)
				return -1;
			buf[len] = (unsigned char)tolower((unsigned char)data[len]);
		}
		if (len > 0 && buf[len - 1] == '.')
			len--;
		if (len > DNSWIRE_NAME_MAX)
			return -1;
		break;
	case DNS_MX:
		r.rr.pref = (unsigned)strtoul(data, &end, 10);
		if (end == data || *end != ' ')
			return -1;
		data = end + 1;
		/* FALLTHROUGH */
	default:
		len = strlen(data);
		if (len > 0 && data[len - 1] == '.')
			len--;
		if (len > DNSWIRE_NAME_MAX)
			return -1;
		memcpy(buf, data, len);
		break;
	}
	r.name = xstrdup(norm);
	r.rr.data = xmalloc(len + 1);
	memcpy(r.rr.data, buf, len);
	r.rr.data[len] = '\0';
	r.rr.len = len;
	z->srec = xrealloc(z->srec, (z->nsrec + 1) * sizeof(*z->srec));
	z->srec[z->nsrec++] = r;
	return 0;
}
