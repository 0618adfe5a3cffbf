/*
 * NAME
 *	logfile - read a mail log line by line: plain, gzip, or stdin
 * DESCRIPTION
 *	See logfile.h. gzread() passes an uncompressed file through, so
 *	one path serves both; the buffer is fixed at open.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "logfile.h"
#include "util.h"

#define CHUNK	65536

struct logfile {
	gzFile	 gz;
	char	*buf;		/* max + 1 octets: the current line */
	size_t	 max;
	size_t	 len;
	char	 in[CHUNK];	/* what gzread gave, not yet consumed */
	size_t	 inpos;
	size_t	 inlen;
	int	 eof;
	int	 err;
};

struct logfile *
logfile_open(const char *path, size_t max)
{
	struct logfile *f;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	f = xcalloc(1, sizeof(*f));
	if ((f->gz = gzdopen(fd, "rb")) == NULL) {
		close(fd);
		free(f);
		errno = ENOMEM;
		return NULL;
	}
	f->max = max;
	f->buf = xmalloc(max + 1);
	return f;
}

/* refills in[]; 0 at the end, -1 on error */
static int
fill(struct logfile *f)
{
	int n, zerr = Z_OK;

	if (f->eof)
		return 0;
	n = gzread(f->gz, f->in, sizeof(f->in));
	if (n == 0)
		(void)gzerror(f->gz, &zerr);	/* Z_BUF_ERROR: cut short */
	if (n < 0 || (n == 0 && zerr != Z_OK && zerr != Z_STREAM_END)) {
		f->err = 1;
		return -1;
	}
	if (n == 0) {
		f->eof = 1;
		return 0;
	}
	f->inpos = 0;
	f->inlen = (size_t)n;
	return 1;
}

int
logfile_line(struct logfile *f, const char **line, size_t *len, int *cut)
{
	const char *nl;
	size_t n, keep;
	int rc, any = 0;

	f->len = 0;
	*cut = 0;
	for (;;) {
		if (f->inpos == f->inlen) {
			if ((rc = fill(f)) < 0)
				return -1;
			if (rc == 0)
				break;
		}
		any = 1;
		nl = memchr(f->in + f->inpos, '\n', f->inlen - f->inpos);
		n = nl ? (size_t)(nl - (f->in + f->inpos)) :
		    f->inlen - f->inpos;
		keep = f->len + n > f->max ? f->max - f->len : n;
		if (keep < n)
			*cut = 1;
		memcpy(f->buf + f->len, f->in + f->inpos, keep);
		f->len += keep;
		f->inpos += n + (nl != NULL);
		if (nl != NULL)
			break;
	}
	if (!any)
		return 0;
	f->buf[f->len] = '\0';
	*line = f->buf;
	*len = f->len;
	return 1;
}

void
logfile_close(struct logfile *f)
{
	if (f == NULL)
		return;
	gzclose(f->gz);
	free(f->buf);
	free(f);
}
