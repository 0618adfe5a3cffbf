/* libFuzzer target: RFC 5322 address lists and the domain check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct addrlist a;
	size_t i;
	int flags = size > 0 ? data[0] & 3 : 0;

	addr_parse((const char *)data, size, flags, &a);
	for (i = 0; i < a.n; i++) {
		(void)addr_domain_check(a.mb[i].domain, 0);
		(void)addr_domain_check(a.mb[i].domain, 1);
	}
	addr_clear(&a);
	return 0;
}
