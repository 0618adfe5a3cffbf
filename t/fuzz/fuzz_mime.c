/*
 * libFuzzer target: Content-Type, boundaries, Content-Transfer-Encoding
 * and Content-Disposition (RFC 2045, 2046, 2183).
 */
#include <stdint.h>
#include <stdlib.h>

#include "mime.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mime_ct ct;
	char name[MIME_MAX_CTE], disp[MIME_MAX_DISPOSITION];
	int exact;

	if (mime_content_type((const char *)data, size, &ct) == NULL &&
	    ct.boundary[0] != '\0')
		(void)mime_boundary_ok(ct.boundary);
	(void)mime_cte((const char *)data, size, name, sizeof(name), &exact);
	(void)mime_disposition((const char *)data, size, disp, sizeof(disp));
	return 0;
}
