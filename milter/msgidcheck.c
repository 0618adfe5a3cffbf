/*
 * NAME
 *	idcheck - Message-ID and the other msg-id fields (RFC 5322 3.6.4; Gmail)
 * DESCRIPTION
 *	rfc5322.message-id.missing	no Message-ID
 *	rfc5322.message-id.syntax	the first one is not one <left@right>
 *	rfc5322.message-id.too-long	longer than SL_MSGID_MAX_LEN octets
 *	rfc5322.message-id.reused	sent before, within the window
 *	rfc5322.msg-id-list.syntax	In-Reply-To or References is not a
 *					list of msg-id (RFC 5322 3.6.4)
 *	In-Reply-To, References and Resent-Message-ID are parsed for
 *	obsolete syntax and misplaced encoded-words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checkrun.h"
#include "limits.h"
#include "msgid.h"

static const char *const others[] = { "In-Reply-To", "References",
	"Resent-Message-ID", NULL };

void
msgid_check(struct checkrun *cr)
{
	const struct header *h = cr->hv->msgid_h;
	const struct msgidlist *first = &cr->hv->msgid;
	struct msgidlist *ids = xmalloc(sizeof(*ids));
	struct sbuf lists;
	time_t when;
	size_t i, k;
	int ok = 0;

	sbuf_init(&lists, SL_MAX_DETAIL);
	fact_set(cr->fs, "rfc5322.message-id.missing", h ? FACT_FALSE :
	    FACT_TRUE, 0, h ? NULL : "no Message-ID field");
	if (h != NULL) {
		ok = !first->err;
		if (first->obs)
			check_obsolete(cr, "Message-ID", "white space, comment "
			    "or quoted string inside the id");
		if (first->ew_misplaced)
			check_ew(cr, "Message-ID");
	}
	if (h != NULL && !ok)
		fact_set(cr->fs, "rfc5322.message-id.syntax", FACT_TRUE, 0,
		    "Message-ID %s", first->why);
	else
		fact_set(cr->fs, "rfc5322.message-id.syntax", FACT_FALSE, 0,
		    NULL);
	if (ok && first->first_len > SL_MSGID_MAX_LEN)
		fact_set(cr->fs, "rfc5322.message-id.too-long", FACT_TRUE,
		    (long)first->first_len, "Message-ID is %zu octets (limit "
		    "%d)", first->first_len, SL_MSGID_MAX_LEN);
	else
		fact_set(cr->fs, "rfc5322.message-id.too-long", FACT_FALSE, 0,
		    NULL);
	if (ok && cr->cc->ids != NULL &&
	    msgidwin_seen(cr->cc->ids, first->first, cr->cc->now, &when))
		fact_set(cr->fs, "rfc5322.message-id.reused", FACT_TRUE,
		    (long)(cr->cc->now - when), "Message-ID %.100s was sent "
		    "%ld s ago", first->first, (long)(cr->cc->now - when));
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
			if (ids->err && k < 2 && strstr(lists.s, others[k]) == NULL)
				sbuf_printf(&lists, "%s%s %s", lists.len ? "; " : "",
				    others[k], ids->why);
		}
	fact_set(cr->fs, "rfc5322.msg-id-list.syntax", lists.len ? FACT_TRUE :
	    FACT_FALSE, 0, "%s", lists.s);
	sbuf_clear(&lists);
	free(ids);
}
