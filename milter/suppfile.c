/*
 * NAME
 *	suppfile - import lines (lists, CSV, unsubscribe requests) and export
 * DESCRIPTION
 *	A line is split into at most MAXF fields; each error names what was
 *	wrong and quotes the offending text (printable ASCII, cut at 80
 *	octets) so that "file:line: why" is enough to fix it.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "suppfile.h"

#define MAXF	5
#define QUOTE	80

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* '"text": why' into err, the text made printable and cut. */
static int
fail(char *err, size_t errlen, const char *why, const char *s, size_t n)
{
	struct sbuf q;

	sbuf_init(&q, QUOTE);
	sbuf_add_printable(&q, s, n);
	snprintf(err, errlen, "\"%s%s\": %s", q.s, q.trunc ? "..." : "", why);
	sbuf_clear(&q);
	return -1;
}

/* RFC 4180 fields of one record; -1 with a reason in *why. */
static int
split_csv(const char *s, size_t n, struct sbuf *f, size_t *nf,
    const char **why)
{
	size_t i = 0, k = 0, start, end;

	for (;;) {
		if (k == MAXF) {
			*why = "too many fields";
			return -1;
		}
		sbuf_reset(&f[k]);
		while (i < n && blank(s[i]))
			i++;
		if (i < n && s[i] == '"') {
			for (i++;; i++) {
				if (i >= n) {
					*why = "unterminated quoted field";
					return -1;
				}
				if (s[i] == '"' &&
				    (i + 1 >= n || s[i + 1] != '"'))
					break;
				if (s[i] == '"')
					i++;
				sbuf_addc(&f[k], s[i]);
			}
			for (i++; i < n && blank(s[i]); i++)
				;
			if (i < n && s[i] != ',') {
				*why = "text after a quoted field (a quoted "
				    "local part goes in a quoted field, its "
				    "quotes doubled)";
				return -1;
			}
		} else {
			for (start = i; i < n && s[i] != ','; i++)
				if (s[i] == '"') {
					*why = "a quote inside an unquoted "
					    "field (quote the whole field)";
					return -1;
				}
			for (end = i; end > start && blank(s[end - 1]); end--)
				;
			sbuf_add(&f[k], s + start, end - start);
		}
		k++;
		if (i >= n)
			break;
		i++;
	}
	*nf = k;
	return 0;
}

/* Fields separated by runs of white space. */
static int
split_ws(const char *s, size_t n, struct sbuf *f, size_t *nf,
    const char **why)
{
	size_t i = 0, k = 0, start;

	for (;;) {
		while (i < n && blank(s[i]))
			i++;
		if (i >= n)
			break;
		if (k == MAXF) {
			*why = "too many fields";
			return -1;
		}
		for (start = i; i < n && !blank(s[i]); i++)
			;
		sbuf_reset(&f[k]);
		sbuf_add(&f[k++], s + start, i - start);
	}
	*nf = k;
	return 0;
}

/* The characters of a stream or rule id (senderlint-rules(5)). */
static int
stream_name(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.')
			return 0;
	return n <= SL_MAX_RULE_ID;
}

static int
set_stream(const struct suppfile_opts *o, const char *s, size_t n,
    struct supp_entry *e, char *err, size_t errlen)
{
	if (n == 0 || (n == 1 && s[0] == '*')) {
		e->stream[0] = '\0';
		return 0;
	}
	if (!stream_name(s, n))
		return fail(err, errlen, "not a stream name (letters, digits, "
		    "'-', '_', '.')", s, n);
	memcpy(e->stream, s, n);
	e->stream[n] = '\0';
	if (o->stream_ok != NULL && !o->stream_ok(o->arg, e->stream))
		return fail(err, errlen, "unknown stream (not in the rule "
		    "file)", s, n);
	return 0;
}

/* The scope of a list-id through the mappings "list-id=stream". */
static int
map_list_id(const struct suppfile_opts *o, const struct sbuf *f,
    struct supp_entry *e, char *err, size_t errlen)
{
	const char *id = f->s, *eq;
	size_t n = f->len, i;

	if (n >= 2 && id[0] == '<' && id[n - 1] == '>') {
		id++;
		n -= 2;
	}
	for (i = 0; o->map != NULL && o->map[i] != NULL; i++) {
		eq = strchr(o->map[i], '=');
		if (eq != NULL && (size_t)(eq - o->map[i]) == n &&
		    strncasecmp(o->map[i], id, n) == 0)
			return set_stream(o, eq + 1, strlen(eq + 1), e, err,
			    errlen);
	}
	return fail(err, errlen, "list-id has no -m mapping to a stream",
	    f->s, f->len);
}

