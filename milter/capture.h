/*
 * NAME
 *	capture - keep a sample of judged messages for replay
 * SUMMARY
 *	capture_attach(conf, m);	at MAIL FROM: keeps the body's start
 *	... judge(&env, m, j) ...
 *	capture_message(conf, m, j);	at the end of the message
 * DESCRIPTION
 *	With a capture section in the config (senderlint.conf(5)) the daemon
 *	keeps, for a sample of the messages it judges, what senderlint-check
 *	needs to judge them again the same way: one record (caprec.h) per
 *	message in the capture store, a directory.
 *
 *	capture_attach() registers a raw body observer on m that keeps the
 *	first capture body_kb KB of the body; it does nothing when capture
 *	is off or body_kb is 0. capture_message() decides whether to keep
 *	the message: always when its action is one of capture always
 *	actions or one of its rules (enforced, monitor or undecided) matches
 *	a glob of capture always rules; else one message in 1 / rate, evenly
 *	spaced (rate 1: all, 0: none). A kept message is written as a new
 *	file, mode 0600, created by the daemon's own user (after it dropped
 *	privileges) under a temporary name starting with '.' and renamed
 *	into place, so a reader sees a whole record or none. The store
 *	directory is created, mode 0700, when missing.
 *
 *	The store is bounded: after each write the oldest records are
 *	removed while the store holds more than capture max_mb, more than
 *	SL_MAX_CAPTURE_RECORDS records, or records older than capture
 *	max_age. Records are named TIME.USEC-SEQ-QID.cap, so name order is
 *	age order (and the order senderlint-check reads them in). The
 *	process keeps an index of the store, read from the directory at the
 *	first write and again when the path changes on reload; records
 *	others put there count once read.
 *
 *	Capture never changes what happens to a message: a failure to write
 *	(disk full, permissions) is logged, at the first failure and then
 *	at every power of two of them, and the record is dropped.
 *	Safe to call from any number of threads.
 */
#ifndef SL_CAPTURE_H
#define SL_CAPTURE_H

#include "conf.h"
#include "judge.h"
#include "msg.h"

void	capture_attach(const struct conf *, struct msg *);
void	capture_message(const struct conf *, const struct msg *,
	    const struct judgement *);

#endif
