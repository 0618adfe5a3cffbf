/* libFuzzer target: DKIM key records, and PTR names (ptrname.c). */
#include <stdint.h>
#include <stdlib.h>

#include "dkimkey.h"
#include "ptrname.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dkimkey k;
	char why[PTRNAME_WHY];

	(void)dkimkey_parse((const char *)data, size, &k);
	(void)ptrname_generic((const char *)data, size, "192.0.2.1", why,
	    sizeof(why));
	return 0;
}
