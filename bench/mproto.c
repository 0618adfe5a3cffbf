/*
 * NAME
 *	mproto - the MTA side of the milter protocol (version 6)
 * SUMMARY
 *	Connect, negotiate, buffered packet output, bounded packet input.
 * DESCRIPTION
 *	See mproto.h. Written from libmilter's mfdef.h and the protocol
 *	as Postfix's milter8 client and libmilter's engine speak it.
 * DIAGNOSTICS
 *	Every failure is returned to the caller with a reason; nothing here
 *	prints or exits, except when memory runs out.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

#include "mproto.h"

static void *
grow(void *p, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 4096;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	if ((p = realloc(p, n)) == NULL) {
		fputs("miltbench: out of memory\n", stderr);
		abort();
	}
	*cap = n;
	return p;
}

static int
fail(struct mproto *m, const char *what, int e)
{
	if (e != 0)
		snprintf(m->err, sizeof(m->err), "%s: %s", what, strerror(e));
	else
		snprintf(m->err, sizeof(m->err), "%s", what);
	return -1;
}

/* Blocking I/O with a timeout per call: one syscall per read or write. */
static void
set_timeouts(int fd, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int
connect_unix(const char *path, int *fd, char *err, size_t errlen)
{
	struct sockaddr_un sun;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "socket path too long: %s", path);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if ((*fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    connect(*fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		snprintf(err, errlen, "connect %s: %s", path, strerror(errno));
		if (*fd >= 0)
			close(*fd);
		return -1;
	}
	return 0;
}

static int
connect_inet(const char *spec, int *fd, char *err, size_t errlen)
{
	char host[256], port[32];
	struct addrinfo hints, *res, *ai;
	const char *at, *colon;
	int r, one = 1;

	if ((at = strchr(spec, '@')) != NULL) {		/* port@host */
		snprintf(port, sizeof(port), "%.*s", (int)(at - spec), spec);
		snprintf(host, sizeof(host), "%s", at + 1);
	} else if ((colon = strrchr(spec, ':')) != NULL) {	/* host:port */
		snprintf(host, sizeof(host), "%.*s", (int)(colon - spec), spec);
		snprintf(port, sizeof(port), "%s", colon + 1);
	} else {
		snprintf(err, errlen, "inet socket needs port@host or "
		    "host:port: %s", spec);
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((r = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(err, errlen, "%s: %s", spec, gai_strerror(r));
		return -1;
	}
	*fd = -1;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((*fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol)) < 0)
			continue;
		if (connect(*fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(*fd);
		*fd = -1;
	}
	r = errno;
	freeaddrinfo(res);
	if (*fd < 0) {
		snprintf(err, errlen, "connect %s: %s", spec, strerror(r));
		return -1;
	}
	/* small packets, one reply each: do not let Nagle hold them */
	setsockopt(*fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return 0;
}

void
mproto_put(struct mproto *m, int cmd, const void *data, size_t len)
{
	uint32_t n = htonl((uint32_t)(len + 1));

	m->out = grow(m->out, &m->outcap, m->outlen + 5 + len);
	memcpy(m->out + m->outlen, &n, 4);
	m->out[m->outlen + 4] = (unsigned char)cmd;
	if (len > 0)
		memcpy(m->out + m->outlen + 5, data, len);
	m->outlen += 5 + len;
}

void
mproto_put_macros(struct mproto *m, int cmd, const char *const *pairs)
{
	size_t i, len = 1, off;
	uint32_t n;

	for (i = 0; pairs[i] != NULL; i++)
		len += strlen(pairs[i]) + 1;
	m->out = grow(m->out, &m->outcap, m->outlen + 5 + len);
	n = htonl((uint32_t)(len + 1));
	memcpy(m->out + m->outlen, &n, 4);
	m->out[m->outlen + 4] = SMFIC_MACRO;
	m->out[m->outlen + 5] = (unsigned char)cmd;
	off = m->outlen + 6;
	for (i = 0; pairs[i] != NULL; i++) {
		memcpy(m->out + off, pairs[i], strlen(pairs[i]) + 1);
		off += strlen(pairs[i]) + 1;
	}
	m->outlen = off;
}

int
mproto_flush(struct mproto *m)
{
	size_t off = 0;
	ssize_t w;

	while (off < m->outlen) {
		w = send(m->fd, m->out + off, m->outlen - off, MSG_NOSIGNAL);
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return fail(m, "timeout writing to the filter", 0);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return fail(m, "write to the filter", errno);
		off += (size_t)w;
	}
	m->outlen = 0;
	return 0;
}

/* Makes at least need octets available at in + inoff. */
static int
fill(struct mproto *m, size_t need)
{
	ssize_t r;

	if (m->inoff > 0 && m->inoff + need > m->incap) {
		memmove(m->in, m->in + m->inoff, m->inlen - m->inoff);
		m->inlen -= m->inoff;
		m->inoff = 0;
	}
	m->in = grow(m->in, &m->incap, m->inoff + need);
	while (m->inlen - m->inoff < need) {
		r = recv(m->fd, m->in + m->inlen, m->incap - m->inlen, 0);
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return fail(m, "timeout waiting for the filter", 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return fail(m, "read from the filter", errno);
		if (r == 0)
			return fail(m, "the filter closed the connection", 0);
		m->inlen += (size_t)r;
	}
	return 0;
}

int
mproto_read(struct mproto *m, int *cmd, const unsigned char **data,
    size_t *len)
{
	uint32_t n;

	if (mproto_flush(m) < 0 || fill(m, 4) < 0)
		return -1;
	memcpy(&n, m->in + m->inoff, 4);
	n = ntohl(n);
	if (n < 1)
		return fail(m, "packet of length 0 from the filter", 0);
	if (n > MPROTO_MAX_PACKET) {
		snprintf(m->err, sizeof(m->err), "packet of %lu octets from "
		    "the filter (limit %d)", (unsigned long)n, MPROTO_MAX_PACKET);
		return -1;
	}
	if (fill(m, 4 + n) < 0)
		return -1;
	*cmd = m->in[m->inoff + 4];
	*data = m->in + m->inoff + 5;
	*len = n - 1;
	m->inoff += 4 + n;
	if (m->inoff == m->inlen)
		m->inoff = m->inlen = 0;
	return 0;
}

static uint32_t
get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return ntohl(v);
}

/* The filter's SMFIC_OPTNEG answer: three longs, then stage + list pairs. */
static int
negotiated(struct mproto *m, const unsigned char *d, size_t len,
    unsigned long version, unsigned long actions, unsigned long pflags)
{
	uint32_t stage;
	size_t off, l;

	if (len < MILTER_OPTLEN)
		return fail(m, "short SMFIC_OPTNEG answer", 0);
	m->version = get32(d);
	m->actions = get32(d + 4);
	m->pflags = get32(d + 8);
	if (m->version < 2 || m->version > version) {
		snprintf(m->err, sizeof(m->err), "filter speaks protocol "
		    "version %lu, offered %lu", m->version, version);
		return -1;
	}
	if ((m->actions & ~actions) != 0) {
		snprintf(m->err, sizeof(m->err), "filter wants actions 0x%lx "
		    "beyond the offer 0x%lx", m->actions, actions);
		return -1;
	}
	if ((m->pflags & ~pflags) != 0) {
		snprintf(m->err, sizeof(m->err), "filter wants protocol flags "
		    "0x%lx beyond the offer 0x%lx", m->pflags, pflags);
		return -1;
	}
	for (off = MILTER_OPTLEN; off < len; off += l + 1) {
		if (len - off < 5)
			return fail(m, "truncated macro list in SMFIC_OPTNEG", 0);
		stage = get32(d + off);
		off += 4;
		l = strnlen((const char *)d + off, len - off);
		if (l == len - off)
			return fail(m, "unterminated macro list in SMFIC_OPTNEG",
			    0);
		if (stage >= MPROTO_NSTAGES) {
			snprintf(m->err, sizeof(m->err), "macro list for "
			    "unknown stage %lu", (unsigned long)stage);
			return -1;
		}
		if ((m->actions & SMFIF_SETSYMLIST) == 0)
			return fail(m, "macro list without SMFIF_SETSYMLIST", 0);
		free(m->symlist[stage]);
		if ((m->symlist[stage] = strndup((const char *)d + off, l)) ==
		    NULL)
			abort();
	}
	return 0;
}

struct mproto *
mproto_open(const char *spec, int timeout_ms, unsigned long version,
    unsigned long actions, unsigned long pflags, char *err, size_t errlen)
{
	unsigned char opt[MILTER_OPTLEN];
	const unsigned char *d;
	struct mproto *m;
	uint32_t v;
	size_t len;
	int fd, cmd, r;

	if (strncmp(spec, "unix:", 5) == 0)
		r = connect_unix(spec + 5, &fd, err, errlen);
	else if (strncmp(spec, "local:", 6) == 0)
		r = connect_unix(spec + 6, &fd, err, errlen);
	else if (strncmp(spec, "inet:", 5) == 0)
		r = connect_inet(spec + 5, &fd, err, errlen);
	else {
		snprintf(err, errlen, "socket must be unix:, local: or inet:: "
		    "%s", spec);
		return NULL;
	}
	if (r < 0)
		return NULL;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		abort();
	m->fd = fd;
	m->timeout_ms = timeout_ms;
	set_timeouts(fd, timeout_ms);
	v = htonl((uint32_t)version);
	memcpy(opt, &v, 4);
	v = htonl((uint32_t)actions);
	memcpy(opt + 4, &v, 4);
	v = htonl((uint32_t)pflags);
	memcpy(opt + 8, &v, 4);
	mproto_put(m, SMFIC_OPTNEG, opt, sizeof(opt));
	if (mproto_read(m, &cmd, &d, &len) < 0 ||
	    (cmd != SMFIC_OPTNEG && fail(m, "the filter did not answer "
	    "SMFIC_OPTNEG with SMFIC_OPTNEG", 0) < 0) ||
	    negotiated(m, d, len, version, actions, pflags) < 0) {
		snprintf(err, errlen, "negotiation: %s", m->err);
		mproto_free(m);
		return NULL;
	}
	return m;
}

void
mproto_free(struct mproto *m)
{
	int i;

	if (m == NULL)
		return;
	if (m->fd >= 0)
		close(m->fd);
	for (i = 0; i < MPROTO_NSTAGES; i++)
		free(m->symlist[i]);
	free(m->out);
	free(m->in);
	free(m);
}
