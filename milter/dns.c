/*
 * NAME
 *	dns - the one resolver every lookup goes through (libunbound)
 * DESCRIPTION
 *	See dns.h. The only file that includes libunbound.
 *
 *	A query: look in the cache; on a miss, ub_resolve_async() with a
 *	heap-allocated struct pending, then wait on the condition variable
 *	until the resolver thread's callback fills it or the deadline
 *	passes. On timeout the caller marks the query abandoned and cancels
 *	it: if ub_cancel() succeeds libunbound never calls back and the
 *	caller frees it; otherwise the callback is running or about to run
 *	and frees it (libunbound calls back without its own locks held).
 *
 *	Answers and RR data are built by dnswire.c; dns_new_source() lets
 *	another file (the test zone, dnszone.c) answer instead of libunbound.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <unbound.h>

#include "dns.h"
#include "dnswire.h"
#include "log.h"
#include "metric.h"
#include "ttlcache.h"
#include "util.h"

struct pending {
	struct dns	*d;
	int		 done;
	int		 abandoned;
	int		 err;
	struct ub_result *res;
};

struct dns {
	struct ub_ctx	*ub;		/* NULL: another source */
	long		 timeout_ms;
	pthread_t	 thread;
	int		 running;
	int		 stop[2];	/* self-pipe that ends the thread */
	pthread_mutex_t	 lock;		/* pendings, counters */
	pthread_cond_t	 cond;
	struct ttlcache	*cache;
	unsigned long	 nqueries;
	struct dns_answer *(*source)(void *, const char *, int);
	void		(*source_free)(void *);
	void		*source_arg;
};

static __thread struct timespec budget_end;
static __thread int budget_set;

const char *
dns_status_name(int st)
{
	switch (st) {
	case DNS_OK:		return "ok";
	case DNS_NODATA:	return "nodata";
	case DNS_NXDOMAIN:	return "nxdomain";
	default:		return "tempfail";
	}
}

void
dns_budget_begin(long ms)
{
	clock_gettime(CLOCK_MONOTONIC, &budget_end);
	budget_end.tv_sec += ms / 1000;
	budget_end.tv_nsec += (ms % 1000) * 1000000L;
	if (budget_end.tv_nsec >= 1000000000L) {
		budget_end.tv_sec++;
		budget_end.tv_nsec -= 1000000000L;
	}
	budget_set = 1;
}

void
dns_budget_end(void)
{
	budget_set = 0;
}

long
dns_budget_left(void)
{
	struct timespec now;
	long ms;

	if (!budget_set)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (budget_end.tv_sec - now.tv_sec) * 1000 +
	    (budget_end.tv_nsec - now.tv_nsec) / 1000000L;
	return ms > 0 ? ms : 0;
}

void
dns_release(const struct dns_answer *ca)
{
	struct dns_answer *a = (struct dns_answer *)(uintptr_t)ca;

	if (a != NULL && __atomic_sub_fetch(&a->refs, 1, __ATOMIC_ACQ_REL) == 0)
		dnswire_free(a);
}

static const struct dns_answer *
answer_ref(struct dns_answer *a)
{
	__atomic_add_fetch(&a->refs, 1, __ATOMIC_ACQ_REL);
	return a;
}

static void
answer_unref(void *a)
{
	dns_release(a);
}

static void *
answer_ref_cb(void *a)
{
	return (void *)(uintptr_t)answer_ref(a);
}

static struct dns_answer *
from_result(int err, struct ub_result *r, int type)
{
	struct dns_answer *a;
	char why[48];
	int i;

	if (err != 0 || r == NULL)
		return dnswire_answer(DNS_TEMPFAIL, err ? ub_strerror(err) :
		    "no result");
	if (r->rcode == 3) {
		a = dnswire_answer(DNS_NXDOMAIN, NULL);
		a->ttl = r->ttl > 0 ? (uint32_t)r->ttl : 0;
		return a;
	}
	if (r->rcode != 0) {
		snprintf(why, sizeof(why), "%s", r->rcode == 2 ? "SERVFAIL" :
		    r->rcode == 5 ? "REFUSED" : "bad rcode");
		return dnswire_answer(DNS_TEMPFAIL, why);
	}
	if (r->bogus)
		return dnswire_answer(DNS_TEMPFAIL, "DNSSEC bogus");
	a = dnswire_answer(DNS_NODATA, NULL);
	a->ttl = r->ttl > 0 ? (uint32_t)r->ttl : 0;
	if (r->havedata)
		for (i = 0; r->data[i] != NULL; i++)
			(void)dnswire_rdata(a, type,
			    (unsigned char *)r->data[i], (size_t)r->len[i]);
	if (a->n > 0)
		a->status = DNS_OK;
	return a;
}

static void
callback(void *arg, int err, struct ub_result *res)
{
	struct pending *p = arg;
	struct dns *d = p->d;

	pthread_mutex_lock(&d->lock);
	if (p->abandoned) {
		pthread_mutex_unlock(&d->lock);
		ub_resolve_free(res);
		free(p);
		return;
	}
	p->done = 1;
	p->err = err;
	p->res = res;
	pthread_cond_broadcast(&d->cond);
	pthread_mutex_unlock(&d->lock);
}

