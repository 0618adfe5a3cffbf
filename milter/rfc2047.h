/*
 * NAME
 *	rfc2047 - decode RFC 2047 encoded-words in a phrase to UTF-8
 * DESCRIPTION
 *	rfc2047_phrase() turns a display name as written (atoms, quoted
 *	strings, encoded-words, as addr_parse() returns it) into UTF-8 text:
 *	quoted strings lose their quotes and quoted-pairs, encoded-words
 *	(RFC 2047 2, 4) are decoded from their charset with iconv, white
 *	space between two adjacent encoded-words is dropped (RFC 2047 6.2),
 *	other runs of white space become one space. Raw 8-bit text is kept
 *	as it is. Returns 0, or -1 when some encoded-word could not be
 *	decoded (unknown charset, bad encoding); that word is then kept as
 *	written. The output is bounded by the sbuf's ceiling.
 */
#ifndef SL_RFC2047_H
#define SL_RFC2047_H

#include <stddef.h>

#include "util.h"

int	rfc2047_phrase(const char *, size_t, struct sbuf *);

#endif
