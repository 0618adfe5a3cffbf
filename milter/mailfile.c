/*
 * NAME
 *	mailfile - .eml / mbox reader for senderlint-check and tests
 * DESCRIPTION
 *	A header section ends at an empty line or at the first line that is
 *	neither a field nor a folded continuation (as Postfix's cleanup
 *	does: that line starts the body).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "limits.h"
#include "mailfile.h"
#include "util.h"

int
mailfile_read(struct mailfile *mf, const char *path, char *err, size_t errlen)
{
	FILE *fp;
	size_t cap = 65536, n;

	memset(mf, 0, sizeof(*mf));
	if (strcmp(path, "-") == 0)
		fp = stdin;
	else if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	mf->buf = xmalloc(cap);
	while ((n = fread(mf->buf + mf->len, 1, cap - mf->len, fp)) > 0) {
		mf->len += n;
		if (mf->len > SL_MAX_MSG_BYTES) {
			snprintf(err, errlen, "%s: larger than %d bytes", path,
			    SL_MAX_MSG_BYTES);
			if (fp != stdin)
				fclose(fp);
			mailfile_clear(mf);
			return -1;
		}
		if (mf->len == cap) {
			cap *= 2;
			mf->buf = xrealloc(mf->buf, cap);
		}
	}
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error: %s", path,
		    strerror(errno));
		if (fp != stdin)
			fclose(fp);
		mailfile_clear(mf);
		return -1;
	}
	if (fp != stdin)
		fclose(fp);
	mf->mbox = mf->len >= 5 && memcmp(mf->buf, "From ", 5) == 0;
	return 0;
}

void
mailfile_clear(struct mailfile *mf)
{
	free(mf->buf);
	mf->buf = NULL;
	mf->len = mf->pos = 0;
}

/* Start of the line after the one at p, or end. */
static size_t
next_line(const char *b, size_t len, size_t p)
{
	const char *nl = memchr(b + p, '\n', len - p);

	return nl ? (size_t)(nl - b) + 1 : len;
}

/*
 * Returns 1 and a malloc'd message, or 0 at the end. mbox messages have
 * their "From " line removed and ">From " lines unquoted.
 */
int
mailfile_next(struct mailfile *mf, char **msg, size_t *len)
{
	struct sbuf b;
	size_t p, e, start;

	if (!mf->mbox) {
		if (mf->index++ > 0)
			return 0;
		*msg = xmalloc(mf->len + 1);
		memcpy(*msg, mf->buf, mf->len);
		(*msg)[mf->len] = '\0';
		*len = mf->len;
		return 1;
	}
	if (mf->pos >= mf->len)
		return 0;
	if (mf->next_line == 0)
		mf->next_line = 1;
	mf->line = mf->next_line++;
	mf->bad = NULL;
	start = next_line(mf->buf, mf->len, mf->pos);	/* skip "From " */
	sbuf_init(&b, SL_MAX_MSG_BYTES);
	for (p = start; p < mf->len; p = e) {
		e = next_line(mf->buf, mf->len, p);
		if (e - p >= 5 && memcmp(mf->buf + p, "From ", 5) == 0)
			break;
		mf->next_line++;
		if (e - p >= 6 && mf->buf[p] == '>') {
			size_t q = p;

			while (q < e && mf->buf[q] == '>')
				q++;
			if (e - q >= 5 && memcmp(mf->buf + q, "From ", 5) == 0)
				p++;
		}
		sbuf_add(&b, mf->buf + p, e - p);
	}
	mf->pos = p;
	mf->index++;
	if (b.len == 0 || (b.len == 1 && b.s[0] == '\n'))
		mf->bad = "empty";
	else if (p == mf->len && mf->buf[mf->len - 1] != '\n')
		mf->bad = "cut short: the file ends inside a line";
	*msg = b.s;
	*len = b.len;
	return 1;
}

static int
withheld(const char *name)
{
	return strcasecmp(name, "Bcc") == 0 ||
	    strcasecmp(name, "Resent-Bcc") == 0 ||
	    strcasecmp(name, "Content-Length") == 0;
}

