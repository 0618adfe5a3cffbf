/*
 * NAME
 *	maillog - one line of a Postfix mail log
 * DESCRIPTION
 *	See maillog.h. The line is read left to right once; each part of
 *	the grammar has its function. Nothing is copied or allocated.
 */
#include <ctype.h>
#include <string.h>
#include <time.h>

#include "maillog.h"

struct cur {
	const char	*p;
	const char	*end;
};

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* n decimal digits into *v; 0, or -1 */
static int
digits(struct cur *c, int n, int *v)
{
	int i;

	*v = 0;
	if (c->end - c->p < n)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)c->p[i]))
			return -1;
		*v = *v * 10 + (c->p[i] - '0');
	}
	c->p += n;
	return 0;
}

static int
lit(struct cur *c, char ch)
{
	if (c->p >= c->end || *c->p != ch)
		return -1;
	c->p++;
	return 0;
}

/* HH:MM:SS[.frac] */
static int
clock_time(struct cur *c, struct tm *tm)
{
	if (digits(c, 2, &tm->tm_hour) < 0 || lit(c, ':') < 0 ||
	    digits(c, 2, &tm->tm_min) < 0 || lit(c, ':') < 0 ||
	    digits(c, 2, &tm->tm_sec) < 0)
		return -1;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		while (c->p < c->end && isdigit((unsigned char)*c->p))
			c->p++;
	}
	if (tm->tm_hour > 23 || tm->tm_min > 59 || tm->tm_sec > 60)
		return -1;
	return 0;
}

/* Mon DD HH:MM:SS: day padded with a space or a zero */
static int
bsd_time(struct cur *c, int year, time_t *when)
{
	struct tm tm;
	int i;

	memset(&tm, 0, sizeof(tm));
	if (c->end - c->p < 15)
		return -1;
	for (i = 0; i < 12; i++)
		if (memcmp(c->p, months[i], 3) == 0)
			break;
	if (i == 12 || c->p[3] != ' ')
		return -1;
	tm.tm_mon = i;
	c->p += 4;
	if (*c->p == ' ')
		c->p++;
	if (digits(c, 2, &tm.tm_mday) < 0 && digits(c, 1, &tm.tm_mday) < 0)
		return -1;
	if (tm.tm_mday < 1 || tm.tm_mday > 31 || lit(c, ' ') < 0 ||
	    clock_time(c, &tm) < 0)
		return -1;
	tm.tm_year = year - 1900;
	tm.tm_isdst = -1;
	*when = mktime(&tm);	/* syslog writes local time */
	return 0;
}

/* YYYY-MM-DDTHH:MM:SS[.frac][Z|(+|-)hh:mm] (RFC 3339 5.6) */
static int
iso_time(struct cur *c, time_t *when)
{
	struct tm tm;
	int oh, om, sign;

	memset(&tm, 0, sizeof(tm));
	if (digits(c, 4, &tm.tm_year) < 0 || lit(c, '-') < 0 ||
	    digits(c, 2, &tm.tm_mon) < 0 || lit(c, '-') < 0 ||
	    digits(c, 2, &tm.tm_mday) < 0 || lit(c, 'T') < 0 ||
	    clock_time(c, &tm) < 0)
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_year < 1970)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon--;
	*when = timegm(&tm);
	if (c->p < c->end && *c->p == 'Z') {
		c->p++;
		return 0;
	}
	if (c->p < c->end && *c->p == ' ') {	/* no offset: local time */
		tm.tm_isdst = -1;
		*when = mktime(&tm);
		return 0;
	}
	if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
		sign = *c->p++ == '+' ? 1 : -1;
		if (digits(c, 2, &oh) < 0 || lit(c, ':') < 0 ||
		    digits(c, 2, &om) < 0)
			return -1;
		*when -= sign * (oh * 3600 + om * 60);
	}
	return 0;
}

