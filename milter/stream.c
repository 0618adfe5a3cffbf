/*
 * NAME
 *	stream - mail streams: selection, sender identities, logins
 * DESCRIPTION
 *	See stream.h; the model is in stream_int.h. Selection reads only
 *	the message's envelope, its connection data (m->conn) and its
 *	header fields, each value unfolded (RFC 5322 2.2.3) into at most
 *	SL_REGEX_SUBJECT_MAX octets before a glob sees it. Every function
 *	is bounded by the size of the set and of the message's header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cidr.h"
#include "stream.h"
#include "stream_int.h"
#include "util.h"

static const char *const kind_names[] = { "", "bulk", "transactional" };

const char *
stream_kind_name(enum stream_kind k)
{
	return k == SK_BULK || k == SK_TRANSACTIONAL ? kind_names[k] : "";
}

int
stream_kind_parse(const char *s)
{
	if (strcmp(s, kind_names[SK_BULK]) == 0)
		return SK_BULK;
	if (strcmp(s, kind_names[SK_TRANSACTIONAL]) == 0)
		return SK_TRANSACTIONAL;
	return -1;
}

static int
glob_in(const struct match *mt, const char *s)
{
	size_t i;

	for (i = 0; i < mt->n; i++)
		if (glob_match(mt->strs[i], s))
			return 1;
	return 0;
}

/* RFC 5322 2.2.3 unfolding, leading whitespace dropped. */
static void
unfold(const struct header *h, struct sbuf *b)
{
	size_t i = 0;

	while (i < h->valuelen && (h->value[i] == ' ' || h->value[i] == '\t'))
		i++;
	for (; i < h->valuelen; i++)
		if (h->value[i] != '\r' && h->value[i] != '\n')
			sbuf_addc(b, h->value[i]);
}

static int
header_in(const struct match *mt, const struct msg *m)
{
	struct sbuf b;
	size_t i;
	int r;

	for (i = 0; i < m->nhdr; i++) {
		if (strcasecmp(m->hdr[i].name, mt->name) != 0)
			continue;
		sbuf_init(&b, SL_REGEX_SUBJECT_MAX);
		unfold(&m->hdr[i], &b);
		r = glob_in(mt, b.s);
		sbuf_clear(&b);
		if (r)
			return 1;
	}
	return 0;
}

static int
client_in(const struct match *mt, const char *addr)
{
	size_t i;

	if (*addr == '\0')
		return 0;
	for (i = 0; i < mt->n; i++)
		if (cidr_match(&mt->nets[i], addr))
			return 1;
	return 0;
}

static int
daemon_in(const struct match *mt, const char *daemon)
{
	size_t i;

	for (i = 0; i < mt->n; i++)
		if (strcasecmp(mt->strs[i], daemon) == 0)
			return 1;
	return 0;
}

static int
match_holds(const struct match *mt, const struct msg *m)
{
	switch (mt->kind) {
	case M_AUTH:
		return m->conn.login[0] != '\0' && glob_in(mt, m->conn.login);
	case M_MAIL_FROM:
		return m->have_mail_from && glob_in(mt, m->mail_from);
	case M_CLIENT:
		return client_in(mt, m->conn.client_addr);
	case M_DAEMON:
		return daemon_in(mt, m->conn.daemon);
	case M_HEADER:
		return header_in(mt, m);
	}
	return 0;
}

static int
stream_matches(const struct stream *st, const struct msg *m)
{
	size_t i;

	for (i = 0; i < st->nmatch; i++)
		if (!match_holds(&st->match[i], m))
			return 0;
	return 1;
}

static void
info_none(const struct streamset *set, struct streaminfo *si)
{
	memset(si, 0, sizeof(*si));
	si->name = "unknown";
	si->kind = SK_NONE;
	si->set = set;
}

static void
info_set(const struct stream *st, struct streaminfo *si)
{
	si->name = st->name;
	si->kind = st->kind;
	si->id = st->id;
	si->remove = st->remove;
}

void
stream_select(const struct streamset *set, const struct msg *m,
    struct streaminfo *si)
{
	const struct stream *st;
	size_t i, len;

	info_none(set, si);
	for (i = 0; set != NULL && i < set->nstream; i++) {
		st = &set->stream[i];
		if (!stream_matches(st, m))
			continue;
		if (si->nmatch++ == 0)
			info_set(st, si);
		len = strlen(si->matched);
		snprintf(si->matched + len, sizeof(si->matched) - len, "%s%s",
		    len ? ", " : "", st->name);
	}
}

int
stream_select_named(const struct streamset *set, const char *name,
    struct streaminfo *si)
{
	size_t i;

	info_none(set, si);
	for (i = 0; set != NULL && i < set->nstream; i++)
		if (strcmp(set->stream[i].name, name) == 0) {
			info_set(&set->stream[i], si);
			si->nmatch = 1;
			snprintf(si->matched, sizeof(si->matched), "%s", name);
			return 0;
		}
	return -1;
}

int
stream_transactional_from(const struct streamset *set, const char *addr)
{
	const struct identity *id;
	size_t i, k;

	for (i = 0; set != NULL && i < set->nstream; i++) {
		if (set->stream[i].kind != SK_TRANSACTIONAL ||
		    (id = set->stream[i].id) == NULL)
			continue;
		for (k = 0; k < id->nfrom; k++)
			if (strchr(id->from[k].addr, '*') == NULL &&
			    strcasecmp(id->from[k].addr, addr) == 0)
				return 1;
	}
	return 0;
}

int
stream_login_allows(const struct streamset *set, const char *login,
    const char *addr)
{
	const struct login *l;
	size_t i, k;

	for (i = 0; set != NULL && i < set->nlogin; i++) {
		l = &set->login[i];
		if (!glob_match(l->glob, login))
			continue;
		for (k = 0; k < l->naddr; k++)
			if (glob_match(l->addr[k], addr))
				return 1;
		return 0;
	}
	return -1;
}

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; v != NULL && i < n; i++)
		free(v[i]);
	free(v);
}

static void
identity_free(struct identity *id)
{
	size_t i;

	if (id == NULL)
		return;
	for (i = 0; i < id->nfrom; i++) {
		free(id->from[i].name);
		free(id->from[i].addr);
	}
	free(id->from);
	strv_free(id->reply_to, id->nreply_to);
	strv_free(id->mail_from_domain, id->nmail_from_domain);
	free(id);
}

static void
stream_clear(struct stream *st)
{
	size_t i;

	free(st->name);
	for (i = 0; i < st->nmatch; i++) {
		free(st->match[i].name);
		strv_free(st->match[i].strs, st->match[i].n);
		free(st->match[i].nets);
	}
	free(st->match);
	identity_free(st->id);
	free(st->remove);
}

void
streamset_free(struct streamset *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->nstream; i++)
		stream_clear(&set->stream[i]);
	free(set->stream);
	for (i = 0; i < set->nlogin; i++) {
		free(set->login[i].glob);
		strv_free(set->login[i].addr, set->login[i].naddr);
	}
	free(set->login);
	free(set);
}
