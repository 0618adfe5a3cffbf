/*
 * NAME
 *	addr - RFC 5322 3.4 address grammar over lex tokens
 * DESCRIPTION
 *	One function per ABNF rule; each takes the parser and a token index
 *	and returns the index after what it matched, or -1 (no match, no
 *	error recorded) so the caller can try an alternative. Errors are
 *	recorded once, at the point where no alternative is left.
 */
#include <ctype.h>
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "lex.h"
#include "util.h"

struct parser {
	struct lex	*L;
	struct addrlist	*out;
	int		 flags;
	int		 in_group;
};

static int
is_special(const struct parser *P, int k, char c)
{
	return (size_t)k < P->L->n && P->L->tok[k].type == T_SPECIAL &&
	    P->L->tok[k].s[0] == c;
}

static int
is_word(const struct parser *P, int k)
{
	return (size_t)k < P->L->n && (P->L->tok[k].type == T_ATOM ||
	    P->L->tok[k].type == T_QSTRING);
}

static void
error(struct parser *P, int k, const char *msg)
{
	char what[64];
	const struct token *t;

	if (P->out->err)
		return;
	P->out->err = 1;
	if ((size_t)k < P->L->n) {
		t = &P->L->tok[k];
		snprintf(what, sizeof(what), "at \"%.*s\"",
		    (int)(t->len > 20 ? 20 : t->len), t->s);
	} else
		snprintf(what, sizeof(what), "at the end");
	snprintf(P->out->why, sizeof(P->out->why), "%s %s", msg, what);
}

static void
obsolete(struct parser *P, const char *why)
{
	if (!P->out->obs)
		snprintf(P->out->obswhy, sizeof(P->out->obswhy), "%s", why);
	P->out->obs = 1;
}

/*
 * Joins the text of tokens [a, b) into a new string; with spaces, one
 * space stands for the CFWS between two tokens (display names).
 */
static char *
join(const struct parser *P, int a, int b, int spaces)
{
	struct sbuf s;
	int k;

	sbuf_init(&s, 4096);
	for (k = a; k < b; k++) {
		if (k > a && spaces && P->L->tok[k].cfws_before)
			sbuf_addc(&s, ' ');
		sbuf_add(&s, P->L->tok[k].s, P->L->tok[k].len);
	}
	return s.s;
}

/*
 * RFC 5322 3.2.5 phrase = 1*word / obs-phrase (word *(word / "." / CFWS)).
 * Only reports; the caller flags obs-phrase once the phrase is used.
 */
static int
phrase(const struct parser *P, int k, int *dot)
{
	*dot = 0;
	if (!is_word(P, k))
		return -1;
	for (k++; is_word(P, k) || is_special(P, k, '.'); k++)
		if (is_special(P, k, '.'))
			*dot = 1;
	return k;
}

/*
 * RFC 5322 3.4.1 local-part = dot-atom / quoted-string / obs-local-part
 * obs-local-part = word *("." word)
 */
static int
local_part(struct parser *P, int k)
{
	int start = k, words = 0, qs = 0;

	if (!is_word(P, k))
		return -1;
	for (;;) {
		if (!is_word(P, k))
			return -1;
		if (P->L->tok[k].type == T_QSTRING)
			qs++;
		if (k > start && P->L->tok[k].cfws_before)
			obsolete(P, "white space or comment inside a local part");
		words++;
		k++;
		if (!is_special(P, k, '.'))
			break;
		if (P->L->tok[k].cfws_before)
			obsolete(P, "white space or comment inside a local part");
		k++;
	}
	if (qs > 0 && words > 1)
		obsolete(P, "quoted string mixed with dots in a local part");
	return k;
}

/*
 * RFC 5322 3.4.1 domain = dot-atom / domain-literal / obs-domain
 * obs-domain = atom *("." atom)
 */
static int
domain(struct parser *P, int k)
{
	int start = k;

	if ((size_t)k < P->L->n && P->L->tok[k].type == T_DLITERAL)
		return k + 1;
	for (;;) {
		if ((size_t)k >= P->L->n || P->L->tok[k].type != T_ATOM)
			return -1;
		if (k > start && P->L->tok[k].cfws_before)
			obsolete(P, "white space or comment inside a domain");
		k++;
		if (!is_special(P, k, '.'))
			return k;
		if (P->L->tok[k].cfws_before)
			obsolete(P, "white space or comment inside a domain");
		k++;
	}
}

