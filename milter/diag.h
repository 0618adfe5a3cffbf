/*
 * NAME
 *	diag - collect configuration errors as "file:line:col: message"
 * DESCRIPTION
 *	Loaders report every error they find, not only the first, so that
 *	senderlint -n lists them all. Lines and columns count from 1.
 *	Errors of one file are kept in line and column order, whatever order
 *	the loader found them in.
 *	At most DIAG_MAX errors are kept; the rest are counted.
 */
#ifndef SL_DIAG_H
#define SL_DIAG_H

#include <stdio.h>

#define DIAG_MAX	100

struct diag {
	char	*msgs[DIAG_MAX];
	char	*file[DIAG_MAX];
	int	 pos[DIAG_MAX][2];
	size_t	 n;
	size_t	 dropped;
};

void	diag_init(struct diag *);
void	diag_clear(struct diag *);
void	diag_add(struct diag *, const char *file, int line, int col,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
size_t	diag_count(const struct diag *);
void	diag_print(const struct diag *, FILE *);

#endif
