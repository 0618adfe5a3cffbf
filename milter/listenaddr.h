/*
 * NAME
 *	listenaddr - the address the metrics listener binds
 * SUMMARY
 *	struct listenaddr la;
 *	if (listenaddr_parse("inet:127.0.0.1:9469", &la, err, sizeof(err)) < 0)
 *		... err says why ...
 * DESCRIPTION
 *	Specs: "inet:IPV4:PORT", "inet:[IPV6]:PORT" or "unix:/ABSOLUTE/PATH".
 *	Addresses are numeric only, so what is bound is what the config
 *	says (no name lookup picks an interface). Port 1 to 65535.
 *
 *	loopback is 1 for 127.0.0.0/8, ::1, ::ffff:127.0.0.0/104 and for a
 *	unix socket (reachable only through the file system), else 0: the
 *	config refuses those unless allow_remote is true.
 * DIAGNOSTICS
 *	listenaddr_parse() returns 0, or -1 with a reason in err.
 */
#ifndef SL_LISTENADDR_H
#define SL_LISTENADDR_H

#include <stddef.h>
#include <sys/socket.h>

struct listenaddr {
	int			 family;	/* AF_INET, AF_INET6, AF_UNIX */
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	int			 loopback;
	char			 path[108];	/* AF_UNIX: the socket file */
};

int	listenaddr_parse(const char *spec, struct listenaddr *, char *err,
	    size_t errlen);

#endif