/* host SP prog[pid]: SP */
static int
origin(struct cur *c, struct maillog_rec *r)
{
	const char *q;

	if (lit(c, ' ') < 0)
		return -1;
	r->host.s = c->p;
	while (c->p < c->end && *c->p != ' ')
		c->p++;
	r->host.len = (size_t)(c->p - r->host.s);
	if (r->host.len == 0 || lit(c, ' ') < 0)
		return -1;
	r->prog.s = c->p;
	while (c->p < c->end && *c->p != ' ' && *c->p != '[' && *c->p != ':')
		c->p++;
	r->prog.len = (size_t)(c->p - r->prog.s);
	if (r->prog.len == 0)
		return -1;
	if (c->p < c->end && *c->p == '[') {
		for (q = c->p + 1; q < c->end && isdigit((unsigned char)*q); q++)
			;
		if (q == c->p + 1 || q >= c->end || *q != ']')
			return -1;
		c->p = q + 1;
	}
	if (lit(c, ':') < 0)
		return -1;
	if (c->p < c->end && *c->p == ' ')
		c->p++;
	return 0;
}

static int
starts(const struct cur *c, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(c->end - c->p) >= n && memcmp(c->p, s, n) == 0;
}

/* "QID: " with a Postfix queue id (hex, or the long form's base 52) */
static int
queue_id(struct cur *c, struct mlstr *qid)
{
	const char *q = c->p;

	while (q < c->end && isalnum((unsigned char)*q))
		q++;
	if (q == c->p || q - c->p > MAILLOG_QID_MAX || q + 1 >= c->end ||
	    q[0] != ':' || q[1] != ' ')
		return -1;
	qid->s = c->p;
	qid->len = (size_t)(q - c->p);
	c->p = q + 2;
	return 0;
}

/* <addr> up to the '>' that ends the field (followed by ',' or end) */
static int
angle_addr(struct cur *c, struct mlstr *a)
{
	const char *q;

	if (lit(c, '<') < 0)
		return -1;
	for (q = c->p; q < c->end; q++)
		if (*q == '>' && (q + 1 == c->end || q[1] == ','))
			break;
	if (q >= c->end)
		return -1;
	a->s = c->p;
	a->len = (size_t)(q - c->p);
	c->p = q + 1;
	return 0;
}

/* key=value; value up to ", " (or end); angle addresses whole */
static int
field(struct cur *c, struct mlstr *key, struct mlstr *val)
{
	const char *q;

	key->s = c->p;
	while (c->p < c->end && *c->p != '=' && *c->p != ' ')
		c->p++;
	key->len = (size_t)(c->p - key->s);
	if (key->len == 0 || lit(c, '=') < 0)
		return -1;
	if (c->p < c->end && *c->p == '<')
		return angle_addr(c, val);
	val->s = c->p;
	for (q = c->p; q < c->end && !(*q == ',' && q + 1 < c->end &&
	    q[1] == ' ') && !(*q == ' ' && q + 1 < c->end && q[1] == '(');
	    q++)
		;
	val->len = (size_t)(q - c->p);
	c->p = q;
	return 0;
}

static int
keyis(const struct mlstr *k, const char *s)
{
	return k->len == strlen(s) && memcmp(k->s, s, k->len) == 0;
}

/* relay=host[ip]:port, or relay=none */
static void
relay(const struct mlstr *v, struct maillog_rec *r)
{
	const char *b = memchr(v->s, '[', v->len), *e;

	r->relay.s = v->s;
	r->relay.len = b ? (size_t)(b - v->s) : v->len;
	if (b != NULL && (e = memchr(b, ']', v->len - (size_t)(b - v->s))) !=
	    NULL) {
		r->relay_ip.s = b + 1;
		r->relay_ip.len = (size_t)(e - b - 1);
	}
}

static int
status_word(const struct mlstr *v)
{
	static const struct {
		const char	*w;
		int		 st;
	} st[] = { { "sent", ML_SENT }, { "deferred", ML_DEFERRED },
	    { "bounced", ML_BOUNCED }, { "expired", ML_EXPIRED } };
	size_t i;

	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++)
		if (keyis(v, st[i].w))
			return st[i].st;
	return ML_NONE;
}

