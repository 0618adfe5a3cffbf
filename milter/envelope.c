/*
 * NAME
 *	envelope - MAIL FROM and RCPT TO paths (RFC 5321 4.1.2, 4.5.3.1)
 * DESCRIPTION
 *	rfc5321.envelope.syntax: a path is not [A-d-l ":"] Mailbox, or its
 *	local part is over 64 octets, its domain over 255, the path over
 *	256. Mailbox = Local-part "@" ( Domain / address-literal ), Local-
 *	part = Dot-string / Quoted-string. The null sender is valid for MAIL
 *	FROM; "postmaster" alone is valid for RCPT TO. UTF-8 is accepted
 *	only when the transaction used SMTPUTF8 (RFC 6531 3.3).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "lex.h"

#define SMTP_MAX_LOCAL	64
#define SMTP_MAX_DOMAIN	255
#define SMTP_MAX_PATH	256

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
	if (n > SMTP_MAX_LOCAL)
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

/* Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str] */
static const char *
domain(const char *s, size_t n, int utf8)
{
	size_t i, start = 0;

	if (n == 0)
		return "empty domain";
	if (n > SMTP_MAX_DOMAIN)
		return "domain over 255 octets";
	if (s[0] == '[')
		return s[n - 1] == ']' ? NULL : "bad address literal";
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			unsigned char c = (unsigned char)s[i];

			if (c >= 0x80 && utf8)
				continue;
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9') || c == '-'))
				return c >= 0x80 ? "8-bit domain without "
				    "SMTPUTF8" : "domain has a character other "
				    "than letters, digits, '-' and '.'";
			continue;
		}
		if (i == start)
			return "domain has an empty label";
		if (s[start] == '-' || s[i - 1] == '-')
			return "domain label starts or ends with '-'";
		start = i + 1;
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
	if (n + 2 > SMTP_MAX_PATH)
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
	    domain(at + 1, n - (size_t)(at + 1 - p), utf8);
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
