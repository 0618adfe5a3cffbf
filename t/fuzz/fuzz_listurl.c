/* libFuzzer target: RFC 2369 URL lists (List-Unsubscribe). */
#include <stdint.h>
#include <stdlib.h>

#include "listurl.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct urllist u;

	listurl_parse((const char *)data, size, &u);
	return 0;
}
