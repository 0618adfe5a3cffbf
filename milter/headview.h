/*
 * NAME
 *	headview - the header fields several checks read, parsed once
 * SUMMARY
 *	headview_build(hv, m);		after the header is complete
 *	... checks read hv ...
 *	headview_clear(hv);
 * DESCRIPTION
 *	From, Sender, Reply-To, Message-ID, Date and List-Unsubscribe are
 *	read by more than one check (and by the commit after the verdict).
 *	headview_build() finds the first field of each name, counts them,
 *	and parses the first one with the parser of its kind: addr_parse()
 *	(From and Reply-To as address lists, Sender as a single mailbox),
 *	msgid_parse(), date_parse(), listurl_parse(). A field that is
 *	absent leaves its parse result zeroed and its pointer NULL.
 *
 *	List-Unsubscribe is the exception: every field is parsed (the first
 *	HV_MAX_UNSUB of them; the rest are counted), each on its raw value
 *	(receivers do not decode encoded-words in it), and unsub_https is
 *	the first https URI of any of them, or NULL.
 *
 *	author is the first From mailbox, author_addr its "local@domain"
 *	(cut at SL_MAX_ADDR_LEN), author_domain the domain in lower case,
 *	empty for none or for an address literal.
 *
 *	The view points into the message: it must not outlive it.
 *	headview_clear() frees what the parsers allocated.
 */
#ifndef SL_HEADVIEW_H
#define SL_HEADVIEW_H

#include "addr.h"
#include "date.h"
#include "limits.h"
#include "listurl.h"
#include "msg.h"
#include "msgid.h"

#define HV_MAX_UNSUB	4	/* List-Unsubscribe fields parsed */

struct hv_addr {
	const struct header *h;		/* the first field, or NULL */
	size_t		 n;		/* fields of this name */
	struct addrlist	 al;		/* h parsed */
};

struct headview {
	struct hv_addr	 from;
	struct hv_addr	 sender;
	struct hv_addr	 reply_to;
	const struct header *msgid_h;
	size_t		 nmsgid;
	struct msgidlist msgid;
	const struct header *date_h;
	size_t		 ndate;
	struct date	 date;
	const struct header *unsub_h[HV_MAX_UNSUB];
	size_t		 nunsub;	/* all of them; parsed: at most HV_MAX_UNSUB */
	struct urllist	 unsub[HV_MAX_UNSUB];
	const char	*unsub_https;	/* into unsub[], or NULL */
	const struct mailbox *author;	/* first From mailbox, or NULL */
	char		 author_addr[SL_MAX_ADDR_LEN + 1];
	char		 author_domain[SL_MAX_DNS_NAME + 1];
};

void	headview_build(struct headview *, const struct msg *);
void	headview_clear(struct headview *);

#endif
