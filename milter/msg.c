/*
 * NAME
 *	msg - per-message context: envelope, macros, headers, body statistics
 * DESCRIPTION
 *	Body line accounting is one memchr() pass over each chunk: linear in
 *	the message size, no copy. A line's length excludes its CRLF or LF.
 *	The body goes on, as it came, to the raw observers and then to the
 *	MIME walker; what the walker finds is for its observers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "linksearch.h"
#include "mimewalk.h"
#include "msg.h"
#include "util.h"

struct msg *
msg_new(const struct msg_limits *lim)
{
	struct msg *m = xcalloc(1, sizeof(*m));

	m->lim = *lim;
	m->t_start = now_ms();
	m->walk = mimewalk_new();
	return m;
}

void
msg_free(struct msg *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->mail_from);
	for (i = 0; i < m->nargs; i++) {
		free(m->args[i].kw);
		free(m->args[i].val);
	}
	for (i = 0; i < m->nrcpt; i++)
		free(m->rcpt[i]);
	free(m->rcpt);
	macrotab_clear(&m->macros);
	for (i = 0; i < m->nhdr; i++) {
		free(m->hdr[i].name);
		free(m->hdr[i].value);
	}
	free(m->hdr);
	mimewalk_free(m->walk);
	linksearch_free(m->links);
	free(m->leadbuf);
	free(m->lname);
	free(m->lvalue);
	for (i = 0; i < m->nraw; i++)
		if (m->raw[i].ops->free != NULL)
			m->raw[i].ops->free(m->raw[i].arg);
	free(m);
}

/* Strips one pair of angle brackets: "<a@b>" -> "a@b", "<>" -> "". */
static char *
path_strip(const char *path)
{
	size_t n = strnlen(path, SL_MAX_ADDR_LEN);

	if (n >= 2 && path[0] == '<' && path[n - 1] == '>')
		return xstrndup(path + 1, n - 2);
	return xstrndup(path, n);
}

void
msg_mail_from(struct msg *m, const char *path)
{
	free(m->mail_from);
	m->mail_from = path_strip(path);
	m->have_mail_from = 1;
}

void
msg_esmtp_arg(struct msg *m, const char *arg)
{
	const char *eq;

	if (m->nargs == SL_MAX_ESMTP_ARGS)
		return;
	eq = strchr(arg, '=');
	if (eq != NULL) {
		m->args[m->nargs].kw = xstrndup(arg, (size_t)(eq - arg));
		m->args[m->nargs].val = xstrndup(eq + 1,
		    strnlen(eq + 1, SL_MAX_ADDR_LEN));
	} else {
		m->args[m->nargs].kw = xstrndup(arg,
		    strnlen(arg, SL_MAX_ADDR_LEN));
		m->args[m->nargs].val = NULL;
	}
	m->nargs++;
}

const char *
msg_esmtp_get(const struct msg *m, const char *kw, int *present)
{
	size_t i;

	for (i = 0; i < m->nargs; i++)
		if (strcasecmp(m->args[i].kw, kw) == 0) {
			*present = 1;
			return m->args[i].val;
		}
	*present = 0;
	return NULL;
}

void
msg_rcpt(struct msg *m, const char *path)
{
	m->nrcpt_total++;
	if (m->nrcpt == m->lim.max_rcpts)
		return;
	m->rcpt = xrealloc(m->rcpt, (m->nrcpt + 1) * sizeof(*m->rcpt));
	m->rcpt[m->nrcpt++] = path_strip(path);
}

void
macrotab_set(struct macrotab *t, const char *name, const char *value)
{
	size_t i;

	if (value == NULL)
		return;
	for (i = 0; i < t->n; i++)
		if (strcmp(t->m[i].name, name) == 0)
			break;
	if (i == t->n) {
		if (t->n == MSG_MAX_MACROS)
			return;
		t->m[t->n++].name = xstrdup(name);
	} else
		free(t->m[i].value);
	t->m[i].value = xstrndup(value, strnlen(value, SL_MAX_MACRO_LEN));
}

const char *
macrotab_get(const struct macrotab *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->m[i].name, name) == 0)
			return t->m[i].value;
	return NULL;
}

void
macrotab_clear(struct macrotab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->m[i].name);
		free(t->m[i].value);
	}
	t->n = 0;
}

void
msg_macro(struct msg *m, const char *name, const char *value)
{
	macrotab_set(&m->macros, name, value);
}

const char *
msg_macro_get(const struct msg *m, const char *name)
{
	return macrotab_get(&m->macros, name);
}

void
msg_header(struct msg *m, const char *name, const char *value)
{
	size_t nl = strlen(name), vl = strlen(value), i;
	unsigned long lines = 1;

	for (i = 0; i < vl; i++)
		if (value[i] == '\n')
			lines++;
	m->nhdr_total++;
	m->hdr_bytes += nl + 1 + vl + 2 * lines;
	if (m->nhdr < m->lim.max_headers &&
	    m->hdr_bytes <= m->lim.max_header_bytes) {
		struct header *h;

		m->hdr = xrealloc(m->hdr, (m->nhdr + 1) * sizeof(*m->hdr));
		h = &m->hdr[m->nhdr++];
		h->name = xstrndup(name, nl);
		h->namelen = nl;
		h->value = xstrndup(value, vl);
		h->valuelen = vl;
		h->line = m->hdr_lines + 1;
	}
	m->hdr_lines += lines;
}

