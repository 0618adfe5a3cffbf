/*
 * NAME
 *	suppress - the suppression list: recipients not to mail, in LMDB
 * DESCRIPTION
 *	An entry is an address ("bob@example.net") or a whole domain
 *	("@example.net": every address at exactly that domain, not its
 *	subdomains), with a reason, the date it was suppressed, and a
 *	scope: one stream of the rule file, or "" for every stream. The
 *	same address may have one entry per scope.
 *
 *	suppress_norm() turns an address as written into the one form the
 *	store keys on, so that spellings of one mailbox find one entry:
 *	the domain lowercased with U-labels as A-labels
 *	(addr_domain_ascii()); the local part NFC-normalized, ASCII letters
 *	lowercased, and unquoted when the quotes are not needed
 *	("Bob"@EXAMPLE.net is bob@example.net). Lowercasing the local part
 *	is a choice: RFC 5321 2.4 lets a receiver tell Bob from bob, but
 *	says relying on it "impedes interoperability", and missing an
 *	unsubscribed "Bob" costs more than suppressing a distinct "bob".
 *	Subaddresses are kept ("bob+news" is not "bob"). It returns 0 and
 *	writes at most SUPP_ADDR_MAX octets and a NUL to out, or -1 with a
 *	reason in *why (a static string).
 *
 *	suppress_open() opens or, with SUPPRESS_CREATE, creates the store
 *	(a directory); SUPPRESS_RDONLY opens it for lookups only, as the
 *	daemon does: then a writer (senderlint-suppress) may change it at
 *	any time, and each lookup sees one committed state. Every lookup
 *	is one read-only transaction; each key is found in O(log n).
 *
 *	suppress_find() looks up n normalized addresses in one read
 *	transaction. For each address i, cb(arg, i, entry) is called for
 *	every entry that applies to it, address entries before the domain
 *	entry: with stream NULL, the entries for every stream only; with a
 *	stream name, those and the entries scoped to that stream; with
 *	SUPPRESS_ANY_STREAM, every entry whatever its scope. Returns how
 *	many entries were found, or -1 when the store failed (temperror).
 *
 *	Writes go through one transaction, all or nothing: suppress_begin(),
 *	then suppress_put() (adds or replaces the entry with the same
 *	address and scope), suppress_del() (1 removed, 0 not there),
 *	suppress_clear() (empties the list), then suppress_commit() or
 *	suppress_abort(). Each returns -1 after a store error, logged; the
 *	transaction must then be aborted. Only one write transaction runs
 *	at a time, across processes.
 *
 *	suppress_list() calls cb for every entry, in key order (addresses,
 *	then domains); it returns the count or -1.
 */
#ifndef SL_SUPPRESS_H
#define SL_SUPPRESS_H

#include <stddef.h>
#include <time.h>

#include "limits.h"

#define SUPP_ADDR_MAX	(SL_SMTP_MAX_LOCAL + 1 + 253)

enum supp_reason {
	SUPP_UNSUBSCRIBED = 1,
	SUPP_HARD_BOUNCE,
	SUPP_SOFT_BOUNCE,	/* repeated-soft-bounce */
	SUPP_COMPLAINT,
	SUPP_MANUAL
};

struct supp_entry {
	char	 addr[SUPP_ADDR_MAX + 1];	/* normalized, "@dom" */
	char	 stream[SL_MAX_RULE_ID + 1];	/* "": every stream */
	int	 reason;			/* enum supp_reason */
	time_t	 date;
};

#define SUPPRESS_RDONLY		0x01
#define SUPPRESS_CREATE		0x02
#define SUPPRESS_ANY_STREAM	"*"

struct suppress;
struct supp_txn;

int		 suppress_norm(const char *, size_t, char *out,
		    size_t outlen, const char **why);
const char	*suppress_reason_name(int);
/* enum supp_reason, or -1 when unknown */
int		 suppress_reason_parse(const char *, size_t);
/* "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ssZ" (UTC); 0, or -1 if invalid */
int		 suppress_date_parse(const char *, size_t, time_t *);
/* The date as YYYY-MM-DD, or with full, YYYY-MM-DDThh:mm:ssZ (UTC) */
void		 suppress_date_format(time_t, int full, char *, size_t);

struct suppress	*suppress_open(const char *path, long map_mb, int flags,
		    char *err, size_t errlen);
void		 suppress_close(struct suppress *);
int		 suppress_find(struct suppress *, const char *const *addr,
		    size_t n, const char *stream,
		    void (*cb)(void *, size_t, const struct supp_entry *),
		    void *arg);
long		 suppress_list(struct suppress *,
		    void (*cb)(void *, const struct supp_entry *), void *arg);

struct supp_txn	*suppress_begin(struct suppress *);
int		 suppress_put(struct supp_txn *, const struct supp_entry *);
int		 suppress_del(struct supp_txn *, const char *addr,
		    const char *stream);
int		 suppress_clear(struct supp_txn *);
int		 suppress_commit(struct supp_txn *);
void		 suppress_abort(struct supp_txn *);

#endif
