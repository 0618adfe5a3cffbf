/*
 * NAME
 *	msgid - msg-id grammar over lex tokens (RFC 5322 3.6.4, 4.5.4)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "msgid.h"
#include "util.h"

struct mparser {
	struct lex		*L;
	struct msgidlist	*out;
};

static int
special(const struct mparser *P, size_t k, char c)
{
	return k < P->L->n && P->L->tok[k].type == T_SPECIAL &&
	    P->L->tok[k].s[0] == c;
}

static void
merror(struct mparser *P, const char *why)
{
	if (!P->out->err) {
		P->out->err = 1;
		snprintf(P->out->why, sizeof(P->out->why), "%s", why);
	}
}

/*
 * id-left = dot-atom-text / obs-id-left (local-part)
 * id-right = dot-atom-text / no-fold-literal / obs-id-right (domain)
 * Returns the index after the part, or 0 when there is none.
 */
static size_t
id_part(struct mparser *P, size_t k, int right)
{
	size_t start = k;
	const struct token *t;

	if (right && k < P->L->n && P->L->tok[k].type == T_DLITERAL) {
		t = &P->L->tok[k];
		if (memchr(t->s, ' ', t->len) || memchr(t->s, '\t', t->len) ||
		    memchr(t->s, '\n', t->len))
			P->out->obs = 1;	/* a folding literal */
		return k + 1;
	}
	for (;;) {
		if (k >= P->L->n || (P->L->tok[k].type != T_ATOM &&
		    P->L->tok[k].type != T_QSTRING))
			return 0;
		if (P->L->tok[k].type == T_QSTRING || (k > start &&
		    P->L->tok[k].cfws_before))
			P->out->obs = 1;
		if (lex_has_encoded_word(P->L->tok[k].s, P->L->tok[k].len))
			P->out->ew_misplaced = 1;
		k++;
		if (!special(P, k, '.'))
			return k;
		if (P->L->tok[k].cfws_before)
			P->out->obs = 1;
		k++;
	}
}

/* msg-id = [CFWS] "<" id-left "@" id-right ">" [CFWS]; 0 on error. */
static size_t
msg_id(struct mparser *P, size_t k)
{
	size_t a = k, r, i;
	struct sbuf b;

	if (!special(P, k, '<')) {
		merror(P, "is not enclosed in <>");
		return 0;
	}
	if ((r = id_part(P, k + 1, 0)) == 0) {
		merror(P, special(P, k + 1, '>') ? "is empty" :
		    "has no left part before '@'");
		return 0;
	}
	if (!special(P, r, '@')) {
		merror(P, "has no '@'");
		return 0;
	}
	if ((r = id_part(P, r + 1, 1)) == 0) {
		merror(P, "has no right part after '@'");
		return 0;
	}
	if (!special(P, r, '>')) {
		merror(P, "is not closed by '>'");
		return 0;
	}
	if (P->out->n++ == 0) {
		sbuf_init(&b, MSGID_MAX);
		for (i = a; i <= r; i++)
			sbuf_add(&b, P->L->tok[i].s, P->L->tok[i].len);
		snprintf(P->out->first, sizeof(P->out->first), "%s", b.s);
		P->out->first_len = b.len + (b.trunc ? 1 : 0);
		sbuf_clear(&b);
	}
	return r + 1;
}

void
msgid_parse(const char *s, size_t n, int flags, struct msgidlist *out)
{
	struct mparser P;
	size_t k = 0;

	memset(out, 0, sizeof(*out));
	P.L = xmalloc(sizeof(*P.L));
	lex_init(P.L);
	P.out = out;
	if (lex_scan(P.L, s, n) < 0) {
		merror(&P, P.L->err);
		lex_clear(P.L);
		free(P.L);
		return;
	}
	out->eightbit = P.L->eightbit;
	if (P.L->obs)
		out->obs = 1;
	if (P.L->n == 0)
		merror(&P, "is empty");
	while (!out->err && k < P.L->n) {
		if (!(flags & MSGID_SINGLE) && !special(&P, k, '<')) {
			/* obs-references / obs-in-reply-to: phrases between */
			if (P.L->tok[k].type == T_SPECIAL &&
			    !special(&P, k, '.')) {
				merror(&P, "is not a list of <id> values");
				break;
			}
			out->obs = 1;
			k++;
			continue;
		}
		if ((k = msg_id(&P, k)) == 0)
			break;
		if ((flags & MSGID_SINGLE) && k < P.L->n)
			merror(&P, "has more than one id");
	}
	lex_clear(P.L);
	free(P.L);
}
