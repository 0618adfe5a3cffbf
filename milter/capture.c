/*
 * NAME
 *	capture - the capture store: sample, write atomically, keep bounded
 */
#include <sys/stat.h>
#include <sys/time.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capture.h"
#include "caprec.h"
#include "limits.h"
#include "log.h"
#include "util.h"

/* The body kept for one message (a raw observer); grows as it comes. */
struct capbody {
	unsigned char	*buf;
	size_t		 len;
	size_t		 cap;
	size_t		 max;
};

static void
body_chunk(void *arg, const unsigned char *p, size_t n)
{
	struct capbody *b = arg;

	if (n > b->max - b->len)
		n = b->max - b->len;
	if (n == 0)
		return;
	if (b->len + n > b->cap) {
		while (b->len + n > b->cap)
			b->cap = b->cap ? 2 * b->cap : 8192;
		if (b->cap > b->max)
			b->cap = b->max;
		b->buf = xrealloc(b->buf, b->cap);
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

static void
body_free(void *arg)
{
	struct capbody *b = arg;

	free(b->buf);
	free(b);
}

static const struct msg_raw_ops body_ops = { NULL, body_chunk, body_free };

void
capture_attach(const struct conf *c, struct msg *m)
{
	struct capbody *b;

	if (c->capture_path == NULL || c->capture_body_kb == 0)
		return;
	b = xcalloc(1, sizeof(*b));
	b->max = (size_t)c->capture_body_kb * 1024;
	if (msg_observe_raw(m, &body_ops, b) < 0)
		body_free(b);
}

/* A record in the store, as the index knows it. */
struct entry {
	char		*name;
	time_t		 when;
	unsigned long long size;
};

/* The process's view of the store; lock guards all of it. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char *store;			/* the directory indexed, or NULL */
static struct entry *ents;		/* oldest first */
static size_t nents, capents;
static unsigned long long total;	/* bytes in the records */
static unsigned long long seen;		/* messages offered, for the rate */
static unsigned long seq;
static unsigned long failures;

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
	    ((const struct entry *)b)->name);
}

/* A record's name: TIME.USEC-SEQ-QID.cap; 0 when it is not one. */
static int
record_name(const char *name, time_t *when)
{
	char *end;
	long long t = strtoll(name, &end, 10);
	size_t n = strlen(name);

	if (end == name || *end != '.' || t < 0 || n < 5 ||
	    strcmp(name + n - 4, ".cap") != 0)
		return 0;
	*when = (time_t)t;
	return 1;
}

static void
index_add(const char *name, time_t when, unsigned long long size)
{
	if (nents == capents) {
		capents = capents ? 2 * capents : 256;
		ents = xrealloc(ents, capents * sizeof(*ents));
	}
	ents[nents].name = xstrdup(name);
	ents[nents].when = when;
	ents[nents].size = size;
	nents++;
	total += size;
}

static void
index_clear(void)
{
	size_t i;

	for (i = 0; i < nents; i++)
		free(ents[i].name);
	nents = 0;
	total = 0;
	free(store);
	store = NULL;
}

/* Under lock: the index of dir, read from the directory when new. */
static int
index_load(const char *dir)
{
	struct stat st;
	struct dirent *de;
	char path[4096];
	time_t when;
	DIR *d;

	if (store != NULL && strcmp(store, dir) == 0)
		return 0;
	index_clear();
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -1;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	if (st.st_uid != geteuid() || (st.st_mode & 077) != 0)
		log_warn("capture: %s should be a directory of user %lu only "
		    "(mode 0700): the records hold mail", dir,
		    (unsigned long)geteuid());
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (!record_name(de->d_name, &when) ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    de->d_name) >= sizeof(path) || lstat(path, &st) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		index_add(de->d_name, when, (unsigned long long)st.st_size);
	}
	closedir(d);
	if (nents > 1)
		qsort(ents, nents, sizeof(*ents), name_cmp);
	store = xstrdup(dir);
	return 0;
}

/* Under lock: drops the oldest records beyond the bounds. */
static void
prune(const struct conf *c, time_t now)
{
	unsigned long long max = (unsigned long long)c->capture_max_mb *
	    1024 * 1024;
	char path[4096 + 300];
	size_t k = 0, i;

	while (k < nents && (total > max || nents - k > SL_MAX_CAPTURE_RECORDS ||
	    ents[k].when < now - c->capture_max_age)) {
		snprintf(path, sizeof(path), "%s/%s", store, ents[k].name);
		if (unlink(path) < 0 && errno != ENOENT)
			log_warn("capture: cannot remove %s: %s", path,
			    strerror(errno));
		total -= ents[k].size;
		free(ents[k].name);
		k++;
	}
	if (k == 0)
		return;
	for (i = k; i < nents; i++)
		ents[i - k] = ents[i];
	nents -= k;
}

