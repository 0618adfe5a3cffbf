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
 */
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <unbound.h>

#include "dns.h"
#include "log.h"
#include "ttlcache.h"
#include "util.h"

#define DNS_NAME_MAX	253

struct srec {
	char		*name;
	int		 type;		/* 0: TIMEOUT for every type */
	int		 ttype;		/* TIMEOUT: the type, 0 all */
	struct dns_rr	 rr;
};

struct pending {
	struct dns	*d;
	int		 done;
	int		 abandoned;
	int		 err;
	struct ub_result *res;
};

struct dns {
	struct ub_ctx	*ub;		/* NULL: static table */
	long		 timeout_ms;
	pthread_t	 thread;
	int		 running;
	int		 stop[2];	/* self-pipe that ends the thread */
	pthread_mutex_t	 lock;		/* pendings, counters */
	pthread_cond_t	 cond;
	struct ttlcache	*cache;
	unsigned long	 nqueries;
	struct srec	*srec;
	size_t		 nsrec;
};

static __thread struct timespec budget_end;
static __thread int budget_set;

static const struct {
	const char	*name;
	int		 type;
} types[] = {
	{ "A", DNS_A }, { "NS", DNS_NS }, { "CNAME", DNS_CNAME },
	{ "SOA", DNS_SOA }, { "PTR", DNS_PTR }, { "MX", DNS_MX },
	{ "TXT", DNS_TXT }, { "AAAA", DNS_AAAA }, { NULL, 0 }
};

const char *
dns_type_name(int type)
{
	size_t i;

	for (i = 0; types[i].name; i++)
		if (types[i].type == type)
			return types[i].name;
	return "?";
}

int
dns_type_code(const char *name)
{
	size_t i;

	for (i = 0; types[i].name; i++)
		if (strcasecmp(types[i].name, name) == 0)
			return types[i].type;
	return -1;
}

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

static struct dns_answer *
answer_new(int status, const char *why)
{
	struct dns_answer *a = xcalloc(1, sizeof(*a));

	a->status = status;
	a->refs = 1;
	if (why != NULL)
		snprintf(a->why, sizeof(a->why), "%s", why);
	return a;
}

static void
answer_add(struct dns_answer *a, const void *data, size_t len,
    unsigned pref)
{
	struct dns_rr *rr;

	a->rr = xrealloc(a->rr, (a->n + 1) * sizeof(*a->rr));
	rr = &a->rr[a->n++];
	rr->data = xmalloc(len + 1);
	memcpy(rr->data, data, len);
	rr->data[len] = '\0';
	rr->len = len;
	rr->pref = pref;
}

static void
answer_free(struct dns_answer *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->rr[i].data);
	free(a->rr);
	free(a);
}

void
dns_release(const struct dns_answer *ca)
{
	struct dns_answer *a = (struct dns_answer *)(uintptr_t)ca;

	if (a != NULL && __atomic_sub_fetch(&a->refs, 1, __ATOMIC_ACQ_REL) == 0)
		answer_free(a);
}

static const struct dns_answer *
answer_ref(struct dns_answer *a)
{
	__atomic_add_fetch(&a->refs, 1, __ATOMIC_ACQ_REL);
	return a;
}

/* Lower case, no final dot; 0 if the name is empty or too long. */
static int
norm_name(const char *name, char *out, size_t outlen)
{
	size_t i, n = strlen(name);

	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n == 0 || n > DNS_NAME_MAX || n >= outlen)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)name[i]);
	out[n] = '\0';
	return 1;
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

/* A wire-format name (uncompressed, as libunbound hands out rdata). */
static int
wire_name(const unsigned char *p, size_t len, char *out, size_t outlen)
{
	size_t i = 0, o = 0, l;

	while (i < len && p[i] != 0) {
		l = p[i++];
		if (l > 63 || i + l > len || o + l + 2 > outlen)
			return -1;
		if (o > 0)
			out[o++] = '.';
		memcpy(out + o, p + i, l);
		o += l;
		i += l;
	}
	if (i >= len)
		return -1;
	out[o] = '\0';
	return (int)(i + 1);
}

static void
add_rdata(struct dns_answer *a, int type, const unsigned char *p, size_t len)
{
	char name[DNS_NAME_MAX + 2];
	unsigned char txt[65536];
	size_t i, o, l;

	switch (type) {
	case DNS_A:
	case DNS_AAAA:
		if (len == (type == DNS_A ? 4u : 16u))
			answer_add(a, p, len, 0);
		return;
	case DNS_TXT:
		for (i = o = 0; i < len; i += l) {
			l = p[i++];
			if (i + l > len)
				return;
			memcpy(txt + o, p + i, l);
			o += l;
		}
		answer_add(a, txt, o, 0);
		return;
	case DNS_MX:
		if (len > 2 && wire_name(p + 2, len - 2, name, sizeof(name)) > 0)
			answer_add(a, name, strlen(name),
			    (unsigned)(p[0] << 8 | p[1]));
		return;
	default:
		if (wire_name(p, len, name, sizeof(name)) > 0)
			answer_add(a, name, strlen(name), 0);
		return;
	}
}

