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
 *					recipients; or the same URI already
 *					went to other recipients (the
 *					unsubscribe window, unsubwin.h); or,
 *					on first sight or without the window,
 *					nothing in it varies per recipient
 *					(unsubtoken.h)
 *	list-id.missing			no List-Id (RFC 2919)
 *	list-id.syntax			a List-Id is not [phrase] "<" list-label
 *					"." namespace ">" (RFC 2919 2, 3)
 *
 *	Every List-Unsubscribe field is judged on its raw value, as
 *	receivers read it: an RFC 2047 encoded-word there is not decoded
 *	(unsub.syntax, and rfc2047.encoded-word.misplaced for it and for
 *	List-Unsubscribe-Post, List-Id, List-Help and List-Subscribe).
 *	With several List-Unsubscribe fields each is parsed and reported.
 *
 *	unsub.recipient-token reads the stream's window, so it is reported
 *	by unsub_stream_check() with the other stream facts (check.h).
 *	unsub_commit() records the message's https URI in the window when
 *	it leaves (judge_commit(), the daemon only).
 */
#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checkrun.h"
#include "limits.h"
#include "linksearch.h"
#include "metric.h"
#include "stream.h"
#include "lex.h"
#include "listurl.h"
#include "unsubtoken.h"
#include "unsubwin.h"

/* RFC 2369 fields whose values receivers do not decode (RFC 2047 5) */
static const char *const list_fields[] = { "List-Unsubscribe",
	"List-Unsubscribe-Post", "List-Id", "List-Help", "List-Subscribe",
	NULL };

static void
list_ew(struct checkrun *cr)
{
	const struct header *h;
	size_t i, k;

	for (i = 0; i < cr->m->nhdr; i++) {
		h = &cr->m->hdr[i];
		for (k = 0; list_fields[k] != NULL; k++)
			if (strcasecmp(h->name, list_fields[k]) == 0 &&
			    lex_has_encoded_word(h->value, h->valuelen))
				check_ew(cr, list_fields[k]);
	}
}

static const char *
stream_of(const struct check_ctx *cc)
{
	return cc->si != NULL && cc->si->nmatch > 0 ? cc->si->name : "";
}

/* Counts one unsubscribe window lookup for /metrics; returns rc. */
static int
count_window(int rc)
{
	metric_store(MS_UNSUBSCRIBE, rc);
	return rc;
}

static void
recipient_token(struct checkrun *cr, const char *https)
{
	const struct msg *m = cr->m;
	const struct check_ctx *cc = cr->cc;
	uint64_t rh, mine;
	time_t when;
	double bits;
	int seen = 0;

	if (https == NULL || m->nrcpt_total == 0) {	/* nothing to judge */
		fact_set(cr->fs, "unsub.recipient-token", FACT_FALSE, 0, NULL);
		return;
	}
	if (m->nrcpt_total > 1) {
		fact_set(cr->fs, "unsub.recipient-token", FACT_TRUE,
		    (long)m->nrcpt_total, "%zu recipients share one copy, so "
		    "its unsubscribe URI cannot be theirs alone",
		    m->nrcpt_total);
		return;
	}
	mine = unsubwin_rcpt_hash(m->rcpt, m->nrcpt);
	if (cc->unsubs != NULL &&
	    (seen = count_window(unsubwin_seen(cc->unsubs, stream_of(cc),
	    https, cc->now, &rh, &when))) < 0) {
		fact_set(cr->fs, "unsub.recipient-token", FACT_TEMPERROR, 0,
		    "the unsubscribe window cannot be read");
		return;
	}
	if (seen && rh != mine) {
		fact_set(cr->fs, "unsub.recipient-token", FACT_TRUE, 1,
		    "the same https URI went to another recipient %ld s ago",
		    (long)(cc->now - when));
		return;
	}
	if (seen) {
		fact_set(cr->fs, "unsub.recipient-token", FACT_FALSE, 0, NULL);
		return;
	}
	bits = unsubtoken_bits(https, m->nrcpt == 1 ? m->rcpt[0] : NULL);
	if (bits < UNSUBTOKEN_BITS)
		fact_set(cr->fs, "unsub.recipient-token", FACT_TRUE, 1,
		    "nothing in the https URI varies per recipient (%.0f "
		    "bits, %d wanted)", bits, UNSUBTOKEN_BITS);
	else
		fact_set(cr->fs, "unsub.recipient-token", FACT_FALSE, 0, NULL);
}

void
unsub_stream_check(struct checkrun *cr)
{
	recipient_token(cr, cr->hv->unsub_https);
}

