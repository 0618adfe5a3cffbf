/*
 * NAME
 *	policy - reference-counted config + rule set
 */
#include <pthread.h>
#include <stdlib.h>

#include "auth.h"
#include "log.h"
#include "snapshot.h"
#include "util.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct snapshot *current;
static unsigned long generations;

static void
snapshot_free(struct snapshot *p)
{
	auth_free(p->auth);
	conf_free(p->conf);
	ruleset_free(p->rules);
	free(p);
}

/* Takes ownership of c. rules_path, when set, overrides the config's. */
struct snapshot *
snapshot_from(struct conf *c, const char *rules_path, struct diag *d)
{
	struct snapshot *p;
	struct ruleset *rs;

	if (rules_path == NULL)
		rules_path = c->rules_path;
	if (rules_path == NULL) {
		diag_add(d, c->path ? c->path : "(config)", 0, 0,
		    "no rule file given");
		conf_free(c);
		return NULL;
	}
	rs = ruleset_load(rules_path, c->re_match_limit, c->re_depth_limit,
	    d);
	if (rs == NULL) {
		conf_free(c);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	p->conf = c;
	p->rules = rs;
	p->refs = 1;
	return p;
}

struct snapshot *
snapshot_load(const char *conf_path, const char *rules_path, struct diag *d)
{
	struct conf *c;

	if ((c = conf_load(conf_path, d)) == NULL)
		return NULL;
	return snapshot_from(c, rules_path, d);
}

int
snapshot_start_auth(struct snapshot *p, char *err, size_t errlen)
{
	struct snapshot *cur;

	err[0] = '\0';
	if (p->auth != NULL || !p->conf->auth_enabled)
		return 0;
	cur = snapshot_acquire();
	p->auth = auth_new(p->conf, cur != NULL ? cur->auth : NULL, err,
	    errlen);
	snapshot_release(cur);
	return p->auth == NULL ? -1 : 0;
}

void
snapshot_install(struct snapshot *p)
{
	struct snapshot *old;

	pthread_mutex_lock(&lock);
	old = current;
	current = p;
	p->generation = ++generations;
	pthread_mutex_unlock(&lock);
	if (old != NULL)
		snapshot_release(old);
}

struct snapshot *
snapshot_acquire(void)
{
	struct snapshot *p;

	pthread_mutex_lock(&lock);
	if ((p = current) != NULL)
		p->refs++;
	pthread_mutex_unlock(&lock);
	return p;
}

void
snapshot_release(struct snapshot *p)
{
	int last;

	if (p == NULL)
		return;
	pthread_mutex_lock(&lock);
	if (p->refs <= 0)
		log_panic("snapshot_release: reference count %d", p->refs);
	last = --p->refs == 0;
	pthread_mutex_unlock(&lock);
	if (last)
		snapshot_free(p);
}
