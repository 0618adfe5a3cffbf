/*
 * NAME
 *	dmarcrec - parse a DMARC policy record (RFC 7489 6.3, 6.4; RFC 9989)
 * DESCRIPTION
 *	dmarcrec_parse() reads the text of one TXT record. It returns 0 and
 *	fills the record, or -1 with why set: the record must start with
 *	"v=DMARC1", tags are "name=value" separated by ';' (white space
 *	around both allowed, a trailing ';' too), every known tag's value
 *	must be valid, and no tag may repeat. Unknown tags are ignored, as
 *	RFC 7489 6.3 says they must be. A record without p= is valid only
 *	when it has a valid rua= (RFC 7489 6.6.3: then p=none).
 *
 *	dmarcrec_is_dmarc() tells whether a TXT string is meant as a DMARC
 *	record at all (starts with "v=DMARC1", ignoring white space), for
 *	discarding other TXT records at the same name.
 */
#ifndef SL_DMARCREC_H
#define SL_DMARCREC_H

#include <stddef.h>

enum dmarc_policy {
	DMARC_NONE,
	DMARC_QUARANTINE,
	DMARC_REJECT,
	DMARC_UNSET
};

struct dmarcrec {
	int	 p;		/* enum dmarc_policy */
	int	 sp;		/* DMARC_UNSET: as p */
	int	 np;		/* RFC 9989: DMARC_UNSET: as sp */
	int	 adkim_strict;
	int	 aspf_strict;
	int	 pct;		/* 0..100, 100 when absent */
	int	 nrua;
	int	 psd;		/* RFC 9989: 'y', 'n' or 'u' */
	int	 testing;	/* RFC 9989 t=y */
	char	 why[120];
};

int	dmarcrec_parse(const char *, size_t, struct dmarcrec *);
int	dmarcrec_is_dmarc(const char *, size_t);

#endif