static struct dns_answer *
from_result(int err, struct ub_result *r, int type)
{
	struct dns_answer *a;
	char why[48];
	int i;

	if (err != 0 || r == NULL)
		return answer_new(DNS_TEMPFAIL, err ? ub_strerror(err) :
		    "no result");
	if (r->rcode == 3) {
		a = answer_new(DNS_NXDOMAIN, NULL);
		a->ttl = r->ttl > 0 ? (uint32_t)r->ttl : 0;
		return a;
	}
	if (r->rcode != 0) {
		snprintf(why, sizeof(why), "%s", r->rcode == 2 ? "SERVFAIL" :
		    r->rcode == 5 ? "REFUSED" : "bad rcode");
		return answer_new(DNS_TEMPFAIL, why);
	}
	if (r->bogus)
		return answer_new(DNS_TEMPFAIL, "DNSSEC bogus");
	a = answer_new(DNS_NODATA, NULL);
	a->ttl = r->ttl > 0 ? (uint32_t)r->ttl : 0;
	if (r->havedata)
		for (i = 0; r->data[i] != NULL; i++)
			add_rdata(a, type, (unsigned char *)r->data[i],
			    (size_t)r->len[i]);
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
		return answer_new(DNS_TEMPFAIL, ub_strerror(r));
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
	return answer_new(DNS_TEMPFAIL, "timeout");
}

static struct dns_answer *
static_query(struct dns *d, const char *name, int type)
{
	struct dns_answer *a;
	int exists = 0, hops;
	size_t i;

	for (hops = 0; type != DNS_CNAME && hops < 8; hops++) {
		for (i = 0; i < d->nsrec; i++)
			if (d->srec[i].type == DNS_CNAME &&
			    strcmp(d->srec[i].name, name) == 0)
				break;
		if (i == d->nsrec)
			break;
		name = (const char *)d->srec[i].rr.data;
	}

	for (i = 0; i < d->nsrec; i++)
		if (strcmp(d->srec[i].name, name) == 0 && d->srec[i].type == 0 &&
		    (d->srec[i].ttype == 0 || d->srec[i].ttype == type))
			return answer_new(DNS_TEMPFAIL, "timeout");
	a = answer_new(DNS_NODATA, NULL);
	a->ttl = 300;
	for (i = 0; i < d->nsrec; i++) {
		if (strcmp(d->srec[i].name, name) != 0)
			continue;
		exists = 1;
		if (d->srec[i].type == type)
			answer_add(a, d->srec[i].rr.data, d->srec[i].rr.len,
			    d->srec[i].rr.pref);
	}
	if (a->n > 0)
		a->status = DNS_OK;
	else if (!exists)
		a->status = DNS_NXDOMAIN;
	return a;
}

