/*
 * NAME
 *	scope - the scope section and the outbound decision
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scope.h"
#include "util.h"

void
scope_default(struct scope *s)
{
	memset(s, 0, sizeof(*s));
	s->authenticated = 1;
	cidr_parse("127.0.0.0/8", &s->net[s->nnet++]);
	cidr_parse("::1", &s->net[s->nnet++]);
}

void
scope_clear(struct scope *s)
{
	size_t i;

	for (i = 0; i < s->nservice; i++)
		free(s->service[i]);
	for (i = 0; i < s->ndomain; i++)
		free(s->domain[i]);
	memset(s, 0, sizeof(*s));
}

/* Each string of a sequence, checked, into out[]; returns how many. */
static size_t
list(const char *file, const struct ynode *n, const char *what,
    const char *bad, struct diag *d,
    int (*take)(void *, size_t, const char *), void *out)
{
	const char *str;
	size_t i, k = 0;

	if (y_expect(file, n, Y_SEQ, what, d) < 0)
		return 0;
	if (n->n > SL_MAX_SCOPE_ITEMS) {
		diag_add(d, file, n->line, n->col, "%s: at most %d entries",
		    what, SL_MAX_SCOPE_ITEMS);
		return 0;
	}
	for (i = 0; i < n->n; i++) {
		if (y_string(file, n->kid[i], what, &str, d) < 0)
			continue;
		if (take(out, k, str) < 0) {
			diag_add(d, file, n->kid[i]->line, n->kid[i]->col,
			    "%s: \"%s\" %s", what, str, bad);
			continue;
		}
		k++;
	}
	return k;
}

static int
take_net(void *out, size_t k, const char *s)
{
	return cidr_parse(s, &((struct cidr *)out)[k]);
}

static int
take_word(void *out, size_t k, const char *s)
{
	if (*s == '\0' || strpbrk(s, " \t\r\n") != NULL)
		return -1;
	((char **)out)[k] = xstrdup(s);
	return 0;
}

void
scope_load(struct scope *s, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "all", "authenticated",
	    "networks", "services", "mail_from_domains", NULL };
	const struct ynode *v;

	if (y_expect(file, n, Y_MAP, "scope", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "all")) != NULL)
		y_bool(file, v, "scope all", &s->all, d);
	if ((v = y_get(n, "authenticated")) != NULL)
		y_bool(file, v, "scope authenticated", &s->authenticated, d);
	if ((v = y_get(n, "networks")) != NULL)
		s->nnet = list(file, v, "scope networks", "is not an IP "
		    "address or CIDR network", d, take_net, s->net);
	if ((v = y_get(n, "services")) != NULL)
		s->nservice = list(file, v, "scope services", "is not one "
		    "word (a service name, Postfix milter_macro_daemon_name)",
		    d, take_word, s->service);
	if ((v = y_get(n, "mail_from_domains")) != NULL)
		s->ndomain = list(file, v, "scope mail_from_domains", "is not "
		    "one word (a domain glob)", d, take_word, s->domain);
}

const char *
scope_outbound(const struct scope *s, const struct conninfo *ci,
    const char *mail_from)
{
	const char *at;
	size_t i;

	if (s->all)
		return "all";
	if (s->authenticated && ci->login[0] != '\0')
		return "authenticated";
	for (i = 0; i < s->nnet; i++)
		if (ci->client_addr[0] != '\0' &&
		    cidr_match(&s->net[i], ci->client_addr))
			return "network";
	for (i = 0; i < s->nservice; i++)
		if (strcmp(s->service[i], ci->daemon) == 0)
			return "service";
	at = mail_from != NULL ? strrchr(mail_from, '@') : NULL;
	for (i = 0; at != NULL && i < s->ndomain; i++)
		if (glob_match(s->domain[i], at + 1))
			return "mail_from_domain";
	return NULL;
}
