/*
 * NAME
 *	mime - MIME header field parsers (RFC 2045 5.1, 6.1; RFC 2046 5.1.1;
 *	RFC 2183 2)
 * SYNOPSIS
 *	#include "mime.h"
 * DESCRIPTION
 *	mime_content_type() parses a raw Content-Type body: type "/" subtype
 *	*(";" attribute "=" value), with comments and white space allowed.
 *	It fills ct->type ("text/plain", lowercased), and, as written and
 *	unquoted, the boundary and charset parameters ("" when absent; the
 *	last one wins). Returns NULL, or the first syntax problem; on a
 *	problem what was parsed before it is left filled in. A parameter
 *	value longer than MIME_MAX_PARAM is a problem; a charset longer
 *	than ct->charset is dropped ("").
 *
 *	mime_boundary_ok() checks a boundary against RFC 2046 5.1.1: 1 to 70
 *	bchars, not ending in a space. Returns NULL or the problem.
 *
 *	mime_cte() reads a Content-Transfer-Encoding body: all white space
 *	is removed and what is left (at most len - 1 octets) copied to name.
 *	It returns MIME_CTE_QP or MIME_CTE_BASE64 when name starts with
 *	"quoted-printable" or "base64" (the body is decoded so), another
 *	MIME_CTE_* for 7bit, 8bit, binary and "x-" tokens, and
 *	MIME_CTE_UNKNOWN for anything else. *exact is 1 when name is exactly
 *	one of the five RFC 2045 6.1 mechanisms (any case) or an x-token.
 *	An absent field (s == NULL) is MIME_CTE_7BIT with name "".
 *
 *	mime_disposition() copies the disposition type of a
 *	Content-Disposition body ("inline", "attachment", lowercased) to
 *	out; "" and a problem when there is no token.
 */
#ifndef SL_MIME_H
#define SL_MIME_H

#include <stddef.h>

#include "limits.h"

#define MIME_MAX_TYPE		128
#define MIME_MAX_PARAM		256	/* one parameter value */
#define MIME_MAX_CHARSET	64
#define MIME_MAX_CTE		64
#define MIME_MAX_DISPOSITION	32

enum mime_cte {
	MIME_CTE_7BIT,
	MIME_CTE_8BIT,
	MIME_CTE_BINARY,
	MIME_CTE_QP,
	MIME_CTE_BASE64,
	MIME_CTE_XTOKEN,
	MIME_CTE_UNKNOWN
};

struct mime_ct {
	char	 type[MIME_MAX_TYPE];
	char	 boundary[MIME_MAX_PARAM];
	char	 charset[MIME_MAX_CHARSET];
};

const char	*mime_content_type(const char *, size_t, struct mime_ct *);
const char	*mime_boundary_ok(const char *);
enum mime_cte	 mime_cte(const char *, size_t, char *name, size_t len,
		    int *exact);
const char	*mime_disposition(const char *, size_t, char *out, size_t len);

#endif
