/*
 * NAME
 *	caprec - write and read one capture record
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caprec.h"
#include "mailfile.h"

#define PREFIX		"senderlint-capture "
#define MAGIC		PREFIX "1\n"
#define MAX_VALUE	(64 * 1024)	/* one decoded value */
#define MAX_TIME	253402300799ULL	/* 9999-12-31 23:59:59 UTC */

/* " value" with %XX for what is not printable ASCII other than '%'. */
static void
put_value(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	sbuf_addc(b, ' ');
	for (; *p != '\0'; p++)
		if (*p <= ' ' || *p > '~' || *p == '%')
			sbuf_printf(b, "%%%02X", *p);
		else
			sbuf_addc(b, *p);
}

static void
put(struct sbuf *b, const char *key, const char *val)
{
	if (val == NULL || *val == '\0')
		return;
	sbuf_adds(b, key);
	put_value(b, val);
	sbuf_addc(b, '\n');
}

static void
put_path(struct sbuf *b, const char *key, const char *path)
{
	struct sbuf p;

	sbuf_init(&p, SL_MAX_ADDR_LEN + 3);
	sbuf_printf(&p, "<%s>", path);
	put(b, key, p.s);
	sbuf_clear(&p);
}

void
caprec_encode(const struct msg *m, const struct caprec_info *in,
    const unsigned char *body, size_t bodylen, struct sbuf *out)
{
	struct sbuf msg, t;
	size_t i;

	sbuf_init(&msg, SL_MAX_HEADER_BYTES * 8 + bodylen + 2);
	for (i = 0; i < m->nhdr; i++) {
		sbuf_add(&msg, m->hdr[i].name, m->hdr[i].namelen);
		sbuf_addc(&msg, ':');
		sbuf_add(&msg, m->hdr[i].value, m->hdr[i].valuelen);
		sbuf_addc(&msg, '\n');
	}
	sbuf_addc(&msg, '\n');
	if (bodylen > 0)
		sbuf_add(&msg, (const char *)body, bodylen);
	sbuf_init(&t, 64);
	sbuf_adds(out, MAGIC);
	sbuf_printf(out, "time %lld\n", (long long)in->when);
	put(out, "qid", m->conn.qid);
	put(out, "client_addr", m->conn.client_addr);
	put(out, "client_name", m->conn.client_name);
	put(out, "helo", m->conn.helo);
	put(out, "login", m->conn.login);
	put(out, "daemon", m->conn.daemon);
	if (m->have_mail_from)
		put_path(out, "mail_from", m->mail_from);
	for (i = 0; i < m->nargs; i++) {
		sbuf_reset(&t);
		sbuf_printf(&t, "%s%s%s", m->args[i].kw, m->args[i].val ? "=" :
		    "", m->args[i].val ? m->args[i].val : "");
		put(out, "param", t.s);
	}
	for (i = 0; i < m->nrcpt; i++)
		put_path(out, "rcpt", m->rcpt[i]);
	if (m->nrcpt_total > m->nrcpt)
		sbuf_printf(out, "rcpt_total %zu\n", m->nrcpt_total);
	if (m->nhdr_total > m->nhdr)
		sbuf_printf(out, "headers_total %zu\n", m->nhdr_total);
	for (i = 0; i < m->macros.n; i++) {
		if (m->macros.m[i].value == NULL ||
		    m->macros.m[i].value[0] == '\0')
			continue;
		sbuf_adds(out, "macro");
		put_value(out, m->macros.m[i].name);
		put_value(out, m->macros.m[i].value);
		sbuf_addc(out, '\n');
	}
	put(out, "action", in->action);
	put(out, "rules", in->rules);
	put(out, "monitor", in->monitor);
	put(out, "stream", in->stream);
	sbuf_printf(out, "body %llu %llu\n", (unsigned long long)bodylen,
	    in->body_total);
	sbuf_printf(out, "message %zu\n\n", msg.len);
	sbuf_add(out, msg.s, msg.len);
	sbuf_clear(&t);
	sbuf_clear(&msg);
}