void
unsub_commit(const struct headview *hv, const struct check_ctx *cc,
    uint64_t rcpt)
{
	if (cc->unsubs == NULL || hv->unsub_https == NULL)
		return;
	metric_store(MS_UNSUBSCRIBE, unsubwin_add(cc->unsubs, stream_of(cc),
	    hv->unsub_https, rcpt, cc->now));
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

/* unsub.syntax: every field that is not a list of <URI> */
static void
syntax(struct checkrun *cr)
{
	const struct headview *hv = cr->hv;
	struct sbuf b;
	size_t i;

	sbuf_init(&b, SL_MAX_DETAIL);
	for (i = 0; i < hv->nunsub && i < HV_MAX_UNSUB; i++) {
		if (!hv->unsub[i].err)
			continue;
		if (hv->nunsub == 1)
			sbuf_printf(&b, "List-Unsubscribe: %s", hv->unsub[i].why);
		else
			sbuf_printf(&b, "%sList-Unsubscribe #%zu: %s",
			    b.len ? "; " : "", i + 1, hv->unsub[i].why);
	}
	fact_set(cr->fs, "unsub.syntax", b.len ? FACT_TRUE : FACT_FALSE, 0,
	    "%s", b.s);
	sbuf_clear(&b);
}

/*
 * RFC 2919 2: list-id-header = "List-ID:" [phrase] "<" list-id ">"
 * list-id = list-label "." list-id-namespace, both dot-atom-text (RFC
 * 5322 3.2.3); CFWS around the parts. Returns NULL or the problem.
 */
static const char *
list_id(const char *s, size_t n)
{
	size_t i = 0, start, k;

	if (lex_skip_cfws(s, n, &i) < 0)
		return "an unterminated comment";
	while (i < n && s[i] != '<') {		/* [phrase] */
		if (s[i] == '"') {
			for (i++; i < n && s[i] != '"'; i++)
				if (s[i] == '\\')
					i++;
			if (i >= n)
				return "an unterminated quoted string";
			i++;
		} else if (lex_is_atext((unsigned char)s[i]) || s[i] == '.' ||
		    (unsigned char)s[i] >= 0x80)
			i++;
		else if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n' || s[i] == '(') {
			if (lex_skip_cfws(s, n, &i) < 0)
				return "an unterminated comment";
		} else
			return "a character that is not allowed in the phrase "
			    "before '<'";
	}
	if (i >= n)
		return "no <list-label.namespace>";
	for (start = ++i; i < n && s[i] != '>'; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')
			return "white space inside the brackets";
		if (!lex_is_atext((unsigned char)s[i]) && s[i] != '.')
			return "a character that is not allowed in the list-id";
	}
	if (i >= n)
		return "no '>' after the list-id";
	if (i == start || s[start] == '.' || s[i - 1] == '.')
		return "the list-id is not a dot-atom";
	for (k = start; k + 1 < i; k++)
		if (s[k] == '.' && s[k + 1] == '.')
			return "the list-id is not a dot-atom";
	if (memchr(s + start, '.', i - start) == NULL)
		return "the list-id has no '.' between label and namespace";
	i++;
	if (lex_skip_cfws(s, n, &i) < 0)
		return "an unterminated comment";
	return i < n ? "text after '>'" : NULL;
}

static void
list_id_check(struct checkrun *cr)
{
	const struct header *h;
	const char *why = NULL;
	size_t i;

	for (i = 0; i < cr->m->nhdr && why == NULL; i++) {
		h = &cr->m->hdr[i];
		if (strcasecmp(h->name, "List-Id") == 0)
			why = list_id(h->value, h->valuelen);
	}
	fact_set(cr->fs, "list-id.syntax", why ? FACT_TRUE : FACT_FALSE, 0,
	    why ? "List-Id: %s" : "%s", why ? why : "");
}

void
unsub_check(struct checkrun *cr)
{
	size_t n = cr->hv->nunsub;
	const char *https = cr->hv->unsub_https;
	const struct linksearch *ls;
	struct factset *fs = cr->fs;

	fact_set(fs, "unsub.missing", n == 0 ? FACT_TRUE : FACT_FALSE, 0,
	    n == 0 ? "no List-Unsubscribe field" : NULL);
	fact_set(fs, "unsub.multiple", n > 1 ? FACT_TRUE : FACT_FALSE,
	    (long)n, n > 1 ? "%zu List-Unsubscribe fields" : NULL, n);
	syntax(cr);
	list_ew(cr);
	if (https != NULL)
		fact_set(fs, "unsub.https.missing", FACT_FALSE, 0, NULL);
	else
		fact_set(fs, "unsub.https.missing", FACT_TRUE, 0, "%s",
		    n == 0 ? "no List-Unsubscribe field" :
		    n == 1 ? "List-Unsubscribe has no https URI" :
		    "no List-Unsubscribe field has an https URI");
	one_click(cr, https != NULL);
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
	list_id_check(cr);
}
