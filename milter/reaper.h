/*
 * NAME
 *	reaper - free costly objects off the message path
 * SUMMARY
 *	reaper_start();				the daemon, after detaching
 *	reaper_defer(authres_free_cb, r);	from any thread
 *	reaper_stop();				at exit
 * DESCRIPTION
 *	Some objects cost time to free: a resolver joins its thread and tears
 *	down libunbound. When the last reference to one is dropped inside a
 *	libmilter callback, that time would be added to an MTA's wait.
 *	reaper_defer() hands fn(arg) to the reaper thread instead and returns
 *	at once; the thread runs the deferred calls in the order they came.
 *	Other work that must stay off the message path goes the same way:
 *	the refresh of a stale egress result (auth.c).
 *
 *	Without a running reaper (before reaper_start(), after reaper_stop(),
 *	in senderlint-check and the unit tests) reaper_defer() calls
 *	fn(arg) at once, on the caller's thread. reaper_stop() runs what is
 *	queued, then ends the thread; the reaper cannot be started again.
 *	All functions are thread-safe.
 * DIAGNOSTICS
 *	reaper_start() is fatal when the thread cannot be created.
 */
#ifndef SL_REAPER_H
#define SL_REAPER_H

void	reaper_start(void);
void	reaper_defer(void (*fn)(void *), void *arg);
void	reaper_stop(void);

#endif
