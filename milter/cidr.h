/*
 * NAME
 *	cidr - IPv4/IPv6 addresses and networks
 * DESCRIPTION
 *	cidr_parse() reads "192.0.2.0/24", "2001:db8::/32" or a bare address
 *	(a /32 or /128). Returns 0, or -1 for bad syntax. cidr_match() takes
 *	an address as text (from the {client_addr} macro; "IPv6:" prefixes
 *	are accepted) and returns 1, or 0 when it does not parse or match.
 */
#ifndef SL_CIDR_H
#define SL_CIDR_H

struct cidr {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	addr[16];
	int		bits;
};

int	cidr_parse(const char *, struct cidr *);
int	cidr_match(const struct cidr *, const char *addr);

#endif
