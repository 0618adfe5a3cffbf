/*
 * NAME
 *	unsub - List-Unsubscribe (RFC 2369) and one-click (RFC 8058)
 * DESCRIPTION
 *	Every fact is reported for every message; whether it matters (bulk
 *	streams) is for the rules to decide.
 *
 *	unsub.missing / .multiple	not exactly one List-Unsubscribe
 *	unsub.syntax			it is not a list of <URI> (RFC 2369 2)
 *	unsub.https.missing		no https URI to unsubscribe with
 *					(RFC 8058 3.1; mailto alone does not
 *					give Gmail's button)
 *	unsub.one-click.missing		no List-Unsubscribe-Post
 *	unsub.one-click.invalid		List-Unsubscribe-Post is not exactly
 *					one "List-Unsubscribe=One-Click", or
 *					there is no https URI for it to post to
 *	unsub.recipient-token		the https URI cannot identify the
 *					recipient: the copy goes to several
 *					recipients, or (one recipient) no
 *					opaque token is in its path or query
 *	list-id.missing			no List-Id (RFC 2919)
 *
 *	The token heuristic: a run of at least UNSUB_TOKEN_MIN characters
 *	from [A-Za-z0-9-_.~=%] holding both letters and digits, after the
 *	host. The recipient's address written in clear does not count: it
 *	is not opaque and lets anyone unsubscribe anyone.
 */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checkrun.h"
#include "limits.h"
#include "linksearch.h"
#include "listurl.h"

#define UNSUB_TOKEN_MIN	16

static int
token_char(unsigned char c)
{
	return c != '\0' && (isalnum(c) || strchr("-_.~=%", c) != NULL);
}

/* Blanks out every case-insensitive occurrence of word in buf. */
static void
blank(char *buf, const char *word)
{
	size_t n = strlen(word);
	char *p;

	if (n == 0)
		return;
	for (p = strcasestr(buf, word); p != NULL; p = strcasestr(p + n, word))
		memset(p, '/', n);
}

/*
 * Returns 1 when the URL after scheme://host holds an opaque token; the
 * recipient's address, plain or with '@' as %40, is blanked out first.
 */
static int
has_token(const char *url, const char *rcpt)
{
	char buf[LISTURL_LEN + 1], enc[SL_MAX_ADDR_LEN * 3 + 1];
	const char *p, *q;
	size_t run, o = 0;
	int alpha, digit;

	snprintf(buf, sizeof(buf), "%s", url);
	blank(buf, rcpt);
	for (p = rcpt; *p != '\0' && o + 4 < sizeof(enc); p++) {
		if (*p == '@') {
			memcpy(enc + o, "%40", 3);
			o += 3;
		} else
			enc[o++] = *p;
	}
	enc[o] = '\0';
	blank(buf, enc);
	if ((p = strstr(buf, "://")) == NULL || (p = strchr(p + 3, '/')) == NULL)
		return 0;
	for (q = p; *q != '\0'; ) {
		if (!token_char((unsigned char)*q)) {
			q++;
			continue;
		}
		for (run = 0, alpha = digit = 0; token_char((unsigned char)q[run]);
		    run++) {
			alpha |= isalpha((unsigned char)q[run]) != 0;
			digit |= isdigit((unsigned char)q[run]) != 0;
		}
		if (run >= UNSUB_TOKEN_MIN && alpha && digit)
			return 1;
		q += run;
	}
	return 0;
}

