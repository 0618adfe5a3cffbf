/*
 * NAME
 *	auth - SPF, DKIM and DMARC facts for one message (the glue)
 * DESCRIPTION
 *	See auth.h. Order at end of message: DKIM (the body is in), SPF for
 *	each egress IP, then DMARC with the identities that passed, then
 *	whether the domains exist, then the egress IPs' reverse DNS (cached
 *	by TTL; a stale result is used while the reaper thread looks it up
 *	again, so no lookup is on the message's path once cached). This file maps the config and the message
 *	to the producers' inputs; the producers make the facts.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "auth.h"
#include "authfacts.h"
#include "authres.h"
#include "checkrun.h"
#include "conf.h"
#include "dkim.h"
#include "dns.h"
#include "egress.h"
#include "reaper.h"
#include "util.h"

struct auth {
	const struct conf *c;	/* the policy's: outlives the auth */
	struct authres	*res;
};

/* One message's authentication state: the arg of its raw observer. */
struct authmsg {
	const struct auth *a;
	struct dkimmsg	*dm;		/* NULL: nothing to verify */
};

struct auth *
auth_new(const struct conf *c, const struct auth *prev, char *err,
    size_t errlen)
{
	struct auth *a;

	err[0] = '\0';
	if (!c->auth_enabled)
		return NULL;
	a = xcalloc(1, sizeof(*a));
	a->c = c;
	if (prev != NULL && authres_fits(prev->res, c))
		a->res = authres_ref(prev->res);
	else if ((a->res = authres_new(c, err, errlen)) == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

void
auth_free(struct auth *a)
{
	if (a == NULL)
		return;
	authres_unref(a->res);
	free(a);
}

int
auth_same_resolver(const struct auth *a, const struct auth *b)
{
	return a != NULL && b != NULL && a->res == b->res;
}

static void
raw_eoh(struct msg *m, void *arg)
{
	struct authmsg *am = arg;

	am->dm = dkimmsg_new(authres_dkim(am->a->res), m);
}

static void
raw_body(void *arg, const unsigned char *p, size_t n)
{
	struct authmsg *am = arg;

	if (am->dm != NULL)
		dkimmsg_body(am->dm, p, n);
}

static void
raw_free(void *arg)
{
	struct authmsg *am = arg;

	dkimmsg_free(am->dm);
	free(am);
}

static const struct msg_raw_ops auth_raw = { raw_eoh, raw_body, raw_free };

void
auth_attach(struct auth *a, struct msg *m)
{
	struct authmsg *am;

	if (a == NULL)
		return;
	am = xcalloc(1, sizeof(*am));
	am->a = a;
	if (msg_observe_raw(m, &auth_raw, am) < 0)
		free(am);
}

static void
lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* The MAIL FROM domain, else the outbound HELO name, lower case. */
static void
sender_domain(const struct msg *m, const struct conf *c, char *out,
    size_t len)
{
	const char *at;

	if (m->mail_from != NULL && (at = strrchr(m->mail_from, '@')) != NULL)
		snprintf(out, len, "%s", at + 1);
	else
		snprintf(out, len, "%s", c->outbound_helo ? c->outbound_helo :
		    "");
	lower(out);
}

static int
listed(char *const *list, const char *domain)
{
	size_t i;

	for (i = 0; list != NULL && list[i] != NULL; i++)
		if (strcasecmp(list[i], domain) == 0 ||
		    (list[i][0] == '*' && glob_match(list[i], domain)))
			return 1;
	return 0;
}

static void
run_dkim(struct checkrun *cr, struct authdkim_out *dk)
{
	const struct authmsg *am = msg_raw_arg(cr->m, &auth_raw);
	struct dkim_sig sigs[DKIM_MAX_SIGS];
	size_t n = 0;

	if (am != NULL && am->dm != NULL)
		n = dkimmsg_finish(am->dm, sigs, DKIM_MAX_SIGS);
	authdkim_facts(cr->fs, cr->m, sigs, n, dk);
}

static void
run_spf(struct checkrun *cr, const struct auth *a, const char *mfdom,
    struct authspf_out *sp)
{
	const struct conf *c = a->c;
	struct authspf_in in;

	sp->pass_domain[0] = '\0';
	sp->temperror = 0;
	if (mfdom[0] == '\0')
		return;
	in.egress_ips = c->egress_ips;
	in.helo = c->outbound_helo ? c->outbound_helo : "localhost";
	in.sender = cr->m->mail_from;
	in.domain = mfdom;
	in.unlisted = c->sending_domains != NULL &&
	    !listed(c->sending_domains, mfdom);
	authspf_facts(cr->fs, authres_spf(a->res), &in, sp);
}

/* A stale egress result to look up again: holds a reference to the authres. */
struct refresh {
	struct authres	*res;
	char		*ip;
	char		*helo;		/* or NULL */
};

static void
refresh_run(void *arg)
{
	struct refresh *rf = arg;

	egress_refresh(authres_egress(rf->res), authres_dns(rf->res),
	    authres_psl(rf->res), rf->ip, rf->helo);
	authres_unref(rf->res);
	free(rf->ip);
	free(rf->helo);
	free(rf);
}

/* Runs on the reaper thread in the daemon (reaper.h), at once elsewhere. */
static void
refresh_later(const void *arg, const char *ip, const char *helo)
{
	const struct auth *a = arg;
	struct refresh *rf = xcalloc(1, sizeof(*rf));

	rf->res = authres_ref(a->res);
	rf->ip = xstrdup(ip);
	rf->helo = helo ? xstrdup(helo) : NULL;
	reaper_defer(refresh_run, rf);
}

static void
run_egress(struct checkrun *cr, const struct auth *a)
{
	struct authegress_in in;

	in.ips = a->c->egress_ips;
	in.helo = a->c->outbound_helo;
	in.refresh = refresh_later;
	in.arg = a;
	authegress_facts(cr->fs, authres_egress(a->res), authres_dns(a->res),
	    authres_psl(a->res), &in);
}

void
auth_check(struct checkrun *cr)
{
	const struct auth *a = cr->cc->auth;
	struct authdkim_out dk;
	struct authspf_out sp;
	struct authdmarc_in di;
	char from[AUTH_NAME], mfdom[AUTH_NAME];

	if (a == NULL)
		return;
	dns_budget_begin(a->c->dns_budget_ms);
	run_dkim(cr, &dk);
	sender_domain(cr->m, a->c, mfdom, sizeof(mfdom));
	run_spf(cr, a, mfdom, &sp);
	snprintf(from, sizeof(from), "%s", cr->hv->author_domain);
	if (from[0] != '\0') {
		di.from = from;
		di.freemail = listed(a->c->freemail, from);
		di.spf = &sp;
		di.dkim = &dk;
		authdmarc_facts(cr->fs, authres_dns(a->res),
		    authres_psl(a->res), &di);
	}
	authdmarc_nonexistent(cr->fs, authres_dns(a->res), mfdom, from);
	run_egress(cr, a);
	dns_budget_end();
}
