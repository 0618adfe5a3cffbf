/*
 * NAME
 *	metricsrv - the HTTP listener that serves GET /metrics
 * SUMMARY
 *	if (metricsrv_start("inet:127.0.0.1:9469", err, sizeof(err)) < 0)
 *		log_fatal("%s", err);
 *	...
 *	metricsrv_stop();
 * DESCRIPTION
 *	One thread serves every scraper with poll() over non-blocking
 *	sockets: at most SL_METRICS_CLIENTS at once (more wait in the listen
 *	backlog), a request of at most SL_METRICS_REQUEST bytes, the whole
 *	exchange within SL_METRICS_TIMEOUT_MS of the accept, after which the
 *	client is dropped. A slow or silent scraper therefore costs one slot
 *	for a bounded time and never touches the milter threads, which only
 *	add to atomic counters (stats.h).
 *
 *	GET /metrics answers 200 with stats_render() as text/plain; version=
 *	0.0.4; another path 404; another method 405; a request that is not
 *	HTTP 400; one too long 431. Every answer is HTTP/1.0 with
 *	Content-Length and Connection: close, and the socket is closed after
 *	it (no keep-alive).
 *
 *	The address is a listenaddr.h spec, already vetted by the config
 *	(loopback unless allow_remote). A unix socket file is replaced if it
 *	exists, made mode 0660 and removed by metricsrv_stop().
 *	metricsrv_start() binds before it returns, so a port in use is an
 *	error at start, not later.
 * DIAGNOSTICS
 *	metricsrv_start() returns 0, or -1 with the reason in err.
 */
#ifndef SL_METRICSRV_H
#define SL_METRICSRV_H

#include <stddef.h>

int	metricsrv_start(const char *spec, char *err, size_t errlen);
void	metricsrv_stop(void);

#endif