int
caprec_is(const char *data, size_t len)
{
	return len >= sizeof(PREFIX) - 1 &&
	    memcmp(data, PREFIX, sizeof(PREFIX) - 1) == 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes %XX in s[0 .. n) into out; -1 on a bad escape or a NUL. */
static int
get_value(const char *s, size_t n, struct sbuf *out)
{
	size_t i;
	int hi, lo;

	sbuf_reset(out);
	for (i = 0; i < n; i++) {
		if (s[i] == '\0' || (unsigned char)s[i] <= ' ')
			return -1;
		if (s[i] != '%') {
			sbuf_addc(out, s[i]);
			continue;
		}
		if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
		    (lo = hexval(s[i + 2])) < 0 || (hi == 0 && lo == 0))
			return -1;
		sbuf_addc(out, hi << 4 | lo);
		i += 2;
	}
	return out->trunc ? -1 : 0;
}

struct reader {
	const char	*d;
	size_t		 len;
	size_t		 pos;
	unsigned long	 line;
};

/* The next line, without its LF; 0 when no whole line is left. */
static int
next_line(struct reader *r, const char **s, size_t *n)
{
	const char *nl;

	if (r->pos >= r->len ||
	    (nl = memchr(r->d + r->pos, '\n', r->len - r->pos)) == NULL)
		return 0;
	*s = r->d + r->pos;
	*n = (size_t)(nl - *s);
	r->pos += *n + 1;
	r->line++;
	return 1;
}

static int
number(const char *s, size_t n, unsigned long long *out)
{
	char buf[32], *end;

	if (n == 0 || n >= sizeof(buf) || s[0] < '0' || s[0] > '9')
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	*out = strtoull(buf, &end, 10);
	return *end != '\0' || errno != 0 ? -1 : 0;
}

static void
copy(char *dst, size_t len, const struct sbuf *v)
{
	snprintf(dst, len, "%s", v->s);
}

/* One "key value" line into m or info; -1 when it is not one. */
static int
field(const char *key, const char *val, size_t vn, struct msg *m,
    struct caprec_info *in, unsigned long long *msglen, int *have_time,
    struct sbuf *v)
{
	unsigned long long a, b;
	const char *sp;

	if (strcmp(key, "time") == 0) {
		if (number(val, vn, &a) < 0 || a > MAX_TIME)
			return -1;
		in->when = (time_t)a;
		*have_time = 1;
		return 0;
	}
	if (strcmp(key, "body") == 0) {
		if ((sp = memchr(val, ' ', vn)) == NULL ||
		    number(val, (size_t)(sp - val), &a) < 0 ||
		    number(sp + 1, vn - (size_t)(sp - val) - 1, &b) < 0 || a > b)
			return -1;
		in->body_kept = a;
		in->body_total = b;
		return 0;
	}
	if (strcmp(key, "message") == 0)
		return number(val, vn, msglen);
	if (strcmp(key, "rcpt_total") == 0) {
		if (number(val, vn, &a) < 0)
			return -1;
		if (a > m->nrcpt_total)
			m->nrcpt_total = (size_t)a;
		return 0;
	}
	if (strcmp(key, "macro") == 0) {
		struct sbuf name;
		int r;

		if ((sp = memchr(val, ' ', vn)) == NULL)
			return -1;
		sbuf_init(&name, SL_MAX_MACRO_LEN);
		r = get_value(val, (size_t)(sp - val), &name) < 0 ||
		    get_value(sp + 1, vn - (size_t)(sp - val) - 1, v) < 0;
		if (!r)
			msg_macro(m, name.s, v->s);
		sbuf_clear(&name);
		return r ? -1 : 0;
	}
	if (get_value(val, vn, v) < 0)
		return -1;
	if (strcmp(key, "qid") == 0)
		conninfo_set(m->conn.qid, v->s);
	else if (strcmp(key, "client_addr") == 0)
		conninfo_set(m->conn.client_addr, v->s);
	else if (strcmp(key, "client_name") == 0)
		conninfo_set(m->conn.client_name, v->s);
	else if (strcmp(key, "helo") == 0)
		conninfo_set(m->conn.helo, v->s);
	else if (strcmp(key, "login") == 0)
		conninfo_set(m->conn.login, v->s);
	else if (strcmp(key, "daemon") == 0)
		conninfo_set(m->conn.daemon, v->s);
	else if (strcmp(key, "mail_from") == 0)
		msg_mail_from(m, v->s);
	else if (strcmp(key, "param") == 0)
		msg_esmtp_arg(m, v->s);
	else if (strcmp(key, "rcpt") == 0)
		msg_rcpt(m, v->s);
	else if (strcmp(key, "action") == 0)
		copy(in->action, sizeof(in->action), v);
	else if (strcmp(key, "rules") == 0)
		copy(in->rules, sizeof(in->rules), v);
	else if (strcmp(key, "monitor") == 0)
		copy(in->monitor, sizeof(in->monitor), v);
	else if (strcmp(key, "stream") == 0)
		copy(in->stream, sizeof(in->stream), v);
	else
		return -2;
	return 0;
}

