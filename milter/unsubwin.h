/*
 * NAME
 *	unsubwin - the window of unsubscribe URIs that left, per stream
 *	(LMDB)
 * SYNOPSIS
 *	w = unsubwin_open(path, map_mb, size, age, readonly, err, errlen);
 *	unsubwin_seen(w, stream, uri, now, &rcpt, &when);
 *	unsubwin_add(w, stream, uri, rcpt, now);	at commit
 *	unsubwin_close(w);
 * DESCRIPTION
 *	The decisive signal for unsub.recipient-token is one only an MTA
 *	filter has: the same https unsubscribe URI sent to different
 *	recipients. The window remembers, per stream, each URI that left
 *	(a 64-bit hash of stream and URI, never the URI itself), when it
 *	was last sent and a 64-bit hash of the recipients of its first copy
 *	(unsubwin_rcpt_hash(): the lowercased addresses, in any order; no
 *	address is stored in clear).
 *
 *	It lives in an LMDB directory, so it survives restarts and is
 *	shared by every milter thread; senderlint-check opens it read-only
 *	(readonly: nothing is created or written). It is bounded twice: at
 *	most size URIs, none last sent more than age seconds ago; each
 *	unsubwin_add() drops the oldest entries past either bound (at most
 *	UNSUBWIN_EVICT per call). map_mb bounds the file.
 *
 *	unsubwin_seen() returns 1 when the URI is in the window (and not
 *	older than age at now), with the recipients' hash and the time it
 *	was last sent; 0 when not; -1 on a database error (a temperror for
 *	the caller). unsubwin_add() records a copy sent at now: a new URI
 *	with rcpt, a known one keeps its first recipients and gets the new
 *	time. Returns 0, or -1 on a database error (logged).
 *	unsubwin_open() returns NULL with err set when the directory cannot
 *	be opened (or, read-only, does not exist yet).
 */
#ifndef SL_UNSUBWIN_H
#define SL_UNSUBWIN_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define UNSUBWIN_SIZE	100000		/* (cfg) URIs remembered */
#define UNSUBWIN_AGE	(30 * 86400)	/* (cfg) for this many seconds */
#define UNSUBWIN_MAP_MB	64		/* (cfg) LMDB map size */
#define UNSUBWIN_EVICT	64		/* entries dropped per unsubwin_add() */

struct unsubwin;

struct unsubwin	*unsubwin_open(const char *path, long map_mb, long size,
		    long age, int readonly, char *err, size_t errlen);
void		 unsubwin_close(struct unsubwin *);
int		 unsubwin_seen(struct unsubwin *, const char *stream,
		    const char *uri, time_t now, uint64_t *rcpt, time_t *when);
int		 unsubwin_add(struct unsubwin *, const char *stream,
		    const char *uri, uint64_t rcpt, time_t now);
uint64_t	 unsubwin_rcpt_hash(char *const *rcpt, size_t n);

#endif
