/*
 * NAME
 *	bouncetab - what a mail log says about each provider and recipient
 * DESCRIPTION
 *	See bouncetab.h. Queue ids and recipients live in two chained hash
 *	tables of their own (string keys, grown by doubling); providers in
 *	a small array searched linearly.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bouncetab.h"
#include "suppress.h"
#include "util.h"

struct hnode {
	struct hnode	*next;
	char		*key;
	void		*val;
};

struct hmap {
	struct hnode	**b;
	size_t		 nb;
	size_t		 n;
	void		(*vfree)(void *);	/* what a value holds, or NULL */
};

struct qinfo {
	char	*mail_from;	/* domains, NULL until seen */
	char	*from;
};

struct rinfo {
	time_t		 hard;
	char		 hard_code[BOUNCE_CODE_MAX + 1];
	time_t		 soft_first;
	time_t		 soft_last;
	unsigned long	 soft_n;
	char		 soft_code[BOUNCE_CODE_MAX + 1];
	time_t		 sent;
};

struct bouncetab {
	struct hmap		 qids;
	struct hmap		 rcpts;
	struct bt_provider	*prov[BT_PROVIDERS + 1];
	size_t			 nprov;
};

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static struct hnode **
hslot(struct hmap *m, const char *k, size_t n)
{
	struct hnode **p;

	if (m->nb == 0)
		return NULL;
	for (p = &m->b[hash(k, n) % m->nb]; *p != NULL; p = &(*p)->next)
		if (strlen((*p)->key) == n && memcmp((*p)->key, k, n) == 0)
			return p;
	return p;
}

static void
hgrow(struct hmap *m)
{
	struct hnode **nb, *e, *next;
	size_t i, size = m->nb ? m->nb * 2 : 1024;

	nb = xcalloc(size, sizeof(*nb));
	for (i = 0; i < m->nb; i++)
		for (e = m->b[i]; e != NULL; e = next) {
			next = e->next;
			e->next = nb[hash(e->key, strlen(e->key)) % size];
			nb[hash(e->key, strlen(e->key)) % size] = e;
		}
	free(m->b);
	m->b = nb;
	m->nb = size;
}

/* the value for k; with size, a new zeroed one if absent (NULL: full) */
static void *
hget(struct hmap *m, const char *k, size_t n, size_t size, size_t max)
{
	struct hnode **p, *e;

	if ((p = hslot(m, k, n)) != NULL && *p != NULL)
		return (*p)->val;
	if (size == 0 || m->n >= max)
		return NULL;
	if (m->n >= m->nb)
		hgrow(m);
	p = hslot(m, k, n);
	e = xcalloc(1, sizeof(*e));
	e->key = xstrndup(k, n);
	e->val = xcalloc(1, size);
	*p = e;
	m->n++;
	return e->val;
}

static void
hdel(struct hmap *m, const char *k, size_t n)
{
	struct hnode **p, *e;

	if ((p = hslot(m, k, n)) == NULL || (e = *p) == NULL)
		return;
	*p = e->next;
	if (m->vfree != NULL)
		m->vfree(e->val);
	free(e->key);
	free(e->val);
	free(e);
	m->n--;
}

static void
hclear(struct hmap *m)
{
	struct hnode *e, *next;
	size_t i;

	for (i = 0; i < m->nb; i++)
		for (e = m->b[i]; e != NULL; e = next) {
			next = e->next;
			if (m->vfree != NULL)
				m->vfree(e->val);
			free(e->key);
			free(e->val);
			free(e);
		}
	free(m->b);
}

static void
qinfo_free(void *v)
{
	struct qinfo *q = v;

	free(q->mail_from);
	free(q->from);
}

struct bouncetab *
bouncetab_new(void)
{
	struct bouncetab *t = xcalloc(1, sizeof(*t));

	t->qids.vfree = qinfo_free;
	return t;
}

