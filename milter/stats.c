/*
 * NAME
 *	stats - counters and their atomic Prometheus text file
 * DIAGNOSTICS
 *	A file that cannot be written is logged once per failure streak.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"
#include "log.h"
#include "snapshot.h"
#include "stats.h"
#include "util.h"

struct rule_count {
	char		*id;
	unsigned long	 n[2][ACT_COUNT];	/* [monitor][action] */
	unsigned long	 undecided;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static unsigned long actions[ACT_COUNT], would[ACT_COUNT], out_of_scope;
static unsigned long errors, reloads_ok, reloads_failed;
static struct rule_count *rules;
static size_t nrules;
static pthread_t writer;
static int running, stopping, failing;

static struct rule_count *
rule_slot(const char *id)
{
	size_t i;

	for (i = 0; i < nrules; i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	if (nrules == SL_MAX_STATS_RULES)
		return NULL;
	rules = xrealloc(rules, (nrules + 1) * sizeof(*rules));
	memset(&rules[nrules], 0, sizeof(*rules));
	rules[nrules].id = xstrdup(id);
	return &rules[nrules++];
}

void
stats_message(const struct verdict *v)
{
	struct rule_count *rc;
	size_t i;

	pthread_mutex_lock(&lock);
	actions[v->action]++;
	if (v->dry_run)
		would[v->would]++;
	for (i = 0; i < v->nhits; i++) {
		if ((rc = rule_slot(v->hits[i].rule)) == NULL)
			continue;
		if (v->hits[i].undecided)
			rc->undecided++;
		else
			rc->n[v->hits[i].monitor][v->hits[i].action]++;
	}
	pthread_mutex_unlock(&lock);
}

void
stats_out_of_scope(void)
{
	pthread_mutex_lock(&lock);
	out_of_scope++;
	pthread_mutex_unlock(&lock);
}

void
stats_error(void)
{
	pthread_mutex_lock(&lock);
	errors++;
	pthread_mutex_unlock(&lock);
}

void
stats_reload(int ok)
{
	pthread_mutex_lock(&lock);
	if (ok)
		reloads_ok++;
	else
		reloads_failed++;
	pthread_mutex_unlock(&lock);
}

static void
render(struct sbuf *b)
{
	size_t i;
	int a, m;

	sbuf_adds(b, "# HELP senderlint_messages_total Messages by the action "
	    "senderlint answered.\n# TYPE senderlint_messages_total counter\n");
	for (a = 0; a < ACT_COUNT; a++)
		sbuf_printf(b, "senderlint_messages_total{action=\"%s\"} %lu\n",
		    action_name(a), actions[a]);
	sbuf_adds(b, "# HELP senderlint_monitor_would_total Messages "
	    "accepted under mode: monitor, by the action enforcing gives.\n"
	    "# TYPE senderlint_monitor_would_total counter\n");
	for (a = 0; a < ACT_COUNT; a++)
		sbuf_printf(b, "senderlint_monitor_would_total{action=\"%s\"} "
		    "%lu\n", action_name(a), would[a]);
	sbuf_printf(b, "# HELP senderlint_out_of_scope_total Messages "
	    "passed untouched: not outbound (scope).\n"
	    "# TYPE senderlint_out_of_scope_total counter\n"
	    "senderlint_out_of_scope_total %lu\n", out_of_scope);
	sbuf_adds(b, "# HELP senderlint_rule_hits_total Rule matches by "
	    "rule, mode and action (monitor: what it would have done).\n"
	    "# TYPE senderlint_rule_hits_total counter\n");
	for (i = 0; i < nrules; i++)
		for (m = 0; m < 2; m++)
			for (a = 0; a < ACT_COUNT; a++)
				if (rules[i].n[m][a] > 0)
					sbuf_printf(b, "senderlint_rule_hits_"
					    "total{rule=\"%s\",mode=\"%s\","
					    "action=\"%s\"} %lu\n",
					    rules[i].id,
					    m ? "monitor" : "enforce",
					    action_name(a), rules[i].n[m][a]);
	sbuf_adds(b, "# HELP senderlint_rule_undecided_total Rule "
	    "evaluations that gave temperror.\n"
	    "# TYPE senderlint_rule_undecided_total counter\n");
	for (i = 0; i < nrules; i++)
		if (rules[i].undecided > 0)
			sbuf_printf(b, "senderlint_rule_undecided_total{rule="
			    "\"%s\"} %lu\n", rules[i].id, rules[i].undecided);
	sbuf_printf(b, "# HELP senderlint_errors_total Messages answered "
	    "with on_error because senderlint itself failed.\n"
	    "# TYPE senderlint_errors_total counter\n"
	    "senderlint_errors_total %lu\n", errors);
	sbuf_printf(b, "# HELP senderlint_reloads_total Reloads by result.\n"
	    "# TYPE senderlint_reloads_total counter\n"
	    "senderlint_reloads_total{result=\"ok\"} %lu\n"
	    "senderlint_reloads_total{result=\"failed\"} %lu\n",
	    reloads_ok, reloads_failed);
}

int
stats_write(const char *path)
{
	struct sbuf b, tmp;
	FILE *fp;
	int ok;

	sbuf_init(&b, 4 * 1024 * 1024);
	pthread_mutex_lock(&lock);
	render(&b);
	pthread_mutex_unlock(&lock);
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
