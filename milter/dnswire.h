/*
 * NAME
 *	dnswire - DNS answers and the DNS wire format
 * SUMMARY
 *	struct dns_answer *a = dnswire_answer(DNS_NODATA, NULL);
 *	dnswire_rdata(a, DNS_TXT, rdata, rdlen);
 *	n = dns_packet(a, "example.com", DNS_TXT, buf, sizeof(buf));
 * DESCRIPTION
 *	The half of the resolver that knows no library: building the
 *	shared answer type (dns.h), decoding RR data as libunbound hands it
 *	out, encoding names and whole reply packets (dns_packet(), declared
 *	in dns.h for libopendkim's sake), and the table of type names.
 *
 *	dnswire_answer() returns a new answer with one reference, no
 *	records and why copied (cut at sizeof(why) - 1). dnswire_add()
 *	appends a copy of one record, NUL-terminated. dnswire_free() frees
 *	an answer whatever its count; callers outside dns.c/dnszone.c use
 *	dns_release().
 *
 *	dnswire_rdata() adds one record from uncompressed RR data: A and
 *	AAAA of exactly 4 and 16 octets; TXT with its strings joined (RFC
 *	7208 3.3); MX, PTR, NS, CNAME, SOA (mname) as a dotted name without
 *	the final dot. It returns 1 when a record was added, 0 when the data
 *	is malformed (nothing added).
 *
 *	dnswire_name() decodes an uncompressed wire name into out; it returns
 *	the octets consumed, or -1 when the name is malformed or does not fit.
 *	dnswire_put_name() encodes a dotted name at buf + o; it returns the
 *	new offset, or 0 when a label is empty or over 63 octets or buf is
 *	full.
 *
 *	dnswire_norm() lower-cases name and drops one final dot; it returns 0
 *	when the result is empty, over DNSWIRE_NAME_MAX octets or does not
 *	fit in out.
 */
#ifndef SL_DNSWIRE_H
#define SL_DNSWIRE_H

#include <stddef.h>

#include "dns.h"

#define DNSWIRE_NAME_MAX	253	/* a name in presentation form */

struct dns_answer *dnswire_answer(int status, const char *why);
void		 dnswire_add(struct dns_answer *, const void *, size_t,
		    unsigned pref);
void		 dnswire_free(struct dns_answer *);
int		 dnswire_rdata(struct dns_answer *, int type,
		    const unsigned char *, size_t);
int		 dnswire_name(const unsigned char *, size_t, char *, size_t);
size_t		 dnswire_put_name(unsigned char *, size_t o, size_t max,
		    const char *);
int		 dnswire_norm(const char *name, char *out, size_t outlen);

#endif
