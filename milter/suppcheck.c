/*
 * NAME
 *	suppcheck - rcpt.suppressed: the suppression list asked per recipient
 * DESCRIPTION
 *	Why 5.7.1: RFC 3463 X.7.1 "delivery not authorized, message
 *	refused ... the result of per-host or per-recipient filtering" is
 *	what a suppression list is. X.1.1 (bad mailbox) and X.2.1 (mailbox
 *	disabled) would state something false about the mailbox, which may
 *	well exist, and bounce processors act on them. 550 is RFC 5321's
 *	"mailbox unavailable ... or command rejected for policy reasons".
 * DIAGNOSTICS
 *	A missing store and a store that cannot be opened are each logged
 *	once, and that it opened at last; a changed path once.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkrun.h"
#include "log.h"
#include "metric.h"
#include "stream.h"
#include "suppcheck.h"
#include "suppress.h"
#include "util.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct suppress *shared;	/* opened once, kept until exit */
static char *shared_path;
static int said_missing, said_error, said_path;

/* 1 with *s, 0 when the list does not exist (empty), -1 on error. */
static int
store_get(const struct conf *c, struct suppress **s)
{
	struct sbuf data;
	struct stat st;
	char err[512];
	int rc = 1;

	pthread_mutex_lock(&mu);
	if (shared != NULL) {
		if (strcmp(shared_path, c->supp_path) != 0 && !said_path) {
			said_path = 1;
			log_warn("suppression list: path changed to %s; it "
			    "takes effect at restart", c->supp_path);
		}
		*s = shared;
		goto out;
	}
	sbuf_init(&data, 4096);
	sbuf_printf(&data, "%s/data.mdb", c->supp_path);
	if (stat(data.s, &st) < 0 && errno == ENOENT) {
		if (!said_missing)
			log_warn("suppression list %s does not exist: nothing "
			    "is suppressed until senderlint-suppress creates "
			    "it", c->supp_path);
		said_missing = 1;
		sbuf_clear(&data);
		rc = 0;
		goto out;
	}
	sbuf_clear(&data);
	if ((shared = suppress_open(c->supp_path, c->supp_map_mb,
	    SUPPRESS_RDONLY, err, sizeof(err))) == NULL) {
		if (!said_error)
			log_warn("suppression list: %s", err);
		said_error = 1;
		rc = -1;
		goto out;
	}
	shared_path = xstrdup(c->supp_path);
	if (said_missing || said_error)
		log_info("suppression list %s opened", c->supp_path);
	*s = shared;
out:
	pthread_mutex_unlock(&mu);
	return rc;
}

/* A path without <>, and without a source route (RFC 5321 4.1.2 A-d-l). */
static const char *
mailbox(const char *path, size_t *n)
{
	const char *colon;

	*n = strnlen(path, SL_MAX_ADDR_LEN);
	if (*n >= 2 && path[0] == '<' && path[*n - 1] == '>') {
		path++;
		*n -= 2;
	}
	if (*n > 0 && path[0] == '@' &&
	    (colon = memchr(path, ':', *n)) != NULL) {
		*n -= (size_t)(colon + 1 - path);
		path = colon + 1;
	}
	return path;
}

/* "unsubscribed on 2026-11-02", with ", domain example.net" for domains */
static void
why(const struct supp_entry *e, struct sbuf *b)
{
	char date[32];

	suppress_date_format(e->date, 0, date, sizeof(date));
	sbuf_printf(b, "%s on %s", suppress_reason_name(e->reason), date);
	if (e->addr[0] == '@')
		sbuf_printf(b, ", domain %s", e->addr + 1);
	if (e->stream[0] != '\0')
		sbuf_printf(b, ", stream %s", e->stream);
}

static void
render(const char *tmpl, const char *rcpt, size_t rlen,
    const struct supp_entry *e, struct sbuf *out)
{
	const char *p, *end;
	char date[32];
	size_t n;

	suppress_date_format(e->date, 0, date, sizeof(date));
	for (p = tmpl; *p != '\0'; p = end) {
		if (*p != '{' || (end = strchr(p, '}')) == NULL) {
			end = p + 1;
			sbuf_addc(out, *p);
			continue;
		}
		n = (size_t)(end - p - 1);
		end++;
		if (n == 4 && strncmp(p + 1, "rcpt", 4) == 0)
			sbuf_add_printable(out, rcpt, rlen);
		else if (n == 6 && strncmp(p + 1, "reason", 6) == 0)
			sbuf_adds(out, suppress_reason_name(e->reason));
		else if (n == 4 && strncmp(p + 1, "date", 4) == 0)
			sbuf_adds(out, date);
		else if (n == 5 && strncmp(p + 1, "entry", 5) == 0)
			sbuf_add_printable(out, e->addr, strlen(e->addr));
		else if (n == 3 && strncmp(p + 1, "why", 3) == 0) {
			struct sbuf w;

			sbuf_init(&w, SL_MAX_REPLY_TEXT);
			why(e, &w);
			sbuf_add_printable(out, w.s, w.len);
			sbuf_clear(&w);
		} else
			sbuf_add(out, p, (size_t)(end - p));
	}
}

