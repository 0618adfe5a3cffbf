/*
 * NAME
 *	mailmsg - a message file as an MTA hands it to a milter
 * SUMMARY
 *	Header fields and CRLF body, as Postfix's milter client sends them.
 * DESCRIPTION
 *	See mailmsg.h.
 * DIAGNOSTICS
 *	A file that cannot be read, is too large or has too many fields is
 *	refused with a reason; odd syntax is kept as it is: filters are
 *	benchmarked on malformed mail too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mailmsg.h"

static void *
xalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL) {
		fputs("miltbench: out of memory\n", stderr);
		abort();
	}
	return p;
}

static char *
xmemdup(const char *s, size_t n)
{
	char *p = xalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Length of the line at s (without its LF or CRLF); *next after it. */
static size_t
line(const char *s, size_t left, size_t *next)
{
	const char *lf = memchr(s, '\n', left);
	size_t n = lf != NULL ? (size_t)(lf - s) : left;

	*next = lf != NULL ? n + 1 : n;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

/* Length of the field name when the line starts a field, else 0. */
static size_t
field_name(const char *s, size_t n)
{
	size_t i, end;

	for (i = 0; i < n && s[i] > ' ' && s[i] < 127 && s[i] != ':'; i++)
		;
	end = i;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))	/* "Name :" */
		i++;
	return end > 0 && i < n && s[i] == ':' ? end : 0;
}

static int
dropped(const char *name)
{
	return strcasecmp(name, "Return-Path") == 0 ||
	    strcasecmp(name, "Bcc") == 0 ||
	    strcasecmp(name, "Resent-Bcc") == 0 ||
	    strcasecmp(name, "Content-Length") == 0;
}

/* The address inside <...>, or the value trimmed. */
static char *
address(const char *v)
{
	const char *a = strchr(v, '<'), *b;

	if (a != NULL && (b = strchr(a, '>')) != NULL)
		return xmemdup(a + 1, (size_t)(b - a - 1));
	while (*v == ' ' || *v == '\t')
		v++;
	for (b = v + strlen(v); b > v && (b[-1] == ' ' || b[-1] == '\t' ||
	    b[-1] == '\n'); b--)
		;
	return xmemdup(v, (size_t)(b - v));
}

static char *
read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f;
	char *buf;
	long n;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) < 0) {
		snprintf(err, errlen, "%s: cannot size: %s", path,
		    strerror(errno));
		fclose(f);
		return NULL;
	}
	if (n > MAILMSG_MAX_SIZE) {
		snprintf(err, errlen, "%s: %ld octets, limit %d", path, n,
		    MAILMSG_MAX_SIZE);
		fclose(f);
		return NULL;
	}
	buf = xalloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		snprintf(err, errlen, "%s: short read", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static void
add_field(struct mailmsg *m, size_t *cap, const char *s, size_t n,
    size_t nlen)
{
	size_t i = nlen;

	while (s[i] != ':')
		i++;
	if (m->nh == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		if ((m->h = realloc(m->h, *cap * sizeof(*m->h))) == NULL)
			abort();
	}
	m->h[m->nh].name = xmemdup(s, nlen);
	m->h[m->nh].value = xmemdup(s + i + 1, n - i - 1);
	m->nh++;
}

/* Appends a continuation line to the last field, after a bare LF. */
static void
add_fold(struct mailmsg *m, const char *s, size_t n)
{
	struct mailhdr *h = &m->h[m->nh - 1];
	size_t old = strlen(h->value);
	char *v = xalloc(old + 1 + n + 1);

	memcpy(v, h->value, old);
	v[old] = '\n';
	memcpy(v + old + 1, s, n);
	v[old + 1 + n] = '\0';
	free(h->value);
	h->value = v;
}

static void
set_label(struct mailmsg *m, const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b != NULL ? b + 1 : path;
	dot = strrchr(b, '.');
	m->label = xmemdup(b, dot != NULL && dot > b ? (size_t)(dot - b) :
	    strlen(b));
}

struct mailmsg *
mailmsg_load(const char *path, char *err, size_t errlen)
{
	struct mailmsg *m;
	size_t len, off = 0, n, next, nlen, cap = 0, i, o;
	char *buf;

	if ((buf = read_file(path, &len, err, errlen)) == NULL)
		return NULL;
	m = xalloc(sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->size = len;
	set_label(m, path);
	while (off < len) {
		n = line(buf + off, len - off, &next);
		if (n == 0) {			/* the empty line */
			off += next;
			break;
		}
		if ((buf[off] == ' ' || buf[off] == '\t') && m->nh > 0)
			add_fold(m, buf + off, n);
		else if ((nlen = field_name(buf + off, n)) > 0) {
			if (m->nh >= MAILMSG_MAX_FIELDS) {
				snprintf(err, errlen, "%s: more than %d header "
				    "fields", path, MAILMSG_MAX_FIELDS);
				free(buf);
				mailmsg_free(m);
				return NULL;
			}
			add_field(m, &cap, buf + off, n, nlen);
		} else
			break;			/* a body line */
		off += next;
	}
	/* drop what Postfix does not pass on; keep Return-Path's address */
	for (i = o = 0; i < m->nh; i++) {
		if (!dropped(m->h[i].name)) {
			m->h[o++] = m->h[i];
			continue;
		}
		if (strcasecmp(m->h[i].name, "Return-Path") == 0 &&
		    m->return_path == NULL)
			m->return_path = address(m->h[i].value);
		free(m->h[i].name);
		free(m->h[i].value);
	}
	m->nh = o;
	/* the body with CRLF line ends, as an MTA sends it */
	m->body = xalloc(2 * (len - off) + 2);
	while (off < len) {
		n = line(buf + off, len - off, &next);
		memcpy(m->body + m->bodylen, buf + off, n);
		m->bodylen += n;
		m->body[m->bodylen++] = '\r';
		m->body[m->bodylen++] = '\n';
		off += next;
	}
	free(buf);
	return m;
}

void
mailmsg_free(struct mailmsg *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->nh; i++) {
		free(m->h[i].name);
		free(m->h[i].value);
	}
	free(m->h);
	free(m->body);
	free(m->return_path);
	free(m->label);
	free(m);
}
