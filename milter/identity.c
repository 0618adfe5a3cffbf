/*
 * NAME
 *	ident - streams and the stable sender identity (Apple, Gmail, Yahoo)
 * DESCRIPTION
 *	stream.unknown			no configured stream matches
 *	stream.ambiguous		more than one does (the first is used)
 *	identity.from.mismatch		the From address is not one the
 *					stream allows
 *	identity.display-name.mismatch	its display name, RFC 2047 decoded
 *					and NFC-normalized, is not the one
 *					configured for that address
 *	identity.reply-to.mismatch	a Reply-To address the stream does
 *					not allow
 *	identity.mail-from.mismatch	the MAIL FROM domain is not one the
 *					stream allows
 *	identity.auth.mismatch		the SASL login may not use this From
 *					address (rule file "logins")
 *	identity.cross-stream		a bulk message From an address of a
 *					transactional stream
 *	envelope.null-sender.bulk	a bulk message with the null sender
 *	identity.drift			with an identity store: a (stream,
 *					display name, From) never seen before,
 *					once the stream is past its learning
 *					period, and not approved; or a From
 *					address that carried another display
 *					name within the last 24 hours
 *	Identity facts are false when the stream configures nothing to
 *	compare with. A store that cannot be read makes identity.drift a
 *	temperror.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addr.h"
#include "identstore.h"
#include "metric.h"
#include "checkrun.h"
#include "rfc2047.h"
#include "stream.h"
#include "nfc.h"

static int
addr_in(const char *addr, char *const *globs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (glob_match(globs[i], addr))
			return 1;
	return 0;
}

/* The display name as the identity compares it: decoded, then NFC. */
static void
display_name(const char *raw, struct sbuf *out)
{
	struct sbuf dec;

	sbuf_init(&dec, 1024);
	if (raw != NULL)
		rfc2047_phrase(raw, strlen(raw), &dec);
	nfc_normalize(dec.s, dec.len, out);
	sbuf_clear(&dec);
}

static void
from_identity(struct checkrun *cr, const struct identity *id,
    const struct mailbox *mb)
{
	const char *addr = cr->hv->author_addr;
	const struct ident_from *f = NULL;
	struct sbuf name;
	size_t i;

	if (mb == NULL || id == NULL || id->nfrom == 0) {
		fact_set(cr->fs, "identity.from.mismatch", FACT_FALSE, 0, NULL);
		fact_set(cr->fs, "identity.display-name.mismatch", FACT_FALSE,
		    0, NULL);
		return;
	}
	for (i = 0; i < id->nfrom && f == NULL; i++)
		if (glob_match(id->from[i].addr, addr))
			f = &id->from[i];
	if (f == NULL)
		fact_set(cr->fs, "identity.from.mismatch", FACT_TRUE, 0,
		    "From %.100s is not an address of stream %s", addr,
		    cr->cc->si->name);
	else
		fact_set(cr->fs, "identity.from.mismatch", FACT_FALSE, 0, NULL);
	sbuf_init(&name, 1024);
	display_name(mb->name, &name);
	if (f != NULL && f->name != NULL && strcmp(f->name, name.s) != 0)
		fact_set(cr->fs, "identity.display-name.mismatch", FACT_TRUE, 0,
		    "display name \"%.60s\" is not \"%.60s\"", name.s,
		    f->name);
	else
		fact_set(cr->fs, "identity.display-name.mismatch", FACT_FALSE,
		    0, NULL);
	sbuf_clear(&name);
}

static void
reply_to(struct checkrun *cr, const struct identity *id)
{
	const struct addrlist *a = &cr->hv->reply_to.al;
	char addr[SL_MAX_ADDR_LEN + 1];
	size_t i;

	if (cr->hv->reply_to.h == NULL || id == NULL || id->nreply_to == 0) {
		fact_set(cr->fs, "identity.reply-to.mismatch", FACT_FALSE, 0,
		    NULL);
		return;
	}
	for (i = 0; i < a->n; i++) {
		snprintf(addr, sizeof(addr), "%s@%s", a->mb[i].local,
		    a->mb[i].domain);
		if (!addr_in(addr, id->reply_to, id->nreply_to))
			break;
	}
	if (i < a->n)
		fact_set(cr->fs, "identity.reply-to.mismatch", FACT_TRUE, 0,
		    "Reply-To %.100s is not allowed in stream %s", addr,
		    cr->cc->si->name);
	else
		fact_set(cr->fs, "identity.reply-to.mismatch", FACT_FALSE, 0,
		    NULL);
}

static void
mail_from(struct checkrun *cr, const struct identity *id)
{
	const char *at;

	if (id == NULL || id->nmail_from_domain == 0 ||
	    !cr->m->have_mail_from || cr->m->mail_from[0] == '\0' ||
	    (at = strrchr(cr->m->mail_from, '@')) == NULL ||
	    addr_in(at + 1, id->mail_from_domain, id->nmail_from_domain))
		fact_set(cr->fs, "identity.mail-from.mismatch", FACT_FALSE, 0,
		    NULL);
	else
		fact_set(cr->fs, "identity.mail-from.mismatch", FACT_TRUE, 0,
		    "MAIL FROM domain %.100s is not allowed in stream %s",
		    at + 1, cr->cc->si->name);
}

