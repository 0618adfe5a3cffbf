/*
 * NAME
 *	identstore - identity history in an embedded LMDB database
 * DESCRIPTION
 *	Remembers, per stream, each (From address, display name) pair that
 *	left this server: first and last time seen, how often, and whether
 *	a postmaster approved it. LMDB is crash-safe (copy-on-write, no
 *	recovery step), shared by all milter threads and by the
 *	senderlint-identity command, and survives restarts.
 *
 *	identstore_open() opens or creates the database directory; map_mb
 *	bounds its size. Lookups return 1 found, 0 not found, -1 on a
 *	database error (a temperror for the caller). Addresses are kept
 *	lowercased; names as given (NFC UTF-8).
 */
#ifndef SL_IDENTSTORE_H
#define SL_IDENTSTORE_H

#include <stddef.h>
#include <time.h>

struct identstore;

struct identrec {
	time_t		 first;
	time_t		 last;
	unsigned long	 count;
	int		 approved;
};

struct identstore	*identstore_open(const char *path, long map_mb, int readonly,
		    char *err, size_t errlen);
void		 identstore_close(struct identstore *);
/*
 * What the store knows about one message's identity, read in one
 * transaction so concurrent writers cannot make the answers disagree.
 */
struct identlookup {
	int		 known;		/* the (stream, from, name) was seen */
	struct identrec	 rec;
	int		 stream_seen;
	time_t		 stream_first;
	int		 other;		/* from used another name since ... */
	char		 other_name[256];
};

int		 identstore_check(struct identstore *, const char *stream,
		    const char *from, const char *name, time_t since,
		    struct identlookup *);
int		 identstore_record(struct identstore *, const char *stream,
		    const char *from, const char *name, time_t now);
int		 identstore_approve(struct identstore *, const char *stream,
		    const char *from, const char *name, time_t now);
/* Takes an approval back: 0, 1 when the identity is not known, -1. */
int		 identstore_revoke(struct identstore *, const char *stream,
		    const char *from, const char *name);
int		 identstore_list(struct identstore *, void (*)(void *, const char *,
		    const char *, const char *, const struct identrec *), void *);

#endif
