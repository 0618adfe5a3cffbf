/*
 * NAME
 *	mailfile - read messages from .eml and mbox files into struct msg
 * DESCRIPTION
 *	mailfile_read() reads a whole file (at most SL_MAX_MSG_BYTES; "-"
 *	is standard input). mailfile_next() yields its messages one at a
 *	time: the file itself, or each message of an mbox (a file whose
 *	first line starts with "From "; ">From " lines are unquoted). For
 *	an mbox, mf->line is the line of the message's "From " line and
 *	mf->bad says why the message is not whole, or is NULL: "empty" (a
 *	"From " line and nothing else) or "cut short" (the file ends inside
 *	a line, as when a copy was interrupted). The caller skips such a
 *	message; the messages before and after it are whole.
 *
 *	mailfile_walk() calls each() for every message file under path: the
 *	file itself, or, for a directory, every regular file below it in
 *	name order, skipping names that start with '.', the tmp directory of
 *	a Maildir (deliveries in progress) and symbolic links to directories;
 *	at most SL_MAX_WALK_DEPTH levels. It returns -1 with err set when
 *	path cannot be read; errors below it are passed to each() as a NULL
 *	file with the reason.
 *
 *	mailfile_feed() gives one message to a struct msg the way Postfix
 *	gives it to a milter: header values raw with their leading space,
 *	folded lines joined by LF, CRs dropped from headers; Return-Path,
 *	Bcc, Resent-Bcc and Content-Length withheld (Postfix does not pass
 *	them); the body streamed. Return-Path is returned through rpath
 *	(malloc'd, or NULL) because it stands in for MAIL FROM; with rpath
 *	NULL it is kept as a header, as Sendmail would pass it.
 */
#ifndef SL_MAILFILE_H
#define SL_MAILFILE_H

#include <stddef.h>

#include "msg.h"

struct mailfile {
	char	*buf;
	size_t	 len;
	size_t	 pos;
	int	 mbox;
	size_t	 index;		/* messages yielded so far */
	unsigned long line;	/* mbox: line of the last message's "From " */
	unsigned long next_line;	/* mbox: the line at pos */
	const char *bad;	/* mbox: why the last message is not whole */
};

int	mailfile_read(struct mailfile *, const char *path, char *err,
	    size_t errlen);
int	mailfile_next(struct mailfile *, char **msg, size_t *len);
void	mailfile_clear(struct mailfile *);
int	mailfile_walk(const char *path,
	    void (*each)(void *arg, const char *file, const char *err),
	    void *arg, char *err, size_t errlen);
void	mailfile_feed(struct msg *, const char *data, size_t len,
	    char **rpath);

#endif
