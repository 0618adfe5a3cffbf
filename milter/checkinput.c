/*
 * NAME
 *	checkinput - messages from files, with the envelope of the options
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "checkinput.h"
#include "mailfile.h"

struct msg *
checkinput_msg(const struct envopts *e, const struct msg_limits *lim,
    struct auth *auth, const char *data, size_t len)
{
	struct msg *m = msg_new(lim);
	char *rpath = NULL;
	size_t i;

	conninfo_set(m->conn.client_addr, e->client_ip);
	conninfo_set(m->conn.login, e->auth);
	conninfo_set(m->conn.helo, e->helo);
	conninfo_set(m->conn.daemon, e->daemon);
	if (e->mail_from != NULL)
		msg_mail_from(m, e->mail_from);
	for (i = 0; i < e->nparam; i++)
		msg_esmtp_arg(m, e->param[i]);
	for (i = 0; i < e->nrcpt; i++)
		msg_rcpt(m, e->rcpt[i]);
	auth_attach(auth, m);
	mailfile_feed(m, data, len, &rpath);
	if (e->mail_from == NULL && rpath != NULL)
		msg_mail_from(m, rpath);
	free(rpath);
	return m;
}

static void
error(struct checkinput *in, const char *what)
{
	fprintf(stderr, "senderlint-check: %s\n", what);
	in->nerrors++;
}

/* A capture record: the message with its own envelope and connection. */
static void
one_record(struct checkinput *in, const char *file, const struct mailfile *mf)
{
	struct caprec_info cap;
	struct input_item it;
	char err[512], why[1024];

	memset(&it, 0, sizeof(it));
	it.file = file;
	it.cap = &cap;
	it.m = msg_new(in->lim);
	auth_attach(in->auth, it.m);
	if (caprec_decode(mf->buf, mf->len, it.m, &cap, err,
	    sizeof(err)) < 0) {
		snprintf(why, sizeof(why), "%s: %s; record skipped", file, err);
		error(in, why);
	} else {
		in->nmsgs++;
		in->each(in->arg, &it);
	}
	msg_free(it.m);
}

static void
one_file(void *arg, const char *file, const char *why)
{
	struct checkinput *in = arg;
	struct input_item it;
	struct mailfile mf;
	char err[512], *data;
	size_t len;

	if (file == NULL || mailfile_read(&mf, file, err, sizeof(err)) < 0) {
		error(in, file ? err : why);
		return;
	}
	if (caprec_is(mf.buf, mf.len)) {
		one_record(in, file, &mf);
		mailfile_clear(&mf);
		return;
	}
	memset(&it, 0, sizeof(it));
	while (mailfile_next(&mf, &data, &len)) {
		if (mf.bad != NULL) {
			char bad[1024];

			snprintf(bad, sizeof(bad), "%s: message %zu (line %lu): "
			    "%s; message skipped", file, mf.index, mf.line,
			    mf.bad);
			error(in, bad);
			free(data);
			continue;
		}
		it.file = file;
		it.mbox = mf.mbox;
		it.index = mf.index;
		it.m = checkinput_msg(in->env, in->lim, in->auth, data, len);
		free(data);
		in->nmsgs++;
		in->each(in->arg, &it);
		msg_free(it.m);
	}
	mailfile_clear(&mf);
}

void
checkinput_walk(struct checkinput *in, const char *path)
{
	char err[512];

	if (mailfile_walk(path, one_file, in, err, sizeof(err)) < 0)
		error(in, err);
}
