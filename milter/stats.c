/*
 * NAME
 *	stats - counters, their rendering and their atomic Prometheus file
 * DESCRIPTION
 *	See stats.h. Slots are published by a release store of their count
 *	after they are filled, so readers scan them without a lock; slot
 *	contents other than the counters change only under slot_lock.
 * DIAGNOSTICS
 *	A file that cannot be written is logged once per failure streak.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"
#include "log.h"
#include "metric.h"
#include "snapshot.h"
#include "stats.h"
#include "util.h"

struct rule_count {
	char		*id;		/* set once, before it is published */
	atomic_int	 live;		/* in the current rule set */
	unsigned long	 gen;		/* the last stats_rules() naming it */
	atomic_int	 def_action;	/* its own action and mode there */
	atomic_int	 def_monitor;
	atomic_ulong	 n[2][ACT_COUNT];	/* [monitor][action] */
	atomic_ulong	 undecided;
};

struct stream_count {
	char		*name;
	atomic_ulong	 n[ACT_COUNT];
};

static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t rules_lock = PTHREAD_MUTEX_INITIALIZER;	/* gen */
static unsigned long generation;
static struct rule_count rules[SL_MAX_STATS_RULES];
static atomic_size_t nrules;
static struct stream_count streams[SL_MAX_STATS_STREAMS];
static atomic_size_t nstreams;
static atomic_ulong *facts;	/* [fact_registry() index] */
static size_t nfacts;
static pthread_once_t facts_once = PTHREAD_ONCE_INIT;
static atomic_ulong actions[ACT_COUNT], would[ACT_COUNT], out_of_scope;
static atomic_ulong errors, reloads_ok, reloads_failed;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;	/* writer */
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t writer;
static int running, stopping, failing;

#define BUMP(x)	atomic_fetch_add_explicit(&(x), 1, memory_order_relaxed)
#define GET(x)	atomic_load_explicit(&(x), memory_order_relaxed)

