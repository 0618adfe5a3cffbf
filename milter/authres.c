/*
 * NAME
 *	authres - the process's resolver and verifiers, reference counted
 * DESCRIPTION
 *	See authres.h. The key settings are copied at build time, so that
 *	authres_fits() still works when the config it was built from is gone.
 */
#include <stdlib.h>
#include <string.h>

#include "authres.h"
#include "conf.h"
#include "dkim.h"
#include "dns.h"
#include "egress.h"
#include "log.h"
#include "orgdom.h"
#include "reaper.h"
#include "spf.h"
#include "util.h"

/* The config values an authres is built from: see authres_fits(). */
struct authkey {
	char		**servers;	/* NULL: /etc/resolv.conf */
	long		 timeout_ms;
	long		 cache_max;
	char		*psl_file;	/* NULL: the system list */
};

struct authres {
	struct authkey	 key;
	struct dns	*dns;
	struct spf	*spf;
	struct dkimv	*dkim;
	struct orgdom	*psl;
	struct egress	*egress;	/* reverse DNS of egress IPs, by TTL */
	int		 refs;		/* atomic */
};

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
same_list(char *const *a, char *const *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	for (i = 0; a[i] != NULL && b[i] != NULL; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return a[i] == NULL && b[i] == NULL;
}

int
authres_fits(const struct authres *r, const struct conf *c)
{
	return r != NULL && c->auth_enabled &&
	    same_list(r->key.servers, c->dns_servers) &&
	    r->key.timeout_ms == c->dns_timeout_ms &&
	    r->key.cache_max == c->dns_cache &&
	    same_str(r->key.psl_file, c->psl_file);
}

static void
authres_free(void *arg)
{
	struct authres *r = arg;

	egress_free(r->egress);
	dkimv_free(r->dkim);
	spf_free(r->spf);
	orgdom_close(r->psl);
	if (r->dns != NULL)
		log_debug("dns: resolver freed after %lu queries",
		    dns_queries(r->dns));
	dns_free(r->dns);
	conf_strlist_free(r->key.servers);
	free(r->key.psl_file);
	free(r);
}

struct authres *
authres_new(const struct conf *c, char *err, size_t errlen)
{
	struct dns_conf dc;
	struct authres *r = xcalloc(1, sizeof(*r));

	err[0] = '\0';
	r->refs = 1;
	r->key.servers = c->dns_servers == NULL ? NULL :
	    conf_strlist_dup((const char *const *)c->dns_servers);
	r->key.timeout_ms = c->dns_timeout_ms;
	r->key.cache_max = c->dns_cache;
	r->key.psl_file = c->psl_file ? xstrdup(c->psl_file) : NULL;
	dc.servers = r->key.servers;
	dc.timeout_ms = r->key.timeout_ms;
	dc.cache_max = r->key.cache_max;
	if ((r->dns = dns_new(&dc, err, errlen)) == NULL ||
	    (r->psl = orgdom_open(r->key.psl_file, err, errlen)) == NULL) {
		authres_free(r);
		return NULL;
	}
	r->spf = spf_new(r->dns);
	r->dkim = dkimv_new(r->dns);
	r->egress = egress_new(AUTHRES_EGRESS_MAX);
	return r;
}

struct authres *
authres_ref(struct authres *r)
{
	if (r != NULL)
		__atomic_add_fetch(&r->refs, 1, __ATOMIC_ACQ_REL);
	return r;
}

void
authres_unref(struct authres *r)
{
	int left;

	if (r == NULL)
		return;
	if ((left = __atomic_sub_fetch(&r->refs, 1, __ATOMIC_ACQ_REL)) < 0)
		log_panic("authres_unref: reference count %d", left);
	if (left == 0)
		reaper_defer(authres_free, r);
}

struct dns *
authres_dns(const struct authres *r)
{
	return r->dns;
}

struct spf *
authres_spf(const struct authres *r)
{
	return r->spf;
}

struct dkimv *
authres_dkim(const struct authres *r)
{
	return r->dkim;
}

const struct orgdom *
authres_psl(const struct authres *r)
{
	return r->psl;
}

struct egress *
authres_egress(const struct authres *r)
{
	return r->egress;
}
