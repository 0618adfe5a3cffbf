/*
 * NAME
 *	fact - the fact registry and per-message fact sets
 * DESCRIPTION
 *	The registry is the list of public fact ids. Its order is the order
 *	senderlint-check prints facts in and senderlint-rules(5) lists them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fact.h"
#include "log.h"
#include "util.h"

static const struct fact_info registry[] = {
	{ "rfc5322.from.missing", "the message has no From field",
	    "RFC 5322 3.6; Gmail 550 5.7.1" },
	{ "rfc5322.from.multiple", "the message has more than one From field",
	    "RFC 5322 3.6; Gmail 550 5.7.1" },
	{ "rfc5322.date.missing", "the message has no Date field",
	    "RFC 5322 3.6; Gmail/Yahoo reject" },
	{ "rfc5322.date.multiple", "the message has more than one Date field",
	    "RFC 5322 3.6" },
	{ "rfc5322.message-id.missing", "the message has no Message-ID field",
	    "RFC 5322 3.6.4; Gmail 550 5.7.1" },
	{ "rfc5322.singleton.multiple",
	    "a field allowed once (Sender, Reply-To, To, Cc, Bcc, Message-ID, "
	    "In-Reply-To, References, Subject) appears more than once",
	    "RFC 5322 3.6; Gmail (since April 2023)" },
	{ "rfc5322.line.too-long",
	    "a header or body line is longer than 998 octets",
	    "RFC 5322 2.1.1" },
	{ "rfc5322.header.limits",
	    "the header exceeds Gmail's limits: 500 KB in all, 5000 fields, "
	    "32 KB per field (To, Cc, References exempt), 1 KB per field "
	    "name, 998 characters of Subject",
	    "Gmail header limits, 552 5.3.4" },
	{ "unsub.missing", "the message has no List-Unsubscribe field",
	    "RFC 2369; RFC 8058 3.1; Gmail; Yahoo; Apple" },
	{ "unsub.multiple",
	    "the message has more than one List-Unsubscribe field",
	    "RFC 8058 3.1" },
};

#define NREG (sizeof(registry) / sizeof(registry[0]))

size_t
fact_registry(const struct fact_info **out)
{
	*out = registry;
	return NREG;
}

const struct fact_info *
fact_info(const char *id)
{
	size_t i;

	for (i = 0; i < NREG; i++)
		if (strcmp(registry[i].id, id) == 0)
			return &registry[i];
	return NULL;
}

/* Returns 1 when the glob names at least one registered fact. */
int
fact_glob_known(const char *glob)
{
	size_t i;

	for (i = 0; i < NREG; i++)
		if (glob_match(glob, registry[i].id))
			return 1;
	return 0;
}

const char *
fact_val_name(int v)
{
	switch (v) {
	case FACT_TRUE:
		return "true";
	case FACT_FALSE:
		return "false";
	case FACT_TEMPERROR:
		return "temperror";
	}
	return "?";
}

void
factset_init(struct factset *fs)
{
	fs->n = 0;
}

static int
strength(int v)
{
	return v == FACT_TRUE ? 2 : v == FACT_TEMPERROR ? 1 : 0;
}

struct fact *
fact_set(struct factset *fs, const char *id, int val, long num,
    const char *fmt, ...)
{
	const struct fact_info *fi;
	struct fact *f = NULL;
	va_list ap;
	size_t i;

	if ((fi = fact_info(id)) == NULL)
		log_panic("fact_set: unregistered fact id \"%s\"", id);
	if (val != FACT_TRUE && val != FACT_FALSE && val != FACT_TEMPERROR)
		log_panic("fact_set: bad value %d for %s", val, id);
	for (i = 0; i < fs->n; i++)
		if (fs->f[i].id == fi->id) {
			f = &fs->f[i];
			if (strength(val) < strength(f->val))
				return f;
			break;
		}
	if (f == NULL) {
		if (fs->n == SL_MAX_FACTS)
			log_panic("fact_set: more than %d facts",
			    SL_MAX_FACTS);
		f = &fs->f[fs->n++];
		f->id = fi->id;
	}
	f->val = val;
	f->num = num;
	f->detail[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
		va_end(ap);
	}
	return f;
}

const struct fact *
fact_get(const struct factset *fs, const char *id)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->f[i].id, id) == 0)
			return &fs->f[i];
	return NULL;
}

int
fact_match(const struct factset *fs, const char *glob,
    void (*cb)(void *, const struct fact *), void *arg)
{
	int res = 0;
	size_t i;

	for (i = 0; i < fs->n; i++) {
		if (!glob_match(glob, fs->f[i].id))
			continue;
		if (fs->f[i].val == FACT_TRUE) {
			res = 1;
			if (cb != NULL)
				cb(arg, &fs->f[i]);
		} else if (fs->f[i].val == FACT_TEMPERROR && res == 0)
			res = -1;
	}
	return res;
}
