/*
 * NAME
 *	cidr - address/prefix parsing and matching
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "cidr.h"

static int
parse_addr(const char *s, int *family, unsigned char *out)
{
	if (strncasecmp(s, "IPv6:", 5) == 0)
		s += 5;
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = AF_INET6;
		return 0;
	}
	return -1;
}

int
cidr_parse(const char *s, struct cidr *c)
{
	char buf[64];
	const char *slash;
	char *end;
	long bits;
	size_t n;
	int max;

	memset(c, 0, sizeof(*c));
	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (parse_addr(buf, &c->family, c->addr) < 0)
		return -1;
	max = c->family == AF_INET ? 32 : 128;
	if (slash == NULL) {
		c->bits = max;
		return 0;
	}
	if (!isdigit((unsigned char)slash[1]))	/* no sign, no space */
		return -1;
	bits = strtol(slash + 1, &end, 10);
	if (*end != '\0' || bits > max)
		return -1;
	c->bits = (int)bits;
	return 0;
}

int
cidr_match(const struct cidr *c, const char *addr)
{
	unsigned char a[16];
	int family, full, rest;

	if (addr == NULL || parse_addr(addr, &family, a) < 0 ||
	    family != c->family)
		return 0;
	full = c->bits / 8;
	rest = c->bits % 8;
	if (memcmp(a, c->addr, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[full] ^ c->addr[full]) & (0xff << (8 - rest)) & 0xff) == 0;
}