void
bouncetab_free(struct bouncetab *t)
{
	size_t i, c;

	if (t == NULL)
		return;
	hclear(&t->qids);
	hclear(&t->rcpts);
	for (i = 0; i < t->nprov; i++) {
		for (c = 0; c < BC_NCLASS; c++)
			free(t->prov[i]->cls[c].hours);
		free(t->prov[i]);
	}
	free(t);
}

/* the domain of an address (after the last '@', before '>' or '"'),
 * lowercased, printable, replacing *out (NULL when there is none) */
static void
domain_of(const struct mlstr *a, char **out)
{
	char buf[256];
	size_t i, k = 0, at = a->len, outlen = sizeof(buf);

	for (i = a->len; i > 0; i--)
		if (a->s[i - 1] == '@') {
			at = i;
			break;
		}
	for (i = at; i < a->len && k + 1 < outlen; i++) {
		if (a->s[i] == '>' || a->s[i] == '"' || a->s[i] == '\\' ||
		    (unsigned char)a->s[i] <= ' ' || (unsigned char)a->s[i] > '~')
			break;
		buf[k++] = (char)tolower((unsigned char)a->s[i]);
	}
	buf[k] = '\0';
	free(*out);
	*out = k > 0 ? xstrdup(buf) : NULL;
}

/*
 * The key of a reply: the text, printable, with each mention of the
 * recipient's address (ASCII case ignored) as "{rcpt}".
 */
static void
reply_key(const char *k, size_t klen, const struct mlstr *rcpt,
    struct sbuf *b)
{
	size_t i = 0;

	while (i < klen) {
		if (rcpt != NULL && rcpt->len > 0 && klen - i >= rcpt->len &&
		    strncasecmp(k + i, rcpt->s, rcpt->len) == 0) {
			sbuf_adds(b, "{rcpt}");
			i += rcpt->len;
		} else
			sbuf_add_printable(b, k + i++, 1);
	}
}

/*
 * Counts k in a list of at most max (full lists drop new keys). With
 * rcpt, k is a reply: counted by reply_key(), the first kept verbatim.
 */
static void
count(struct bt_count *list, size_t *n, size_t max, const char *k,
    size_t klen, const struct mlstr *rcpt)
{
	struct sbuf b;
	size_t i;

	sbuf_init(&b, BT_SAMPLE_LEN);
	if (rcpt != NULL)
		reply_key(k, klen, rcpt, &b);
	else
		sbuf_add_printable(&b, k, klen);
	for (i = 0; i < *n; i++)
		if (strcmp(list[i].key, b.s) == 0) {
			list[i].n++;
			sbuf_clear(&b);
			return;
		}
	if (*n < max && b.len > 0) {
		memcpy(list[*n].key, b.s, b.len + 1);
		list[*n].text[0] = '\0';
		if (rcpt != NULL) {
			sbuf_reset(&b);
			sbuf_add_printable(&b, k, klen);
			memcpy(list[*n].text, b.s, b.len + 1);
		}
		list[(*n)++].n = 1;
	}
	sbuf_clear(&b);
}

static void
hour_add(struct bt_class *c, time_t when)
{
	time_t h = when - when % 3600;
	size_t lo = 0, hi = c->nhours, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (c->hours[mid].hour < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < c->nhours && c->hours[lo].hour == h) {
		c->hours[lo].n++;
		return;
	}
	c->hours = xrealloc(c->hours, (c->nhours + 1) * sizeof(*c->hours));
	memmove(c->hours + lo + 1, c->hours + lo,
	    (c->nhours - lo) * sizeof(*c->hours));
	c->hours[lo].hour = h;
	c->hours[lo].n = 1;
	c->nhours++;
}

unsigned long
bouncetab_peak(const struct bt_class *c, time_t *hour)
{
	unsigned long best = 0;
	size_t i;

	for (i = 0; i < c->nhours; i++)
		if (c->hours[i].n > best) {
			best = c->hours[i].n;
			*hour = c->hours[i].hour;
		}
	return best;
}