static int
fields(const struct suppfile_opts *o, struct sbuf *f, size_t nf,
    struct supp_entry *e, char *err, size_t errlen)
{
	const char *why;

	if (suppress_norm(f[0].s, f[0].len, e->addr, sizeof(e->addr), &why) < 0)
		return fail(err, errlen, why, f[0].s, f[0].len);
	e->reason = o->unsub ? SUPP_UNSUBSCRIBED : o->reason;
	e->date = o->date;
	if (set_stream(o, o->stream, strlen(o->stream), e, err, errlen) < 0)
		return -1;
	if (o->unsub) {
		if (nf > 3) {
			snprintf(err, errlen, "too many fields: address "
			    "[list-id [date]]");
			return -1;
		}
		if (nf > 1 && f[1].len > 0 &&
		    map_list_id(o, &f[1], e, err, errlen) < 0)
			return -1;
		if (nf > 2 && f[2].len > 0 &&
		    suppress_date_parse(f[2].s, f[2].len, &e->date) < 0)
			return fail(err, errlen, "bad date (YYYY-MM-DD or "
			    "YYYY-MM-DDThh:mm:ssZ)", f[2].s, f[2].len);
		return 1;
	}
	if (nf > 4) {
		snprintf(err, errlen, "too many fields: address,reason,date,"
		    "stream");
		return -1;
	}
	if (nf > 1 && f[1].len > 0 &&
	    (e->reason = suppress_reason_parse(f[1].s, f[1].len)) < 0)
		return fail(err, errlen, "unknown reason (unsubscribed, "
		    "hard-bounce, repeated-soft-bounce, complaint, manual)",
		    f[1].s, f[1].len);
	if (nf > 2 && f[2].len > 0 &&
	    suppress_date_parse(f[2].s, f[2].len, &e->date) < 0)
		return fail(err, errlen, "bad date (YYYY-MM-DD or "
		    "YYYY-MM-DDThh:mm:ssZ)", f[2].s, f[2].len);
	if (nf > 3 && set_stream(o, f[3].s, f[3].len, e, err, errlen) < 0)
		return -1;
	return 1;
}

int
suppfile_line(const struct suppfile_opts *o, const char *s, size_t n,
    struct supp_entry *e, char *err, size_t errlen)
{
	struct sbuf f[MAXF];
	const char *why = NULL;
	size_t nf = 0, i;
	int rc;

	if (memchr(s, '\0', n) != NULL) {
		snprintf(err, errlen, "NUL octet in the line");
		return -1;
	}
	if (n > 0 && s[n - 1] == '\r')
		n--;
	while (n > 0 && blank(s[n - 1]))
		n--;
	while (n > 0 && blank(s[0])) {
		s++;
		n--;
	}
	if (n == 0 || s[0] == '#')
		return 0;
	memset(e, 0, sizeof(*e));
	for (i = 0; i < MAXF; i++)
		sbuf_init(&f[i], SL_SUPPRESS_LINE);
	if (memchr(s, ',', n) != NULL)
		rc = split_csv(s, n, f, &nf, &why);
	else if (o->unsub)
		rc = split_ws(s, n, f, &nf, &why);
	else {
		sbuf_add(&f[0], s, n);
		nf = 1;
		rc = 0;
	}
	if (rc < 0)
		snprintf(err, errlen, "%s", why);
	else if (strcasecmp(f[0].s, "address") == 0)
		rc = 0;			/* a header line */
	else
		rc = fields(o, f, nf, e, err, errlen);
	for (i = 0; i < MAXF; i++)
		sbuf_clear(&f[i]);
	return rc;
}

static void
csv_field(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (strpbrk(s, ",\"") == NULL && (n == 0 || (!blank(s[0]) &&
	    !blank(s[n - 1]) && s[0] != '#'))) {	/* not a comment */
		sbuf_add(b, s, n);
		return;
	}
	sbuf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			sbuf_addc(b, '"');
		sbuf_addc(b, *s);
	}
	sbuf_addc(b, '"');
}

void
suppfile_csv(const struct supp_entry *e, struct sbuf *b)
{
	char date[32];

	suppress_date_format(e->date, 1, date, sizeof(date));
	csv_field(b, e->addr);
	sbuf_printf(b, ",%s,%s,", suppress_reason_name(e->reason), date);
	csv_field(b, e->stream);
}
