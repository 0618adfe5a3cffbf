/*
 * dnsfault - a DNS server on loopback that misbehaves on purpose, for the
 * fault tests of dns.c (t/45-dns.t). No real server can be told to time
 * out, truncate or SERVFAIL per name, so this one does, by the first
 * label of the query name:
 *
 *	timeout.*	never answers
 *	servfail.*	SERVFAIL
 *	refused.*	REFUSED
 *	trunc.*		UDP: TC bit, no answer; TCP: the TXT "v=spf1 -all"
 *	truncfail.*	UDP: TC bit; TCP: closes without answering
 *	split.*		TXT "v=spf1 " "ip4:192.0.2.1 " "-all" (one record,
 *			three strings)
 *	nodata.*	NOERROR, no answer, SOA in authority
 *	anything else	NXDOMAIN, SOA in authority
 *
 * usage: dnsfault PORT	(runs until killed; prints "ready" when bound)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static size_t
put16(unsigned char *p, size_t o, unsigned v)
{
	p[o] = (unsigned char)(v >> 8);
	p[o + 1] = (unsigned char)v;
	return o + 2;
}

/* An answer RR for the question's name: type, class IN, TTL 60, rdlength. */
static size_t
rr_head(unsigned char *r, size_t o, unsigned type, size_t rdlen)
{
	r[o++] = 0xc0;
	r[o++] = 12;
	o = put16(r, o, type);
	o = put16(r, o, 1);
	o = put16(r, o, 0);
	o = put16(r, o, 60);
	return put16(r, o, (unsigned)rdlen);
}

static size_t
soa(unsigned char *r, size_t o)
{
	static const unsigned char rd[] = {
		2, 'n', 's', 0, 1, 'h', 0,
		0, 0, 0, 1, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0, 60, 0, 0, 0, 60
	};

	o = rr_head(r, o, 6, sizeof(rd));
	memcpy(r + o, rd, sizeof(rd));
	return o + sizeof(rd);
}

static size_t
txt(unsigned char *r, size_t o, const char *const *s, size_t n)
{
	size_t i, len = 0, l;

	for (i = 0; i < n; i++)
		len += 1 + strlen(s[i]);
	o = rr_head(r, o, 16, len);
	for (i = 0; i < n; i++) {
		l = strlen(s[i]);
		r[o++] = (unsigned char)l;
		memcpy(r + o, s[i], l);
		o += l;
	}
	return o;
}

/* Builds the reply to q (n octets) in r; 0: do not answer. */
static size_t
answer(const unsigned char *q, size_t n, unsigned char *r, int tcp)
{
	static const char *const split[] = { "v=spf1 ", "ip4:192.0.2.1 ",
	    "-all" };
	static const char *const minus[] = { "v=spf1 -all" };
	char label[64];
	size_t qend = 12, l;
	unsigned qtype;

	if (n < 17)
		return 0;
	while (qend < n && q[qend] != 0)
		qend += q[qend] + 1;
	if (qend + 5 > n)
		return 0;
	qtype = (unsigned)(q[qend + 1] << 8 | q[qend + 2]);
	l = q[12] < sizeof(label) ? q[12] : sizeof(label) - 1;
	memcpy(label, q + 13, l);
	label[l] = '\0';
	memcpy(r, q, qend + 5);
	r[2] = (unsigned char)(0x84 | (q[2] & 0x01));	/* QR AA RD */
	r[3] = 0x80;
	memset(r + 6, 0, 6);
	qend += 5;
	if (strcasecmp(label, "timeout") == 0)
		return 0;
	if (strcasecmp(label, "servfail") == 0) {
		r[3] |= 2;
		return qend;
	}
	if (strcasecmp(label, "refused") == 0) {
		r[3] |= 5;
		return qend;
	}
	if (strncasecmp(label, "trunc", 5) == 0 && !tcp) {
		r[2] |= 0x02;
		return qend;
	}
	if (strcasecmp(label, "truncfail") == 0)
		return 0;
	if (strcasecmp(label, "trunc") == 0 && qtype == 16) {
		r[7] = 1;
		return txt(r, qend, minus, 1);
	}
	if (strcasecmp(label, "split") == 0 && qtype == 16) {
		r[7] = 1;
		return txt(r, qend, split, 3);
	}
	if (strcasecmp(label, "nodata") != 0 && strcasecmp(label, "split") &&
	    strcasecmp(label, "trunc") != 0)
		r[3] |= 3;
	r[9] = 1;
	return soa(r, qend);
}

static void
serve_tcp(int c)
{
	unsigned char q[4096], r[4096];
	size_t n, len, got = 0;
	ssize_t k;

	while (got < 2 && (k = read(c, q + got, 2 - got)) > 0)
		got += (size_t)k;
	if (got < 2)
		return;
	len = (size_t)(q[0] << 8 | q[1]);
	if (len > sizeof(q) - 2)
		return;
	for (got = 0; got < len && (k = read(c, q + 2 + got, len - got)) > 0;)
		got += (size_t)k;
	if (got < len || (n = answer(q + 2, len, r + 2, 1)) == 0)
		return;
	put16(r, 0, (unsigned)n);
	(void)write(c, r, n + 2);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in sa;
	struct pollfd pfd[2];
	unsigned char q[4096], r[4096];
	struct sockaddr_storage from;
	socklen_t fl;
	ssize_t k;
	size_t n;
	int u, t, c, one = 1;

	if (argc != 2)
		return 2;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((u = socket(AF_INET, SOCK_DGRAM, 0)) < 0 ||
	    (t = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(u, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    bind(t, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(t, 16) < 0) {
		perror("dnsfault");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	pfd[0].fd = u;
	pfd[0].events = POLLIN;
	pfd[1].fd = t;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0)
			continue;
		if (pfd[0].revents & POLLIN) {
			fl = sizeof(from);
			k = recvfrom(u, q, sizeof(q), 0, (struct sockaddr *)&from,
			    &fl);
			if (k > 0 && (n = answer(q, (size_t)k, r, 0)) > 0)
				(void)sendto(u, r, n, 0, (struct sockaddr *)&from,
				    fl);
		}
		if ((pfd[1].revents & POLLIN) &&
		    (c = accept(t, NULL, NULL)) >= 0) {
			serve_tcp(c);
			close(c);
		}
	}
}
