/*
 * dnsq - one query through senderlint's resolver (dns.c), for tests.
 *
 * usage: dnsq SERVER TIMEOUT_MS BUDGET_MS NAME TYPE [NAME TYPE]...
 *
 * SERVER is IP@PORT. Prints one line per query:
 *	NAME TYPE status=ok ttl=300 n=1 rr="..."[ rr="..."]
 * TXT records are printed joined, A/AAAA as addresses, names as names;
 * a TEMPFAIL prints its reason as why="...". The same name queried twice
 * shows whether the cache answered (cached=1 when no query was sent).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"

int
main(int argc, char **argv)
{
	char *servers[2], err[256], addr[64];
	const struct dns_answer *a;
	struct dns_conf dc;
	struct dns *d;
	unsigned long before;
	size_t i;
	int k, type;

	if (argc < 6 || (argc - 4) % 2 != 0) {
		fprintf(stderr, "usage: dnsq SERVER TIMEOUT_MS BUDGET_MS NAME "
		    "TYPE...\n");
		return 2;
	}
	servers[0] = argv[1];
	servers[1] = NULL;
	dc.servers = servers;
	dc.timeout_ms = atol(argv[2]);
	dc.cache_max = 1000;
	if ((d = dns_new(&dc, err, sizeof(err))) == NULL) {
		fprintf(stderr, "dnsq: %s\n", err);
		return 1;
	}
	dns_budget_begin(atol(argv[3]));
	for (k = 4; k + 1 < argc; k += 2) {
		if ((type = dns_type_code(argv[k + 1])) < 0) {
			fprintf(stderr, "dnsq: unknown type %s\n", argv[k + 1]);
			return 2;
		}
		before = dns_queries(d);
		a = dns_query(d, argv[k], type);
		printf("%s %s status=%s ttl=%u n=%zu cached=%d", argv[k],
		    argv[k + 1], dns_status_name(a->status), a->ttl, a->n,
		    dns_queries(d) == before);
		if (a->status == DNS_TEMPFAIL)
			printf(" why=\"%s\"", a->why);
		for (i = 0; i < a->n; i++) {
			if (type == DNS_A || type == DNS_AAAA)
				inet_ntop(type == DNS_A ? AF_INET : AF_INET6,
				    a->rr[i].data, addr, sizeof(addr));
			printf(" rr=\"%s\"", type == DNS_A || type == DNS_AAAA ?
			    addr : (const char *)a->rr[i].data);
		}
		printf("\n");
		dns_release(a);
	}
	dns_budget_end();
	dns_free(d);
	return 0;
}
