/*
 * NAME
 *	diag - configuration error list
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

void
diag_init(struct diag *d)
{
	d->n = 0;
	d->dropped = 0;
}

void
diag_clear(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->msgs[i]);
		free(d->file[i]);
	}
	d->n = 0;
	d->dropped = 0;
}

void
diag_add(struct diag *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	struct sbuf b;
	va_list ap;
	size_t at, i;

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
	/* after the last error of the same file at or before line:col */
	at = d->n;
	for (i = d->n; i > 0; i--) {
		if (strcmp(d->file[i - 1], file) != 0 || line == 0)
			continue;
		if (d->pos[i - 1][0] < line || (d->pos[i - 1][0] == line &&
		    d->pos[i - 1][1] <= col))
			break;
		at = i - 1;
	}
	for (i = d->n; i > at; i--) {
		d->msgs[i] = d->msgs[i - 1];
		d->file[i] = d->file[i - 1];
		d->pos[i][0] = d->pos[i - 1][0];
		d->pos[i][1] = d->pos[i - 1][1];
	}
	d->msgs[at] = b.s;
	d->file[at] = xstrdup(file);
	d->pos[at][0] = line;
	d->pos[at][1] = col;
	d->n++;
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