static void
one_click(struct checkrun *cr, int https)
{
	const struct header *h = msg_find_header(cr->m, "List-Unsubscribe-Post");
	size_t n = msg_count_header(cr->m, "List-Unsubscribe-Post"), a, b;
	const char *why = NULL;

	fact_set(cr->fs, "unsub.one-click.missing", n == 0 ? FACT_TRUE :
	    FACT_FALSE, 0, n == 0 ? "no List-Unsubscribe-Post field" : NULL);
	if (n > 1)
		why = "more than one List-Unsubscribe-Post field";
	else if (n == 1) {
		for (a = 0; a < h->valuelen && isspace((unsigned char)h->value[a]);
		    a++)
			;
		for (b = h->valuelen; b > a &&
		    isspace((unsigned char)h->value[b - 1]); b--)
			;
		if (b - a != 26 || strncasecmp(h->value + a,
		    "List-Unsubscribe=One-Click", 26) != 0)
			why = "List-Unsubscribe-Post is not "
			    "\"List-Unsubscribe=One-Click\"";
		else if (!https)
			why = "List-Unsubscribe-Post without an https URI in "
			    "List-Unsubscribe";
	}
	fact_set(cr->fs, "unsub.one-click.invalid", why ? FACT_TRUE :
	    FACT_FALSE, 0, "%s", why ? why : "");
}

void
unsub_check(struct checkrun *cr)
{
	const struct header *h = cr->hv->unsub_h;
	size_t n = cr->hv->nunsub, i;
	const struct urllist *ul = &cr->hv->unsub;
	const char *https = NULL;
	const struct linksearch *ls;
	struct factset *fs = cr->fs;

	fact_set(fs, "unsub.missing", n == 0 ? FACT_TRUE : FACT_FALSE, 0,
	    n == 0 ? "no List-Unsubscribe field" : NULL);
	fact_set(fs, "unsub.multiple", n > 1 ? FACT_TRUE : FACT_FALSE,
	    (long)n, n > 1 ? "%zu List-Unsubscribe fields" : NULL, n);
	if (h != NULL && ul->err)
		fact_set(fs, "unsub.syntax", FACT_TRUE, 0,
		    "List-Unsubscribe: %s", ul->why);
	else
		fact_set(fs, "unsub.syntax", FACT_FALSE, 0, NULL);
	for (i = 0; i < ul->n && https == NULL; i++)
		if (strcmp(ul->u[i].scheme, "https") == 0)
			https = ul->u[i].url;
	if (https != NULL)
		fact_set(fs, "unsub.https.missing", FACT_FALSE, 0, NULL);
	else
		fact_set(fs, "unsub.https.missing", FACT_TRUE, 0, "%s",
		    h == NULL ? "no List-Unsubscribe field" :
		    "List-Unsubscribe has no https URI");
	one_click(cr, https != NULL);
	if (https != NULL && cr->m->nrcpt_total > 1)
		fact_set(fs, "unsub.recipient-token", FACT_TRUE,
		    (long)cr->m->nrcpt_total, "%zu recipients share one copy, "
		    "so its unsubscribe URI cannot be theirs alone",
		    cr->m->nrcpt_total);
	else if (https != NULL && cr->m->nrcpt_total == 1 &&
	    !has_token(https, cr->m->rcpt[0]))
		fact_set(fs, "unsub.recipient-token", FACT_TRUE, 1,
		    "the https URI carries no opaque per-recipient token");
	else
		fact_set(fs, "unsub.recipient-token", FACT_FALSE, 0, NULL);
	if ((ls = msg_links(cr->m)) == NULL)
		fact_set(fs, "unsub.body-link.missing", FACT_FALSE, 0, NULL);
	else if (!linksearch_found(ls) && linksearch_parts(ls) > 0)
		fact_set(fs, "unsub.body-link.missing", FACT_TRUE,
		    linksearch_parts(ls), "no unsubscribe link in %d text "
		    "part%s", linksearch_parts(ls),
		    linksearch_parts(ls) > 1 ? "s" : "");
	else if (!linksearch_found(ls))
		fact_set(fs, "unsub.body-link.missing", FACT_TRUE, 0,
		    "no text part to look for an unsubscribe link in");
	else
		fact_set(fs, "unsub.body-link.missing", FACT_FALSE, 0, NULL);
	n = msg_count_header(cr->m, "List-Id");
	fact_set(fs, "list-id.missing", n == 0 ? FACT_TRUE : FACT_FALSE, 0,
	    n == 0 ? "no List-Id field" : NULL);
}
