/* libFuzzer target: RFC 2047 phrase decoding. */
#include <stdint.h>
#include <stdlib.h>

#include "rfc2047.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbuf out;

	sbuf_init(&out, 4096);
	(void)rfc2047_phrase((const char *)data, size, &out);
	sbuf_clear(&out);
	return 0;
}
