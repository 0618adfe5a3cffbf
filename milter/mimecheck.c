/*
 * NAME
 *	mimecheck - the mime.structure, mime.charset.invalid and
 *	mime.8bit.undeclared facts
 * DESCRIPTION
 *	Two questions kept apart: is the MIME damaged (the content is not
 *	what its labels say, a reader cannot take it apart), and did the
 *	envelope declare 8-bit content (a transport matter).
 *
 *	mime.structure, real MIME damage, names the first of: Content-Type
 *	or Content-Transfer-Encoding without MIME-Version; MIME-Version other
 *	than 1.0; more than one Content-Type; Content-Type syntax; a
 *	multipart type without a valid boundary; a multipart body without
 *	its delimiter or close-delimiter line (counted by the MIME walker);
 *	an unknown transfer encoding, or one other than 7bit, 8bit or
 *	binary on a multipart (RFC 2045 6.4); a part labelled
 *	Content-Transfer-Encoding 7bit, quoted-printable or base64 whose
 *	content has octets of 0x80 or above (RFC 2045 2.7, 6.2, 6.7, 6.8:
 *	the label is false; Postfix converts only what is labelled 8bit or
 *	binary, so such a part crosses a 7-bit hop unconverted, and a base64
 *	or quoted-printable decoder drops or garbles the octets); a nested
 *	multipart encoded otherwise than 7bit, 8bit or binary (RFC 2045
 *	6.4). The first six are checked at the top level, the rest in every
 *	part (mimewalk.h).
 *
 *	mime.charset.invalid: a part (or the body) whose Content-Type says
 *	charset=utf-8 while its decoded content is not UTF-8 (RFC 3629 4;
 *	RFC 2046 4.1.2: the charset names the octets). Readers show
 *	replacement characters; the message is not broken apart, so it is
 *	a fact of its own, not mime.structure.
 *
 *	mime.8bit.undeclared: the body has an octet of 0x80 or above and
 *	MAIL FROM carried neither BODY=8BITMIME (RFC 6152) nor
 *	BODY=BINARYMIME (RFC 3030). RFC 5321 2.4 and RFC 6152 ask the
 *	client to declare it; in practice it is harmless: Postfix marks mail
 *	whose Content-Transfer-Encoding says 8bit as 8-bit itself
 *	(auto_8bit_enc_hdr), announces BODY=8BITMIME to receivers that offer
 *	8BITMIME (all the large providers do), and converts 8bit parts to
 *	quoted-printable for one that does not. Python's smtplib and many
 *	applications never send BODY=.
 *
 *	Deliberately neither: 8-bit octets in a part without
 *	Content-Transfer-Encoding (the 7bit default of RFC 2045 6.1) under
 *	BODY=8BITMIME. Nothing written contradicts them; mail from scripts
 *	and PHP's mail() looks like this, receivers read it by its charset,
 *	and Postfix passes it (strict_8bitmime_body is off by default, its
 *	documentation warns that it stops legitimate mail). Without BODY=
 *	such a message is mime.8bit.undeclared only.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checkrun.h"
#include "mime.h"
#include "mimewalk.h"

/* RFC 2045 6.1, 6.4 */
static const char *
cte_problem(const struct msg *m, const char *type)
{
	const struct header *h = msg_find_header(m, "Content-Transfer-Encoding");
	char name[MIME_MAX_CTE];
	enum mime_cte cte;
	int exact;

	if (h == NULL)
		return NULL;
	cte = mime_cte(h->value, h->valuelen, name, sizeof(name), &exact);
	if (!exact)
		return "Content-Transfer-Encoding is not 7bit, 8bit, binary, "
		    "quoted-printable or base64";
	if (strncmp(type, "multipart/", 10) == 0 &&
	    cte != MIME_CTE_7BIT && cte != MIME_CTE_8BIT &&
	    cte != MIME_CTE_BINARY)
		return "a multipart body must be 7bit, 8bit or binary, not "
		    "encoded";
	return NULL;
}

/* RFC 2045 2.7, 6.2, 6.7, 6.8 */
static const char *
mislabeled(const struct msg *m, char *buf, size_t len)
{
	struct mimepart p;
	unsigned long n = mimewalk_mislabeled(msg_walk(m), &p);
	const char *cte;

	if (n == 0)
		return NULL;
	cte = p.cte == MIME_CTE_QP ? "quoted-printable" :
	    p.cte == MIME_CTE_BASE64 ? "base64" : "7bit";
	if (p.depth == 0)
		snprintf(buf, len, "the body is labelled "
		    "Content-Transfer-Encoding: %s but has 8-bit octets", cte);
	else
		snprintf(buf, len, "a %s part is labelled "
		    "Content-Transfer-Encoding: %s but has 8-bit octets%s",
		    p.type[0] ? p.type : "text/plain", cte,
		    n > 1 ? " (and more parts)" : "");
	return buf;
}

