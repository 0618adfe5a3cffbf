/*
 * NAME
 *	ptrname - does a PTR name look assigned by an access provider?
 * SUMMARY
 *	char why[PTRNAME_WHY];
 *	if (ptrname_generic(name, len, "192.0.2.1", why, sizeof(why)) == 1)
 *		... why: "embeds 192.0.2.1 as 1-2-0-192" or "label dsl"
 * DESCRIPTION
 *	A pure function over (data, len): no DNS, no state. It returns 1 when
 *	the name (dotted, without the final dot, any case) looks like the
 *	generic reverse DNS an ISP gives its customers' addresses, else 0:
 *
 *	- the IPv4 address's four octets appear in order or reversed as four
 *	  consecutive numbers separated by '-', '.', '_' or 'x', zero-padded
 *	  or not ("1-2-0-192", "192.000.002.001", "ip-192-0-2-1"); or as one
 *	  run of twelve zero-padded digits ("192000002001"); or as eight hex
 *	  digits ("c0000201") standing alone between separators;
 *	- a word ISPs use for customer space: a run of letters (split at
 *	  anything else) equal to one of dynamic, dyn, dhcp, dsl, adsl, vdsl,
 *	  xdsl, pool, cable, ppp, pppoe, broadband, dialup, dial, dialin,
 *	  static, staticip, cust, customer, client, resnet, residential, cpe,
 *	  ftth, fttx, catv, wireless, mobile, unassigned, unused, nat,
 *	  genericrev, in-addr (the letters "inaddr"), or "ip" immediately
 *	  followed by digits of the address. The last label (the TLD) is not
 *	  looked at.
 *
 *	ip is the textual egress address; for IPv6 only the words apply.
 *	why gets a short reason (cut at whylen - 1), "" when 0 is returned.
 *	Names longer than PTRNAME_MAX octets are judged on their first
 *	PTRNAME_MAX octets.
 */
#ifndef SL_PTRNAME_H
#define SL_PTRNAME_H

#include <stddef.h>

#define PTRNAME_MAX	253
#define PTRNAME_WHY	96

int	ptrname_generic(const char *name, size_t len, const char *ip,
	    char *why, size_t whylen);

#endif
