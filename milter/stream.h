/*
 * NAME
 *	stream - mail streams: selection, sender identities, logins
 * SUMMARY
 *	struct streaminfo si;
 *
 *	stream_select(ruleset_streams(rs), m, &si);
 *	if (si.kind == SK_BULK && stream_transactional_from(si.set, addr))
 *		...
 * DESCRIPTION
 *	A rule file (senderlint-rules(5) STREAMS) names the mail streams a
 *	host sends, each of kind bulk or transactional, with the criteria
 *	that select it and the stable sender identity it must keep, and
 *	binds SASL logins to the From addresses they may use. The loader
 *	(rule.h: ruleset_load()) builds them into an immutable struct
 *	streamset that the rule set owns (ruleset_streams()); any number of
 *	threads may read it. This module knows nothing of rules or facts.
 *
 *	stream_select() picks the message's stream before the checks run:
 *	the first stream in file order whose match criteria all hold, read
 *	from the envelope, the connection data and the header fields. Every
 *	matching stream is counted and named in si so the checks can report
 *	an ambiguous mapping; when none matches, si names "unknown" with
 *	kind SK_NONE. stream_select_named() forces the stream called name
 *	(senderlint-check --stream); it returns 0, or -1 for an unknown name
 *	(si then names "unknown"). Both record set in si->set.
 *
 *	stream_login_allows() returns 1 when the first logins: entry whose
 *	glob matches login allows addr, 0 when it does not, and -1 when no
 *	entry binds this login. stream_transactional_from() returns 1 when
 *	addr (compared without case) is a literal From address in the
 *	identity of a transactional stream, else 0. A NULL set reads as
 *	one with no streams and no logins.
 *
 *	stream_kind_name() returns "bulk", "transactional" or "" (SK_NONE),
 *	the words of the rule file and of the output. stream_kind_parse()
 *	returns the kind such a word names, or -1 for another word.
 *
 *	streamset_free() frees a set and all it holds; NULL is a no-op.
 *	Pointers in a struct streaminfo point into the set, which must
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

struct streamset;

/* The stream chosen for a message, before the checks run. */
struct streaminfo {
	const char	*name;		/* "unknown" when none matched */
	enum stream_kind kind;		/* SK_NONE when none matched */
	const struct identity *id;	/* NULL when the stream has none */
	const char	*remove;	/* header to remove, or NULL */
	size_t		 nmatch;	/* how many streams matched */
	char		 matched[SL_MAX_DETAIL];	/* their names */
	const struct streamset *set;	/* chosen from, for the lookups */
};

void		 stream_select(const struct streamset *, const struct msg *,
		    struct streaminfo *);
int		 stream_select_named(const struct streamset *, const char *name,
		    struct streaminfo *);
int		 stream_login_allows(const struct streamset *,
		    const char *login, const char *addr);
int		 stream_transactional_from(const struct streamset *,
		    const char *addr);
const char	*stream_kind_name(enum stream_kind);
int		 stream_kind_parse(const char *);
void		 streamset_free(struct streamset *);

#endif
