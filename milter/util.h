/*
 * NAME
 *	util - allocators that never return NULL, bounded string buffers
 * DESCRIPTION
 *	x*alloc() abort through log_fatal() when memory runs out: a milter
 *	that cannot allocate cannot answer anyway, and the MTA applies
 *	milter_default_action.
 *
 *	struct sbuf is a growable string with a ceiling: len < cap, s[len]
 *	is always NUL, and len never exceeds max. Appends past max are cut
 *	and set trunc, so every truncation is visible to the caller.
 */
#ifndef SL_UTIL_H
#define SL_UTIL_H

#include <stddef.h>
#include <stdarg.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

struct sbuf {
	char	*s;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
	int	 trunc;
};

void	 sbuf_init(struct sbuf *, size_t max);
void	 sbuf_reset(struct sbuf *);
void	 sbuf_clear(struct sbuf *);
void	 sbuf_add(struct sbuf *, const char *, size_t);
void	 sbuf_adds(struct sbuf *, const char *);
void	 sbuf_addc(struct sbuf *, int);
void	 sbuf_printf(struct sbuf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sbuf_vprintf(struct sbuf *, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
/* Appends a copy safe for logs and SMTP replies: printable ASCII only. */
void	 sbuf_add_printable(struct sbuf *, const char *, size_t);

int	 glob_match(const char *pattern, const char *s);
/* 1 if one of the n octets at p is >= 0x80; 8 octets at a time. */
int	 has_8bit(const void *p, size_t n);
double	 now_ms(void);
/* "600", "30m", "12h", "7d" in seconds, at most max: 0, or -1. */
int	 parse_duration(const char *, long max, long *);
/*
 * p taken relative to the directory of the file base (malloc'd): p
 * itself when absolute, else that directory (made absolute when it
 * exists) joined with p.
 */
char	*path_relative(const char *base, const char *p);

#endif
