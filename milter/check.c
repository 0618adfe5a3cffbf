/*
 * NAME
 *	check - the list of check modules, in report order
 */
#include <string.h>

#include "auth.h"
#include "check.h"
#include "limits.h"
#include "msgid.h"

void
check_ctx_default(struct check_ctx *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->now = time(NULL);
	cc->date_past = SL_DATE_PAST;
	cc->date_future = SL_DATE_FUTURE;
}

void
check_ctx_conf(struct check_ctx *cc, const struct conf *c, struct idwin *ids)
{
	cc->si = NULL;
	cc->rs = NULL;
	cc->now = time(NULL);
	cc->date_past = c->date_past;
	cc->date_future = c->date_future;
	cc->ids = ids;
	cc->store = NULL;
	cc->store_record = 0;
	cc->auth = NULL;
}

void
check_obsolete(struct checkrun *cr, const char *field, const char *why)
{
	if (cr->obs.len == 0)
		sbuf_printf(&cr->obs, "%s: %s", field, why);
	else if (strstr(cr->obs.s, field) == NULL)
		sbuf_printf(&cr->obs, "; %s", field);
}

void
check_ew(struct checkrun *cr, const char *field)
{
	if (strstr(cr->ew.s, field) != NULL)
		return;
	sbuf_printf(&cr->ew, "%s%s", cr->ew.len ? ", " : "", field);
}

void
check_run(const struct msg *m, const struct check_ctx *cc, struct factset *fs)
{
	struct checkrun cr;
	int present;

	cr.m = m;
	cr.cc = cc;
	cr.fs = fs;
	msg_esmtp_get(m, "SMTPUTF8", &present);
	cr.utf8 = present;
	sbuf_init(&cr.obs, SL_MAX_DETAIL);
	sbuf_init(&cr.ew, SL_MAX_DETAIL);
	hdr_check(&cr);
	line_check(&cr);
	field_check(&cr);
	addr_check(&cr);
	date_check(&cr);
	id_check(&cr);
	resent_check(&cr);
	envelope_check(&cr);
	mime_check(&cr);
	unsub_check(&cr);
	ident_check(&cr);
	auth_check(&cr);
	fact_set(fs, "rfc5322.obsolete", cr.obs.len ? FACT_TRUE : FACT_FALSE,
	    0, "%s", cr.obs.s);
	fact_set(fs, "rfc2047.encoded-word.misplaced",
	    cr.ew.len ? FACT_TRUE : FACT_FALSE, 0,
	    cr.ew.len ? "encoded-word inside an address or id in %s" : "%s",
	    cr.ew.s);
	sbuf_free(&cr.obs);
	sbuf_free(&cr.ew);
}

void
check_commit(const struct msg *m, const struct check_ctx *cc)
{
	const struct header *h;
	struct msgidlist ids;

	check_commit_identity(m, cc);
	if (cc->ids == NULL || msg_count_header(m, "Message-ID") != 1 ||
	    (h = msg_find_header(m, "Message-ID")) == NULL)
		return;
	msgid_parse(h->value, h->valuelen, MSGID_SINGLE, &ids);
	if (!ids.err)
		idwin_add(cc->ids, ids.first, cc->now);
}

void
check_commit_identity(const struct msg *m, const struct check_ctx *cc)
{
	if (cc->store != NULL && cc->store_record)
		ident_commit(m, cc);
}