static struct bt_provider *
provider(struct bouncetab *t, const char *name)
{
	struct bt_provider *p;
	size_t i;

	for (i = 0; i < t->nprov; i++)
		if (strcmp(t->prov[i]->name, name) == 0)
			return t->prov[i];
	if (t->nprov == BT_PROVIDERS)
		name = "other-providers";
	for (i = 0; i < t->nprov; i++)
		if (strcmp(t->prov[i]->name, name) == 0)
			return t->prov[i];
	p = xcalloc(1, sizeof(*p));
	memcpy(p->name, name, strlen(name) + 1);
	t->prov[t->nprov++] = p;
	return p;
}

static void
sender_domains(struct bouncetab *t, struct bt_provider *p,
    const struct mlstr *qid)
{
	struct qinfo *q;

	if ((q = hget(&t->qids, qid->s, qid->len, 0, 0)) == NULL)
		return;
	if (q->mail_from != NULL)
		count(p->domains, &p->ndomains, BT_DOMAINS, q->mail_from,
		    strlen(q->mail_from), NULL);
	if (q->from != NULL && (q->mail_from == NULL ||
	    strcmp(q->from, q->mail_from) != 0))
		count(p->domains, &p->ndomains, BT_DOMAINS, q->from,
		    strlen(q->from), NULL);
}

static void
class_add(struct bt_class *c, const struct maillog_rec *r, const char *code)
{
	if (c->n == 0 || r->when < c->first)
		c->first = r->when;
	if (c->n == 0 || r->when > c->last)
		c->last = r->when;
	c->n++;
	count(c->codes, &c->ncodes, BT_CODES, code, strlen(code), NULL);
	count(c->samples, &c->nsamples, BT_SAMPLES, r->reason.s,
	    r->reason.len, &r->addr);
	hour_add(c, r->when);
}

/* a recipient's failure, remembered for the verdicts */
static void
rcpt_add(struct bouncetab *t, const struct maillog_rec *r, int cls,
    const char *code)
{
	char addr[SUPP_ADDR_MAX + 1];
	const char *why;
	struct rinfo *ri;
	int hard = code[0] == '5';

	if (cls != BC_RECIPIENT && cls != BC_FULL)
		return;
	if (suppress_norm(r->addr.s, r->addr.len, addr, sizeof(addr),
	    &why) < 0 || addr[0] == '@')
		return;
	if ((ri = hget(&t->rcpts, addr, strlen(addr), sizeof(*ri),
	    BT_RCPTS)) == NULL)
		return;
	if (cls == BC_RECIPIENT && hard) {
		if (r->when >= ri->hard) {
			ri->hard = r->when;
			memcpy(ri->hard_code, code, strlen(code) + 1);
		}
		return;
	}
	if (ri->soft_n == 0 || r->when < ri->soft_first)
		ri->soft_first = r->when;
	if (ri->soft_n == 0 || r->when >= ri->soft_last) {
		ri->soft_last = r->when;
		memcpy(ri->soft_code, code, strlen(code) + 1);
	}
	ri->soft_n++;
}

