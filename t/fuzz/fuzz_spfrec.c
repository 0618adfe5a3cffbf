/*
 * libFuzzer target: SPF records. The strict pre-check (spfrec.c) on any
 * input; whatever it lets pass also goes through libspf2's record
 * compiler, the part of libspf2 a published record reaches first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "dnszone.h"
#include "spf.h"
#include "spfrec.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dns *d;
	static struct spf *s;
	struct spfrec r;
	char why[128];

	if (s == NULL) {
		d = dns_new_static();
		s = spf_new(d);
	}
	if (spfrec_is_spf((const char *)data, size)) {
		memset(&r, 0, sizeof(r));
		(void)spfrec_check((const char *)data, size, &r, why,
		    sizeof(why));
		r.v6client = 1;		/* the CIDR-0 rewrite for both families */
		(void)spfrec_check((const char *)data, size, &r, why,
		    sizeof(why));
	}
	(void)spf_compile_check(s, (const char *)data, size);
	return 0;
}
