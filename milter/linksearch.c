/*
 * NAME
 *	linksearch - unsubscribe link search over decoded text parts
 * DESCRIPTION
 *	A small streaming HTML reader: text, tags, comments and character
 *	references, one octet at a time, each kept in a bounded buffer.
 *	Text is lowercased (ASCII) and its white space collapsed as it is
 *	appended. Words are compared only at positions whose octet can start
 *	one (one table lookup for every other octet), and only where a link
 *	stands: a tag that is an anchor, a sentence that holds one, a plain
 *	line that holds a URL.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "linksearch.h"
#include "mimewalk.h"
#include "util.h"

struct linkwords {
	char		*w[LINKSEARCH_WORDS];
	unsigned short	 len[LINKSEARCH_WORDS];
	size_t		 n;
	unsigned char	 first[256];	/* 1: some word starts so */
};

enum text { TEXT_NONE, TEXT_PLAIN, TEXT_HTML };
enum hstate { H_TEXT, H_TAG, H_COMMENT, H_REF };

struct linksearch {
	const struct linkwords *lw;
	enum text	 text;		/* of the part being searched */
	int		 found;
	int		 parts;		/* text parts searched */

	/* HTML */
	enum hstate	 hs;
	char		 tag[LINKSEARCH_TAG];
	size_t		 taglen;
	char		 ref[12];	/* a character reference after '&' */
	size_t		 reflen;
	char		 sent[LINKSEARCH_SENTENCE];	/* the sentence so far */
	size_t		 sentlen;
	int		 anchor;	/* an <a> stands in the sentence */
	int		 in_a;		/* between <a> and </a> */
	int		 skip;		/* inside <style> or <script> */
	int		 stop;		/* a '.', '!' or '?' was the last octet */
	int		 dashes;	/* of "-->" in a comment */

	/* plain text */
	char		 line[LINKSEARCH_LINE];
	size_t		 linelen;
	char		 prev[LINKSEARCH_LINE];
	size_t		 prevlen;
};

struct linkwords *
linksearch_words_new(const char *const *words)
{
	struct linkwords *lw = xcalloc(1, sizeof(*lw));
	size_t k, len;

	for (; words != NULL && words[lw->n] != NULL &&
	    lw->n < LINKSEARCH_WORDS; lw->n++) {
		len = strnlen(words[lw->n], LINKSEARCH_WORD_MAX);
		lw->w[lw->n] = xstrndup(words[lw->n], len);
		for (k = 0; k < len; k++)
			lw->w[lw->n][k] = (char)tolower(
			    (unsigned char)lw->w[lw->n][k]);
		if (len > 0)
			lw->first[(unsigned char)lw->w[lw->n][0]] = 1;
		else
			len = 1;	/* never compared: no first octet */
		lw->len[lw->n] = (unsigned short)len;
	}
	return lw;
}

void
linksearch_words_free(struct linkwords *lw)
{
	size_t i;

	if (lw == NULL)
		return;
	for (i = 0; i < lw->n; i++)
		free(lw->w[i]);
	free(lw);
}

struct linksearch *
linksearch_new(const struct linkwords *lw)
{
	struct linksearch *ls = xcalloc(1, sizeof(*ls));

	ls->lw = lw;
	return ls;
}

void
linksearch_free(struct linksearch *ls)
{
	free(ls);
}

int
linksearch_found(const struct linksearch *ls)
{
	return ls->found;
}

int
linksearch_parts(const struct linksearch *ls)
{
	return ls->parts;
}

/* Whether a word occurs in s (lowercased); sets found. */
static int
words_in(struct linksearch *ls, const char *s, size_t n)
{
	const struct linkwords *lw = ls->lw;
	size_t i, j;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (!lw->first[c])
			continue;
		for (j = 0; j < lw->n; j++)
			if ((unsigned char)lw->w[j][0] == c &&
			    lw->len[j] <= n - i &&
			    memcmp(s + i, lw->w[j], lw->len[j]) == 0)
				return ls->found = 1;
	}
	return 0;
}

