/*
 * NAME
 *	listurl - RFC 2369 URL lists (List-Unsubscribe and friends)
 * DESCRIPTION
 *	listurl_parse() reads a raw field body: one or more "<" URL ">"
 *	separated by commas, with comments and folding white space around
 *	them (RFC 2369 2); white space inside the brackets is ignored, as
 *	RFC 2369 2 says it must be. Each URL must start with a scheme
 *	(RFC 3986 3.1). It never refuses input: err and why describe the
 *	first problem. At most LISTURL_MAX URLs are kept, each cut at
 *	LISTURL_LEN octets (and counted).
 */
#ifndef SL_LISTURL_H
#define SL_LISTURL_H

#include <stddef.h>

#define LISTURL_MAX	16
#define LISTURL_LEN	1024

struct listurl {
	char	 scheme[16];		/* lowercased */
	char	 url[LISTURL_LEN + 1];	/* as written, white space removed */
};

struct urllist {
	struct listurl	 u[LISTURL_MAX];
	size_t		 n;
	size_t		 total;
	int		 err;
	char		 why[120];
};

void	listurl_parse(const char *, size_t, struct urllist *);

#endif
