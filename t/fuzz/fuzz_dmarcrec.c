/* libFuzzer target: DMARC records. */
#include <stdint.h>
#include <stdlib.h>

#include "dmarcrec.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dmarcrec r;

	(void)dmarcrec_is_dmarc((const char *)data, size);
	(void)dmarcrec_parse((const char *)data, size, &r);
	return 0;
}
