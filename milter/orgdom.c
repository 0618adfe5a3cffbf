/*
 * NAME
 *	orgdom - RFC 7489 3.2 organizational domain with libpsl
 * DESCRIPTION
 *	Names are lowercased (ASCII and UTF-8) before the lookup, as RFC
 *	7489 3.2 step 1 asks; a leading dot, an empty label or a name over
 *	253 octets has no organizational domain.
 */
#include <libpsl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orgdom.h"
#include "util.h"

struct orgdom {
	psl_ctx_t	*psl;
};

struct orgdom *
orgdom_open(const char *file, char *err, size_t errlen)
{
	struct orgdom *o = xcalloc(1, sizeof(*o));

	if (file != NULL)
		o->psl = psl_load_file(file);
	else
		o->psl = psl_latest(NULL);
	if (o->psl == NULL) {
		snprintf(err, errlen, "cannot load the public suffix list%s%s",
		    file ? " " : "", file ? file : "");
		free(o);
		return NULL;
	}
	return o;
}

void
orgdom_close(struct orgdom *o)
{
	if (o == NULL)
		return;
	psl_free(o->psl);
	free(o);
}

int
orgdom_psl(const struct orgdom *o, const char *name, char *out, size_t len)
{
	char *lower = NULL;
	const char *reg;
	size_t n = strlen(name);
	int ok = 0;

	if (n == 0 || n > 253 || name[0] == '.' || strstr(name, "..") != NULL)
		return 0;
	if (psl_str_to_utf8lower(name, "utf-8", NULL, &lower) != PSL_SUCCESS)
		return 0;
	if ((reg = psl_registrable_domain(o->psl, lower)) != NULL &&
	    strlen(reg) < len) {
		memcpy(out, reg, strlen(reg) + 1);
		ok = 1;
	}
	psl_free_string(lower);
	return ok;
}
