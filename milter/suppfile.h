/*
 * NAME
 *	suppfile - the line formats senderlint-suppress imports and exports
 * DESCRIPTION
 *	suppfile_line() reads one line (without its line end; a trailing CR
 *	is dropped) into an entry. Blank lines, lines starting with '#' and
 *	a header line (first field "address") give 0. Otherwise it returns
 *	1 with *e filled, or -1 with the reason in err.
 *
 *	Lists (the default):
 *	    address
 *	    address,reason,date[,stream]
 *	A line without a comma is one address (or @domain); its reason,
 *	date and scope are the defaults in opts. CSV follows RFC 4180: a
 *	field may be in double quotes, a quote inside one doubled; white
 *	space around a field is ignored; an empty field takes the default.
 *	A scope of "*" or "" means every stream.
 *
 *	Unsubscribe requests (opts->unsub, RFC 8058 endpoints):
 *	    address [list-id [date]]
 *	separated by white space or commas; the reason is unsubscribed. A
 *	list-id (RFC 2919, angle brackets optional) is mapped to a stream
 *	through opts->map ("list-id=stream"; "list-id=" for every stream);
 *	a list-id without a mapping is an error. Without a list-id the
 *	scope is opts->stream.
 *
 *	Every stream named (in a line, a mapping or opts->stream) is passed
 *	to opts->stream_ok, which returns 0 for a stream the rule file does
 *	not define; it may be NULL (then any name is taken).
 *
 *	suppfile_csv() appends one entry as an export line: address,reason,
 *	date,stream with the date in full (UTC) and an empty stream for
 *	every stream, quoted where RFC 4180 needs it or where the line
 *	would read as a comment ("#x"@example.net is valid), no line end.
 */
#ifndef SL_SUPPFILE_H
#define SL_SUPPFILE_H

#include <stddef.h>
#include <time.h>

#include "suppress.h"
#include "util.h"

struct suppfile_opts {
	int		 unsub;		/* unsubscribe requests */
	int		 reason;	/* default, enum supp_reason */
	time_t		 date;		/* default date */
	const char	*stream;	/* default scope, "" every stream */
	const char	*const *map;	/* "list-id=stream", ..., NULL */
	int		(*stream_ok)(void *, const char *);
	void		*arg;
};

int	suppfile_line(const struct suppfile_opts *, const char *, size_t,
	    struct supp_entry *, char *err, size_t errlen);
void	suppfile_csv(const struct supp_entry *, struct sbuf *);

#endif
