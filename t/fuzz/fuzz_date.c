/* libFuzzer target: RFC 5322 date-time. */
#include <stdint.h>
#include <stdlib.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct date d;

	date_parse((const char *)data, size, &d);
	return 0;
}
