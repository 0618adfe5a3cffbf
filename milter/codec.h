/*
 * NAME
 *	codec - digit values for the transfer encodings
 * DESCRIPTION
 *	codec_hex() gives the value of a hexadecimal digit (either case) as
 *	used by quoted-printable and RFC 2047 "Q"; codec_b64() the value of a
 *	base64 character (RFC 2045 6.8). Both return -1 for anything else.
 *	Shared by rfc2047.c (encoded-words) and mimewalk.c (body parts).
 */
#ifndef SL_CODEC_H
#define SL_CODEC_H

int	codec_hex(int);
int	codec_b64(int);

#endif
