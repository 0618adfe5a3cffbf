/* libFuzzer target: RFC 5322 msg-id lists. */
#include <stdint.h>
#include <stdlib.h>

#include "msgid.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct msgidlist m;

	msgid_parse((const char *)data, size, size > 0 && (data[0] & 1) ?
	    MSGID_SINGLE : 0, &m);
	return 0;
}
