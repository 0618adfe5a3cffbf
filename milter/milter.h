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
#include "unsubwin.h"

int	milter_open(const struct conf *, struct msgidwin *);
int	milter_main(void);
/*
 * The identity history and the unsubscribe window all connections
 * share (opened after the privilege drop), each NULL when not configured.
 */
void	milter_set_stores(struct identstore *, struct unsubwin *);

#endif