static void
delivery(struct bouncetab *t, const struct maillog_rec *r)
{
	char name[BOUNCE_PROVIDER_MAX + 1], code[BOUNCE_CODE_MAX + 1];
	const char *host = r->relay.s;
	size_t hostlen = r->relay.len;
	struct bt_provider *p;
	struct rinfo *ri;
	char addr[SUPP_ADDR_MAX + 1];
	const char *why;
	int cls;

	if (hostlen == 0 || (hostlen == 4 && memcmp(host, "none", 4) == 0))
		if (!bounce_reason_host(r->reason.s, r->reason.len, &host,
		    &hostlen))
			hostlen = 0;
	bounce_provider(r->addr.s, r->addr.len, host, hostlen, name,
	    sizeof(name));
	p = provider(t, name);
	sender_domains(t, p, &r->qid);
	if (r->status == ML_SENT) {
		p->sent++;
		if (suppress_norm(r->addr.s, r->addr.len, addr, sizeof(addr),
		    &why) == 0 && (ri = hget(&t->rcpts, addr, strlen(addr),
		    0, 0)) != NULL && r->when > ri->sent)
			ri->sent = r->when;
		return;
	}
	p->failed++;
	bounce_code(r->dsn.s, r->dsn.len, r->reason.s, r->reason.len, code,
	    sizeof(code));
	cls = bounce_classify(r->dsn.s, r->dsn.len, r->reason.s,
	    r->reason.len);
	class_add(&p->cls[cls], r, code[0] ? code : "-");
	if (r->status == ML_BOUNCED && code[0] == '4')
		code[0] = '5';	/* Postfix gave up: the 4.x is final */
	rcpt_add(t, r, cls, code);
}

void
bouncetab_add(struct bouncetab *t, const struct maillog_rec *r)
{
	struct qinfo *q;

	switch (r->kind) {
	case ML_FROM:
	case ML_SUMMARY:
		if ((q = hget(&t->qids, r->qid.s, r->qid.len, sizeof(*q),
		    BT_QIDS)) == NULL)
			return;
		domain_of(&r->addr, r->kind == ML_FROM ? &q->mail_from :
		    &q->from);
		break;
	case ML_REMOVED:
		hdel(&t->qids, r->qid.s, r->qid.len);
		break;
	case ML_DELIVERY:
		if (r->status == ML_EXPIRED)
			break;
		delivery(t, r);
		break;
	}
}

static int
by_name(const void *a, const void *b)
{
	return strcmp((*(const struct bt_provider *const *)a)->name,
	    (*(const struct bt_provider *const *)b)->name);
}

const struct bt_provider *const *
bouncetab_providers(struct bouncetab *t, size_t *n)
{
	qsort(t->prov, t->nprov, sizeof(t->prov[0]), by_name);
	*n = t->nprov;
	return (const struct bt_provider *const *)t->prov;
}

static int
by_addr(const void *a, const void *b)
{
	return strcmp(((const struct bt_verdict *)a)->addr,
	    ((const struct bt_verdict *)b)->addr);
}

/* 1 with *v filled when the recipient is to be suppressed */
static int
verdict(const char *addr, const struct rinfo *ri, long soft_days,
    struct bt_verdict *v)
{
	memset(v, 0, sizeof(*v));
	if (ri->hard > 0 && ri->hard >= ri->sent) {
		v->reason = SUPP_HARD_BOUNCE;
		v->date = v->first = ri->hard;
		v->n = 1;
		memcpy(v->code, ri->hard_code, sizeof(v->code));
	} else if (ri->soft_n >= 2 && ri->soft_last >= ri->sent &&
	    ri->soft_last - ri->soft_first >= soft_days * 86400L) {
		v->reason = SUPP_SOFT_BOUNCE;
		v->date = ri->soft_last;
		v->first = ri->soft_first;
		v->n = ri->soft_n;
		memcpy(v->code, ri->soft_code, sizeof(v->code));
	} else
		return 0;
	v->addr = xstrdup(addr);
	return 1;
}

struct bt_verdict *
bouncetab_verdicts(struct bouncetab *t, long soft_days, size_t *n)
{
	struct bt_verdict *v = NULL;
	struct hnode *e;
	size_t i;

	*n = 0;
	if (t->rcpts.n > 0)
		v = xcalloc(t->rcpts.n, sizeof(*v));
	for (i = 0; i < t->rcpts.nb; i++)
		for (e = t->rcpts.b[i]; e != NULL; e = e->next)
			if (verdict(e->key, e->val, soft_days, &v[*n]))
				(*n)++;
	if (*n > 0)
		qsort(v, *n, sizeof(*v), by_addr);
	return v;
}

void
bouncetab_verdicts_free(struct bt_verdict *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].addr);
	free(v);
}
