/*
 * NAME
 *	bodyscan - look for an unsubscribe link in the text of a message
 * DESCRIPTION
 *	A streaming walker over the body, fed one line at a time (without
 *	its line end) by msg_body(). It follows multipart boundaries (up to
 *	BODYSCAN_DEPTH levels), reads each part's Content-Type and
 *	Content-Transfer-Encoding, decodes base64 and quoted-printable, and
 *	searches the decoded text of text/plain and text/html parts for the
 *	configured patterns (ASCII case-insensitive; UTF-8 patterns match
 *	as written).
 *
 *	A link is found when a pattern occurs in an HTML part after an "<a"
 *	tag opened, or in a plain-text part within BODYSCAN_NEAR octets of
 *	"http". Work is bounded: at most BODYSCAN_MAX decoded octets are
 *	searched per message, and nothing is kept but a small window.
 */
#ifndef SL_BODYSCAN_H
#define SL_BODYSCAN_H

#include <stddef.h>

#define BODYSCAN_DEPTH	8
#define BODYSCAN_MAX	(4 * 1024 * 1024)
#define BODYSCAN_NEAR	300
#define BODYSCAN_WIN	2048
#define BODYSCAN_PATTERNS 256	/* patterns used, at most */

struct bodyscan {
	const char *const *patterns;	/* NULL-terminated, lowercase */
	size_t	 npat;
	unsigned short plen[BODYSCAN_PATTERNS];
	unsigned char first[256];	/* 1: some pattern starts so */
	char	 bound[BODYSCAN_DEPTH][72];
	int	 nbound;
	int	 in_headers;		/* reading a part's header */
	char	 hdr[512];		/* the part header field being read */
	size_t	 hdrlen;
	char	 ctype[128];		/* of the current part */
	char	 ctename[64];		/* its Content-Transfer-Encoding */
	char	 newbound[72];
	int	 cte;			/* 0 none, 1 quoted-printable, 2 base64 */
	int	 text;			/* 0 skip, 1 plain, 2 html */
	int	 anchor;		/* an "<a" seen in this HTML part */
	unsigned long b64;		/* base64 bit buffer */
	int	 b64bits;
	char	 win[BODYSCAN_WIN];	/* decoded text window */
	size_t	 winlen;
	size_t	 scanned;
	int	 found;
	int	 parts;			/* text parts searched */
	int	 midline;		/* the last piece had no line end */
};

void	bodyscan_init(struct bodyscan *, const char *const *patterns,
	    const char *ctype, const char *boundary, const char *cte);
/* more: the line goes on in the next call (long lines come in pieces) */
void	bodyscan_line(struct bodyscan *, const char *, size_t, int more);
void	bodyscan_end(struct bodyscan *);

#endif
