/*
 * NAME
 *	headview - the shared header fields, parsed once per message
 */
#include <ctype.h>
#include <stdio.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "headview.h"

/* Counts one field; keeps the first. */
static void
see(const struct header *h, const struct header **first, size_t *n)
{
	if (*n == 0)
		*first = h;
	(*n)++;
}

static void
author(struct headview *hv)
{
	const struct mailbox *mb;
	char *p;

	if (hv->from.al.n == 0)
		return;
	mb = &hv->from.al.mb[0];
	hv->author = mb;
	snprintf(hv->author_addr, sizeof(hv->author_addr), "%s@%s",
	    mb->local ? mb->local : "", mb->domain ? mb->domain : "");
	if (mb->domain == NULL || mb->domain[0] == '\0' ||
	    mb->domain[0] == '[' ||
	    strlen(mb->domain) >= sizeof(hv->author_domain))
		return;
	snprintf(hv->author_domain, sizeof(hv->author_domain), "%s",
	    mb->domain);
	for (p = hv->author_domain; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
}

static void
unsub(struct headview *hv)
{
	const struct header *h;
	size_t i, k;

	for (i = 0; i < hv->nunsub && i < HV_MAX_UNSUB; i++) {
		h = hv->unsub_h[i];
		listurl_parse(h->value, h->valuelen, &hv->unsub[i]);
		for (k = 0; k < hv->unsub[i].n && hv->unsub_https == NULL; k++)
			if (strcmp(hv->unsub[i].u[k].scheme, "https") == 0)
				hv->unsub_https = hv->unsub[i].u[k].url;
	}
}

/*
 * Zeroes all but unsub[]: its HV_MAX_UNSUB lists are most of the struct,
 * read only below nunsub, and each set whole by listurl_parse(). Two
 * memsets of the whole struct per message were a tenth of the work on
 * unsigned mail, and touched every page of it in each connection thread.
 */
static void
hv_zero(struct headview *hv)
{
	size_t after = offsetof(struct headview, unsub) + sizeof(hv->unsub);

	memset(hv, 0, offsetof(struct headview, unsub));
	memset((char *)hv + after, 0, sizeof(*hv) - after);
}

void
headview_build(struct headview *hv, const struct msg *m)
{
	const struct header *h;
	size_t i;

	hv_zero(hv);
	for (i = 0; i < m->nhdr; i++) {
		h = &m->hdr[i];
		if (strcasecmp(h->name, "From") == 0)
			see(h, &hv->from.h, &hv->from.n);
		else if (strcasecmp(h->name, "Sender") == 0)
			see(h, &hv->sender.h, &hv->sender.n);
		else if (strcasecmp(h->name, "Reply-To") == 0)
			see(h, &hv->reply_to.h, &hv->reply_to.n);
		else if (strcasecmp(h->name, "Message-ID") == 0)
			see(h, &hv->msgid_h, &hv->nmsgid);
		else if (strcasecmp(h->name, "Date") == 0)
			see(h, &hv->date_h, &hv->ndate);
		else if (strcasecmp(h->name, "List-Unsubscribe") == 0 &&
		    hv->nunsub++ < HV_MAX_UNSUB)
			hv->unsub_h[hv->nunsub - 1] = h;
	}
	if ((h = hv->from.h) != NULL)
		addr_parse(h->value, h->valuelen, 0, &hv->from.al);
	if ((h = hv->sender.h) != NULL)
		addr_parse(h->value, h->valuelen,
		    ADDR_MAILBOX_LIST | ADDR_SINGLE, &hv->sender.al);
	if ((h = hv->reply_to.h) != NULL)
		addr_parse(h->value, h->valuelen, 0, &hv->reply_to.al);
	if ((h = hv->msgid_h) != NULL)
		msgid_parse(h->value, h->valuelen, MSGID_SINGLE, &hv->msgid);
	if ((h = hv->date_h) != NULL)
		date_parse(h->value, h->valuelen, &hv->date);
	unsub(hv);
	author(hv);
}

void
headview_clear(struct headview *hv)
{
	addr_clear(&hv->from.al);
	addr_clear(&hv->sender.al);
	addr_clear(&hv->reply_to.al);
	hv_zero(hv);
}