static void
first_hit(void *arg, size_t i, const struct supp_entry *e)
{
	struct supp_entry *first = arg;

	(void)i;
	if (first->addr[0] == '\0')
		*first = *e;
}

int
suppcheck_rcpt(const struct conf *c, const char *rcpt, struct supp_verdict *v)
{
	char norm[SUPP_ADDR_MAX + 1];
	const char *mb, *why_not, *list[1] = { norm };
	struct supp_entry e;
	struct suppress *s;
	struct sbuf b;
	size_t n;
	int rc;

	memset(v, 0, sizeof(*v));
	if (c->supp_path == NULL || !c->supp_enabled)
		return 0;
	mb = mailbox(rcpt, &n);
	if (suppress_norm(mb, n, norm, sizeof(norm), &why_not) < 0)
		return 0;	/* postmaster, or no address to be listed */
	if ((rc = store_get(c, &s)) <= 0)
		return rc;
	memset(&e, 0, sizeof(e));
	rc = suppress_find(s, list, 1, NULL, first_hit, &e);
	metric_store(MS_SUPPRESSION, rc);
	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	v->monitor = c->supp_monitor || c->monitor_all;
	memcpy(v->rcode, c->supp_rcode, sizeof(v->rcode));
	memcpy(v->xcode, c->supp_xcode, sizeof(v->xcode));
	sbuf_init(&b, SL_MAX_REPLY_TEXT);
	render(c->supp_reply, mb, n, &e, &b);
	memcpy(v->text, b.s, b.len + 1);
	sbuf_reset(&b);
	sbuf_adds(&b, "rcpt=<");
	sbuf_add_printable(&b, mb, n < SL_MAX_LOG_FIELD ? n : SL_MAX_LOG_FIELD);
	sbuf_printf(&b, "> fact=rcpt.suppressed entry=%s reason=%s date=",
	    e.addr, suppress_reason_name(e.reason));
	suppress_date_format(e.date, 0, v->log, sizeof(v->log));
	sbuf_adds(&b, v->log);
	memcpy(v->log, b.s, b.len + 1);
	sbuf_clear(&b);
	return 1;
}

struct eom {
	const char	**rcpt;		/* normalized */
	size_t		 nrcpt;		/* recipients listed */
	size_t		 last;		/* the last one counted */
	struct sbuf	 detail;
};

static void
eom_hit(void *arg, size_t i, const struct supp_entry *e)
{
	struct eom *x = arg;

	if (x->nrcpt > 0 && x->last == i)
		return;			/* one entry per recipient */
	x->last = i;
	if (x->nrcpt++ == 0) {
		sbuf_printf(&x->detail, "<%s> ", x->rcpt[i]);
		why(e, &x->detail);
	}
}

void
supp_check(struct checkrun *cr)
{
	const struct check_ctx *cc = cr->cc;
	const struct conf *c = cc->conf;
	const struct msg *m = cr->m;
	const char *stream = NULL, *why_not, **list;
	char (*norm)[SUPP_ADDR_MAX + 1];
	struct suppress *s;
	struct eom x;
	size_t i, n = 0, len;
	int rc;

	if (c == NULL || c->supp_path == NULL || !c->supp_enabled) {
		fact_set(cr->fs, "rcpt.suppressed", FACT_FALSE, 0,
		    "no suppression list");
		return;
	}
	if ((rc = store_get(c, &s)) <= 0) {
		fact_set(cr->fs, "rcpt.suppressed", rc < 0 ? FACT_TEMPERROR :
		    FACT_FALSE, 0, rc < 0 ? "the suppression list cannot be "
		    "read" : "the suppression list is empty");
		return;
	}
	if (cc->si != NULL && cc->si->nmatch > 0)
		stream = cc->si->name;
	norm = xcalloc(m->nrcpt + 1, sizeof(*norm));
	list = xcalloc(m->nrcpt + 1, sizeof(*list));
	for (i = 0; i < m->nrcpt; i++) {
		const char *mb = mailbox(m->rcpt[i], &len);

		if (suppress_norm(mb, len, norm[n], sizeof(norm[n]),
		    &why_not) == 0) {
			list[n] = norm[n];
			n++;
		}
	}
	memset(&x, 0, sizeof(x));
	x.rcpt = list;
	sbuf_init(&x.detail, SL_MAX_DETAIL);
	rc = suppress_find(s, list, n, stream, eom_hit, &x);
	metric_store(MS_SUPPRESSION, rc);
	if (rc < 0)
		fact_set(cr->fs, "rcpt.suppressed", FACT_TEMPERROR, 0,
		    "the suppression list cannot be read");
	else if (x.nrcpt == 0)
		fact_set(cr->fs, "rcpt.suppressed", FACT_FALSE, 0,
		    "no recipient is suppressed");
	else if (x.nrcpt == 1)
		fact_set(cr->fs, "rcpt.suppressed", FACT_TRUE, 1, "%s",
		    x.detail.s);
	else
		fact_set(cr->fs, "rcpt.suppressed", FACT_TRUE, (long)x.nrcpt,
		    "%s; %zu more", x.detail.s, x.nrcpt - 1);
	sbuf_clear(&x.detail);
	free(norm);
	free(list);
}
