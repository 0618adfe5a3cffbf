/*
 * NAME
 *	unsubtoken - does an unsubscribe URI have a part that varies per
 *	recipient
 * SYNOPSIS
 *	#include "unsubtoken.h"
 * DESCRIPTION
 *	The per-message fallback of unsub.recipient-token, for a URI the
 *	unsubscribe window (unsubwin.h) has not seen before, or when there
 *	is no window (senderlint-check without the store).
 *
 *	unsubtoken_bits() estimates, in bits, how much of the URI after
 *	its host could differ from one recipient to the next. The
 *	recipient's address written in clear (plain, or with '@' as %40)
 *	is removed first: it is not opaque, and lets anyone unsubscribe
 *	anyone. Percent-escapes are decoded; what is left is cut into runs
 *	of letters and digits, each valued by what it can hold:
 *
 *	digits				3.3 bits each (14141611, 1071579)
 *	a hexadecimal run with a digit	4 bits each (3ee5635269, b09ec13a504)
 *	letters and digits mixed	5.2 bits each, 5.9 when both cases
 *					occur (a62e, zVyFum2, Nii7nZt)
 *	letters of mixed case		5.7 bits each (zZObcL), unless the
 *					run reads as camelCase words (optOut)
 *	a word, then digits		the digits only (newsletter42)
 *	letters of one case		nothing: a word (unsubscribe, news)
 *
 *	The ESP forms seen in real mail all reach UNSUBTOKEN_BITS: several
 *	short parameters (x=a62e&m=zZObcL&s=zVyFum2), a short hash beside
 *	numeric ids (cid=0&mid=14141611&h=0-b09ec13a504), numeric path
 *	segments and a 10-digit hex hash (/136/1071579/.../3ee5635269/
 *	unsubscribe.html); a URI with no variable part (/unsubscribe,
 *	?list=news, /newsletter-42, ?campaign=2024-05) does not.
 *	rcpt may be NULL. The URI is read up to UNSUBTOKEN_MAX octets.
 */
#ifndef SL_UNSUBTOKEN_H
#define SL_UNSUBTOKEN_H

#define UNSUBTOKEN_BITS	24
#define UNSUBTOKEN_MAX	2048

double	unsubtoken_bits(const char *uri, const char *rcpt);

#endif
