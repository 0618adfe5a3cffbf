/*
 * NAME
 *	metricsrv - serve /metrics from one poll() thread
 * DESCRIPTION
 *	See metricsrv.h. A client is a slot: it reads until the end of the
 *	request header, then writes one prepared response and is closed.
 *	A pipe wakes the thread for metricsrv_stop().
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"
#include "listenaddr.h"
#include "log.h"
#include "metricsrv.h"
#include "stats.h"
#include "util.h"

struct client {
	int		 fd;		/* -1: free slot */
	long		 deadline;	/* monotonic ms */
	char		 req[SL_METRICS_REQUEST];
	size_t		 reqlen;
	char		*out;		/* NULL while reading */
	size_t		 outlen, outoff;
};

static struct client clients[SL_METRICS_CLIENTS];
static int lfd = -1, wake[2] = { -1, -1 };
static char unix_path[sizeof(((struct listenaddr *)0)->path)];
static pthread_t tid;
static int running;

static long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
client_close(struct client *c)
{
	close(c->fd);
	free(c->out);
	c->out = NULL;
	c->fd = -1;
}

/* Prepares the whole response: status line, headers, body. */
static void
respond(struct client *c, int code, const char *reason, const char *extra,
    const char *body, size_t blen)
{
	struct sbuf b;

	sbuf_init(&b, blen + 512);
	sbuf_printf(&b, "HTTP/1.0 %d %s\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n%s\r\n", code, reason,
	    code == 200 ? "text/plain; version=0.0.4; charset=utf-8" :
	    "text/plain; charset=utf-8", blen, extra);
	sbuf_add(&b, body, blen);
	c->out = xstrndup(b.s, b.len);
	c->outlen = b.len;
	c->outoff = 0;
	sbuf_clear(&b);
}

static void
respond_text(struct client *c, int code, const char *reason,
    const char *extra)
{
	char body[128];
	int n = snprintf(body, sizeof(body), "%d %s\n", code, reason);

	respond(c, code, reason, extra, body, (size_t)n);
}

static void
serve_metrics(struct client *c)
{
	struct sbuf b;

	sbuf_init(&b, SL_METRICS_RESPONSE);
	stats_render(&b);
	if (b.trunc)
		respond_text(c, 500, "Internal Server Error", "");
	else
		respond(c, 200, "OK", "", b.s, b.len);
	sbuf_clear(&b);
}

/* Request-line = method SP request-target SP HTTP-version (RFC 9112 3). */
static void
route(struct client *c)
{
	char *sp1, *sp2, *eol;
	size_t plen;

	c->req[c->reqlen] = '\0';
	eol = strpbrk(c->req, "\r\n");
	*eol = '\0';
	if ((sp1 = strchr(c->req, ' ')) == NULL ||
	    (sp2 = strchr(sp1 + 1, ' ')) == NULL ||
	    strncmp(sp2 + 1, "HTTP/1.", 7) != 0) {
		respond_text(c, 400, "Bad Request", "");
		return;
	}
	if ((size_t)(sp1 - c->req) != 3 || strncmp(c->req, "GET", 3) != 0) {
		respond_text(c, 405, "Method Not Allowed", "Allow: GET\r\n");
		return;
	}
	plen = strcspn(sp1 + 1, " ?");
	if (plen == 8 && strncmp(sp1 + 1, "/metrics", 8) == 0)
		serve_metrics(c);
	else
		respond_text(c, 404, "Not Found", "");
}

static int
header_complete(const struct client *c)
{
	return memmem(c->req, c->reqlen, "\r\n\r\n", 4) != NULL ||
	    memmem(c->req, c->reqlen, "\n\n", 2) != NULL;
}

static void
client_read(struct client *c)
{
	ssize_t n;

	n = read(c->fd, c->req + c->reqlen, sizeof(c->req) - 1 - c->reqlen);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_close(c);
		return;
	}
	c->reqlen += (size_t)n;
	if (header_complete(c))
		route(c);
	else if (c->reqlen == sizeof(c->req) - 1)
		respond_text(c, 431, "Request Header Fields Too Large", "");
}

static void
client_write(struct client *c)
{
	ssize_t n;

	n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff,
	    MSG_NOSIGNAL);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		client_close(c);
		return;
	}
	c->outoff += (size_t)n;
	if (c->outoff == c->outlen) {
		shutdown(c->fd, SHUT_WR);
		client_close(c);
	}
}

