/*
 * NAME
 *	mimecheck - the mime.structure fact
 * DESCRIPTION
 *	mime.structure names the first of: Content-Type or
 *	Content-Transfer-Encoding without MIME-Version; MIME-Version other
 *	than 1.0; more than one Content-Type; Content-Type syntax; a
 *	multipart type without a valid boundary; a multipart body without
 *	its delimiter or close-delimiter line (counted by the MIME walker);
 *	an unknown transfer encoding, or base64/quoted-printable on a
 *	multipart; 8-bit body octets without BODY=8BITMIME (RFC 6152). Only
 *	the top level is checked.
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
	    (cte == MIME_CTE_QP || cte == MIME_CTE_BASE64))
		return "a multipart body cannot be base64 or quoted-printable "
		    "encoded";
	return NULL;
}

static const char *
structure(struct checkrun *cr, char *buf, size_t len)
{
	const struct msg *m = cr->m;
	const struct header *ct = msg_find_header(m, "Content-Type");
	const struct header *mv = msg_find_header(m, "MIME-Version");
	struct mime_ct t;
	char v[16];
	const char *why, *body;
	size_t i, o = 0;
	int present;

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
	body = msg_esmtp_get(m, "BODY", &present);
	if (m->body_8bit && (!present || body == NULL ||
	    (strcasecmp(body, "8BITMIME") != 0 &&
	    strcasecmp(body, "BINARYMIME") != 0)))
		return "the body has 8-bit bytes but MAIL FROM had no "
		    "BODY=8BITMIME";
	return NULL;
}

void
mime_check(struct checkrun *cr)
{
	char buf[SL_MAX_DETAIL];
	const char *why = structure(cr, buf, sizeof(buf));

	fact_set(cr->fs, "mime.structure", why ? FACT_TRUE : FACT_FALSE, 0,
	    "%s", why ? why : "");
}
