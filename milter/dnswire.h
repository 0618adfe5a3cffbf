/*
 * NAME
 *	dnswire - DNS answers and the DNS wire format
 * SUMMARY
 *	struct dns_answer *a = dnswire_answer(DNS_NODATA, NULL);
 *	dnswire_rdata(a, DNS_TXT, rdata, rdlen);
 *	n = dns_packet(a, "example.com", DNS_TXT, buf, sizeof(buf));
 * DESCRIPTION
 *	The half of the resolver that knows no library: building the
 *	shared answer type (the resolver in dns.h hands it out), decoding RR
 *	data as libunbound hands it out, encoding names and whole reply
 *	packets (dns_packet(), for libopendkim's sake), and the table of
 *	type names.
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
#include <stdint.h>

enum dns_type {
	DNS_A = 1,
	DNS_NS = 2,
	DNS_CNAME = 5,
	DNS_SOA = 6,
	DNS_PTR = 12,
	DNS_MX = 15,
	DNS_TXT = 16,
	DNS_AAAA = 28
};

enum dns_status {
	DNS_OK,
	DNS_NODATA,
	DNS_NXDOMAIN,
	DNS_TEMPFAIL
};

struct dns_rr {
	unsigned char	*data;
	size_t		 len;
	unsigned	 pref;		/* MX preference */
};

struct dns_answer {
	int		 status;	/* enum dns_status */
	char		 why[48];	/* DNS_TEMPFAIL: "timeout", ... */
	uint32_t	 ttl;
	size_t		 n;
	struct dns_rr	*rr;
	int		 refs;		/* private */
};

const char	*dns_type_name(int);
int		 dns_type_code(const char *);	/* -1 unknown */

/*
 * A DNS reply packet with one question and the answer's TXT records, for
 * libraries that parse wire format (libopendkim). Returns its length, or
 * 0 if it does not fit.
 */
size_t		 dns_packet(const struct dns_answer *, const char *name,
		    int type, unsigned char *buf, size_t buflen);

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
