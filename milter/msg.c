/*
 * NAME
 *	msg - per-message context: envelope, macros, headers, body statistics
 * DESCRIPTION
 *	Body line accounting is one memchr() pass over each chunk: linear in
 *	the message size, no copy. A line's length excludes its CRLF or LF.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "mime.h"
#include "msg.h"
#include "util.h"

struct msg *
msg_new(const struct msg_limits *lim)
{
	struct msg *m = xcalloc(1, sizeof(*m));

	m->lim = *lim;
	m->t_start = now_ms();
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
	macrotab_free(&m->macros);
	for (i = 0; i < m->nhdr; i++) {
		free(m->hdr[i].name);
		free(m->hdr[i].value);
	}
	free(m->hdr);
	free(m->scan);
	if (m->on_free != NULL)
		m->on_free(m->body_arg);
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
macrotab_free(struct macrotab *t)
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

void
msg_eoh(struct msg *m)
{
	const struct header *h = msg_find_header(m, "Content-Type");
	char type[MIME_MAX_TYPE], b[256];

	const struct header *cte = msg_find_header(m, "Content-Transfer-Encoding");
	char ctename[64] = "";
	size_t i, o = 0;

	m->eoh = 1;
	if (m->on_eoh != NULL)
		m->on_eoh(m, m->eoh_arg);
	type[0] = b[0] = '\0';
	if (h != NULL && mime_content_type(h->value, h->valuelen, type,
	    sizeof(type), b, sizeof(b)) != NULL)
		snprintf(type, sizeof(type), "application/x-bad");
	if (strncmp(type, "multipart/", 10) == 0 && mime_boundary_ok(b) == NULL) {
		m->blen = strlen(b);
		memcpy(m->boundary, b, m->blen + 1);
	}
	if (m->lim.unsub_patterns == NULL)
		return;
	for (i = 0; cte != NULL && i < cte->valuelen && o + 1 < sizeof(ctename);
	    i++)
		if (cte->value[i] != ' ' && cte->value[i] != '\t' &&
		    cte->value[i] != '\n')
			ctename[o++] = cte->value[i];
	ctename[o] = '\0';
	m->scan = xmalloc(sizeof(*m->scan));
	bodyscan_init(m->scan, m->lim.unsub_patterns, type, m->blen ?
	    m->boundary : "", ctename[0] ? ctename : NULL);
}

/* Feeds the body search whole lines; long ones go in pieces. */
static void
scan_add(struct msg *m, const unsigned char *p, size_t n, int eol)
{
	size_t room;

	while (n > 0) {
		room = sizeof(m->lbuf) - m->lbuflen;
		if (room > n)
			room = n;
		memcpy(m->lbuf + m->lbuflen, p, room);
		m->lbuflen += room;
		p += room;
		n -= room;
		if (m->lbuflen == sizeof(m->lbuf)) {
			bodyscan_line(m->scan, m->lbuf, m->lbuflen, 1);
			m->lbuflen = 0;
		}
	}
	if (eol) {
		if (m->lbuflen > 0 && m->lbuf[m->lbuflen - 1] == '\r')
			m->lbuflen--;
		bodyscan_line(m->scan, m->lbuf, m->lbuflen, 0);
		m->lbuflen = 0;
	}
}

/* RFC 2046 5.1.1: "--" boundary [ "--" ] *LWSP at the start of a line */
static void
boundary_line(struct msg *m)
{
	size_t n = m->lplen, i;

	if (n > 0 && m->lp[n - 1] == '\r')
		n--;
	if (n < m->blen + 2 || m->lp[0] != '-' || m->lp[1] != '-' ||
	    memcmp(m->lp + 2, m->boundary, m->blen) != 0)
		return;
	i = m->blen + 2;
	if (i + 2 <= n && m->lp[i] == '-' && m->lp[i + 1] == '-') {
		m->mime_close++;
		return;
	}
	for (; i < n; i++)
		if (m->lp[i] != ' ' && m->lp[i] != '\t')
			return;
	m->mime_delims++;
}

static void
prefix_add(struct msg *m, const unsigned char *p, size_t n)
{
	size_t room = sizeof(m->lp) - m->lplen;

	if (n > room)
		n = room;
	memcpy(m->lp + m->lplen, p, n);
	m->lplen += n;
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

void
msg_body(struct msg *m, const unsigned char *p, size_t n)
{
	const unsigned char *nl;
	size_t seg, len, i;

	if (m->on_body != NULL)
		m->on_body(m->body_arg, p, n);
	m->body_bytes += n;
	for (i = 0; !m->body_8bit && i < n; i++)
		m->body_8bit = p[i] >= 0x80;
	while (n > 0) {
		nl = memchr(p, '\n', n);
		if (nl == NULL) {
			m->cur_line += n;
			m->last_cr = p[n - 1] == '\r';
			if (m->blen)
				prefix_add(m, p, n);
			if (m->scan)
				scan_add(m, p, n, 0);
			return;
		}
		seg = (size_t)(nl - p);
		len = m->cur_line + seg;
		if (seg > 0 ? p[seg - 1] == '\r' : m->last_cr)
			len--;
		line_done(m, len);
		if (m->blen) {
			prefix_add(m, p, seg);
			boundary_line(m);
			m->lplen = 0;
		}
		if (m->scan)
			scan_add(m, p, seg, 1);
		m->cur_line = 0;
		m->last_cr = 0;
		p += seg + 1;
		n -= seg + 1;
	}
}

void
msg_eom(struct msg *m)
{
	if (m->cur_line > 0) {
		line_done(m, m->cur_line - (m->last_cr ? 1 : 0));
		if (m->blen)
			boundary_line(m);
	}
	if (m->scan) {
		if (m->lbuflen > 0)
			scan_add(m, (const unsigned char *)"", 0, 1);
		bodyscan_end(m->scan);
	}
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
