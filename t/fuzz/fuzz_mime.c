/* libFuzzer target: Content-Type and boundaries (RFC 2045, 2046). */
#include <stdint.h>
#include <stdlib.h>

#include "mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char type[MIME_MAX_TYPE], boundary[256];

	if (mime_content_type((const char *)data, size, type, sizeof(type),
	    boundary, sizeof(boundary)) == NULL && boundary[0] != '\0')
		(void)mime_boundary_ok(boundary);
	return 0;
}
