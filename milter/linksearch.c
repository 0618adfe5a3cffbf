/*
 * NAME
 *	linksearch - unsubscribe link search over decoded text parts
 * DESCRIPTION
 *	Decoded octets fill a window; a full window is lowercased and
 *	searched in one pass, and its tail is kept so that a word or its
 *	"http" across the window edge is not lost. Positions whose octet can
 *	start a word are compared with the words that start so; every other
 *	octet costs one table lookup.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

struct linksearch {
	const struct linkwords *lw;
	enum text	 text;		/* of the part being searched */
	int		 anchor;	/* an "<a" seen in this HTML part */
	char		 win[LINKSEARCH_WIN];
	size_t		 winlen;
	int		 found;
	int		 parts;		/* text parts searched */
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

/* Whether "http" occurs within LINKSEARCH_NEAR octets of win[k..k+len). */
static int
near_http(const struct linksearch *ls, size_t k, size_t len)
{
	size_t from = k > LINKSEARCH_NEAR ? k - LINKSEARCH_NEAR : 0;
	size_t to = k + len + LINKSEARCH_NEAR;
	const char *h;

	if (to > ls->winlen)
		to = ls->winlen;
	for (h = ls->win + from; h + 4 <= ls->win + to &&
	    (h = memchr(h, 'h', (size_t)(ls->win + to - h))) != NULL; h++)
		if (h + 4 <= ls->win + to && memcmp(h, "http", 4) == 0)
			return 1;
	return 0;
}

static void
search(struct linksearch *ls, int final)
{
	const struct linkwords *lw = ls->lw;
	const char *a, *end;
	size_t i, j, keep;
	unsigned char c;

	if (ls->found || ls->winlen == 0)
		return;
	for (i = 0; i < ls->winlen; i++)
		ls->win[i] = (char)tolower((unsigned char)ls->win[i]);
	end = ls->win + ls->winlen;
	for (a = ls->win; ls->text == TEXT_HTML && !ls->anchor &&
	    (a = memchr(a, '<', (size_t)(end - a))) != NULL; a++)
		if (a + 1 < end && a[1] == 'a' &&
		    (a + 2 == end || isspace((unsigned char)a[2])))
			ls->anchor = 1;
	for (i = 0; i < ls->winlen && !ls->found; i++) {
		c = (unsigned char)ls->win[i];
		if (!lw->first[c])
			continue;
		for (j = 0; j < lw->n && !ls->found; j++) {
			if ((unsigned char)lw->w[j][0] != c ||
			    lw->len[j] > ls->winlen - i ||
			    memcmp(ls->win + i, lw->w[j], lw->len[j]) != 0)
				continue;
			if ((ls->text == TEXT_HTML && ls->anchor) ||
			    (ls->text == TEXT_PLAIN &&
			    near_http(ls, i, lw->len[j])))
				ls->found = 1;
		}
	}
	if (final)
		return;
	keep = ls->winlen > LINKSEARCH_NEAR + 64 ? LINKSEARCH_NEAR + 64 :
	    ls->winlen;
	memmove(ls->win, ls->win + ls->winlen - keep, keep);
	ls->winlen = keep;
}

static int
on_start(void *arg, const struct mimepart *p)
{
	struct linksearch *ls = arg;

	ls->winlen = 0;
	ls->anchor = 0;
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
	size_t room;

	if (ls->found || ls->text == TEXT_NONE)
		return;
	while (n > 0) {
		room = sizeof(ls->win) - 1 - ls->winlen;
		if (room > n)
			room = n;
		memcpy(ls->win + ls->winlen, s, room);
		ls->winlen += room;
		s += room;
		n -= room;
		if (ls->winlen == sizeof(ls->win) - 1)
			search(ls, 0);
	}
}

static void
on_end(void *arg)
{
	struct linksearch *ls = arg;

	search(ls, 1);
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
