/*
 * NAME
 *	milter - the libmilter callbacks; the only file that calls smfi_*
 * DESCRIPTION
 *	milter_open() registers the filter and opens its socket (removing a
 *	stale unix socket, then setting its mode and group so the postfix
 *	user can connect); window, the recently sent Message-IDs, is shared
 *	by all connections. milter_main() runs libmilter's loop until it is
 *	told to stop (SIGTERM, SIGINT, and SIGHUP, which libmilter turns
 *	into a stop). Both return 0, or -1 after logging why.
 */
#ifndef SL_MILTER_H
#define SL_MILTER_H

#include "conf.h"
#include "identstore.h"
#include "msgidwin.h"

int	milter_open(const struct conf *, struct msgidwin *);
int	milter_main(void);
/* The identity history all connections share (opened after the drop). */
void	milter_set_store(struct identstore *);
/*
 * Opens the unsubscribe window the config names (unsubwin.h), which all
 * connections share, after the privilege drop; none without a path. A
 * window that cannot be opened is fatal, like the identity store.
 */
void	milter_open_unsubwin(const struct conf *);

#endif
