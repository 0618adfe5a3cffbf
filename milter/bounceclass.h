/*
 * NAME
 *	bounceclass - who refused a delivery, and what kind of refusal
 * DESCRIPTION
 *	bounce_provider() names the receiving provider of a delivery
 *	attempt: by the recipient's domain first (icloud.com, me.com,
 *	mac.com: icloud; gmail.com, googlemail.com: gmail; yahoo.*,
 *	ymail.com, rocketmail.com, aol.com: yahoo; outlook.*, hotmail.*,
 *	live.*, msn.com: microsoft), then by the host that answered (the
 *	relay, or the host named in the reason when Postfix could not
 *	connect): *.icloud.com and *.apple.com icloud, *.google.com and
 *	*.googlemail.com gmail, *.yahoodns.net and *.aol.com yahoo,
 *	*.outlook.com and *.hotmail.com microsoft. Anything else is named
 *	by the answering host's last two labels ("example.net"), or the
 *	recipient's domain when no host is known. All names lowercase, at
 *	most BOUNCE_PROVIDER_MAX octets, written NUL-terminated into out.
 *
 *	bounce_classify() sorts one failed attempt (the enhanced status
 *	code from dsn=, may be empty; the reason text, verbatim) into a
 *	class, first by provider-specific codes and words in the text, then
 *	by the code (RFC 3463):
 *
 *	BC_RECIPIENT  the address cannot receive mail: 5.1.x (5.1.1
 *		      unknown, 5.1.10 Microsoft's RecipientNotFound), 5.2.1
 *		      disabled, 5.4.4 no such domain, "user unknown",
 *		      Microsoft 365's 5.4.1 "Recipient address rejected",
 *		      "does not exist", Yahoo's "doesn't have a ... account";
 *		      at 4.x a soft recipient problem
 *	BC_POLICY     the sender's problem: 5.7.x and 4.7.x (authentication,
 *		      spam, rate, reputation), Gmail 4.7.28 / 5.7.26 / 4.2.1
 *		      rate, Microsoft 5.7.515 and S3150-style blocks, Yahoo
 *		      TSS04 / TSS09, iCloud CS01 / HM08, "blocked", "spam",
 *		      "rate limit", "reputation"
 *	BC_FULL	      mailbox full: 5.2.2, 4.2.2, "quota", "mailbox full"
 *	BC_TRANSIENT  network and remote-server faults: 4.4.x, 4.3.x,
 *		      connection timed out / refused / lost
 *	BC_OTHER      anything else
 *
 *	bounce_class_name() gives "recipient", "policy", "mailbox-full",
 *	"transient", "other"; bounce_code() copies the code used into out:
 *	the dsn, or when it is empty or X.0.0, the enhanced code or the
 *	basic reply code found in the reason ("550", "5.7.26").
 */
#ifndef SL_BOUNCECLASS_H
#define SL_BOUNCECLASS_H

#include <stddef.h>

#define BOUNCE_PROVIDER_MAX	64
#define BOUNCE_CODE_MAX		15

enum bounce_class {
	BC_RECIPIENT,
	BC_POLICY,
	BC_FULL,
	BC_TRANSIENT,
	BC_OTHER,
	BC_NCLASS
};

void		 bounce_provider(const char *rcpt, size_t rcptlen,
		    const char *host, size_t hostlen, char *out, size_t outlen);
int		 bounce_classify(const char *dsn, size_t dsnlen,
		    const char *reason, size_t reasonlen);
const char	*bounce_class_name(int);
void		 bounce_code(const char *dsn, size_t dsnlen, const char *reason,
		    size_t reasonlen, char *out, size_t outlen);
/*
 * The host named in a reason: "host H[ip] said", "connect to H[ip]",
 * "lost connection with H[ip]", "conversation with H[ip]", at the start
 * or after ": " ("delivery temporarily suspended: connect to ...").
 */
int		 bounce_reason_host(const char *reason, size_t len,
		    const char **host, size_t *hostlen);

#endif
