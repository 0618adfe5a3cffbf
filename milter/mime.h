/*
 * NAME
 *	mime - the top-level MIME header (RFC 2045 5.1, 6.1; RFC 2046 5.1.1)
 * DESCRIPTION
 *	mime_content_type() parses a raw Content-Type body: type "/" subtype
 *	*(";" attribute "=" value), with comments and white space allowed.
 *	It fills type ("text/plain", lowercased) and, for multipart types,
 *	the boundary parameter (unquoted). Returns NULL, or the first
 *	syntax problem. Values longer than the buffers are cut and reported.
 *
 *	mime_boundary_ok() checks a boundary against RFC 2046 5.1.1: 1 to 70
 *	bchars, not ending in a space.
 */
#ifndef SL_MIME_H
#define SL_MIME_H

#include <stddef.h>

#include "limits.h"

#define MIME_MAX_TYPE	128

const char	*mime_content_type(const char *, size_t, char *type,
		    size_t typelen, char *boundary, size_t blen);
const char	*mime_boundary_ok(const char *);

#endif