/* RFC 2045 6.4 for the multiparts inside */
static const char *
inner(const struct msg *m, char *buf, size_t len)
{
	const char *name;
	unsigned long n;

	if ((n = mimewalk_multipart_cte(msg_walk(m), &name)) == 0)
		return NULL;
	snprintf(buf, len, "a nested multipart is encoded with %s%s (only "
	    "7bit, 8bit or binary)", name, n > 1 ? " (and more)" : "");
	return buf;
}

/* RFC 3629, RFC 2046 4.1.2: the declared charset fits the octets */
static void
charset(struct checkrun *cr)
{
	struct mimepart p;
	unsigned long n = mimewalk_not_utf8(msg_walk(cr->m), &p);

	if (n == 0)
		fact_set(cr->fs, "mime.charset.invalid", FACT_FALSE, 0, NULL);
	else
		fact_set(cr->fs, "mime.charset.invalid", FACT_TRUE, (long)n,
		    "%s %s declares charset=utf-8 but is not valid UTF-8%s",
		    p.depth == 0 ? "the" : "a", p.depth == 0 ? "body" :
		    p.type[0] ? p.type : "text/plain", n > 1 ?
		    " (and more parts)" : "");
}

static const char *
structure(struct checkrun *cr, char *buf, size_t len)
{
	const struct msg *m = cr->m;
	const struct header *ct = msg_find_header(m, "Content-Type");
	const struct header *mv = msg_find_header(m, "MIME-Version");
	struct mime_ct t;
	char v[16];
	const char *why;
	size_t i, o = 0;

	if ((ct || msg_find_header(m, "Content-Transfer-Encoding")) && !mv)
		return "Content-Type or Content-Transfer-Encoding without "
		    "MIME-Version";
	if (mv != NULL) {
		for (i = 0; i < mv->valuelen && o + 1 < sizeof(v); i++)
			if (!isspace((unsigned char)mv->value[i]))
				v[o++] = mv->value[i];
		v[o] = '\0';
		if (strncmp(v, "1.0", 3) != 0 || (v[3] != '\0' && v[3] != '('))
			return "MIME-Version is not 1.0";
	}
	if (msg_count_header(m, "Content-Type") > 1)
		return "more than one Content-Type field";
	t.type[0] = '\0';
	if (ct != NULL && (why = mime_content_type(ct->value, ct->valuelen,
	    &t)) != NULL) {
		snprintf(buf, len, "Content-Type: %s", why);
		return buf;
	}
	if (strncmp(t.type, "multipart/", 10) == 0) {
		if (t.boundary[0] == '\0')
			return "multipart Content-Type without a boundary";
		if ((why = mime_boundary_ok(t.boundary)) != NULL)
			return why;
		if (mimewalk_delims(msg_walk(m)) == 0)
			return "the body has no --boundary delimiter line";
		if (mimewalk_closes(msg_walk(m)) == 0)
			return "the body has no closing --boundary-- line";
	}
	if ((why = cte_problem(m, t.type)) != NULL)
		return why;
	if ((why = mislabeled(m, buf, len)) != NULL)
		return why;
	return inner(m, buf, len);
}

/* RFC 6152; RFC 3030 (BINARYMIME); RFC 5321 2.4 */
static const char *
undeclared(const struct msg *m)
{
	const char *body;
	int present;

	if (!m->body_8bit)
		return NULL;
	body = msg_esmtp_get(m, "BODY", &present);
	if (present && body != NULL && (strcasecmp(body, "8BITMIME") == 0 ||
	    strcasecmp(body, "BINARYMIME") == 0))
		return NULL;
	if (present && body != NULL && strcasecmp(body, "7BIT") == 0)
		return "the body has 8-bit octets but MAIL FROM said BODY=7BIT";
	return "the body has 8-bit octets but MAIL FROM had no "
	    "BODY=8BITMIME";
}

void
mime_check(struct checkrun *cr)
{
	char buf[SL_MAX_DETAIL];
	const char *why = structure(cr, buf, sizeof(buf));

	fact_set(cr->fs, "mime.structure", why ? FACT_TRUE : FACT_FALSE, 0,
	    "%s", why ? why : "");
	charset(cr);
	why = undeclared(cr->m);
	fact_set(cr->fs, "mime.8bit.undeclared", why ? FACT_TRUE : FACT_FALSE,
	    0, "%s", why ? why : "");
}
