/*
 * NAME
 *	stream - mail streams: kinds, sender identities, the chosen stream
 * DESCRIPTION
 *	A rule file (senderlint-rules(5) STREAMS) names the mail streams a
 *	host sends, each of kind bulk or transactional, with the criteria
 *	that select it and the stable sender identity it must keep.
 *
 *	stream_kind_name() returns "bulk", "transactional" or "" (SK_NONE),
 *	the words of the rule file and of the output. stream_kind_parse()
 *	returns the kind such a word names, or -1 for another word.
 *
 *	Pointers in a struct streaminfo point into the rule set, which must
 *	outlive it.
 */
#ifndef SL_STREAM_H
#define SL_STREAM_H

#include "limits.h"
#include "msg.h"

enum stream_kind {
	SK_NONE,		/* no stream */
	SK_BULK,
	SK_TRANSACTIONAL
};

/*
 * A stream's stable sender identity. From entries are "Display Name
 * <addr>" or a bare address glob; a NULL name means any display name.
 * Names are kept NFC-normalized UTF-8.
 */
struct ident_from {
	char	*name;
	char	*addr;		/* glob, compared without case */
};

struct identity {
	struct ident_from *from;
	size_t		 nfrom;
	char		**reply_to;	/* address globs */
	size_t		 nreply_to;
	char		**mail_from_domain;	/* domain globs */
	size_t		 nmail_from_domain;
	long		 learning;	/* seconds before drift is reported */
};

/* The stream chosen for a message, before the checks run. */
struct streaminfo {
	const char	*name;		/* "unknown" when none matched */
	enum stream_kind kind;		/* SK_NONE when none matched */
	const struct identity *id;	/* NULL when the stream has none */
	const char	*remove;	/* header to remove once matched, or NULL */
	size_t		 nmatch;	/* how many streams matched */
	char		 matched[SL_MAX_DETAIL];	/* their names */
};

const char	*stream_kind_name(enum stream_kind);
int		 stream_kind_parse(const char *);

#endif
