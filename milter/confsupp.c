/*
 * NAME
 *	confsupp - the suppression section of senderlint.conf
 * DESCRIPTION
 *	suppression: { path: dir, map_size_mb: n, enabled: bool,
 *	mode: enforce | monitor, reply: "550 5.7.1 text",
 *	soft_bounce_days: n }. Its presence
 *	(with enabled not false) turns the suppression list on; path is
 *	taken relative to the config file's directory. The reply is checked
 *	here, once: a 5xx code, an optional enhanced status code of the
 *	same class (5.7.1 when absent), printable ASCII text of 1 to 512
 *	characters whose placeholders are known. soft_bounce_days (1 to
 *	366, default SL_SOFT_BOUNCE_DAYS) is read by senderlint-bounces.
 *
 *	report: { company: text, contact: text }, both optional strings of
 *	at most 256 characters, is what senderlint-bounces --report puts at
 *	the top of a letter to a provider's postmasters.
 *	See senderlint.conf(5).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "limits.h"
#include "util.h"

#define DEFAULT_REPLY	"<{rcpt}>: suppressed ({why})"

static const char *const placeholders[] = { "rcpt", "reason", "date",
	"entry", "why", NULL };

void
conf_supp_defaults(struct conf *c)
{
	c->supp_map_mb = SL_SUPPRESS_MAP_MB;
	c->supp_enabled = 1;
	memcpy(c->supp_rcode, "550", 4);
	memcpy(c->supp_xcode, "5.7.1", 6);
	c->supp_reply = xstrdup(DEFAULT_REPLY);
	c->supp_soft_days = SL_SOFT_BOUNCE_DAYS;
}

void
conf_supp_clear(struct conf *c)
{
	free(c->supp_path);
	free(c->supp_reply);
	free(c->report_company);
	free(c->report_contact);
}

/* 1 when p[0..n) is a placeholder name. */
static int
known(const char *p, size_t n)
{
	size_t i;

	for (i = 0; placeholders[i] != NULL; i++)
		if (strlen(placeholders[i]) == n &&
		    strncmp(placeholders[i], p, n) == 0)
			return 1;
	return 0;
}

/* "5xx [5.y.z ]text" (RFC 5321 4.2, RFC 3463 2) */
static void
load_reply(struct conf *c, const char *file, const struct ynode *v,
    struct diag *d)
{
	const char *s, *p, *q, *end;
	size_t i, j;

	if (y_string(file, v, "suppression reply", &s, d) < 0)
		return;
	if (strlen(s) < 5 || s[0] != '5' || !isdigit((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || s[3] != ' ') {
		diag_add(d, file, v->line, v->col, "suppression reply must "
		    "start with a 5xx code and a space, like \"550 5.7.1 "
		    "text\"");
		return;
	}
	p = s + 4;
	memcpy(c->supp_xcode, "5.7.1", 6);
	if (p[0] == '5' && p[1] == '.') {
		for (i = 2; isdigit((unsigned char)p[i]); i++)
			;
		for (j = i + 1; p[i] == '.' &&
		    isdigit((unsigned char)p[j]); j++)
			;
		if (i >= 3 && i <= 5 && p[i] == '.' && j - i >= 2 &&
		    j - i <= 4 && (p[j] == ' ' || p[j] == '\0')) {
			memcpy(c->supp_xcode, p, j);
			c->supp_xcode[j] = '\0';
			p += p[j] == ' ' ? j + 1 : j;
		}
	} else if (p[0] == '4' && p[1] == '.') {
		diag_add(d, file, v->line, v->col, "enhanced status code %.5s "
		    "does not match reply code %.3s", p, s);
		return;
	}
	for (q = p; *q != '\0'; q++)
		if ((unsigned char)*q < ' ' || (unsigned char)*q > '~') {
			diag_add(d, file, v->line, v->col, "suppression reply "
			    "text must be printable ASCII on one line");
			return;
		}
	if (*p == '\0' || strlen(p) > 512) {
		diag_add(d, file, v->line, v->col,
		    "suppression reply text must be 1 to 512 characters");
		return;
	}
	for (q = strchr(p, '{'); q != NULL; q = strchr(q + 1, '{')) {
		if ((end = strchr(q, '}')) == NULL ||
		    !known(q + 1, (size_t)(end - q - 1))) {
			diag_add(d, file, v->line, v->col, "unknown "
			    "placeholder \"%.*s\" in suppression reply "
			    "(use {rcpt}, {reason}, {date}, {entry} or {why})",
			    end ? (int)(end - q + 1) : 1, q);
			return;
		}
	}
	memcpy(c->supp_rcode, s, 3);
	c->supp_rcode[3] = '\0';
	free(c->supp_reply);
	c->supp_reply = xstrdup(p);
}

void
conf_supp_load(struct conf *c, const char *file, const struct ynode *root,
    struct diag *d)
{
	static const char *const keys[] = { "path", "map_size_mb", "enabled",
	    "mode", "reply", "soft_bounce_days", NULL };
	const struct ynode *n, *v;
	const char *s;

	if ((n = y_get(root, "suppression")) == NULL ||
	    y_expect(file, n, Y_MAP, "suppression", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "path")) == NULL)
		diag_add(d, file, n->line, n->col,
		    "suppression needs a path (the LMDB directory)");
	else if (y_string(file, v, "suppression path", &s, d) == 0) {
		free(c->supp_path);
		c->supp_path = path_relative(file, s);
	}
	if ((v = y_get(n, "map_size_mb")) != NULL)
		y_long(file, v, "suppression map_size_mb", 1, 1048576,
		    &c->supp_map_mb, d);
	if ((v = y_get(n, "enabled")) != NULL)
		y_bool(file, v, "suppression enabled", &c->supp_enabled, d);
	if ((v = y_get(n, "mode")) != NULL &&
	    y_string(file, v, "suppression mode", &s, d) == 0) {
		if (strcmp(s, "enforce") == 0)
			c->supp_monitor = 0;
		else if (strcmp(s, "monitor") == 0)
			c->supp_monitor = 1;
		else
			diag_add(d, file, v->line, v->col, "suppression mode "
			    "must be enforce or monitor, not \"%s\"", s);
	}
	if ((v = y_get(n, "reply")) != NULL)
		load_reply(c, file, v, d);
	if ((v = y_get(n, "soft_bounce_days")) != NULL)
		y_long(file, v, "suppression soft_bounce_days", 1, 366,
		    &c->supp_soft_days, d);
}

static void
report_str(const char *file, const struct ynode *n, const char *key,
    char **out, struct diag *d)
{
	const struct ynode *v;
	const char *s;

	if ((v = y_get(n, key)) == NULL ||
	    y_string(file, v, key, &s, d) < 0)
		return;
	if (strlen(s) > 256) {
		diag_add(d, file, v->line, v->col, "report %s must be at most "
		    "256 characters", key);
		return;
	}
	free(*out);
	*out = xstrdup(s);
}

void
conf_report_load(struct conf *c, const char *file, const struct ynode *root,
    struct diag *d)
{
	static const char *const keys[] = { "company", "contact", NULL };
	const struct ynode *n;

	if ((n = y_get(root, "report")) == NULL ||
	    y_expect(file, n, Y_MAP, "report", d) < 0)
		return;
	y_keys(file, n, keys, d);
	report_str(file, n, "company", &c->report_company, d);
	report_str(file, n, "contact", &c->report_contact, d);
}
