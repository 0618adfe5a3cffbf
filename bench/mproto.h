/*
 * NAME
 *	mproto - the MTA side of the milter protocol (version 6), for miltbench
 * DESCRIPTION
 *	One struct mproto per filter connection. Packets are a 4-octet
 *	length in network order (command octet included), the command
 *	octet, then the data. Outgoing packets are buffered and written
 *	only when a reply is to be read (mproto_read) or on mproto_flush,
 *	so events the filter does not answer (SMFIP_NR_*) cost no round
 *	trip, as with Postfix.
 *
 *	mproto_open() connects to "unix:/path", "local:/path",
 *	"inet:port@host" (libmilter's spelling) or "inet:host:port"
 *	(Postfix's) and runs the option negotiation: the offer is the
 *	version, actions and protocol flags given; the filter's answer is
 *	checked (version <= offered, actions and flags within the offer)
 *	and kept in version, actions, pflags, together with the macro
 *	lists the filter asked for per stage (SMFIM_*; NULL when it asked
 *	for none).
 *
 *	mproto_read() returns one packet; data stays valid until the next
 *	call. Every function returns 0 on success and -1 on failure with
 *	the reason in err; after a failure the connection is unusable.
 * LIMITS
 *	MPROTO_MAX_PACKET: a larger packet from the filter is an error.
 */
#ifndef MPROTO_H
#define MPROTO_H

#include <stddef.h>

#define MPROTO_MAX_PACKET	(4 * 65536)
#define MPROTO_NSTAGES		7	/* SMFIM_CONNECT .. SMFIM_EOH */

struct mproto {
	int		 fd;
	int		 timeout_ms;	/* per read or write */
	unsigned long	 version;	/* negotiated */
	unsigned long	 actions;	/* SMFIF_* the filter may use */
	unsigned long	 pflags;	/* SMFIP_* the filter asked for */
	char		*symlist[MPROTO_NSTAGES];
	unsigned char	*out;		/* pending packets */
	size_t		 outlen, outcap;
	unsigned char	*in;		/* read buffer */
	size_t		 inoff, inlen, incap;
	char		 err[256];
};

/* NULL with the reason in err (of errlen octets) when it fails. */
struct mproto	*mproto_open(const char *spec, int timeout_ms,
		    unsigned long version, unsigned long actions,
		    unsigned long pflags, char *err, size_t errlen);
void		 mproto_free(struct mproto *);	/* closes; NULL is a no-op */

/* Appends one packet; data may be NULL when len is 0. */
void		 mproto_put(struct mproto *, int cmd, const void *data,
		    size_t len);
/* Appends SMFIC_MACRO for stage cmd: pairs is name, value, ..., NULL. */
void		 mproto_put_macros(struct mproto *, int cmd,
		    const char *const *pairs);
int		 mproto_flush(struct mproto *);
/* Flushes, then reads one packet. */
int		 mproto_read(struct mproto *, int *cmd,
		    const unsigned char **data, size_t *len);

#endif
