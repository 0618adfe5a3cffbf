/*
 * NAME
 *	text - Unicode text helpers (the only user of libunistring)
 * DESCRIPTION
 *	nfc_normalize() appends the NFC normalization (Unicode 15 via
 *	libunistring's u8_normalize) of n octets of UTF-8 to out, and
 *	returns 0; when the input is not valid UTF-8 it appends the input
 *	unchanged and returns -1. Display names are compared after this, so
 *	"é" written precomposed or as "e" + U+0301 compare equal.
 */
#ifndef SL_NFC_H
#define SL_NFC_H

#include <stddef.h>

#include "util.h"

int	nfc_normalize(const char *, size_t, struct sbuf *out);

#endif