/* ---- HTML ---- */

static void
sentence_end(struct linksearch *ls)
{
	if (ls->anchor && ls->sentlen > 0)
		(void)words_in(ls, ls->sent, ls->sentlen);
	ls->sentlen = 0;
	ls->anchor = ls->in_a;
	ls->stop = 0;
}

/* One octet of text, lowercased, white space collapsed. */
static void
text_add(struct linksearch *ls, unsigned char c)
{
	int space = c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\f' || c == 0xa0;

	if (ls->skip)
		return;
	if (space) {
		if (ls->stop) {
			sentence_end(ls);
			return;
		}
		if (ls->sentlen == 0 || ls->sent[ls->sentlen - 1] == ' ')
			return;
		c = ' ';
	}
	ls->stop = c == '.' || c == '!' || c == '?';
	if (ls->sentlen == sizeof(ls->sent)) {	/* a long sentence: in pieces */
		if (ls->anchor)
			(void)words_in(ls, ls->sent, ls->sentlen);
		memmove(ls->sent, ls->sent + ls->sentlen / 2, ls->sentlen -
		    ls->sentlen / 2);
		ls->sentlen -= ls->sentlen / 2;
	}
	ls->sent[ls->sentlen++] = (char)tolower(c);
}

static void
text_adds(struct linksearch *ls, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		text_add(ls, (unsigned char)s[i]);
}

