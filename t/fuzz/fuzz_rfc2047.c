/* libFuzzer target: RFC 2047 phrase decoding and the well-formedness check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rfc2047.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sbuf out;
	char why[200];
	char *copy = malloc(size ? size : 1);	/* no NUL: overreads show */

	sbuf_init(&out, 4096);
	(void)rfc2047_phrase((const char *)data, size, &out);
	sbuf_clear(&out);
	memcpy(copy, data, size);
	(void)rfc2047_malformed(copy, size, why, sizeof(why));
	free(copy);
	return 0;
}