int
msg_observe_raw(struct msg *m, const struct msg_raw_ops *ops, void *arg)
{
	if (m->nraw == SL_MAX_RAW_OBSERVERS)
		return -1;
	m->raw[m->nraw].ops = ops;
	m->raw[m->nraw].arg = arg;
	m->nraw++;
	return 0;
}

void *
msg_raw_arg(const struct msg *m, const struct msg_raw_ops *ops)
{
	size_t i;

	for (i = 0; i < m->nraw; i++)
		if (m->raw[i].ops == ops)
			return m->raw[i].arg;
	return NULL;
}

const struct mimewalk *
msg_walk(const struct msg *m)
{
	return m->walk;
}

const struct linksearch *
msg_links(const struct msg *m)
{
	return m->links;
}

enum { LEAD_BODY, LEAD_FIRST, LEAD_FIELDS };

void
msg_eoh(struct msg *m)
{
	size_t i;

	m->eoh = 1;
	for (i = 0; i < m->nraw; i++)
		if (m->raw[i].ops->eoh != NULL)
			m->raw[i].ops->eoh(m, m->raw[i].arg);
	m->lead = LEAD_FIRST;	/* the walker starts once the header is known */
}

/* The header is complete: the body checks start. */
static void
body_begin(struct msg *m)
{
	const struct header *ct = msg_find_header(m, "Content-Type");
	const struct header *cte = msg_find_header(m, "Content-Transfer-Encoding");
	const struct header *cd = msg_find_header(m, "Content-Disposition");

	m->lead = LEAD_BODY;
	if (m->lim.links != NULL && m->links == NULL) {
		m->links = linksearch_new(m->lim.links);
		(void)linksearch_attach(m->links, m->walk);
	}
	mimewalk_begin(m->walk, ct ? ct->value : NULL, ct ? ct->valuelen : 0,
	    cte ? cte->value : NULL, cte ? cte->valuelen : 0,
	    cd ? cd->value : NULL, cd ? cd->valuelen : 0);
}

static void
line_done(struct msg *m, size_t len)
{
	unsigned long no;

	m->body_lines++;
	no = m->hdr_lines + 1 + m->body_lines;
	if (len > SL_MAX_LINE_OCTETS)
		m->long_lines++;
	if (len > m->longest) {
		m->longest = len;
		m->longest_no = no;
	}
}

static void
bare_cr(struct msg *m, unsigned long extra)
{
	if (m->bare_cr++ == 0)
		m->bare_cr_line = m->hdr_lines + 1 + m->body_lines + 1 + extra;
}

