/*
 * NAME
 *	stream - mail streams: kinds, sender identities, the chosen stream
 * DESCRIPTION
 *	See stream.h.
 */
#include <string.h>

#include "stream.h"

static const char *const kind_names[] = { "", "bulk", "transactional" };

const char *
stream_kind_name(enum stream_kind k)
{
	return k == SK_BULK || k == SK_TRANSACTIONAL ? kind_names[k] : "";
}

int
stream_kind_parse(const char *s)
{
	if (strcmp(s, kind_names[SK_BULK]) == 0)
		return SK_BULK;
	if (strcmp(s, kind_names[SK_TRANSACTIONAL]) == 0)
		return SK_TRANSACTIONAL;
	return -1;
}
