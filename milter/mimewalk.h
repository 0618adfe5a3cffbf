/*
 * NAME
 *	mimewalk - one streaming MIME walker that body checks observe
 * SUMMARY
 *	struct mimewalk *w = mimewalk_new();
 *	mimewalk_observe(w, &my_ops, my_state);
 *	mimewalk_begin(w, ct, ctlen, cte, ctelen, cd, cdlen);
 *	mimewalk_body(w, chunk, len);	... as the chunks come
 *	mimewalk_end(w);
 *	mimewalk_delims(w); mimewalk_closes(w);
 *	mimewalk_mislabeled(w, &first);
 *	mimewalk_free(w);
 * DESCRIPTION
 *	The walker is fed the body in arrival order, in chunks of any size,
 *	with CRLF or bare LF line ends (a CR and its LF may arrive in
 *	different chunks). mimewalk_begin() takes the message's own
 *	Content-Type, Content-Transfer-Encoding and Content-Disposition
 *	field bodies (NULL when absent; the first of each, as sent).
 *
 *	It follows multipart boundaries (RFC 2046 5.1) up to
 *	SL_MAX_MIME_DEPTH levels, reads each part's header, and tells every
 *	observer about each leaf part: part_start() with its type, charset,
 *	disposition, transfer encoding and depth (the number of multipart
 *	boundaries around it); part_data() with its content, decoded from
 *	base64 or quoted-printable (RFC 2045 6.7, 6.8), lines ending in LF
 *	(base64 content as decoded, without added line ends); part_end().
 *	A part is decoded only when some observer's part_start() returned
 *	1. A multipart whose boundary is invalid, or that lies deeper than
 *	the limit, is a leaf of its own type. A line starting with
 *	"--boundary" ends the open part (the innermost boundary that
 *	matches wins); with "--" after the boundary it closes that
 *	multipart.
 *
 *	The walker also counts the lines that are top-level delimiters
 *	("--boundary", then only white space) and close delimiters
 *	("--boundary--"), wherever they stand in the body, for the MIME
 *	structure check: mimewalk_delims(), mimewalk_closes(). Both are 0
 *	for a message that is not a valid multipart.
 *
 *	It counts the leaf parts whose Content-Transfer-Encoding promises
 *	7-bit content (RFC 2045 2.7, 6.2, 6.7, 6.8: "7bit" as written,
 *	quoted-printable, base64) while the content as sent has an octet
 *	of 0x80 or above: mimewalk_mislabeled() returns that count and, when
 *	it is not 0, describes the first such part in *first (type,
 *	transfer encoding and depth; charset and disposition ""; the
 *	strings live as long as the walker). A part without the field (the
 *	7bit default of RFC 2045 6.1) is not counted: it promises nothing
 *	in writing. Every body octet of such parts is looked at, beyond
 *	SL_MAX_BODY_SEARCH too; preambles, epilogues and part headers are not.
 *
 *	mimewalk_not_utf8() counts the leaf parts whose Content-Type says
 *	charset=utf-8 (or utf8) while their decoded content is not
 *	well-formed UTF-8 (RFC 3629 4: no stray continuation octet, no
 *	overlong form, no surrogate, nothing past U+10FFFF, no sequence cut
 *	at the part's end), within the SL_MAX_BODY_SEARCH decoded octets;
 *	first gets the first one's type and depth. Such parts are decoded
 *	whether or not an observer wants them.
 *
 *	mimewalk_multipart_cte() counts the nested multiparts (below the
 *	message's own header) whose Content-Transfer-Encoding is other than
 *	7bit, 8bit or binary (RFC 2045 6.4) and names the first one's in
 *	*name ("base64", "quoted-printable", "an x-token", "an unknown
 *	encoding").
 *
 *	Malformed input is walked as far as it goes; nothing here fails.
 *	Work is linear in the body size. Memory is fixed: a line is read in
 *	pieces of SL_MAX_MIME_LINE octets, a part header field keeps at most
 *	SL_MAX_MIME_FIELD octets (longer ones are ignored), and at most
 *	SL_MAX_BODY_SEARCH decoded octets per message are passed to
 *	observers; the rest is not decoded.
 *
 *	Observers (at most SL_MAX_MIME_OBSERVERS; mimewalk_observe()
 *	returns -1 beyond) are registered before mimewalk_begin(); the
 *	walker does not own their state.
 */
#ifndef SL_MIMEWALK_H
#define SL_MIMEWALK_H

#include <stddef.h>

#include "mime.h"

struct mimewalk;

struct mimepart {
	const char	*type;		/* lowercase; "" without Content-Type,
					   "application/x-bad" if it does not
					   parse */
	const char	*charset;	/* as written; "" when absent */
	const char	*disposition;	/* lowercase; "" when absent */
	enum mime_cte	 cte;
	int		 depth;
};

struct mimewalk_ops {
	int	(*part_start)(void *arg, const struct mimepart *);
	void	(*part_data)(void *arg, const char *, size_t);
	void	(*part_end)(void *arg);
};

struct mimewalk	*mimewalk_new(void);
void		 mimewalk_free(struct mimewalk *);
int		 mimewalk_observe(struct mimewalk *, const struct mimewalk_ops *,
		    void *arg);
void		 mimewalk_begin(struct mimewalk *, const char *ct, size_t ctlen,
		    const char *cte, size_t ctelen, const char *cd, size_t cdlen);
void		 mimewalk_body(struct mimewalk *, const unsigned char *, size_t);
/*
 * Called with 1 before mimewalk_body() while every body octet so far,
 * that chunk's included, is below 0x80 (the caller scans them anyway):
 * the walker then skips its own scan for 8-bit octets in 7-bit parts.
 */
void		 mimewalk_all7(struct mimewalk *, int);
void		 mimewalk_end(struct mimewalk *);
unsigned long	 mimewalk_delims(const struct mimewalk *);
unsigned long	 mimewalk_closes(const struct mimewalk *);
unsigned long	 mimewalk_mislabeled(const struct mimewalk *,
		    struct mimepart *first);
unsigned long	 mimewalk_not_utf8(const struct mimewalk *,
		    struct mimepart *first);
unsigned long	 mimewalk_multipart_cte(const struct mimewalk *,
		    const char **name);

#endif
