/*
 * NAME
 *	text - NFC normalization with libunistring
 */
#include <stdlib.h>
#include <uninorm.h>
#include <unistr.h>

#include "nfc.h"

int
nfc_normalize(const char *s, size_t n, struct sbuf *out)
{
	uint8_t *r;
	size_t rl = 0;

	if (u8_check((const uint8_t *)s, n) != NULL) {
		sbuf_add(out, s, n);
		return -1;
	}
	if ((r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL,
	    &rl)) == NULL) {
		sbuf_add(out, s, n);
		return -1;
	}
	sbuf_add(out, (const char *)r, rl);
	free(r);
	return 0;
}
