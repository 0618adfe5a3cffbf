/*
 * NAME
 *	addrcheck - address fields (RFC 5322 3.4, 3.6.2, 3.6.3; Gmail)
 * DESCRIPTION
 *	Parses every address field. From (the first one, if several):
 *	rfc5322.from.syntax (does not parse, or a domain is not a valid host
 *	name), rfc5322.from.mailbox-list (more than one mailbox, or a group:
 *	Gmail wants exactly one), rfc5322.sender.required (several From
 *	mailboxes and no Sender). rfc5322.address-list.syntax: Reply-To,
 *	To, Cc, Bcc and the Resent-* address fields that do not parse as an
 *	address-list or mailbox-list (RFC 5322 3.4, 3.6.3, 3.6.6; an empty
 *	Bcc is allowed); each field named once. Every address field may
 *	note obsolete syntax (the empty list elements and empty groups of
 *	RFC 5322 4.4 among them) or misplaced encoded-words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "checkrun.h"

static const struct {
	const char	*name;
	int		 flags;
} fields[] = {
	{ "From", 0 }, { "Sender", ADDR_MAILBOX_LIST | ADDR_SINGLE },
	{ "Reply-To", 0 }, { "To", 0 }, { "Cc", 0 }, { "Bcc", 0 },
	{ "Resent-From", ADDR_MAILBOX_LIST },
	{ "Resent-Sender", ADDR_MAILBOX_LIST | ADDR_SINGLE },
	{ "Resent-To", 0 }, { "Resent-Cc", 0 }, { "Resent-Bcc", 0 },
};

static void
from_facts(struct checkrun *cr, const struct addrlist *a, int present)
{
	char why[SL_MAX_DETAIL] = "", list[SL_MAX_DETAIL] = "";
	const char *bad;
	size_t i;

	if (present && a->err)
		snprintf(why, sizeof(why), "From: %s", a->why);
	for (i = 0; present && why[0] == '\0' && i < a->n; i++)
		if ((bad = addr_domain_check(a->mb[i].domain, cr->utf8)) != NULL)
			snprintf(why, sizeof(why), "From domain %.80s: %s",
			    a->mb[i].domain, bad);
	if (present && a->groups > 0)
		snprintf(list, sizeof(list), "From holds a group");
	else if (present && a->total > 1)
		snprintf(list, sizeof(list), "From holds %zu mailboxes",
		    a->total);
	fact_set(cr->fs, "rfc5322.from.syntax", why[0] ? FACT_TRUE :
	    FACT_FALSE, 0, "%s", why);
	fact_set(cr->fs, "rfc5322.from.mailbox-list", list[0] ? FACT_TRUE :
	    FACT_FALSE, (long)a->total, "%s", list);
	if (present && a->total > 1 && cr->hv->sender.n == 0)
		fact_set(cr->fs, "rfc5322.sender.required", FACT_TRUE, 0,
		    "From holds %zu mailboxes and there is no Sender",
		    a->total);
	else
		fact_set(cr->fs, "rfc5322.sender.required", FACT_FALSE, 0,
		    NULL);
}

/* The first From, Sender and Reply-To come parsed with the view. */
static const struct addrlist *
parsed(const struct headview *hv, const struct header *h)
{
	if (h == hv->from.h)
		return &hv->from.al;
	if (h == hv->sender.h)
		return &hv->sender.al;
	if (h == hv->reply_to.h)
		return &hv->reply_to.al;
	return NULL;
}

/* An empty Bcc or Resent-Bcc is allowed (RFC 5322 3.6.3: CFWS only). */
static int
empty_bcc(const struct header *h)
{
	size_t i;

	if (strcasecmp(h->name, "Bcc") != 0 &&
	    strcasecmp(h->name, "Resent-Bcc") != 0)
		return 0;
	for (i = 0; i < h->valuelen; i++)
		if (h->value[i] != ' ' && h->value[i] != '\t' &&
		    h->value[i] != '\r' && h->value[i] != '\n')
			return 0;
	return 1;
}

/* rfc5322.address-list.syntax: the first error of each field name */
static void
list_error(struct sbuf *b, const struct header *h, const char *name,
    const struct addrlist *p)
{
	if (!p->err || empty_bcc(h) || strcmp(name, "From") == 0 ||
	    strcmp(name, "Sender") == 0 || strstr(b->s, name) != NULL)
		return;
	sbuf_printf(b, "%s%s: %s", b->len ? "; " : "", name, p->why);
}

void
addr_check(struct checkrun *cr)
{
	const struct msg *m = cr->m;
	struct addrlist *a = xmalloc(sizeof(*a));
	const struct addrlist *p;
	const struct header *h;
	struct sbuf lists;
	size_t i, k;

	sbuf_init(&lists, SL_MAX_DETAIL);

	for (i = 0; i < m->nhdr; i++) {
		h = &m->hdr[i];
		for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
			if (strcasecmp(h->name, fields[k].name) == 0)
				break;
		if (k == sizeof(fields) / sizeof(fields[0]))
			continue;
		if ((p = parsed(cr->hv, h)) == NULL) {
			addr_parse(h->value, h->valuelen, fields[k].flags, a);
			p = a;
		}
		if (p->obs)
			check_obsolete(cr, fields[k].name, p->obswhy);
		if (p->ew_misplaced)
			check_ew(cr, fields[k].name);
		list_error(&lists, h, fields[k].name, p);
		if (p == a)
			addr_clear(a);
	}
	from_facts(cr, &cr->hv->from.al, cr->hv->from.h != NULL);
	fact_set(cr->fs, "rfc5322.address-list.syntax", lists.len ? FACT_TRUE :
	    FACT_FALSE, 0, "%s", lists.s);
	sbuf_clear(&lists);
	free(a);
}