#define DRIFT_NAMES_WINDOW	86400

static void
drift(struct checkrun *cr, const struct mailbox *mb, const char *addr)
{
	const struct streaminfo *si = cr->cc->si;
	struct identstore *st = cr->cc->store;
	struct identlookup ic;
	struct sbuf name;
	int rc;

	if (st == NULL || si == NULL || si->nmatch == 0 || mb == NULL) {
		fact_set(cr->fs, "identity.drift", FACT_FALSE, 0, NULL);
		return;
	}
	sbuf_init(&name, 1024);
	display_name(mb->name, &name);
	rc = identstore_check(st, si->name, addr, name.s,
	    cr->cc->now - DRIFT_NAMES_WINDOW, &ic);
	metric_store(MS_IDENTITY, rc);
	if (rc < 0)
		fact_set(cr->fs, "identity.drift", FACT_TEMPERROR, 0,
		    "the identity store cannot be read");
	else if (ic.other && !(ic.known && ic.rec.approved))
		fact_set(cr->fs, "identity.drift", FACT_TRUE, 0,
		    "%.80s used display names \"%.50s\" and \"%.50s\" within "
		    "24 h", addr, ic.other_name, name.s);
	else if (!ic.known && ic.stream_seen &&
	    cr->cc->now - ic.stream_first >= (si->id ? si->id->learning : 0))
		fact_set(cr->fs, "identity.drift", FACT_TRUE, 0,
		    "new identity \"%.50s\" <%.80s> never seen in stream %s",
		    name.s, addr, si->name);
	else
		fact_set(cr->fs, "identity.drift", FACT_FALSE, 0, NULL);
	sbuf_clear(&name);
}

void
identity_commit(const struct headview *hv, const struct check_ctx *cc)
{
	struct sbuf name;

	if (hv->author == NULL || cc->store == NULL || cc->si == NULL ||
	    cc->si->nmatch == 0)
		return;
	sbuf_init(&name, 1024);
	display_name(hv->author->name, &name);
	metric_store(MS_IDENTITY, identstore_record(cc->store, cc->si->name,
	    hv->author_addr, name.s, cc->now));
	sbuf_clear(&name);
}

void
identity_check(struct checkrun *cr)
{
	const struct streaminfo *si = cr->cc->si;
	const char *login = cr->m->conn.login[0] ? cr->m->conn.login : NULL;
	const struct mailbox *mb = cr->hv->author;
	const char *addr = cr->hv->author_addr;
	const struct streamset *set = si != NULL ? si->set : NULL;
	int bulk = si != NULL && si->kind == SK_BULK;

	fact_set(cr->fs, "stream.unknown", si != NULL && si->nmatch == 0 ?
	    FACT_TRUE : FACT_FALSE, 0, "%s", si != NULL && si->nmatch == 0 ?
	    "no configured stream matches this message" : "");
	fact_set(cr->fs, "stream.ambiguous", si != NULL && si->nmatch > 1 ?
	    FACT_TRUE : FACT_FALSE, si ? (long)si->nmatch : 0, "%s%s",
	    si != NULL && si->nmatch > 1 ? "streams that match: " : "",
	    si != NULL && si->nmatch > 1 ? si->matched : "");
	from_identity(cr, si ? si->id : NULL, mb);
	reply_to(cr, si ? si->id : NULL);
	mail_from(cr, si ? si->id : NULL);
	if (login != NULL && *login != '\0' && mb != NULL &&
	    stream_login_allows(set, login, addr) == 0)
		fact_set(cr->fs, "identity.auth.mismatch", FACT_TRUE, 0,
		    "login %.60s may not send From %.100s", login, addr);
	else
		fact_set(cr->fs, "identity.auth.mismatch", FACT_FALSE, 0, NULL);
	if (bulk && mb != NULL && stream_transactional_from(set, addr))
		fact_set(cr->fs, "identity.cross-stream", FACT_TRUE, 0,
		    "transactional address %.100s used in bulk stream %s", addr,
		    si->name);
	else
		fact_set(cr->fs, "identity.cross-stream", FACT_FALSE, 0, NULL);
	drift(cr, mb, addr);
	if (bulk && cr->m->have_mail_from && cr->m->mail_from[0] == '\0')
		fact_set(cr->fs, "envelope.null-sender.bulk", FACT_TRUE, 0,
		    "bulk stream %s sends with the null sender: bounces cannot "
		    "be tracked", si->name);
	else
		fact_set(cr->fs, "envelope.null-sender.bulk", FACT_FALSE, 0,
		    NULL);
}