static int
encoded_word_in(const struct parser *P, int a, int b)
{
	int k;

	for (k = a; k < b; k++)
		if (P->L->tok[k].type == T_ATOM &&
		    lex_has_encoded_word(P->L->tok[k].s, P->L->tok[k].len))
			return 1;
	return 0;
}

static void
add_mailbox(struct parser *P, int na, int nb, int la, int lb, int da, int db)
{
	struct mailbox *m;

	P->out->total++;
	if (encoded_word_in(P, la, lb) || encoded_word_in(P, da, db))
		P->out->ew_misplaced = 1;
	if (P->out->n == ADDR_MAX_MAILBOXES)
		return;
	m = &P->out->mb[P->out->n++];
	m->name = na < nb ? join(P, na, nb, 1) : NULL;
	m->local = join(P, la, lb, 0);
	m->domain = join(P, da, db, 0);
	m->in_group = P->in_group;
}

/* RFC 5322 3.4.1 addr-spec = local-part "@" domain */
static int
addr_spec(struct parser *P, int k, int *la, int *lb, int *da, int *db)
{
	*la = k;
	if ((k = local_part(P, k)) < 0)
		return -1;
	*lb = k;
	if (!is_special(P, k, '@'))
		return -1;
	*da = ++k;
	if ((k = domain(P, k)) < 0)
		return -1;
	*db = k;
	/* RFC 5322 3.4.1: CFWS SHOULD NOT be used around the "@" */
	if (P->L->tok[*da - 1].cfws_before || P->L->tok[*da].cfws_before)
		obsolete(P, "white space or comment next to '@'");
	return k;
}

/*
 * RFC 5322 4.4 obs-route = obs-domain-list ":"
 * obs-domain-list = *(CFWS / ",") "@" domain *("," [CFWS] ["@" domain])
 */
static int
obs_route(struct parser *P, int k)
{
	while (is_special(P, k, ','))
		k++;
	if (!is_special(P, k, '@'))
		return -1;
	for (;;) {
		if (is_special(P, k, '@') && (k = domain(P, k + 1)) < 0)
			return -1;
		if (!is_special(P, k, ','))
			break;
		k++;
	}
	if (!is_special(P, k, ':'))
		return -1;
	obsolete(P, "source route in an address");
	return k + 1;
}

/* RFC 5322 3.4 angle-addr = [CFWS] "<" addr-spec ">" [CFWS] / obs-angle-addr */
static int
angle_addr(struct parser *P, int k, int na, int nb)
{
	int la, lb, da, db, r;

	if (!is_special(P, k, '<'))
		return -1;
	k++;
	if (is_special(P, k, '@') || is_special(P, k, ',')) {
		if ((r = obs_route(P, k)) < 0) {
			error(P, k, "bad source route");
			return -1;
		}
		k = r;
	}
	if (is_special(P, k, '>')) {
		error(P, k, "empty address <>");
		return -1;
	}
	if ((r = addr_spec(P, k, &la, &lb, &da, &db)) < 0) {
		if ((r = local_part(P, k)) >= 0 && !is_special(P, r, '@'))
			error(P, r, "no '@' in the address");
		else
			error(P, k, "bad address");
		return -1;
	}
	if (!is_special(P, r, '>')) {
		error(P, r, "expected '>'");
		return -1;
	}
	add_mailbox(P, na, nb, la, lb, da, db);
	return r + 1;
}

/* RFC 5322 3.4 mailbox = name-addr / addr-spec */
static int
mailbox(struct parser *P, int k)
{
	int la, lb, da, db, r, nb, dot;

	if ((r = addr_spec(P, k, &la, &lb, &da, &db)) >= 0) {
		if ((size_t)r < P->L->n && !is_special(P, r, ',') &&
		    !is_special(P, r, ';')) {
			error(P, r, "expected ',' between addresses");
			return -1;
		}
		add_mailbox(P, 0, 0, la, lb, da, db);
		return r;
	}
	/* name-addr = [display-name] angle-addr */
	nb = phrase(P, k, &dot);
	if (nb < 0)
		nb = k;
	if (is_special(P, nb, '<')) {
		if (dot)
			obsolete(P, "unquoted '.' in a display name");
		return angle_addr(P, nb, k, nb);
	}
	if (P->out->err)
		return -1;
	if (nb > k && (size_t)nb == P->L->n && !is_special(P, nb - 1, '.'))
		error(P, nb, "no '@' in the address");
	else
		error(P, nb, "expected an address");
	return -1;
}

