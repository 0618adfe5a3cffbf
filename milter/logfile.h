/*
 * NAME
 *	logfile - read a mail log line by line: plain, gzip, or stdin
 * DESCRIPTION
 *	The only user of zlib. logfile_open() opens path ("-" is standard
 *	input), gzip-compressed or not (zlib reads either), and returns a
 *	new reader, or NULL with errno set. logfile_line() returns the next
 *	line without its line end in *line (valid until the next call) and
 *	its length, 0 at the end, or -1 on a read error (a corrupt or
 *	truncated .gz: the lines before it were returned). A last line
 *	without a line end is returned as it is. A line longer than max
 *	octets is returned cut to max octets with *cut set, the rest
 *	skipped, so memory stays bounded whatever the input.
 *	logfile_close(NULL) does nothing.
 */
#ifndef SL_LOGFILE_H
#define SL_LOGFILE_H

#include <stddef.h>

struct logfile;

struct logfile	*logfile_open(const char *path, size_t max);
int		 logfile_line(struct logfile *, const char **line,
		    size_t *len, int *cut);
void		 logfile_close(struct logfile *);

#endif