const struct dns_answer *
dns_query(struct dns *d, const char *name, int type)
{
	const struct dns_answer *ca;
	struct dns_answer *a;
	char norm[DNS_NAME_MAX + 2], key[DNS_NAME_MAX + 16];

	if (!norm_name(name, norm, sizeof(norm)))
		return answer_new(DNS_NXDOMAIN, NULL);
	if (d->ub == NULL)
		return static_query(d, norm, type);
	snprintf(key, sizeof(key), "%d/%s", type, norm);
	if ((ca = ttlcache_get(d->cache, key, answer_ref_cb)) != NULL)
		return ca;
	if (dns_budget_left() == 0)
		return answer_new(DNS_TEMPFAIL, "time budget spent");
	a = ub_query(d, norm, type);
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
	    (r = ub_ctx_set_option(d->ub, "outbound-msg-retry:", "2"))) {
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
dns_new_static(void)
{
	struct dns *d = dns_alloc();

	d->timeout_ms = 0;
	return d;
}

static int
txt_unescape(const char *s, unsigned char *out, size_t *len)
{
	size_t o = 0;

	for (; *s && o < 65535; s++) {
		if (s[0] == '\\' && s[1] == '0') {
			out[o++] = '\0';
			s++;
		} else if (s[0] == '\\' && s[1] == 'n') {
			out[o++] = '\n';
			s++;
		} else
			out[o++] = (unsigned char)*s;
	}
	*len = o;
	return 0;
}

int
dns_static_add(struct dns *d, const char *name, int type, const char *data)
{
	struct srec r;
	unsigned char buf[65536];
	char norm[DNS_NAME_MAX + 2], *end;
	size_t len = 0;

	memset(&r, 0, sizeof(r));
	if (!norm_name(name, norm, sizeof(norm)))
		return -1;
	r.type = type;
	switch (type) {
	case 0:
		r.ttype = data == NULL ? 0 : dns_type_code(data);
		break;
	case DNS_A:
		if (inet_pton(AF_INET, data, buf) != 1)
			return -1;
		len = 4;
		break;
	case DNS_AAAA:
		if (inet_pton(AF_INET6, data, buf) != 1)
			return -1;
		len = 16;
		break;
	case DNS_TXT:
		txt_unescape(data, buf, &len);
		break;
	case DNS_CNAME:
	case DNS_PTR:
	case DNS_NS:
		for (len = 0; data[len] != '\0'; len++)
			buf[len] = (unsigned char)tolower((unsigned char)data[len]);
		if (len > 0 && buf[len - 1] == '.')
			len--;
		break;
	case DNS_MX:
		r.rr.pref = (unsigned)strtoul(data, &end, 10);
		if (end == data || *end != ' ')
			return -1;
		data = end + 1;
		/* FALLTHROUGH */
	default:
		len = strlen(data);
		if (len > 0 && data[len - 1] == '.')
			len--;
		if (len > DNS_NAME_MAX)
			return -1;
		memcpy(buf, data, len);
		break;
	}
	r.name = xstrdup(norm);
	r.rr.data = xmalloc(len + 1);
	memcpy(r.rr.data, buf, len);
	r.rr.data[len] = '\0';
	r.rr.len = len;
	d->srec = xrealloc(d->srec, (d->nsrec + 1) * sizeof(*d->srec));
	d->srec[d->nsrec++] = r;
	return 0;
}

void
dns_free(struct dns *d)
{
	size_t i;

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
	for (i = 0; i < d->nsrec; i++) {
		free(d->srec[i].name);
		free(d->srec[i].rr.data);
	}
	free(d->srec);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->cond);
	free(d);
}

static size_t
put_name(unsigned char *buf, size_t o, size_t max, const char *name)
{
	const char *p = name, *dot;
	size_t l;

	while (*p) {
		dot = strchr(p, '.');
		l = dot ? (size_t)(dot - p) : strlen(p);
		if (l == 0 || l > 63 || o + l + 1 >= max)
			return 0;
		buf[o++] = (unsigned char)l;
		memcpy(buf + o, p, l);
		o += l;
		p += l + (dot != NULL);
	}
	if (o + 1 > max)
		return 0;
	buf[o++] = 0;
	return o;
}

size_t
dns_packet(const struct dns_answer *a, const char *name, int type,
    unsigned char *buf, size_t buflen)
{
	size_t o, i, k, l, rdpos;
	const struct dns_rr *rr;

	if (buflen < 12)
		return 0;
	memset(buf, 0, 12);
	buf[2] = 0x81;				/* QR, RD */
	buf[3] = 0x80 | (a->status == DNS_NXDOMAIN ? 3 :
	    a->status == DNS_TEMPFAIL ? 2 : 0);
	buf[5] = 1;				/* QDCOUNT */
	if ((o = put_name(buf, 12, buflen, name)) == 0 || o + 4 > buflen)
		return 0;
	buf[o++] = (unsigned char)(type >> 8);
	buf[o++] = (unsigned char)type;
	buf[o++] = 0;
	buf[o++] = 1;
	if (type != DNS_TXT || a->status != DNS_OK)
		return o;
	for (i = 0; i < a->n; i++) {
		rr = &a->rr[i];
		if (o + 12 > buflen)
			return 0;
		buf[o++] = 0xc0;		/* the question's name */
		buf[o++] = 12;
		buf[o++] = 0;
		buf[o++] = DNS_TXT;
		buf[o++] = 0;
		buf[o++] = 1;
		buf[o++] = (unsigned char)(a->ttl >> 24);
		buf[o++] = (unsigned char)(a->ttl >> 16);
		buf[o++] = (unsigned char)(a->ttl >> 8);
		buf[o++] = (unsigned char)a->ttl;
		rdpos = o;
		o += 2;
		for (k = 0; k < rr->len || k == 0; k += l) {
			l = rr->len - k > 255 ? 255 : rr->len - k;
			if (o + 1 + l > buflen)
				return 0;
			buf[o++] = (unsigned char)l;
			memcpy(buf + o, rr->data + k, l);
			o += l;
			if (l == 0)
				break;
		}
		if (o - rdpos - 2 > 65535)
			return 0;
		buf[rdpos] = (unsigned char)((o - rdpos - 2) >> 8);
		buf[rdpos + 1] = (unsigned char)(o - rdpos - 2);
		buf[7] = (unsigned char)(i + 1);
		buf[6] = (unsigned char)((i + 1) >> 8);
	}
	return o;
}
