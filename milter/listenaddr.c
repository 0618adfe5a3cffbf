/*
 * NAME
 *	listenaddr - parse the metrics listener's address
 * DESCRIPTION
 *	See listenaddr.h.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "listenaddr.h"

static int
parse_port(const char *s, unsigned *port)
{
	char *end;
	long l;

	if (*s < '0' || *s > '9')
		return -1;
	l = strtol(s, &end, 10);
	if (*end != '\0' || l < 1 || l > 65535)
		return -1;
	*port = (unsigned)l;
	return 0;
}

static int
parse_unix(const char *path, struct listenaddr *la, char *err, size_t len)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)&la->ss;
	size_t n = strlen(path);

	if (path[0] != '/' || n >= sizeof(sun->sun_path) ||
	    n >= sizeof(la->path)) {
		snprintf(err, len, "a unix socket needs an absolute path "
		    "shorter than %zu bytes", sizeof(sun->sun_path));
		return -1;
	}
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, n + 1);
	memcpy(la->path, path, n + 1);
	la->family = AF_UNIX;
	la->len = sizeof(*sun);
	la->loopback = 1;
	return 0;
}

static int
v6_loopback(const struct in6_addr *a)
{
	return IN6_IS_ADDR_LOOPBACK(a) ||
	    (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
}

static int
parse_inet(const char *hp, struct listenaddr *la, char *err, size_t len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)&la->ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&la->ss;
	char host[64];
	const char *colon, *h = hp;
	size_t hl;
	unsigned port;

	if (*hp == '[') {
		if ((colon = strstr(hp, "]:")) == NULL)
			goto bad;
		h = hp + 1;
		hl = (size_t)(colon - h);
		colon++;
	} else {
		if ((colon = strrchr(hp, ':')) == NULL)
			goto bad;
		hl = (size_t)(colon - h);
	}
	if (hl == 0 || hl >= sizeof(host) || parse_port(colon + 1, &port) < 0)
		goto bad;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (*hp != '[' && inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		la->family = AF_INET;
		la->len = sizeof(*s4);
		la->loopback = (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
		return 0;
	}
	if (*hp == '[' && inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		la->family = AF_INET6;
		la->len = sizeof(*s6);
		la->loopback = v6_loopback(&s6->sin6_addr);
		return 0;
	}
bad:
	snprintf(err, len, "listen must be inet:IPV4:PORT, inet:[IPV6]:PORT "
	    "(numeric address, port 1-65535) or unix:/PATH");
	return -1;
}

int
listenaddr_parse(const char *spec, struct listenaddr *la, char *err,
    size_t errlen)
{
	memset(la, 0, sizeof(*la));
	if (strncmp(spec, "unix:", 5) == 0)
		return parse_unix(spec + 5, la, err, errlen);
	if (strncmp(spec, "inet:", 5) == 0)
		return parse_inet(spec + 5, la, err, errlen);
	snprintf(err, errlen, "listen must start with inet: or unix:");
	return -1;
}
