/*
 * NAME
 *	diag - configuration error list
 */
#include <stdarg.h>
#include <stdlib.h>

#include "diag.h"
#include "util.h"

void
diag_init(struct diag *d)
{
	d->n = 0;
	d->dropped = 0;
}

void
diag_free(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->msgs[i]);
	d->n = 0;
	d->dropped = 0;
}

void
diag_add(struct diag *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	struct sbuf b;
	va_list ap;

	if (d->n == DIAG_MAX) {
		d->dropped++;
		return;
	}
	sbuf_init(&b, 1024);
	if (line > 0)
		sbuf_printf(&b, "%s:%d:%d: ", file, line, col);
	else
		sbuf_printf(&b, "%s: ", file);
	va_start(ap, fmt);
	sbuf_vprintf(&b, fmt, ap);
	va_end(ap);
	d->msgs[d->n++] = b.s;
}

size_t
diag_count(const struct diag *d)
{
	return d->n + d->dropped;
}

void
diag_print(const struct diag *d, FILE *fp)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		fprintf(fp, "%s\n", d->msgs[i]);
	if (d->dropped)
		fprintf(fp, "(%zu more errors not shown)\n", d->dropped);
}