static unsigned long
lfs(const unsigned char *p, const unsigned char *end)
{
	unsigned long n = 0;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* RFC 5322 2.3: a CR not followed by LF (one may end the chunk). */
static void
cr_scan(struct msg *m, const unsigned char *p, size_t n)
{
	const unsigned char *c = p, *end = p + n;

	if (m->cr_open && n > 0 && p[0] != '\n')
		bare_cr(m, 0);
	m->cr_open = 0;
	while ((c = memchr(c, '\r', (size_t)(end - c))) != NULL) {
		if (c + 1 == end) {
			m->cr_open = 1;
			return;
		}
		if (c[1] != '\n')
			bare_cr(m, m->bare_cr ? 0 : lfs(p, c));
		c++;
	}
}

/* The body proper: statistics, then the MIME walker. */
static void
body(struct msg *m, const unsigned char *p, size_t n)
{
	const unsigned char *nl;
	size_t seg, len;

	if (n == 0)
		return;
	cr_scan(m, p, n);
	if (!m->body_8bit)
		m->body_8bit = has_8bit(p, n);
	mimewalk_all7(m->walk, !m->body_8bit);
	mimewalk_body(m->walk, p, n);
	m->body_bytes += n;
	while (n > 0) {
		nl = memchr(p, '\n', n);
		if (nl == NULL) {
			m->cur_line += n;
			m->last_cr = p[n - 1] == '\r';
			return;
		}
		seg = (size_t)(nl - p);
		len = m->cur_line + seg;
		if (seg > 0 ? p[seg - 1] == '\r' : m->last_cr)
			len--;
		line_done(m, len);
		m->cur_line = 0;
		m->last_cr = 0;
		p += seg + 1;
		n -= seg + 1;
	}
}

/*
 * RFC 5322 2.2 field-name, widened to the octets Postfix refuses in one
 * (>= 0x80), then optional white space and ':'. Returns the name's
 * length, or 0; *eight is set when the name has an 8-bit octet.
 */
static size_t
field_name(const char *s, size_t n, int *eight)
{
	size_t i, len;

	*eight = 0;
	for (i = 0; i < n && s[i] != ':' && (unsigned char)s[i] > ' ' &&
	    s[i] != 0x7f; i++)
		*eight |= (unsigned char)s[i] >= 0x80;
	len = i;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return len > 0 && i < n && s[i] == ':' ? len : 0;
}

static void
lead_field_done(struct msg *m)
{
	if (m->lname == NULL)
		return;
	msg_header(m, m->lname, m->lvalue);
	free(m->lname);
	free(m->lvalue);
	m->lname = m->lvalue = NULL;
}

/*
 * One first line of the body (without its LF; a CR before it dropped).
 * Returns 1 when it was read as part of the header, 2 when it is the
 * empty line that ends the header, 0 when the body starts with it.
 */
static int
lead_line(struct msg *m, const char *s, size_t n)
{
	size_t name, vl;
	int eight;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (m->lead == LEAD_FIELDS && n == 0) {	/* the real end of header */
		lead_field_done(m);
		return 2;
	}
	if (m->lead == LEAD_FIELDS && (s[0] == ' ' || s[0] == '\t')) {
		vl = m->lvaluelen;
		m->lvalue = xrealloc(m->lvalue, vl + 1 + n + 1);
		m->lvalue[vl] = '\n';
		memcpy(m->lvalue + vl + 1, s, n);
		m->lvaluelen = vl + 1 + n;
		m->lvalue[m->lvaluelen] = '\0';
		return 1;
	}
	name = field_name(s, n, &eight);
	if (name == 0 || (m->lead == LEAD_FIRST && !eight) ||
	    memchr(s, '\0', n) != NULL) {
		lead_field_done(m);
		return 0;
	}
	lead_field_done(m);
	if (m->lead == LEAD_FIRST)
		m->lead_line = m->hdr_lines + 1;
	m->lead = LEAD_FIELDS;
	m->lname = xstrndup(s, name);
	s += name;
	n -= name;
	while (*s != ':')
		s++, n--;
	m->lvalue = xstrndup(s + 1, n - 1);
	m->lvaluelen = n - 1;
	return 1;
}

/*
 * The first lines of the body while they may still be header fields
 * (msg.h). Returns how many octets of p it took; the rest is body.
 */
static size_t
lead(struct msg *m, const unsigned char *p, size_t n)
{
	const unsigned char *nl;
	size_t used = 0, seg, line;

	while (used < n) {
		nl = memchr(p + used, '\n', n - used);
		seg = nl == NULL ? n - used : (size_t)(nl - (p + used));
		if (m->leadlen + seg > m->lim.max_header_bytes) {
			/* too long for a header: body, from this line on */
			lead_field_done(m);
			body_begin(m);
			body(m, (const unsigned char *)m->leadbuf, m->leadlen);
			m->leadlen = 0;
			return used;
		}
		m->leadbuf = xrealloc(m->leadbuf, m->leadlen + seg + 1);
		memcpy(m->leadbuf + m->leadlen, p + used, seg);
		m->leadlen += seg;
		if (nl == NULL)
			return n;
		line = m->leadlen;
		m->leadlen = 0;
		switch (lead_line(m, m->leadbuf, line)) {
		case 0:
			body_begin(m);
			m->leadbuf[line] = '\n';
			body(m, (const unsigned char *)m->leadbuf, line + 1);
			return used + seg + 1;
		case 2:
			body_begin(m);
			return used + seg + 1;
		}
		used += seg + 1;
	}
	return used;
}

void
msg_body(struct msg *m, const unsigned char *p, size_t n)
{
	size_t i, used;

	for (i = 0; i < m->nraw; i++)
		if (m->raw[i].ops->body != NULL)
			m->raw[i].ops->body(m->raw[i].arg, p, n);
	if (m->lead != LEAD_BODY) {
		used = lead(m, p, n);
		p += used;
		n -= used;
	}
	body(m, p, n);
}

void
msg_eom(struct msg *m)
{
	size_t n;

	if (m->lead != LEAD_BODY) {	/* the body ended in its first lines */
		n = m->leadlen;
		m->leadlen = 0;
		if (n > 0 && !lead_line(m, m->leadbuf, n)) {
			body_begin(m);
			body(m, (const unsigned char *)m->leadbuf, n);
		} else {
			lead_field_done(m);
			body_begin(m);
		}
	}
	if (m->cr_open)			/* a CR ends the message */
		bare_cr(m, 0);
	m->cr_open = 0;
	if (m->cur_line > 0)
		line_done(m, m->cur_line - (m->last_cr ? 1 : 0));
	mimewalk_end(m->walk);
	m->cur_line = 0;
}

size_t
msg_count_header(const struct msg *m, const char *name)
{
	size_t i, c = 0;

	for (i = 0; i < m->nhdr; i++)
		if (strcasecmp(m->hdr[i].name, name) == 0)
			c++;
	return c;
}

const struct header *
msg_find_header(const struct msg *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nhdr; i++)
		if (strcasecmp(m->hdr[i].name, name) == 0)
			return &m->hdr[i];
	return NULL;
}