static void
field_done(struct msg *m, struct sbuf *name, struct sbuf *val, char **rpath)
{
	if (name->len == 0)
		return;
	if (strcasecmp(name->s, "Return-Path") == 0 && rpath != NULL) {
		if (*rpath == NULL) {
			char *s = val->s, *end;

			while (*s == ' ' || *s == '\t')
				s++;
			end = s + strlen(s);
			while (end > s && (end[-1] == ' ' || end[-1] == '\n'))
				end--;
			*rpath = xstrndup(s, (size_t)(end - s));
		}
	} else if (!withheld(name->s))
		msg_header(m, name->s, val->s);
	sbuf_reset(name);
	sbuf_reset(val);
}

void
mailfile_feed(struct msg *m, const char *d, size_t len, char **rpath)
{
	struct sbuf name, val;
	size_t p = 0, e, le, i;

	sbuf_init(&name, 64 * 1024);
	sbuf_init(&val, SL_MAX_MSG_BYTES);
	while (p < len) {
		e = next_line(d, len, p);
		le = e;
		if (le > p && d[le - 1] == '\n')
			le--;
		if (le > p && d[le - 1] == '\r')
			le--;
		if (le == p) {		/* empty line: end of header */
			p = e;
			break;
		}
		if ((d[p] == ' ' || d[p] == '\t') && name.len > 0) {
			sbuf_addc(&val, '\n');
			sbuf_add(&val, d + p, le - p);
			p = e;
			continue;
		}
		for (i = p; i < le && d[i] != ':' && d[i] > ' ' &&
		    (unsigned char)d[i] < 0x7f; i++)
			;
		if (i == p || i == le || d[i] != ':')
			break;		/* not a field: the body starts here */
		field_done(m, &name, &val, rpath);
		sbuf_add(&name, d + p, i - p);
		sbuf_add(&val, d + i + 1, le - i - 1);
		p = e;
	}
	field_done(m, &name, &val, rpath);
	msg_eoh(m);
	if (p < len)
		msg_body(m, (const unsigned char *)d + p, len - p);
	msg_eom(m);
	sbuf_clear(&name);
	sbuf_clear(&val);
}

/* A Maildir: the directory holds cur and new besides tmp. */
static int
maildir_tmp(const char *dir, const char *name)
{
	char p[4096];
	struct stat st;

	if (strcmp(name, "tmp") != 0)
		return 0;
	snprintf(p, sizeof(p), "%s/cur", dir);
	if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode))
		return 0;
	snprintf(p, sizeof(p), "%s/new", dir);
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void
walk_dir(const char *dir, int depth,
    void (*each)(void *, const char *, const char *), void *arg)
{
	struct dirent **ents;
	struct stat st;
	char p[4096], why[4200];
	int i, n;

	if ((n = scandir(dir, &ents, NULL, alphasort)) < 0) {
		snprintf(why, sizeof(why), "%s: %s", dir, strerror(errno));
		each(arg, NULL, why);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		if (name[0] == '.' || maildir_tmp(dir, name) ||
		    (size_t)snprintf(p, sizeof(p), "%s/%s", dir, name) >=
		    sizeof(p))
			continue;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < SL_MAX_WALK_DEPTH)
				walk_dir(p, depth + 1, each, arg);
			else {
				snprintf(why, sizeof(why), "%s: deeper than "
				    "%d directories; not read", p,
				    SL_MAX_WALK_DEPTH);
				each(arg, NULL, why);
			}
		} else if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			each(arg, p, NULL);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
}

int
mailfile_walk(const char *path,
    void (*each)(void *, const char *, const char *), void *arg,
    char *err, size_t errlen)
{
	struct stat st;

	if (strcmp(path, "-") == 0) {
		each(arg, path, NULL);
		return 0;
	}
	if (stat(path, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		walk_dir(path, 1, each, arg);
	else
		each(arg, path, NULL);
	return 0;
}
