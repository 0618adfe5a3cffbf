/*
 * NAME
 *	msgidwin - a bounded window of recently sent Message-IDs
 * DESCRIPTION
 *	Remembers at most size ids, each for at most age seconds; the oldest
 *	is forgotten first. msgidwin_seen() returns 1 and when the id was sent
 *	if it is in the window, else 0. msgidwin_add() records an id as sent
 *	now, unless it is already there (the first sending counts); callers
 *	add only messages that actually leave, so a deferred and retried
 *	message is not its own duplicate. Thread-safe; memory
 *	is bounded by size times the id length (ids over 998 octets are
 *	not kept).
 */
#ifndef SL_MSGIDWIN_H
#define SL_MSGIDWIN_H

#include <stddef.h>
#include <time.h>

struct msgidwin;

struct msgidwin	*msgidwin_new(size_t size, long age);
void		 msgidwin_free(struct msgidwin *);
int		 msgidwin_seen(struct msgidwin *, const char *id, time_t now,
		    time_t *when);
void		 msgidwin_add(struct msgidwin *, const char *id, time_t now);

#endif
