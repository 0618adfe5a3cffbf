/*
 * Test helper, not a test: runs one parser per input line for the
 * third-party vector tests (t/50-vectors.t). Input lines: KIND TAB FLAGS
 * TAB HEX, where HEX is the input octets in hex. Output, one line each:
 *   addr:  err obs ew total groups from_syntax mailboxes(name|local@domain;...)
 *   date:  syntax invalid obs year month day hour minute second zone
 *   msgid: err obs n first
 * FLAGS: "u" allows UTF-8 in domains (SMTPUTF8), "-" for none.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "date.h"
#include "msgid.h"
#include "rfc2047.h"
#include "util.h"

static size_t
unhex(const char *h, char *out)
{
	size_t n = 0;
	unsigned int b;

	while (h[0] && h[1] && sscanf(h, "%2x", &b) == 1) {
		out[n++] = (char)b;
		h += 2;
	}
	return n;
}

static void
clean(const char *s)
{
	for (; *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

int
main(void)
{
	static char line[65536], buf[32768];
	static struct addrlist a;
	struct msgidlist m;
	struct date d;
	struct sbuf name;
	char *kind, *flags, *hex, *in;
	size_t n, i;
	int syn;

	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		kind = strtok(line, "\t");
		flags = strtok(NULL, "\t");
		hex = strtok(NULL, "\t");
		n = hex ? unhex(hex, buf) : 0;
		in = xmalloc(n ? n : 1);	/* exact size: overreads show */
		memcpy(in, buf, n);
		if (kind && strcmp(kind, "addr") == 0) {
			addr_parse(in, n, 0, &a);
			syn = a.err;
			for (i = 0; !syn && i < a.n; i++)
				syn = addr_domain_check(a.mb[i].domain,
				    flags && strchr(flags, 'u')) != NULL;
			printf("%d\t%d\t%d\t%zu\t%zu\t%d\t", a.err, a.obs,
			    a.ew_misplaced, a.total, a.groups, syn);
			for (i = 0; i < a.n; i++) {
				sbuf_init(&name, 4096);
				if (a.mb[i].name)
					rfc2047_phrase(a.mb[i].name,
					    strlen(a.mb[i].name), &name);
				printf("%s", i ? ";" : "");
				clean(name.s);
				printf("|");
				clean(a.mb[i].local);
				printf("@");
				clean(a.mb[i].domain);
				sbuf_clear(&name);
			}
			printf("\n");
			addr_clear(&a);
		} else if (kind && strcmp(kind, "date") == 0) {
			date_parse(in, n, &d);
			printf("%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n",
			    d.syntax_ok, d.invalid, d.obs, d.year, d.month,
			    d.day, d.hour, d.minute, d.second, d.zone);
		} else if (kind && strcmp(kind, "msgid") == 0) {
			msgid_parse(in, n, 0, &m);
			printf("%d\t%d\t%zu\t", m.err, m.obs, m.n);
			clean(m.first);
			printf("\n");
		} else
			printf("?\n");
		free(in);
		fflush(stdout);
	}
	return 0;
}
