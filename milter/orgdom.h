/*
 * NAME
 *	orgdom - organizational domains by the Public Suffix List (RFC 7489 3.2)
 * DESCRIPTION
 *	The only user of libpsl. orgdom_open() loads a PSL file, or with
 *	NULL the system list (Debian's publicsuffix package). orgdom_psl()
 *	writes the organizational domain of a name: its public suffix plus
 *	one label, lowercased; it returns 1, or 0 when there is none (the
 *	name is itself a public suffix, or not a domain name).
 *	A loaded list is immutable and may be shared by threads.
 */
#ifndef SL_ORGDOM_H
#define SL_ORGDOM_H

#include <stddef.h>

struct orgdom;

struct orgdom	*orgdom_open(const char *file, char *err, size_t errlen);
void		 orgdom_close(struct orgdom *);
int		 orgdom_psl(const struct orgdom *, const char *name, char *out,
		    size_t len);

#endif