/* " (reason)" to the last ')' of the line */
static void
reason(struct cur *c, struct maillog_rec *r)
{
	const char *e = c->end;

	if (!starts(c, " ("))
		return;
	while (e > c->p + 2 && e[-1] != ')')
		e--;
	r->reason.s = c->p + 2;
	r->reason.len = e > c->p + 2 ? (size_t)(e - 1 - r->reason.s) :
	    (size_t)(c->end - r->reason.s);
}

/* QID: to=<..>, ... status=word (reason) / from=<..>, ... / removed */
static void
postfix_text(struct cur *c, struct maillog_rec *r)
{
	struct mlstr k, v;
	int first = 1;

	if (queue_id(c, &r->qid) < 0)
		return;
	if (starts(c, "removed") && c->end - c->p == 7) {
		r->kind = ML_REMOVED;
		return;
	}
	for (;;) {
		if (field(c, &k, &v) < 0)
			break;
		if (first && keyis(&k, "to"))
			r->addr = v, r->kind = ML_DELIVERY;
		else if (first && keyis(&k, "from"))
			r->addr = v, r->kind = ML_FROM;
		else if (first)
			break;
		else if (keyis(&k, "relay"))
			relay(&v, r);
		else if (keyis(&k, "dsn"))
			r->dsn = v;
		else if (keyis(&k, "status")) {
			r->status = status_word(&v);
			reason(c, r);
			break;
		}
		first = 0;
		if (!starts(c, ", "))
			break;
		c->p += 2;
	}
	if (r->kind == ML_DELIVERY && r->status == ML_NONE)
		r->kind = ML_OTHER;
}

/* senderlint's summary: qid=X ... from=value or from="quoted \"value\"" */
static void
summary_text(struct cur *c, struct maillog_rec *r)
{
	struct mlstr k, v;
	const char *q;

	while (c->p < c->end) {
		k.s = c->p;
		while (c->p < c->end && *c->p != '=' && *c->p != ' ')
			c->p++;
		k.len = (size_t)(c->p - k.s);
		if (lit(c, '=') < 0)
			return;
		if (c->p < c->end && *c->p == '"') {
			for (q = ++c->p; q < c->end && *q != '"'; q++)
				if (*q == '\\' && q + 1 < c->end)
					q++;
			v.s = c->p, v.len = (size_t)(q - c->p);
			c->p = q < c->end ? q + 1 : q;
		} else {
			for (q = c->p; q < c->end && *q != ' '; q++)
				;
			v.s = c->p, v.len = (size_t)(q - c->p);
			c->p = q;
		}
		if (keyis(&k, "qid"))
			r->qid = v;
		else if (keyis(&k, "from"))
			r->addr = v;
		if (c->p < c->end && *c->p == ' ')
			c->p++;
	}
	if (r->qid.len > 0 && r->addr.len > 0 && r->qid.len <= MAILLOG_QID_MAX)
		r->kind = ML_SUMMARY;
}

int
maillog_parse(const char *data, size_t len, int year, struct maillog_rec *r)
{
	struct cur c;
	int rc;

	memset(r, 0, sizeof(*r));
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len > MAILLOG_LINE_MAX)
		return -1;
	c.p = data;
	c.end = data + len;
	if (len > 0 && isdigit((unsigned char)data[0]))
		rc = iso_time(&c, &r->when);
	else
		rc = bsd_time(&c, year, &r->when);
	if (rc < 0 || origin(&c, r) < 0)
		return -1;
	r->text.s = c.p;
	r->text.len = (size_t)(c.end - c.p);
	if (r->prog.len >= 8 && memcmp(r->prog.s, "postfix", 7) == 0 &&
	    memchr(r->prog.s, '/', r->prog.len) != NULL)
		postfix_text(&c, r);
	else if (r->prog.len >= 10 &&
	    memcmp(r->prog.s, "senderlint", 10) == 0 && starts(&c, "qid="))
		summary_text(&c, r);
	return 1;
}