static void *
resolver_thread(void *arg)
{
	struct dns *d = arg;
	struct pollfd pfd[2];

	pfd[0].fd = ub_fd(d->ub);
	pfd[0].events = POLLIN;
	pfd[1].fd = d->stop[0];
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_warn("dns: poll: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents)
			break;
		if (pfd[0].revents && ub_process(d->ub) != 0) {
			log_warn("dns: libunbound pipe failed");
			break;
		}
	}
	return NULL;
}

static void
deadline(struct dns *d, struct timespec *ts)
{
	long ms = d->timeout_ms, left = dns_budget_left();

	if (left >= 0 && left < ms)
		ms = left;
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static struct dns_answer *
ub_query(struct dns *d, const char *name, int type)
{
	struct pending *p;
	struct dns_answer *a;
	struct timespec ts;
	int id, r, rc = 0;

	p = xcalloc(1, sizeof(*p));
	p->d = d;
	deadline(d, &ts);
	pthread_mutex_lock(&d->lock);
	d->nqueries++;
	pthread_mutex_unlock(&d->lock);
	if ((r = ub_resolve_async(d->ub, name, type, 1, p, callback,
	    &id)) != 0) {
		free(p);
		return dnswire_answer(DNS_TEMPFAIL, ub_strerror(r));
	}
	pthread_mutex_lock(&d->lock);
	while (!p->done && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&d->cond, &d->lock, &ts);
	if (p->done) {
		pthread_mutex_unlock(&d->lock);
		a = from_result(p->err, p->res, type);
		ub_resolve_free(p->res);
		free(p);
		return a;
	}
	p->abandoned = 1;
	pthread_mutex_unlock(&d->lock);
	if (ub_cancel(d->ub, id) == 0)
		free(p);
	metric_inc(MC_DNS_TIMEOUTS);
	return dnswire_answer(DNS_TEMPFAIL, "timeout");
}

/* One debug line per query sent: names come from mail, so printable only. */
static void
log_query(const char *name, int type, const struct dns_answer *a, double ms)
{
	char safe[DNSWIRE_NAME_MAX + 1];
	size_t i;

	for (i = 0; name[i] != '\0' && i < sizeof(safe) - 1; i++)
		safe[i] = name[i] > ' ' && name[i] < 0x7f ? name[i] : '?';
	safe[i] = '\0';
	log_debug("dns: query name=%s type=%s status=%s n=%zu ms=%.0f%s%s%s",
	    safe, dns_type_name(type), dns_status_name(a->status), a->n, ms,
	    a->why[0] ? " why=\"" : "", a->why, a->why[0] ? "\"" : "");
}

const struct dns_answer *
dns_query(struct dns *d, const char *name, int type)
{
	const struct dns_answer *ca;
	struct dns_answer *a;
	double t0;
	char norm[DNSWIRE_NAME_MAX + 2], key[DNSWIRE_NAME_MAX + 16];

	if (!dnswire_norm(name, norm, sizeof(norm)))
		return dnswire_answer(DNS_NXDOMAIN, NULL);
	if (d->source != NULL)
		return d->source(d->source_arg, norm, type);
	snprintf(key, sizeof(key), "%d/%s", type, norm);
	if ((ca = ttlcache_get(d->cache, key, answer_ref_cb)) != NULL) {
		metric_inc(MC_DNS_CACHE_HITS);
		return ca;
	}
	if (dns_budget_left() == 0) {
		metric_inc(MC_DNS_FAILURES);
		metric_inc(MC_DNS_TIMEOUTS);
		return dnswire_answer(DNS_TEMPFAIL, "time budget spent");
	}
	t0 = now_ms();
	metric_inc(MC_DNS_QUERIES);
	a = ub_query(d, norm, type);
	if (a->status == DNS_TEMPFAIL)
		metric_inc(MC_DNS_FAILURES);
	if (log_debugging())
		log_query(norm, type, a, now_ms() - t0);
	if (a->status != DNS_TEMPFAIL)
		ttlcache_put(d->cache, key, (void *)(uintptr_t)answer_ref(a),
		    a->ttl > DNS_MAX_TTL ? DNS_MAX_TTL : (long)a->ttl);
	return a;
}

unsigned long
dns_queries(const struct dns *d)
{
	return __atomic_load_n(&d->nqueries, __ATOMIC_RELAXED);
}

static struct dns *
dns_alloc(void)
{
	struct dns *d = xcalloc(1, sizeof(*d));

	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, NULL);
	d->stop[0] = d->stop[1] = -1;
	return d;
}

/*
 * The zones libunbound answers itself unless told not to (unbound.conf(5)
 * "default zones": RFC 6761, RFC 6303 AS112, RFC 8375, RFC 7686). A
 * forwarding resolver must ask its nameservers about them too: a lab,
 * split-horizon or test zone under .test or 10.in-addr.arpa resolves
 * through senderlint exactly as through dig.
 */