/* UTF-8 of a code point into out (4 octets); returns the length. */
static size_t
utf8(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static const struct {
	const char	*name;
	unsigned long	 cp;
} refs[] = {
	{ "nbsp", ' ' }, { "amp", '&' }, { "lt", '<' }, { "gt", '>' },
	{ "quot", '"' }, { "apos", '\'' }, { "auml", 0xe4 }, { "ouml", 0xf6 },
	{ "uuml", 0xfc }, { "szlig", 0xdf }, { "eacute", 0xe9 },
	{ "egrave", 0xe8 }, { "agrave", 0xe0 }, { "ccedil", 0xe7 },
	{ "ecirc", 0xea }, { "iacute", 0xed }, { "oacute", 0xf3 },
	{ "uacute", 0xfa }, { "aacute", 0xe1 }, { "ntilde", 0xf1 },
	{ "shy", 0 }, { "zwnj", 0 }, { "zwj", 0 },
};

/* A reference "&name;" (ls->ref without '&' and ';') as UTF-8 text. */
static void
ref_done(struct linksearch *ls, int semicolon)
{
	char out[4], *end;
	unsigned long cp = 0;
	size_t i, n = 0;

	ls->ref[ls->reflen] = '\0';
	if (semicolon && ls->ref[0] == '#') {
		cp = (ls->ref[1] == 'x' || ls->ref[1] == 'X') ?
		    strtoul(ls->ref + 2, &end, 16) : strtoul(ls->ref + 1, &end, 10);
		if (*end == '\0')
			n = cp == 0xa0 ? utf8(' ', out) : utf8(cp, out);
		else
			semicolon = 0;
	} else if (semicolon) {
		for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
			if (strcasecmp(ls->ref, refs[i].name) == 0)
				break;
		if (i == sizeof(refs) / sizeof(refs[0]))
			semicolon = 0;
		else if (refs[i].cp != 0)
			n = utf8(refs[i].cp, out);
	}
	if (!semicolon) {		/* not a reference: the text as it was */
		text_add(ls, '&');
		text_adds(ls, ls->ref, ls->reflen);
		return;
	}
	text_adds(ls, out, n);
}

/* The value of attribute name in a tag (lowercased, as written), or NULL. */
static const char *
attr(const char *tag, const char *name, size_t *len)
{
	size_t nl = strlen(name);
	const char *p = tag, *v;
	char q;

	while ((p = strstr(p, name)) != NULL) {
		if (p == tag || !isspace((unsigned char)p[-1])) {
			p += nl;
			continue;
		}
		v = p + nl;
		while (isspace((unsigned char)*v))
			v++;
		if (*v != '=') {
			p += nl;
			continue;
		}
		for (v++; isspace((unsigned char)*v); v++)
			;
		if (*v == '"' || *v == '\'') {
			q = *v++;
			*len = strcspn(v, q == '"' ? "\"" : "'");
		} else
			*len = strcspn(v, " \t\r\n>");
		return v;
	}
	return NULL;
}

/* href: percent-decoded, then the words (host, path and query) */
static void
href(struct linksearch *ls, const char *v, size_t n)
{
	char buf[LINKSEARCH_TAG];
	size_t i, o = 0;
	int h, l;

	for (i = 0; i < n; i++) {
		if (v[i] == '%' && i + 2 < n &&
		    (h = codec_hex((unsigned char)v[i + 1])) >= 0 &&
		    (l = codec_hex((unsigned char)v[i + 2])) >= 0) {
			buf[o++] = (char)tolower(h * 16 + l);
			i += 2;
		} else
			buf[o++] = v[i];
	}
	(void)words_in(ls, buf, o);
}

static const char *const blocks[] = { "p", "div", "td", "th", "tr", "li",
	"ul", "ol", "table", "tbody", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
	"blockquote", "center", "body", NULL };

/* A complete tag (between '<' and '>', lowercased). */
static void
tag_done(struct linksearch *ls)
{
	char name[16];
	const char *v, *t = ls->tag;
	size_t n = 0, len, i;
	int end = 0;

	ls->tag[ls->taglen] = '\0';
	if (*t == '/') {
		end = 1;
		t++;
	}
	while (n < sizeof(name) - 1 && (isalnum((unsigned char)t[n])))
		name[n] = t[n], n++;
	name[n] = '\0';
	if (strcmp(name, "style") == 0 || strcmp(name, "script") == 0) {
		ls->skip = !end;
		return;
	}
	if (ls->skip)
		return;
	if (strcmp(name, "a") == 0 && end) {
		ls->in_a = 0;
		return;
	}
	if (strcmp(name, "a") == 0) {
		ls->in_a = ls->anchor = 1;	/* the sentence goes on */
		if ((v = attr(ls->tag, "href", &len)) != NULL)
			href(ls, v, len);
		if ((v = attr(ls->tag, "title", &len)) != NULL)
			(void)words_in(ls, v, len);
		if ((v = attr(ls->tag, "aria-label", &len)) != NULL)
			(void)words_in(ls, v, len);
		return;
	}
	if (strcmp(name, "img") == 0 && ls->in_a &&
	    (v = attr(ls->tag, "alt", &len)) != NULL) {
		text_add(ls, ' ');
		text_adds(ls, v, len);
		text_add(ls, ' ');
		return;
	}
	for (i = 0; blocks[i] != NULL; i++)
		if (strcmp(name, blocks[i]) == 0) {
			sentence_end(ls);
			return;
		}
	if (strcmp(name, "br") == 0)
		text_add(ls, ' ');
}

static void
html(struct linksearch *ls, unsigned char c)
{
	switch (ls->hs) {
	case H_TEXT:
		if (c == '<') {
			ls->hs = H_TAG;
			ls->taglen = 0;
		} else if (c == '&' && !ls->skip) {
			ls->hs = H_REF;
			ls->reflen = 0;
		} else
			text_add(ls, c);
		return;
	case H_REF:
		if (c == ';') {
			ref_done(ls, 1);
			ls->hs = H_TEXT;
		} else if (isalnum(c) || (c == '#' && ls->reflen == 0)) {
			if (ls->reflen < sizeof(ls->ref) - 1) {
				ls->ref[ls->reflen++] = (char)c;
				return;
			}
			ref_done(ls, 0);
			ls->hs = H_TEXT;
			text_add(ls, c);
		} else {
			ref_done(ls, 0);
			ls->hs = H_TEXT;
			html(ls, c);
		}
		return;
	case H_COMMENT:
		if (c == '>' && ls->dashes >= 2)
			ls->hs = H_TEXT;
		ls->dashes = c == '-' ? ls->dashes + 1 : 0;
		return;
	case H_TAG:
		if (c == '>') {
			tag_done(ls);
			ls->hs = H_TEXT;
			return;
		}
		if (ls->taglen < sizeof(ls->tag) - 1)
			ls->tag[ls->taglen++] = (char)tolower(c);
		if (ls->taglen == 3 && memcmp(ls->tag, "!--", 3) == 0) {
			ls->hs = H_COMMENT;
			ls->dashes = 0;
		}
		return;
	}
}

/* ---- plain text ---- */

static int
has_url(const char *s, size_t n)
{
	return memmem(s, n, "http://", 7) != NULL ||
	    memmem(s, n, "https://", 8) != NULL ||
	    memmem(s, n, "www.", 4) != NULL;
}

/* A line (or a piece of a long one) is complete. */
static void
line_done(struct linksearch *ls)
{
	char both[2 * LINKSEARCH_LINE + 1];

	if (has_url(ls->line, ls->linelen)) {
		memcpy(both, ls->prev, ls->prevlen);
		both[ls->prevlen] = ' ';
		memcpy(both + ls->prevlen + 1, ls->line, ls->linelen);
		(void)words_in(ls, both, ls->prevlen + 1 + ls->linelen);
	}
	memcpy(ls->prev, ls->line, ls->linelen);
	ls->prevlen = ls->linelen;
	ls->linelen = 0;
}

static void
plain(struct linksearch *ls, unsigned char c)
{
	if (c == '\n') {
		line_done(ls);
		return;
	}
	if (ls->linelen == sizeof(ls->line))
		line_done(ls);
	ls->line[ls->linelen++] = (char)tolower(c == '\r' ? ' ' : c);
}

/* ---- the walker's observer ---- */

static int
on_start(void *arg, const struct mimepart *p)
{
	struct linksearch *ls = arg;

	ls->hs = H_TEXT;
	ls->taglen = ls->reflen = ls->sentlen = 0;
	ls->anchor = ls->in_a = ls->skip = ls->stop = 0;
	ls->linelen = ls->prevlen = 0;
	if (p->type[0] == '\0' || strcmp(p->type, "text/plain") == 0)
		ls->text = TEXT_PLAIN;
	else if (strcmp(p->type, "text/html") == 0)
		ls->text = TEXT_HTML;
	else
		ls->text = TEXT_NONE;
	if (ls->found)
		return 0;
	if (ls->text != TEXT_NONE)
		ls->parts++;
	return ls->text != TEXT_NONE;
}

static void
on_data(void *arg, const char *s, size_t n)
{
	struct linksearch *ls = arg;
	size_t i;

	if (ls->found)
		return;
	if (ls->text == TEXT_HTML)
		for (i = 0; i < n && !ls->found; i++)
			html(ls, (unsigned char)s[i]);
	else if (ls->text == TEXT_PLAIN)
		for (i = 0; i < n && !ls->found; i++)
			plain(ls, (unsigned char)s[i]);
}

static void
on_end(void *arg)
{
	struct linksearch *ls = arg;

	if (!ls->found && ls->text == TEXT_HTML) {
		if (ls->hs == H_REF)
			ref_done(ls, 0);
		sentence_end(ls);
	} else if (!ls->found && ls->text == TEXT_PLAIN && ls->linelen > 0)
		line_done(ls);
	ls->text = TEXT_NONE;
}

static const struct mimewalk_ops linksearch_ops = {
	on_start, on_data, on_end
};

int
linksearch_attach(struct linksearch *ls, struct mimewalk *w)
{
	return mimewalk_observe(w, &linksearch_ops, ls);
}