static void
accept_one(void)
{
	struct client *c = NULL;
	size_t i;
	int fd;

	for (i = 0; i < SL_METRICS_CLIENTS && c == NULL; i++)
		if (clients[i].fd < 0)
			c = &clients[i];
	if (c == NULL)
		return;
	fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		/* out of descriptors: the listener stays readable; do not
		 * spin on it (only scrapers wait, never mail) */
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			poll(NULL, 0, 100);
		return;
	}
	c->fd = fd;
	c->reqlen = 0;
	c->deadline = mono_ms() + SL_METRICS_TIMEOUT_MS;
}

/* Fills pfd: [0] wake pipe, [1] listener (while a slot is free), clients. */
static size_t
build_poll(struct pollfd *pfd, struct client **who, int *timeout)
{
	size_t i, n = 2, used = 0;
	long now = mono_ms(), left;

	pfd[0] = (struct pollfd){ .fd = wake[0], .events = POLLIN };
	*timeout = -1;
	for (i = 0; i < SL_METRICS_CLIENTS; i++) {
		if (clients[i].fd < 0)
			continue;
		used++;
		if ((left = clients[i].deadline - now) <= 0) {
			client_close(&clients[i]);	/* too slow */
			used--;
			continue;
		}
		if (*timeout < 0 || left < *timeout)
			*timeout = (int)left;
		who[n] = &clients[i];
		pfd[n++] = (struct pollfd){ .fd = clients[i].fd,
		    .events = clients[i].out ? POLLOUT : POLLIN };
	}
	pfd[1] = (struct pollfd){ .fd = used < SL_METRICS_CLIENTS ? lfd : -1,
	    .events = POLLIN };
	return n;
}

static void *
serve_main(void *arg)
{
	struct pollfd pfd[SL_METRICS_CLIENTS + 2];
	struct client *who[SL_METRICS_CLIENTS + 2];
	size_t i, n;
	int timeout;

	(void)arg;
	for (;;) {
		n = build_poll(pfd, who, &timeout);
		if (poll(pfd, n, timeout) < 0 && errno != EINTR)
			log_fatal("metrics listener: poll: %s", strerror(errno));
		if (pfd[0].revents != 0)
			break;
		for (i = 2; i < n; i++) {
			if (pfd[i].revents == 0)
				continue;
			if (who[i]->out == NULL)
				client_read(who[i]);
			else
				client_write(who[i]);
			/* a response made by the read goes out next round */
		}
		if (pfd[1].revents & POLLIN)
			accept_one();
	}
	for (i = 0; i < SL_METRICS_CLIENTS; i++)
		if (clients[i].fd >= 0)
			client_close(&clients[i]);
	return NULL;
}

static int
open_listener(const struct listenaddr *la, char *err, size_t errlen)
{
	int fd, one = 1;

	fd = socket(la->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd < 0) {
		snprintf(err, errlen, "metrics socket: %s", strerror(errno));
		return -1;
	}
	if (la->family == AF_UNIX)
		unlink(la->path);
	else
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)&la->ss, la->len) < 0 ||
	    (la->family == AF_UNIX && chmod(la->path, 0660) < 0) ||
	    listen(fd, 16) < 0) {
		snprintf(err, errlen, "metrics listener: cannot listen: %s",
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int
metricsrv_start(const char *spec, char *err, size_t errlen)
{
	struct listenaddr la;
	size_t i;

	if (listenaddr_parse(spec, &la, err, errlen) < 0)
		return -1;
	if ((lfd = open_listener(&la, err, errlen)) < 0)
		return -1;
	if (la.family == AF_UNIX)
		memcpy(unix_path, la.path, sizeof(unix_path));
	for (i = 0; i < SL_METRICS_CLIENTS; i++)
		clients[i].fd = -1;
	if (pipe2(wake, O_CLOEXEC) < 0 ||
	    pthread_create(&tid, NULL, serve_main, NULL) != 0) {
		snprintf(err, errlen, "cannot start the metrics listener");
		close(lfd);
		return -1;
	}
	running = 1;
	return 0;
}

void
metricsrv_stop(void)
{
	if (!running)
		return;
	(void)!write(wake[1], "x", 1);
	pthread_join(tid, NULL);
	close(lfd);
	close(wake[0]);
	close(wake[1]);
	if (unix_path[0] != '\0')
		unlink(unix_path);
	running = 0;
}
