/*
 * NAME
 *	hdr - header field counts and sizes (RFC 5322 3.6, Gmail limits)
 * DESCRIPTION
 *	RFC 5322 3.6 table: From and Date exactly once; Sender, Reply-To,
 *	To, Cc, Bcc, Message-ID, In-Reply-To, References and Subject at most
 *	once. Gmail's published header limits are checked on the sizes as
 *	they would go on the wire (name, colon, value, CRLF per line).
 */
#include <string.h>
#include <strings.h>

#include "checkrun.h"
#include "util.h"

static const char *const singletons[] = {
	"Sender", "Reply-To", "To", "Cc", "Bcc", "Message-ID",
	"In-Reply-To", "References", "Subject", NULL
};

#define GMAIL_MAX_HEADER_BYTES	(500 * 1024)
#define GMAIL_MAX_FIELDS	5000
#define GMAIL_MAX_FIELD_BYTES	(32 * 1024)
#define GMAIL_MAX_NAME_BYTES	1024
#define GMAIL_MAX_SUBJECT	998

static void
count_fact(const struct msg *m, struct factset *fs, const char *name,
    const char *missing, const char *multiple)
{
	size_t n = msg_count_header(m, name);

	if (missing != NULL)
		fact_set(fs, missing, n == 0 ? FACT_TRUE : FACT_FALSE, 0,
		    n == 0 ? "no %s field" : NULL, name);
	if (multiple != NULL)
		fact_set(fs, multiple, n > 1 ? FACT_TRUE : FACT_FALSE,
		    (long)n, n > 1 ? "%zu %s fields" : NULL, n, name);
}

static void
singleton_check(const struct msg *m, struct factset *fs)
{
	struct sbuf b;
	size_t i, n, found = 0;

	sbuf_init(&b, SL_MAX_DETAIL);
	for (i = 0; singletons[i] != NULL; i++) {
		if ((n = msg_count_header(m, singletons[i])) < 2)
			continue;
		sbuf_printf(&b, "%s%zu %s fields", found ? ", " : "", n,
		    singletons[i]);
		found++;
	}
	fact_set(fs, "rfc5322.singleton.multiple",
	    found ? FACT_TRUE : FACT_FALSE, (long)found, "%s", b.s);
	sbuf_clear(&b);
}

static int
limit_exempt(const struct header *h)
{
	return strcasecmp(h->name, "To") == 0 ||
	    strcasecmp(h->name, "Cc") == 0 ||
	    strcasecmp(h->name, "References") == 0;
}

static void
limits_check(const struct msg *m, struct factset *fs)
{
	const struct header *h;
	size_t i;

	if (m->hdr_bytes > GMAIL_MAX_HEADER_BYTES) {
		fact_set(fs, "rfc5322.header.limits", FACT_TRUE,
		    (long)m->hdr_bytes, "header is %zu octets (limit %d)",
		    m->hdr_bytes, GMAIL_MAX_HEADER_BYTES);
		return;
	}
	if (m->nhdr_total > GMAIL_MAX_FIELDS) {
		fact_set(fs, "rfc5322.header.limits", FACT_TRUE,
		    (long)m->nhdr_total, "%zu header fields (limit %d)",
		    m->nhdr_total, GMAIL_MAX_FIELDS);
		return;
	}
	for (i = 0; i < m->nhdr; i++) {
		h = &m->hdr[i];
		if (h->namelen > GMAIL_MAX_NAME_BYTES) {
			fact_set(fs, "rfc5322.header.limits", FACT_TRUE,
			    (long)h->namelen,
			    "field name at line %lu is %zu octets (limit %d)",
			    h->line, h->namelen, GMAIL_MAX_NAME_BYTES);
			return;
		}
		if (h->valuelen > GMAIL_MAX_FIELD_BYTES && !limit_exempt(h)) {
			fact_set(fs, "rfc5322.header.limits", FACT_TRUE,
			    (long)h->valuelen,
			    "%.64s field is %zu octets (limit %d)", h->name,
			    h->valuelen, GMAIL_MAX_FIELD_BYTES);
			return;
		}
		if (strcasecmp(h->name, "Subject") == 0 &&
		    h->valuelen > GMAIL_MAX_SUBJECT) {
			fact_set(fs, "rfc5322.header.limits", FACT_TRUE,
			    (long)h->valuelen,
			    "Subject is %zu octets (limit %d)", h->valuelen,
			    GMAIL_MAX_SUBJECT);
			return;
		}
	}
	fact_set(fs, "rfc5322.header.limits", FACT_FALSE, 0, NULL);
}

void
hdr_check(struct checkrun *cr)
{
	const struct msg *m = cr->m;
	struct factset *fs = cr->fs;

	count_fact(m, fs, "From", "rfc5322.from.missing",
	    "rfc5322.from.multiple");
	count_fact(m, fs, "Date", "rfc5322.date.missing",
	    "rfc5322.date.multiple");
	singleton_check(m, fs);
	limits_check(m, fs);
}

/*
 * RFC 5322 2.1.1: no line over 998 octets, CRLF excluded. Header lines
 * are measured from the stored raw fields (name, colon, value segments
 * between LFs); body lines were measured while streaming.
 */
void
line_check(struct checkrun *cr)
{
	const struct msg *m = cr->m;
	struct factset *fs = cr->fs;
	const struct header *h;
	unsigned long longest_no = m->longest_no, nlong = m->long_lines, k;
	size_t longest = m->longest, len, i, j, start;

	for (i = 0; i < m->nhdr; i++) {
		h = &m->hdr[i];
		start = 0;
		k = 0;
		for (j = 0; j <= h->valuelen; j++) {
			if (j < h->valuelen && h->value[j] != '\n')
				continue;
			len = j - start;
			if (j > start && h->value[j - 1] == '\r')
				len--;
			if (start == 0)
				len += h->namelen + 1;
			if (len > SL_MAX_LINE_OCTETS)
				nlong++;
			if (len > longest) {
				longest = len;
				longest_no = h->line + k;
			}
			start = j + 1;
			k++;
		}
	}
	if (nlong > 0)
		fact_set(fs, "rfc5322.line.too-long", FACT_TRUE, (long)longest,
		    "line %lu is %zu octets%s", longest_no, longest,
		    nlong > 1 ? " (and more lines over 998)" : "");
	else
		fact_set(fs, "rfc5322.line.too-long", FACT_FALSE, 0, NULL);
}
