/*
 * NAME
 *	envelope - MAIL FROM and RCPT TO paths (RFC 5321 4.1.2, 4.5.3.1)
 * DESCRIPTION
 *	rfc5321.envelope.syntax: a path is not [A-d-l ":"] Mailbox, or its
 *	local part is over 64 octets, the path over 256. Mailbox = Local-
 *	part "@" ( Domain / address-literal ), Local-part = Dot-string /
 *	Quoted-string. The domain is checked by addr_domain_syntax(): labels
 *	of at most 63 octets, 253 in all, valid A-labels; one label is
 *	enough. The null sender is valid for MAIL
 *	FROM; "postmaster" alone is valid for RCPT TO. UTF-8 is accepted
 *	only when the transaction used SMTPUTF8 (RFC 6531 3.3).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "checkrun.h"
#include "lex.h"
#include "limits.h"

static int
atext(unsigned char c, int utf8)
{
	return c >= 0x80 ? utf8 : lex_is_atext(c);
}

/* Dot-string = Atom *("." Atom); Quoted-string = DQUOTE *QcontentSMTP DQUOTE */
static const char *
local_part(const char *s, size_t n, int utf8)
{
	size_t i;

	if (n == 0)
		return "empty local part";
	if (n > SL_SMTP_MAX_LOCAL)
		return "local part over 64 octets";
	if (s[0] == '"') {
		for (i = 1; i < n - 1; i++) {
			if (s[i] == '\\') {
				if (++i >= n - 1 || (unsigned char)s[i] < 32 ||
				    (unsigned char)s[i] > 126)
					return "bad quoted pair in the local part";
			} else if (((unsigned char)s[i] < 32 ||
			    (unsigned char)s[i] == 127 || s[i] == '"') &&
			    !((unsigned char)s[i] >= 0x80 && utf8))
				return "bad character in the quoted local part";
		}
		return n >= 2 && s[n - 1] == '"' ? NULL :
		    "unterminated quoted local part";
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (i == 0 || i == n - 1 || s[i - 1] == '.')
				return "local part is not a dot-string";
			continue;
		}
		if (!atext((unsigned char)s[i], utf8))
			return (unsigned char)s[i] >= 0x80 ?
			    "8-bit local part without SMTPUTF8" :
			    "local part is not a dot-string";
	}
	return NULL;
}

static const char *
path(const char *p, int rcpt, int utf8)
{
	const char *at, *colon;
	size_t n = strlen(p);

	if (n == 0)
		return rcpt ? "empty recipient" : NULL;
	if (n + 2 > SL_SMTP_MAX_PATH)
		return "path over 256 octets";
	if (rcpt && strcasecmp(p, "postmaster") == 0)
		return NULL;
	if (p[0] == '@' && (colon = strchr(p, ':')) != NULL) {	/* A-d-l */
		n -= (size_t)(colon + 1 - p);
		p = colon + 1;
	}
	if ((at = strrchr(p, '@')) == NULL)
		return "no '@'";
	return local_part(p, (size_t)(at - p), utf8) ?
	    local_part(p, (size_t)(at - p), utf8) :
	    addr_domain_syntax(at + 1, n - (size_t)(at + 1 - p),
	    ADDR_DOMAIN_DOTLESS | (utf8 ? ADDR_DOMAIN_UTF8 : 0));
}

void
envelope_check(struct checkrun *cr)
{
	const struct msg *m = cr->m;
	const char *why;
	size_t i;

	if (m->have_mail_from && (why = path(m->mail_from, 0, cr->utf8))) {
		fact_set(cr->fs, "rfc5321.envelope.syntax", FACT_TRUE, 0,
		    "MAIL FROM <%.80s>: %s", m->mail_from, why);
		return;
	}
	for (i = 0; i < m->nrcpt; i++)
		if ((why = path(m->rcpt[i], 1, cr->utf8)) != NULL) {
			fact_set(cr->fs, "rfc5321.envelope.syntax", FACT_TRUE,
			    0, "RCPT TO <%.80s>: %s", m->rcpt[i], why);
			return;
		}
	fact_set(cr->fs, "rfc5321.envelope.syntax", FACT_FALSE, 0, NULL);
}