static const char *const default_zones[] = {
	"localhost.", "127.in-addr.arpa.", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	"0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.", "home.arpa.",
	"resolver.arpa.", "service.arpa.", "onion.", "test.", "invalid.",
	"10.in-addr.arpa.", "16.172.in-addr.arpa.", "17.172.in-addr.arpa.",
	"18.172.in-addr.arpa.", "19.172.in-addr.arpa.", "20.172.in-addr.arpa.",
	"21.172.in-addr.arpa.", "22.172.in-addr.arpa.", "23.172.in-addr.arpa.",
	"24.172.in-addr.arpa.", "25.172.in-addr.arpa.", "26.172.in-addr.arpa.",
	"27.172.in-addr.arpa.", "28.172.in-addr.arpa.", "29.172.in-addr.arpa.",
	"30.172.in-addr.arpa.", "31.172.in-addr.arpa.", "168.192.in-addr.arpa.",
	"0.in-addr.arpa.", "254.169.in-addr.arpa.", "2.0.192.in-addr.arpa.",
	"100.51.198.in-addr.arpa.", "113.0.203.in-addr.arpa.",
	"255.255.255.255.in-addr.arpa.", "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	"0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.", "d.f.ip6.arpa.",
	"8.e.f.ip6.arpa.", "9.e.f.ip6.arpa.", "a.e.f.ip6.arpa.",
	"b.e.f.ip6.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa.", NULL
};

/*
 * Every question goes to the nameservers: no built-in answers. Each
 * default zone is made transparent (a zone without data that answers
 * nothing itself); "nodefault" given through ub_ctx_set_option() leaves
 * the built-in answer in place (libunbound 1.17).
 */
static int
no_default_zones(struct ub_ctx *ub)
{
	char z[96];
	int i, r;

	for (i = 64; i <= 127; i++) {		/* RFC 6598 shared space */
		snprintf(z, sizeof(z), "%d.100.in-addr.arpa. transparent", i);
		if ((r = ub_ctx_set_option(ub, "local-zone:", z)) != 0)
			return r;
	}
	for (i = 0; default_zones[i] != NULL; i++) {
		snprintf(z, sizeof(z), "%s transparent", default_zones[i]);
		if ((r = ub_ctx_set_option(ub, "local-zone:", z)) != 0)
			return r;
	}
	return 0;
}

struct dns *
dns_new(const struct dns_conf *dc, char *err, size_t errlen)
{
	struct dns *d = dns_alloc();
	size_t i;
	int r;

	d->timeout_ms = dc->timeout_ms > 0 ? dc->timeout_ms : 3000;
	d->cache = ttlcache_new(dc->cache_max, answer_unref);
	if ((d->ub = ub_ctx_create()) == NULL) {
		snprintf(err, errlen, "libunbound: cannot create a context");
		dns_free(d);
		return NULL;
	}
	/* threads, not a forked process; a forwarder on loopback allowed */
	if ((r = ub_ctx_async(d->ub, 1)) != 0 ||
	    (r = ub_ctx_set_option(d->ub, "do-not-query-localhost:", "no")) ||
	    (r = ub_ctx_set_option(d->ub, "outbound-msg-retry:", "2")) ||
	    (r = no_default_zones(d->ub))) {
		snprintf(err, errlen, "libunbound: %s", ub_strerror(r));
		dns_free(d);
		return NULL;
	}
	if (dc->servers == NULL || dc->servers[0] == NULL)
		r = ub_ctx_resolvconf(d->ub, NULL);
	else
		for (i = 0, r = 0; dc->servers[i] != NULL && r == 0; i++)
			r = ub_ctx_set_fwd(d->ub, dc->servers[i]);
	if (r != 0) {
		snprintf(err, errlen, "nameserver: %s", ub_strerror(r));
		dns_free(d);
		return NULL;
	}
	if (pipe(d->stop) < 0 ||
	    pthread_create(&d->thread, NULL, resolver_thread, d) != 0) {
		snprintf(err, errlen, "cannot start the resolver thread: %s",
		    strerror(errno));
		dns_free(d);
		return NULL;
	}
	d->running = 1;
	return d;
}

struct dns *
dns_new_source(struct dns_answer *(*query)(void *, const char *, int),
    void (*free_arg)(void *), void *arg)
{
	struct dns *d = dns_alloc();

	d->source = query;
	d->source_free = free_arg;
	d->source_arg = arg;
	return d;
}

void *
dns_source_arg(const struct dns *d)
{
	return d->source != NULL ? d->source_arg : NULL;
}

void
dns_free(struct dns *d)
{
	if (d == NULL)
		return;
	if (d->running) {
		(void)write(d->stop[1], "x", 1);
		pthread_join(d->thread, NULL);
	}
	if (d->ub != NULL)
		ub_ctx_delete(d->ub);
	if (d->stop[0] >= 0) {
		close(d->stop[0]);
		close(d->stop[1]);
	}
	ttlcache_free(d->cache);
	if (d->source_free != NULL)
		d->source_free(d->source_arg);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->cond);
	free(d);
}