static int
glob_any(char *const *globs, const char *id)
{
	size_t i;

	for (i = 0; globs != NULL && globs[i] != NULL; i++)
		if (glob_match(globs[i], id))
			return 1;
	return 0;
}

/* Under lock: whether to keep this message. */
static int
wanted(const struct conf *c, const struct verdict *v)
{
	size_t i;
	int a = v->dry_run ? v->would : v->action;

	seen++;
	if (c->capture_actions & (1u << v->action) ||
	    c->capture_actions & (1u << a))
		return 1;
	for (i = 0; i < v->nhits; i++)
		if (glob_any(c->capture_rules, v->hits[i].rule))
			return 1;
	return (unsigned long long)((double)seen * c->capture_rate) >
	    (unsigned long long)((double)(seen - 1) * c->capture_rate);
}

static void
failed(const char *what, const char *path)
{
	unsigned long n;
	int e = errno;

	pthread_mutex_lock(&lock);
	n = ++failures;
	pthread_mutex_unlock(&lock);
	if ((n & (n - 1)) == 0)
		log_warn("capture: %s %s: %s (%lu records dropped so far)",
		    what, path, strerror(e), n);
}

/* Writes all of b to a new file, then renames it to name. */
static int
write_record(const char *dir, const char *tmpname, const char *name,
    const struct sbuf *b)
{
	char tmp[4096 + 200], dst[4096 + 200];
	size_t off = 0;
	ssize_t w;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s/%s", dir, tmpname);
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) < 0) {
		failed("cannot create", tmp);
		return -1;
	}
	while (off < b->len) {
		if ((w = write(fd, b->s + off, b->len - off)) < 0) {
			if (errno == EINTR)
				continue;
			failed("cannot write", tmp);
			close(fd);
			unlink(tmp);
			return -1;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0 || rename(tmp, dst) < 0) {
		failed("cannot write", dst);
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Printable name characters of the queue id, or "noqid". */
static void
qid_part(const char *qid, char *out, size_t len)
{
	size_t i, o = 0;

	for (i = 0; qid[i] != '\0' && o + 1 < len; i++)
		if ((qid[i] >= 'A' && qid[i] <= 'Z') ||
		    (qid[i] >= 'a' && qid[i] <= 'z') ||
		    (qid[i] >= '0' && qid[i] <= '9'))
			out[o++] = qid[i];
	out[o] = '\0';
	if (o == 0)
		snprintf(out, len, "noqid");
}

void
capture_message(const struct conf *c, const struct msg *m,
    const struct judgement *j)
{
	const struct capbody *body = msg_raw_arg(m, &body_ops);
	struct caprec_info in;
	struct timeval tv;
	struct sbuf b;
	char dir[4096], name[160], tmpname[96], q[SL_MAX_RULE_ID + 1];
	unsigned long n;
	int ok;

	if (c->capture_path == NULL)
		return;
	pthread_mutex_lock(&lock);
	ok = wanted(c, &j->v);
	if (ok && index_load(c->capture_path) < 0)
		ok = -1;
	n = ++seq;
	snprintf(dir, sizeof(dir), "%s", c->capture_path);
	pthread_mutex_unlock(&lock);
	if (ok < 0)
		failed("cannot use the store", dir);
	if (ok <= 0)
		return;
	memset(&in, 0, sizeof(in));
	in.when = j->now;
	snprintf(in.action, sizeof(in.action), "%s", action_name(j->v.action));
	verdict_rules(&j->v, VR_ENFORCED, in.rules, sizeof(in.rules));
	verdict_rules(&j->v, VR_MONITOR, in.monitor, sizeof(in.monitor));
	snprintf(in.stream, sizeof(in.stream), "%s", j->v.stream);
	in.body_total = m->body_bytes;
	sbuf_init(&b, SL_MAX_HEADER_BYTES * 8 + 1024 * 1024 + 64 * 1024);
	caprec_encode(m, &in, body ? body->buf : NULL, body ? body->len : 0,
	    &b);
	gettimeofday(&tv, NULL);
	qid_part(m->conn.qid, q, sizeof(q));
	snprintf(name, sizeof(name), "%010lld.%06ld-%lu-%s.cap",
	    (long long)tv.tv_sec, (long)tv.tv_usec, n, q);
	snprintf(tmpname, sizeof(tmpname), ".tmp-%ld-%lu", (long)getpid(), n);
	if (write_record(dir, tmpname, name, &b) == 0) {
		pthread_mutex_lock(&lock);
		if (store != NULL && strcmp(store, dir) == 0) {
			index_add(name, tv.tv_sec, b.len);
			prune(c, tv.tv_sec);
		}
		pthread_mutex_unlock(&lock);
	}
	sbuf_clear(&b);
}
