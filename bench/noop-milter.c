/*
 * A milter that does nothing but answer: the baseline for make bench.
 * It registers the same callbacks and negotiates like senderlint, so the
 * ratio senderlint/noop is the cost of senderlint's own work.
 */
#include <libmilter/mfapi.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static sfsistat
cont(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

static sfsistat
hdr(SMFICTX *ctx, char *n, char *v)
{
	(void)ctx;
	(void)n;
	(void)v;
	return SMFIS_CONTINUE;
}

static sfsistat
body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return SMFIS_CONTINUE;
}

static sfsistat
conn(SMFICTX *ctx, char *host, _SOCK_ADDR *sa)
{
	(void)ctx;
	(void)host;
	(void)sa;
	return SMFIS_CONTINUE;
}

static sfsistat
helo(SMFICTX *ctx, char *name)
{
	(void)ctx;
	(void)name;
	return SMFIS_CONTINUE;
}

static sfsistat
env(SMFICTX *ctx, char **argv)
{
	(void)ctx;
	(void)argv;
	return SMFIS_CONTINUE;
}

int
main(int argc, char **argv)
{
	struct smfiDesc d;

	if (argc != 2) {
		fprintf(stderr, "usage: noop-milter unix:/path\n");
		return 2;
	}
	memset(&d, 0, sizeof(d));
	d.xxfi_name = "noop";
	d.xxfi_version = SMFI_VERSION;
	d.xxfi_flags = SMFIF_ADDHDRS | SMFIF_QUARANTINE;
	d.xxfi_connect = conn;
	d.xxfi_helo = helo;
	d.xxfi_envfrom = env;
	d.xxfi_envrcpt = env;
	d.xxfi_header = hdr;
	d.xxfi_eoh = cont;
	d.xxfi_body = body;
	d.xxfi_eom = cont;
	d.xxfi_abort = cont;
	d.xxfi_close = cont;
	if (smfi_register(d) != MI_SUCCESS || smfi_setconn(argv[1]) != MI_SUCCESS ||
	    smfi_opensocket(1) != MI_SUCCESS)
		return 1;
	return smfi_main() == MI_SUCCESS ? 0 : 1;
}
