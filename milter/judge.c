/*
 * NAME
 *	judge - header view, message facts; stream, stream facts, rules,
 *	on_dns_error; commit
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "judge.h"
#include "limits.h"
#include "unsubwin.h"

static void
context(const struct judge_env *env, const struct judgement *j,
    struct check_ctx *cc)
{
	memset(cc, 0, sizeof(*cc));
	cc->si = env->rules != NULL ? &j->si : NULL;
	cc->now = j->now;
	cc->date_past = env->conf ? env->conf->date_past : SL_DATE_PAST;
	cc->date_future = env->conf ? env->conf->date_future : SL_DATE_FUTURE;
	cc->ids = env->ids;
	cc->store = env->store;
	cc->auth = env->auth;
	cc->conf = env->conf;
	cc->unsubs = env->unsubs;
}

/* A file checked without --mail-from or Return-Path: use From. */
static void
sender_from_header(struct msg *m, const struct headview *hv)
{
	char path[SL_MAX_ADDR_LEN + 3];

	if (m->have_mail_from || hv->author == NULL)
		return;
	snprintf(path, sizeof(path), "<%s>", hv->author_addr);
	msg_mail_from(m, path);
}

void
judge_facts(const struct judge_env *env, struct msg *m, struct judgement *j)
{
	struct check_ctx cc;

	memset(&j->si, 0, sizeof(j->si));
	memset(&j->v, 0, sizeof(j->v));
	j->now = env->now != 0 ? env->now : time(NULL);
	factset_init(&j->fs);
	headview_build(&j->hv, m);
	if (env->sender_from_header)
		sender_from_header(m, &j->hv);
	context(env, j, &cc);
	cc.si = NULL;		/* the message's facts read no stream */
	j->rcpt_hash = unsubwin_rcpt_hash(m->rcpt, m->nrcpt);
	check_message(m, &j->hv, &cc, &j->fs);
	j->nmsgfacts = j->fs.n;
}

void
judge_rules(const struct judge_env *env, const struct msg *m,
    struct judgement *j)
{
	struct check_ctx cc;

	memset(&j->si, 0, sizeof(j->si));
	memset(&j->v, 0, sizeof(j->v));
	j->fs.n = j->nmsgfacts;
	if (env->rules != NULL && (env->stream == NULL ||
	    stream_select_named(ruleset_streams(env->rules), env->stream,
	    &j->si) < 0))
		stream_select(ruleset_streams(env->rules), m, &j->si);
	context(env, j, &cc);
	check_stream(m, &j->hv, &cc, &j->fs);
	if (env->rules == NULL) {
		j->v.action = ACT_ACCEPT;
		j->v.stream = "unknown";
		j->v.stream_kind = SK_NONE;
		return;
	}
	ruleset_eval(env->rules, m, &j->fs, &j->si, &j->v);
	if (env->conf != NULL && env->conf->on_dns_error == ONERR_ACCEPT)
		verdict_on_dns_error_accept(&j->v);
	if (env->conf != NULL && env->conf->monitor_all)
		verdict_dry_run(&j->v);
}

void
judge(const struct judge_env *env, struct msg *m, struct judgement *j)
{
	judge_facts(env, m, j);
	judge_rules(env, m, j);
}

void
judge_commit(const struct judge_env *env, const struct judgement *j,
    int record)
{
	struct check_ctx cc;

	context(env, j, &cc);
	if (record && env->store != NULL)
		identity_commit(&j->hv, &cc);
	if (record && env->unsubs != NULL)
		unsub_commit(&j->hv, &cc, j->rcpt_hash);
	if (env->ids != NULL && j->hv.nmsgid == 1 && !j->hv.msgid.err)
		msgidwin_add(env->ids, j->hv.msgid.first, j->now);
}

void
judge_clear(struct judgement *j)
{
	headview_clear(&j->hv);
}
