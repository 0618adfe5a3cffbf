/*
 * NAME
 *	json - JSON text for senderlint-check's reports
 * DESCRIPTION
 *	json_str() appends s as a JSON string: '"' and '\\' escaped,
 *	control octets as \u and four hex digits, valid UTF-8 (RFC 3629)
 *	kept, any other octet >= 0x80 as U+FFFD, so the output is always
 *	valid JSON whatever a message holds. json_field() appends ,"key":"val" and
 *	json_num() ,"key":n; keys are written as given (plain ASCII).
 *	Every append goes through the sbuf, whose ceiling cuts it.
 */
#ifndef SL_JSON_H
#define SL_JSON_H

#include "util.h"

void	json_str(struct sbuf *, const char *s);
void	json_field(struct sbuf *, const char *key, const char *val);
void	json_num(struct sbuf *, const char *key, unsigned long n);

#endif
