/*
 * NAME
 *	confauth - the dns and authentication sections of senderlint.conf
 * DESCRIPTION
 *	dns: { nameservers: ["127.0.0.1@53"], timeout: ms, budget: ms,
 *	cache_size: answers }. Its presence turns the authentication checks
 *	on. authentication: { egress_ips: [...], outbound_helo: name,
 *	sending_domains: [...], freemail_domains: [...], psl: file }.
 *	on_dns_error: tempfail | accept. See senderlint.conf(5).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "util.h"

static const char *const default_freemail[] = {
	"gmail.com", "googlemail.com", "icloud.com", "me.com", "mac.com",
	"yahoo.com", "ymail.com", "aol.com", "outlook.com", "hotmail.com",
	"live.com", "msn.com", "gmx.com", "gmx.de", "web.de", "mail.ru",
	"yandex.ru", "proton.me", "protonmail.com", "zoho.com", NULL
};

char **
conf_strlist_dup(const char *const *l)
{
	char **out;
	size_t n, i;

	for (n = 0; l != NULL && l[n] != NULL; n++)
		;
	out = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		out[i] = xstrdup(l[i]);
	return out;
}

void
conf_strlist_free(char **l)
{
	size_t i;

	for (i = 0; l != NULL && l[i] != NULL; i++)
		free(l[i]);
	free(l);
}

void
conf_auth_defaults(struct conf *c)
{
	c->dns_timeout_ms = 3000;
	c->dns_budget_ms = 10000;
	c->dns_cache = 10000;
	c->on_dns_error = ONERR_TEMPFAIL;
	c->freemail = conf_strlist_dup(default_freemail);
}

void
conf_auth_clear(struct conf *c)
{
	conf_strlist_free(c->dns_servers);
	conf_strlist_free(c->egress_ips);
	conf_strlist_free(c->sending_domains);
	conf_strlist_free(c->freemail);
	free(c->outbound_helo);
	free(c->psl_file);
}

/* A sequence of strings, each checked by ok() (NULL: any). */
static char **
strlist(const char *file, const struct ynode *n, const char *what,
    const char *(*ok)(const char *), struct diag *d)
{
	char **out;
	const char *s, *why;
	size_t i;

	if (y_expect(file, n, Y_SEQ, what, d) < 0)
		return NULL;
	out = xcalloc(n->n + 1, sizeof(char *));
	for (i = 0; i < n->n; i++) {
		if (y_string(file, n->kid[i], what, &s, d) < 0)
			continue;
		if (ok != NULL && (why = ok(s)) != NULL) {
			diag_add(d, file, n->kid[i]->line, n->kid[i]->col,
			    "%s: \"%s\" %s", what, s, why);
			continue;
		}
		out[i] = xstrdup(s);
	}
	return out;
}

static const char *
ip_ok(const char *s)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, s, buf) == 1)
		return NULL;
	if (inet_pton(AF_INET6, s, buf) != 1)
		return "is not an IPv4 or IPv6 address";
	if (memcmp(buf, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0)
		return "is IPv4-mapped; write the IPv4 address";
	return NULL;
}

static const char *
server_ok(const char *s)
{
	char host[64];
	const char *at = strchr(s, '@');
	char *end;
	long port;
	size_t n = at ? (size_t)(at - s) : strlen(s);

	if (n >= sizeof(host))
		return "is not IP[@PORT]";
	memcpy(host, s, n);
	host[n] = '\0';
	if (ip_ok(host) != NULL)
		return "is not IP[@PORT]";
	if (at != NULL) {
		port = strtol(at + 1, &end, 10);
		if (*end != '\0' || port < 1 || port > 65535)
			return "has a bad port";
	}
	return NULL;
}

static const char *
domain_ok(const char *s)
{
	size_t i;

	if (s[0] == '\0' || strlen(s) > 253)
		return "is not a domain name";
	for (i = 0; s[i]; i++)
		if (!(s[i] == '.' || s[i] == '-' || s[i] == '*' ||
		    (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z')))
			return "is not a domain name (or *.domain)";
	return NULL;
}

static void
load_dns(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "nameservers", "timeout",
	    "budget", "cache_size", NULL };
	const struct ynode *v;

	if (y_expect(file, n, Y_MAP, "dns", d) < 0)
		return;
	y_keys(file, n, keys, d);
	c->auth_enabled = 1;
	if ((v = y_get(n, "nameservers")) != NULL) {
		conf_strlist_free(c->dns_servers);
		c->dns_servers = strlist(file, v, "nameserver", server_ok, d);
	}
	if ((v = y_get(n, "timeout")) != NULL)
		y_long(file, v, "dns timeout (ms)", 100, 30000,
		    &c->dns_timeout_ms, d);
	if ((v = y_get(n, "budget")) != NULL)
		y_long(file, v, "dns budget (ms)", 100, 60000,
		    &c->dns_budget_ms, d);
	if ((v = y_get(n, "cache_size")) != NULL)
		y_long(file, v, "dns cache_size", 0, 10000000, &c->dns_cache,
		    d);
}

static void
load_auth(struct conf *c, const char *file, const struct ynode *n,
    struct diag *d)
{
	static const char *const keys[] = { "egress_ips", "outbound_helo",
	    "sending_domains", "freemail_domains", "psl", NULL };
	const struct ynode *v;
	const char *s;

	if (y_expect(file, n, Y_MAP, "authentication", d) < 0)
		return;
	y_keys(file, n, keys, d);
	if ((v = y_get(n, "egress_ips")) != NULL) {
		conf_strlist_free(c->egress_ips);
		c->egress_ips = strlist(file, v, "egress IP", ip_ok, d);
	}
	if ((v = y_get(n, "outbound_helo")) != NULL &&
	    y_string(file, v, "outbound_helo", &s, d) == 0) {
		if (domain_ok(s) != NULL || strchr(s, '*') != NULL)
			diag_add(d, file, v->line, v->col,
			    "outbound_helo \"%s\" is not a host name", s);
		free(c->outbound_helo);
		c->outbound_helo = xstrdup(s);
	}
	if ((v = y_get(n, "sending_domains")) != NULL) {
		conf_strlist_free(c->sending_domains);
		c->sending_domains = strlist(file, v, "sending domain",
		    domain_ok, d);
	}
	if ((v = y_get(n, "freemail_domains")) != NULL) {
		conf_strlist_free(c->freemail);
		c->freemail = strlist(file, v, "freemail domain", domain_ok, d);
	}
	if ((v = y_get(n, "psl")) != NULL &&
	    y_string(file, v, "psl", &s, d) == 0) {
		free(c->psl_file);
		c->psl_file = path_relative(file, s);
	}
}

void
conf_auth_load(struct conf *c, const char *file, const struct ynode *root,
    struct diag *d)
{
	const struct ynode *v;
	const char *s;

	if ((v = y_get(root, "dns")) != NULL)
		load_dns(c, file, v, d);
	if ((v = y_get(root, "authentication")) != NULL)
		load_auth(c, file, v, d);
	if ((v = y_get(root, "on_dns_error")) != NULL &&
	    y_string(file, v, "on_dns_error", &s, d) == 0) {
		if (strcmp(s, "tempfail") == 0)
			c->on_dns_error = ONERR_TEMPFAIL;
		else if (strcmp(s, "accept") == 0)
			c->on_dns_error = ONERR_ACCEPT;
		else
			diag_add(d, file, v->line, v->col,
			    "on_dns_error must be tempfail or accept, not "
			    "\"%s\"", s);
	}
}