int
caprec_decode(const char *data, size_t len, struct msg *m,
    struct caprec_info *in, char *err, size_t errlen)
{
	struct reader r = { data, len, 0, 0 };
	unsigned long long msglen = 0, headers = 0;
	char key[32];
	const char *s, *sp;
	struct sbuf v;
	size_t n, k;
	int have_time = 0, have_len = 0, rc;

	memset(in, 0, sizeof(*in));
	if (len < sizeof(MAGIC) - 1 ||
	    memcmp(data, MAGIC, sizeof(MAGIC) - 1) != 0 ||
	    !next_line(&r, &s, &n)) {
		snprintf(err, errlen, "line 1: not a capture record of version "
		    "1, the one this senderlint reads");
		return -1;
	}
	sbuf_init(&v, MAX_VALUE);
	for (;;) {
		if (!next_line(&r, &s, &n)) {
			snprintf(err, errlen, "line %lu: the record ends before "
			    "its message", r.line + 1);
			goto fail;
		}
		if (n == 0)
			break;
		sp = memchr(s, ' ', n);
		k = sp ? (size_t)(sp - s) : n;
		if (sp == NULL || k >= sizeof(key)) {
			snprintf(err, errlen, "line %lu: not \"key value\"",
			    r.line);
			goto fail;
		}
		memcpy(key, s, k);
		key[k] = '\0';
		if (strcmp(key, "headers_total") == 0 &&
		    number(sp + 1, n - k - 1, &headers) < 0)
			rc = -1;
		else
			rc = field(key, sp + 1, n - k - 1, m, in, &msglen,
			    &have_time, &v);
		if (strcmp(key, "message") == 0 && rc == 0)
			have_len = 1;
		if (rc == -2) {
			snprintf(err, errlen, "line %lu: unknown key \"%s\"",
			    r.line, key);
			goto fail;
		}
		if (rc < 0) {
			snprintf(err, errlen, "line %lu: bad value for %s",
			    r.line, key);
			goto fail;
		}
	}
	if (!have_time || !have_len) {
		snprintf(err, errlen, "line %lu: the record has no %s", r.line,
		    have_time ? "message size" : "time");
		goto fail;
	}
	if (len - r.pos != msglen) {
		snprintf(err, errlen, "line %lu: the message has %zu bytes, the "
		    "record says %llu (cut short or damaged)", r.line + 1,
		    len - r.pos, msglen);
		goto fail;
	}
	sbuf_clear(&v);
	mailfile_feed(m, data + r.pos, (size_t)msglen, NULL);
	if (headers > m->nhdr_total)
		m->nhdr_total = (size_t)headers;
	return 0;
fail:
	sbuf_clear(&v);
	return -1;
}
