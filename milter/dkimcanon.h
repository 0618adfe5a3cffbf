/*
 * NAME
 *	dkimcanon - DKIM body canonicalisation, streaming (RFC 6376 3.4.3-3.4.4)
 * SUMMARY
 *	struct dkimcanon c;
 *	dkimcanon_init(&c, DKIMCANON_RELAXED, out, arg);
 *	dkimcanon_feed(&c, chunk, len);		each body chunk
 *	dkimcanon_end(&c);			once, at end of body
 * DESCRIPTION
 *	Turns the body, as it comes in chunks of any size, into the octets a
 *	DKIM body hash covers, handed to out(arg, p, n) in runs of at most
 *	DKIMCANON_BUF octets. Line ends are first made CRLF as libopendkim
 *	does with DKIM_LIBFLAGS_FIXCRLF (a bare LF gets a CR before it, a bare
 *	CR an LF after it), then:
 *
 *	simple	empty lines at the end of the body are dropped; a last line
 *		without CRLF gets one; an empty body is one CRLF.
 *	relaxed	moreover, WSP at the end of each line is dropped and every
 *		other run of WSP becomes one SP; an empty body stays empty.
 *
 *	No l= (body length): the caller leaves such signatures to libopendkim.
 *	Uses no memory beyond the struct: empty lines are counted, not kept.
 */
#ifndef SL_DKIMCANON_H
#define SL_DKIMCANON_H

#include <stddef.h>

#define DKIMCANON_SIMPLE	0
#define DKIMCANON_RELAXED	1
#define DKIMCANON_BUF		4096

typedef void dkimcanon_out(void *, const unsigned char *, size_t);

struct dkimcanon {
	int		 relaxed;
	dkimcanon_out	*out;
	void		*arg;
	int		 cr;		/* a CR held: is an LF next? */
	int		 wsp;		/* relaxed: WSP held within the line */
	int		 content;	/* the line has octets out */
	size_t		 blank;		/* empty lines held back */
	size_t		 total;		/* octets out */
	size_t		 n;		/* in buf */
	unsigned char	 buf[DKIMCANON_BUF];
};

void	dkimcanon_init(struct dkimcanon *, int, dkimcanon_out *, void *);
void	dkimcanon_feed(struct dkimcanon *, const unsigned char *, size_t);
void	dkimcanon_end(struct dkimcanon *);

#endif
