/*
 * NAME
 *	idcheck - Message-ID and the other msg-id fields (RFC 5322 3.6.4; Gmail)
 * DESCRIPTION
 *	rfc5322.message-id.missing	no Message-ID
 *	rfc5322.message-id.syntax	the first one is not one <left@right>
 *	rfc5322.message-id.too-long	longer than SL_MSGID_MAX_LEN octets
 *	rfc5322.message-id.reused	sent before, within the window
 *	In-Reply-To, References and Resent-Message-ID are parsed for
 *	obsolete syntax and misplaced encoded-words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "check.h"
#include "limits.h"
#include "msgid.h"

static const char *const others[] = { "In-Reply-To", "References",
	"Resent-Message-ID", NULL };

void
id_check(struct checkrun *cr)
{
	const struct header *h = msg_find_header(cr->m, "Message-ID");
	struct msgidlist *ids = xmalloc(sizeof(*ids));
	time_t when;
	size_t i, k;
	int ok = 0;

	fact_set(cr->fs, "rfc5322.message-id.missing", h ? FACT_FALSE :
	    FACT_TRUE, 0, h ? NULL : "no Message-ID field");
	if (h != NULL) {
		msgid_parse(h->value, h->valuelen, MSGID_SINGLE, ids);
		ok = !ids->err;
		if (ids->obs)
			check_obsolete(cr, "Message-ID", "white space, comment "
			    "or quoted string inside the id");
		if (ids->ew_misplaced)
			check_ew(cr, "Message-ID");
	}
	if (h != NULL && !ok)
		fact_set(cr->fs, "rfc5322.message-id.syntax", FACT_TRUE, 0,
		    "Message-ID %s", ids->why);
	else
		fact_set(cr->fs, "rfc5322.message-id.syntax", FACT_FALSE, 0,
		    NULL);
	if (ok && ids->first_len > SL_MSGID_MAX_LEN)
		fact_set(cr->fs, "rfc5322.message-id.too-long", FACT_TRUE,
		    (long)ids->first_len, "Message-ID is %zu octets (limit %d)",
		    ids->first_len, SL_MSGID_MAX_LEN);
	else
		fact_set(cr->fs, "rfc5322.message-id.too-long", FACT_FALSE, 0,
		    NULL);
	if (ok && cr->cc->ids != NULL &&
	    idwin_seen(cr->cc->ids, ids->first, cr->cc->now, &when))
		fact_set(cr->fs, "rfc5322.message-id.reused", FACT_TRUE,
		    (long)(cr->cc->now - when), "Message-ID %.100s was sent "
		    "%ld s ago", ids->first, (long)(cr->cc->now - when));
	else
		fact_set(cr->fs, "rfc5322.message-id.reused", FACT_FALSE, 0,
		    NULL);
	for (i = 0; i < cr->m->nhdr; i++)
		for (k = 0; others[k] != NULL; k++) {
			h = &cr->m->hdr[i];
			if (strcasecmp(h->name, others[k]) != 0)
				continue;
			msgid_parse(h->value, h->valuelen,
			    k == 2 ? MSGID_SINGLE : 0, ids);
			if (ids->obs)
				check_obsolete(cr, others[k], "phrase, comment "
				    "or white space among the ids");
			if (ids->ew_misplaced)
				check_ew(cr, others[k]);
		}
	free(ids);
}