/* RFC 5322 3.4 group = display-name ":" [group-list] ";" [CFWS] */
static int
group(struct parser *P, int k)
{
	int dot, nb = phrase(P, k, &dot);

	if (nb < 0 || !is_special(P, nb, ':'))
		return -1;
	if (dot)
		obsolete(P, "unquoted '.' in a display name");
	if (P->flags & ADDR_MAILBOX_LIST) {
		error(P, nb, "a group is not allowed here");
		return -1;
	}
	P->out->groups++;
	P->in_group = 1;
	k = nb + 1;
	while (!is_special(P, k, ';')) {
		if ((size_t)k >= P->L->n) {
			error(P, k, "group without ';'");
			return -1;
		}
		if (is_special(P, k, ',')) {	/* obs-group-list */
			obsolete(P, "empty element in a group list");
			k++;
			continue;
		}
		if ((k = mailbox(P, k)) < 0)
			return -1;
		if (is_special(P, k, ','))
			k++;
		else if ((size_t)k >= P->L->n) {
			error(P, k, "group without ';'");
			return -1;
		} else if (!is_special(P, k, ';')) {
			error(P, k, "expected ',' or ';'");
			return -1;
		}
	}
	P->in_group = 0;
	return k + 1;
}

/* RFC 5322 3.4 address-list / mailbox-list, with obs-addr-list */
void
addr_parse(const char *s, size_t n, int flags, struct addrlist *out)
{
	struct parser P;
	struct lex *L;
	int k = 0, r;

	memset(out, 0, sizeof(*out));
	L = xmalloc(sizeof(*L));
	lex_init(L);
	P.L = L;
	P.out = out;
	P.flags = flags;
	P.in_group = 0;
	if (lex_scan(L, s, n) < 0) {
		out->err = 1;
		snprintf(out->why, sizeof(out->why), "%s", L->err);
	}
	out->eightbit = L->eightbit;
	if (L->ew_in_qstring)
		out->ew_misplaced = 1;
	if (L->obs)
		obsolete(&P, "obsolete characters in a quoted string or comment");
	if (!out->err && L->n == 0) {
		out->err = 1;
		snprintf(out->why, sizeof(out->why), "no address");
	}
	while (!out->err && (size_t)k < L->n) {
		if (is_special(&P, k, ',')) {	/* obs-addr-list */
			obsolete(&P, "empty element in an address list");
			k++;
			continue;
		}
		if ((r = group(&P, k)) < 0 && !out->err)
			r = mailbox(&P, k);
		if (r < 0)
			break;
		k = r;
		if ((size_t)k < L->n) {
			if (!is_special(&P, k, ',')) {
				error(&P, k, "expected ',' between addresses");
				break;
			}
			if ((size_t)++k == L->n)
				obsolete(&P, "empty element in an address list");
		}
	}
	if (!out->err && (flags & ADDR_SINGLE) && out->total != 1) {
		out->err = 1;
		snprintf(out->why, sizeof(out->why), "%zu addresses where one "
		    "is allowed", out->total);
	}
	lex_clear(L);
	free(L);
}

void
addr_clear(struct addrlist *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->mb[i].name);
		free(a->mb[i].local);
		free(a->mb[i].domain);
	}
	a->n = 0;
}

static int
is_ldh(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-';
}

/* RFC 5890 2.3.2.1: an A-label must decode and encode back unchanged. */
static int
alabel_ok(const char *label, size_t n)
{
	char *in, *u = NULL, *back = NULL;
	int ok;

	in = xstrndup(label, n);
	ok = idn2_to_unicode_8z8z(in, &u, 0) == IDN2_OK &&
	    idn2_lookup_u8((const uint8_t *)u, (uint8_t **)&back,
	    IDN2_NO_TR46) == IDN2_OK &&
	    strcasecmp(back, in) == 0;
	idn2_free(u);
	idn2_free(back);
	free(in);
	return ok;
}

