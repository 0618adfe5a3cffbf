/*
 * NAME
 *	dkimkey - read a DKIM key record (RFC 6376 3.6.1) for what a
 *	publisher must get right
 * SUMMARY
 *	struct dkimkey k;
 *	if (dkimkey_parse(txt, len, &k) == 0) ... k.bits, k.testing
 * DESCRIPTION
 *	dkimkey_parse() reads the text of one TXT record at
 *	selector._domainkey.domain: a tag-list ("tag=value" separated by
 *	';', white space around both) with v= (if present "DKIM1" and the
 *	first tag), k= (rsa when absent), t= (colon-separated flags) and p=
 *	(base64, white space allowed inside). It returns 0 and fills k, or
 *	-1 with a reason in k->why: not a key record, a repeated tag, no
 *	p=, p= not base64 or over DKIMKEY_MAX_KEY octets decoded, an RSA key
 *	whose DER it cannot read.
 *
 *	k->revoked is set for an empty p= (RFC 6376 3.6.1: revoked), and
 *	k->testing for the flag t=y. For k=rsa, k->bits is the size of the
 *	modulus of the key, read from its DER SubjectPublicKeyInfo (or a
 *	bare PKCS#1 RSAPublicKey, which some publishers use); 0 for another
 *	key type (k->type names it: "ed25519", ...).
 *	The parser reads exactly len octets; no NUL is needed.
 */
#ifndef SL_DKIMKEY_H
#define SL_DKIMKEY_H

#include <stddef.h>

#define DKIMKEY_MAX_KEY	2048	/* decoded key octets: 16384-bit RSA */

struct dkimkey {
	char		 type[16];	/* k=, lower case */
	unsigned	 bits;		/* RSA modulus; 0 unknown */
	int		 revoked;
	int		 testing;
	char		 why[80];
};

int	dkimkey_parse(const char *, size_t, struct dkimkey *);

#endif