static struct rule_count *
rule_find(const char *id, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

/* The slot of rule id, made if need be; NULL when the table is full. */
static struct rule_count *
rule_slot(const char *id)
{
	struct rule_count *rc;
	size_t n = atomic_load_explicit(&nrules, memory_order_acquire), m;

	if ((rc = rule_find(id, 0, n)) != NULL)
		return rc;
	pthread_mutex_lock(&slot_lock);
	m = atomic_load_explicit(&nrules, memory_order_relaxed);
	if ((rc = rule_find(id, n, m)) == NULL && m < SL_MAX_STATS_RULES) {
		rc = &rules[m];
		rc->id = xstrdup(id);
		atomic_store_explicit(&nrules, m + 1, memory_order_release);
	}
	pthread_mutex_unlock(&slot_lock);
	return rc;
}

static struct stream_count *
stream_slot(const char *name)
{
	size_t n = atomic_load_explicit(&nstreams, memory_order_acquire), i;
	struct stream_count *sc = NULL;

	for (i = 0; i < n; i++)
		if (strcmp(streams[i].name, name) == 0)
			return &streams[i];
	pthread_mutex_lock(&slot_lock);
	n = atomic_load_explicit(&nstreams, memory_order_relaxed);
	for (; i < n && sc == NULL; i++)
		if (strcmp(streams[i].name, name) == 0)
			sc = &streams[i];
	if (sc == NULL && n < SL_MAX_STATS_STREAMS) {
		sc = &streams[n];
		sc->name = xstrdup(name);
		atomic_store_explicit(&nstreams, n + 1, memory_order_release);
	}
	pthread_mutex_unlock(&slot_lock);
	return sc;
}

static void
facts_init(void)
{
	const struct fact_info *reg;

	nfacts = fact_registry(&reg);
	facts = xcalloc(nfacts, sizeof(*facts));
}

static void
count_facts(const struct factset *fs)
{
	const struct fact_info *reg;
	size_t i, k, n;

	pthread_once(&facts_once, facts_init);
	n = fact_registry(&reg);
	for (i = 0; i < fs->n; i++) {
		if (fs->f[i].val != FACT_TRUE)
			continue;
		/* ids point into the registry (fact.h); strcmp is a fallback */
		for (k = 0; k < n && reg[k].id != fs->f[i].id; k++)
			;
		for (k = k < n ? k : 0; k < n && reg[k].id != fs->f[i].id &&
		    strcmp(reg[k].id, fs->f[i].id) != 0; k++)
			;
		if (k < n)
			BUMP(facts[k]);
	}
}

void
stats_message(const struct verdict *v, const struct factset *fs)
{
	struct rule_count *rc;
	struct stream_count *sc;
	size_t i;

	BUMP(actions[v->action]);
	if (v->dry_run)
		BUMP(would[v->would]);
	if ((sc = stream_slot(v->stream != NULL ? v->stream : "unknown"))
	    != NULL)
		BUMP(sc->n[v->action]);
	for (i = 0; i < v->nhits; i++) {
		if ((rc = rule_slot(v->hits[i].rule)) == NULL)
			continue;
		if (v->hits[i].undecided)
			BUMP(rc->undecided);
		else
			BUMP(rc->n[v->hits[i].monitor != 0]
			    [v->hits[i].action]);
	}
	if (fs != NULL)
		count_facts(fs);
}

void
stats_out_of_scope(void)
{
	BUMP(out_of_scope);
}

void
stats_error(void)
{
	BUMP(errors);
}

void
stats_reload(int ok)
{
	if (ok)
		BUMP(reloads_ok);
	else
		BUMP(reloads_failed);
}

void
stats_rules(const struct ruleset *rs, int monitor_all)
{
	struct rule_count *rc;
	size_t i, n;
	const char *id;
	int action, monitor;

	(void)stream_slot("unknown");	/* the stream series exist at once */
	/* the new set's rules first, then the others off: no scrape misses
	 * a rule kept across the reload */
	pthread_mutex_lock(&rules_lock);
	generation++;
	for (i = 0; i < ruleset_nrules(rs); i++) {
		id = ruleset_rule(rs, i, &action, &monitor);
		if ((rc = rule_slot(id)) == NULL)
			continue;
		atomic_store(&rc->def_action, action);
		atomic_store(&rc->def_monitor, monitor || monitor_all);
		atomic_store(&rc->live, 1);
		rc->gen = generation;
	}
	n = atomic_load_explicit(&nrules, memory_order_acquire);
	for (i = 0; i < n; i++)
		if (rules[i].gen != generation)
			atomic_store(&rules[i].live, 0);
	pthread_mutex_unlock(&rules_lock);
}

static void
render_messages(struct sbuf *b)
{
	size_t i, n;
	int a;

	sbuf_adds(b, "# HELP senderlint_messages_total Messages by the action "
	    "senderlint answered.\n# TYPE senderlint_messages_total counter\n");
	for (a = 0; a < ACT_COUNT; a++)
		sbuf_printf(b, "senderlint_messages_total{action=\"%s\"} %lu\n",
		    action_name(a), GET(actions[a]));
	sbuf_adds(b, "# HELP senderlint_stream_messages_total Messages by "
	    "stream (\"unknown\": none matched) and action.\n"
	    "# TYPE senderlint_stream_messages_total counter\n");
	n = atomic_load_explicit(&nstreams, memory_order_acquire);
	for (i = 0; i < n; i++)
		for (a = 0; a < ACT_COUNT; a++)
			sbuf_printf(b, "senderlint_stream_messages_total{"
			    "stream=\"%s\",action=\"%s\"} %lu\n",
			    streams[i].name, action_name(a),
			    GET(streams[i].n[a]));
	sbuf_adds(b, "# HELP senderlint_monitor_would_total Messages "
	    "accepted under mode: monitor, by the action enforcing gives.\n"
	    "# TYPE senderlint_monitor_would_total counter\n");
	for (a = 0; a < ACT_COUNT; a++)
		sbuf_printf(b, "senderlint_monitor_would_total{action=\"%s\"} "
		    "%lu\n", action_name(a), GET(would[a]));
	sbuf_printf(b, "# HELP senderlint_out_of_scope_total Messages "
	    "passed untouched: not outbound (scope).\n"
	    "# TYPE senderlint_out_of_scope_total counter\n"
	    "senderlint_out_of_scope_total %lu\n", GET(out_of_scope));
}

static void
render_rule(struct sbuf *b, struct rule_count *rc)
{
	unsigned long v;
	int a, m;

	for (m = 0; m < 2; m++)
		for (a = 0; a < ACT_COUNT; a++) {
			v = GET(rc->n[m][a]);
			if (v > 0 || (m == GET(rc->def_monitor) &&
			    a == GET(rc->def_action)))
				sbuf_printf(b, "senderlint_rule_hits_total{"
				    "rule=\"%s\",mode=\"%s\",action=\"%s\"} "
				    "%lu\n", rc->id, m ? "monitor" : "enforce",
				    action_name(a), v);
		}
}

static void
render_rules(struct sbuf *b)
{
	size_t i, n = atomic_load_explicit(&nrules, memory_order_acquire);

	sbuf_adds(b, "# HELP senderlint_rule_hits_total Rule matches by "
	    "rule, mode and action (monitor: what it would have done).\n"
	    "# TYPE senderlint_rule_hits_total counter\n");
	for (i = 0; i < n; i++)
		if (GET(rules[i].live))
			render_rule(b, &rules[i]);
	sbuf_adds(b, "# HELP senderlint_rule_undecided_total Rule "
	    "evaluations that gave temperror.\n"
	    "# TYPE senderlint_rule_undecided_total counter\n");
	for (i = 0; i < n; i++)
		if (GET(rules[i].live))
			sbuf_printf(b, "senderlint_rule_undecided_total{rule="
			    "\"%s\"} %lu\n", rules[i].id,
			    GET(rules[i].undecided));
}

static void
render_facts(struct sbuf *b)
{
	const struct fact_info *reg;
	size_t i;

	pthread_once(&facts_once, facts_init);
	fact_registry(&reg);
	sbuf_adds(b, "# HELP senderlint_facts_total Messages on which a "
	    "fact was true.\n# TYPE senderlint_facts_total counter\n");
	for (i = 0; i < nfacts; i++)
		sbuf_printf(b, "senderlint_facts_total{fact=\"%s\"} %lu\n",
		    reg[i].id, GET(facts[i]));
}

void
stats_render(struct sbuf *b)
{
	render_messages(b);
	render_rules(b);
	render_facts(b);
	sbuf_printf(b, "# HELP senderlint_errors_total Messages answered "
	    "with on_error because senderlint itself failed.\n"
	    "# TYPE senderlint_errors_total counter\n"
	    "senderlint_errors_total %lu\n", GET(errors));
	sbuf_printf(b, "# HELP senderlint_reloads_total Reloads by result.\n"
	    "# TYPE senderlint_reloads_total counter\n"
	    "senderlint_reloads_total{result=\"ok\"} %lu\n"
	    "senderlint_reloads_total{result=\"failed\"} %lu\n",
	    GET(reloads_ok), GET(reloads_failed));
	metric_render(b);
}

int
stats_write(const char *path)
{
	struct sbuf b, tmp;
	FILE *fp;
	int ok;

	sbuf_init(&b, SL_METRICS_RESPONSE);
	stats_render(&b);
	sbuf_init(&tmp, 4096);
	sbuf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	ok = (fp = fopen(tmp.s, "w")) != NULL;
	if (ok) {
		ok = fwrite(b.s, 1, b.len, fp) == b.len;
		ok = (fclose(fp) == 0) && ok;
		if (ok)
			ok = rename(tmp.s, path) == 0;
		if (!ok)
			unlink(tmp.s);
	}
	/* one warning per failure streak, not one per interval */
	pthread_mutex_lock(&lock);
	if (!ok && !failing)
		log_warn("cannot write stats file %s: %s", path,
		    strerror(errno));
	else if (ok && failing)
		log_info("stats file %s is written again", path);
	failing = !ok;
	pthread_mutex_unlock(&lock);
	sbuf_clear(&tmp);
	sbuf_clear(&b);
	return ok ? 0 : -1;
}

static void
write_current(void)
{
	struct snapshot *p = snapshot_acquire();

	if (p != NULL && p->conf->stats_file != NULL)
		stats_write(p->conf->stats_file);
	snapshot_release(p);
}

static void *
writer_main(void *arg)
{
	struct snapshot *p;
	struct timespec ts;
	long interval;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (!stopping) {
		pthread_mutex_unlock(&lock);
		p = snapshot_acquire();
		interval = p != NULL ? p->conf->stats_interval : 10;
		snapshot_release(p);
		write_current();
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += interval;
		pthread_mutex_lock(&lock);
		if (!stopping)
			pthread_cond_timedwait(&wake, &lock, &ts);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

void
stats_start(void)
{
	if (pthread_create(&writer, NULL, writer_main, NULL) != 0)
		log_fatal("cannot start the stats thread");
	running = 1;
}

void
stats_stop(void)
{
	if (running) {
		pthread_mutex_lock(&lock);
		stopping = 1;
		pthread_cond_signal(&wake);
		pthread_mutex_unlock(&lock);
		pthread_join(writer, NULL);
		running = 0;
	}
	write_current();
}