/*
 * RFC 5321 4.1.2 Domain = sub-domain *("." sub-domain), RFC 1035 2.3.4
 * (labels of 63 octets, names of 253 in presentation form), RFC 5890
 * 2.3.2.1 (A-labels) and RFC 6531 3.3 (U-labels only with SMTPUTF8).
 */
const char *
addr_domain_syntax(const char *d, size_t n, int flags)
{
	size_t i, start, len;
	int eight = 0;
	char *copy, *ascii = NULL;
	const char *why;

	if (n == 0)
		return "empty domain";
	if (d[0] == '[')
		return d[n - 1] == ']' ? NULL : "bad address literal";
	if (n > ADDR_DOMAIN_MAX)
		return "domain longer than 253 octets";
	for (i = 0; i < n; i++)
		if ((unsigned char)d[i] >= 0x80)
			eight = 1;
	if (eight) {
		if (!(flags & ADDR_DOMAIN_UTF8))
			return "raw 8-bit domain without SMTPUTF8";
		/* IDNA 2008 proper: no UTS 46 mapping of look-alikes */
		copy = xstrndup(d, n);
		if (idn2_lookup_u8((const uint8_t *)copy, (uint8_t **)&ascii,
		    IDN2_NO_TR46) != IDN2_OK)
			why = "domain is not a valid internationalized name "
			    "(IDNA 2008)";
		else
			why = strlen(ascii) > ADDR_DOMAIN_MAX ? "domain longer "
			    "than 253 octets as A-labels" : NULL;
		idn2_free(ascii);
		free(copy);
		return why;
	}
	for (start = 0; start <= n; start = i + 1) {
		for (i = start; i < n && d[i] != '.'; i++)
			if (!is_ldh((unsigned char)d[i]))
				return "domain has a character other than "
				    "letters, digits, '-' and '.'";
		len = i - start;
		if (len == 0)
			return "domain has an empty label";
		if (len > ADDR_LABEL_MAX)
			return "domain label longer than 63 octets";
		if (d[start] == '-' || d[i - 1] == '-')
			return "domain label starts or ends with '-'";
		if (len >= 4 && strncasecmp(d + start, "xn--", 4) == 0 &&
		    !alabel_ok(d + start, len))
			return "domain has an invalid A-label (IDNA 2008)";
		if (len >= 4 && d[start + 2] == '-' && d[start + 3] == '-' &&
		    strncasecmp(d + start, "xn", 2) != 0)
			return "domain label has '--' in positions 3 and 4, "
			    "reserved for A-labels (RFC 5891 4.2.3.1)";
	}
	if (!(flags & ADDR_DOMAIN_DOTLESS) && memchr(d, '.', n) == NULL)
		return "domain has no dot";
	return NULL;
}

const char *
addr_domain_check(const char *d, int utf8)
{
	return addr_domain_syntax(d, strlen(d), utf8 ? ADDR_DOMAIN_UTF8 : 0);
}

int
addr_domain_ascii(const char *d, size_t n, struct sbuf *out)
{
	char *copy, *ascii = NULL;
	size_t i;
	int eight = 0, rc = -1;

	if (n == 0 || memchr(d, '\0', n) != NULL)
		return -1;
	for (i = 0; i < n; i++)
		if ((unsigned char)d[i] >= 0x80)
			eight = 1;
	copy = xstrndup(d, n);
	if (!eight)
		ascii = copy;
	else if (idn2_lookup_u8((const uint8_t *)copy, (uint8_t **)&ascii,
	    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK)
		ascii = NULL;
	if (ascii != NULL) {
		for (i = 0; ascii[i] != '\0'; i++)
			ascii[i] = (char)tolower((unsigned char)ascii[i]);
		if (addr_domain_syntax(ascii, i, ADDR_DOMAIN_DOTLESS) == NULL) {
			sbuf_add(out, ascii, i);
			rc = 0;
		}
	}
	if (ascii != copy)
		idn2_free(ascii);
	free(copy);
	return rc;
}
