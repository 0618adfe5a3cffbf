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
 *
 *	rfc2047_malformed() looks at every encoded-word in a field body
 *	(a word that starts "=?charset?X?" after white space, '(' or '"', or
 *	at the start) and returns NULL when all are well formed, else the
 *	first problem, written into buf: an encoding other than B or Q, a
 *	charset iconv does not know, B text that is not base64 (RFC 2045
 *	6.8, with its padding), Q text with a space, '?' or a bad "=XX"
 *	(RFC 2047 4.2), a word longer than 75 characters (RFC 2047 2), no
 *	"?=" before white space, or a word not followed by white space or
 *	the end of a phrase (RFC 2047 5).
 */
#ifndef SL_RFC2047_H
#define SL_RFC2047_H

#include <stddef.h>

#include "util.h"

int		 rfc2047_phrase(const char *, size_t, struct sbuf *);
const char	*rfc2047_malformed(const char *, size_t, char *buf, size_t len);

#endif
