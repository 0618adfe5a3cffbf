/*
 * NAME
 *	lmdbenv - open an LMDB environment; 64-bit big-endian fields
 * DIAGNOSTICS
 *	Every failure is returned as "path: reason" (mdb_strerror or
 *	strerror); nothing is logged here.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lmdbenv.h"

int
lmdbenv_open(const char *path, long map_mb, int flags, MDB_env **envp,
    MDB_dbi *dbi, char *err, size_t errlen)
{
	unsigned int eflags = 0;
	MDB_env *env;
	MDB_txn *txn;
	int rc, dead;

	*envp = NULL;
	if ((flags & LMDBENV_CREATE) && mkdir(path, 0750) < 0 &&
	    errno != EEXIST) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (flags & LMDBENV_RDONLY)
		eflags |= MDB_RDONLY;
	if (flags & LMDBENV_NOTLS)
		eflags |= MDB_NOTLS;
	if ((rc = mdb_env_create(&env)) != 0) {
		snprintf(err, errlen, "%s: %s", path, mdb_strerror(rc));
		return -1;
	}
	if ((rc = mdb_env_set_mapsize(env, (size_t)map_mb << 20)) != 0 ||
	    (rc = mdb_env_set_maxreaders(env, 512)) != 0 ||
	    (rc = mdb_env_open(env, path, eflags, 0640)) != 0)
		goto fail;
	mdb_reader_check(env, &dead);
	if ((rc = mdb_txn_begin(env, NULL, eflags & MDB_RDONLY, &txn)) != 0)
		goto fail;
	if ((rc = mdb_dbi_open(txn, NULL, 0, dbi)) != 0) {
		mdb_txn_abort(txn);
		goto fail;
	}
	if ((rc = mdb_txn_commit(txn)) != 0)	/* frees txn either way */
		goto fail;
	*envp = env;
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", path, mdb_strerror(rc));
	mdb_env_close(env);
	return -1;
}

void
lmdbenv_put64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

uint64_t
lmdbenv_get64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}
