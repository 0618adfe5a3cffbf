/*
 * dkimsign - sign a message with rsa-sha256 through libopendkim, for
 * benchmarks and fixtures (opendkim-testmsg signs with rsa-sha1, which
 * keys made by opendkim-genkey refuse).
 *
 * usage: dkimsign [-1] [-l] KEYFILE SELECTOR DOMAIN HEADER... < message
 *
 * Signs the named header fields (and the body, relaxed/simple) and
 * prints the value of the DKIM-Signature field, without the name.
 * -1 signs with rsa-sha1 instead of rsa-sha256; -l adds l= (the body
 * length), for tests of what a verifier must make of those.
 */
#include <stdbool.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opendkim/dkim.h>

static char buf[4 * 1024 * 1024];

int
main(int argc, char **argv)
{
	const char *hdrs[32];
	unsigned char key[8192], sig[8192];
	DKIM_LIB *lib;
	DKIM_STAT st;
	DKIM *d;
	FILE *f;
	size_t n, klen, i, s, e;
	ssize_t len = -1;
	int k, alg = DKIM_SIGN_RSASHA256, lflag = 0;
	unsigned int minbits = 1;

	while (argc > 1 && argv[1][0] == '-') {
		if (strcmp(argv[1], "-1") == 0)
			alg = DKIM_SIGN_RSASHA1;
		else if (strcmp(argv[1], "-l") == 0)
			lflag = 1;
		argv++;
		argc--;
	}
	if (argc < 5 || argc - 4 > 31) {
		fprintf(stderr, "usage: dkimsign KEYFILE SELECTOR DOMAIN "
		    "HEADER... < message\n");
		return 2;
	}
	if ((f = fopen(argv[1], "r")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	klen = fread(key, 1, sizeof(key) - 1, f);
	key[klen] = '\0';
	fclose(f);
	n = fread(buf, 1, sizeof(buf), stdin);
	for (k = 4; k < argc; k++)
		hdrs[k - 4] = argv[k];
	hdrs[argc - 4] = NULL;
	if (lflag) {		/* the body starts after the first empty line */
		for (i = 0; i + 3 < n; i++)
			if (memcmp(buf + i, "\r\n\r\n", 4) == 0)
				break;
		len = i + 3 < n ? (ssize_t)(n - i - 4) : 0;
	}
	lib = dkim_init(NULL, NULL);
	dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_SIGNHDRS, hdrs,
	    sizeof(char **));
	/* tests sign with weak keys on purpose */
	dkim_options(lib, DKIM_OP_SETOPT, DKIM_OPTS_MINKEYBITS, &minbits,
	    sizeof(minbits));
	d = dkim_sign(lib, (unsigned char *)"dkimsign", NULL, key,
	    (unsigned char *)argv[2], (unsigned char *)argv[3],
	    DKIM_CANON_RELAXED, DKIM_CANON_SIMPLE, alg, len, &st);
	if (d == NULL) {
		fprintf(stderr, "dkimsign: dkim_sign: %d\n", st);
		return 1;
	}
	dkim_set_margin(d, 0);		/* one line: easy to pass around */
	/* header fields up to the empty line, folded lines kept together */
	for (s = i = 0; i + 1 < n; ) {
		e = i;
		while (e + 1 < n && !(buf[e] == '\r' && buf[e + 1] == '\n'))
			e++;
		if (e == i)
			break;			/* the empty line */
		if (e + 2 < n && (buf[e + 2] == ' ' || buf[e + 2] == '\t')) {
			i = e + 2;
			continue;
		}
		dkim_header(d, (unsigned char *)buf + s, e - s);
		s = i = e + 2;
	}
	dkim_eoh(d);
	if (i + 2 <= n)
		dkim_body(d, (unsigned char *)buf + i + 2, n - i - 2);
	if ((st = dkim_eom(d, NULL)) != DKIM_STAT_OK ||
	    dkim_getsighdr(d, sig, sizeof(sig), strlen("DKIM-Signature: ")) !=
	    DKIM_STAT_OK) {
		fprintf(stderr, "dkimsign: %s\n", dkim_geterror(d));
		return 1;
	}
	printf("%s\n", sig);
	dkim_free(d);
	dkim_close(lib);
	return 0;
}
