/*
 * NAME
 *	fact - the fact registry and per-message fact sets
 * DESCRIPTION
 *	The registry is the list of public fact ids. Its order is the order
 *	senderlint-check prints facts in and senderlint-rules(5) lists them.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fact.h"
#include "log.h"
#include "util.h"

static const struct fact_info registry[] = {
	{ "rfc5322.from.missing", "the message has no From field",
	    "RFC 5322 3.6; Gmail 550 5.7.1" },
	{ "rfc5322.from.multiple", "the message has more than one From field",
	    "RFC 5322 3.6; Gmail 550 5.7.1" },
	{ "rfc5322.from.mailbox-list",
	    "From holds more than one mailbox, or a group",
	    "Gmail (stricter than RFC 5322 3.6.2), 550 5.7.1" },
	{ "rfc5322.from.syntax",
	    "From does not parse as name-addr or addr-spec, or its domain is "
	    "not a valid host name (LDH labels, IDNA 2008 A-labels)",
	    "RFC 5322 3.4; RFC 5890; Gmail" },
	{ "rfc5322.sender.required",
	    "From holds several mailboxes and there is no Sender",
	    "RFC 5322 3.6.2" },
	{ "rfc5322.address-list.syntax", "Reply-To, To, Cc, Bcc or a "
	    "Resent-* address field does not parse as an address list (the "
	    "obsolete empty elements and empty groups are rfc5322.obsolete)",
	    "RFC 5322 3.4, 3.6.3, 3.6.6, 4.4; Gmail (malformed headers)" },
	{ "rfc5322.date.missing", "the message has no Date field",
	    "RFC 5322 3.6; Gmail/Yahoo reject" },
	{ "rfc5322.date.multiple", "the message has more than one Date field",
	    "RFC 5322 3.6" },
	{ "rfc5322.date.syntax", "the Date field does not parse as a "
	    "date-time", "RFC 5322 3.3, 4.3" },
	{ "rfc5322.date.invalid", "the Date parses but names no real "
	    "instant (day 31 of a 30-day month, hour 24, a day of week that "
	    "does not match)", "RFC 5322 3.3" },
	{ "rfc5322.date.skew", "the Date lies outside the configured window "
	    "around this server's clock", "Yahoo (\"date outside of range\")" },
	{ "rfc5322.message-id.missing", "the message has no Message-ID field",
	    "RFC 5322 3.6.4; Gmail 550 5.7.1" },
	{ "rfc5322.message-id.syntax", "the Message-ID is not one "
	    "<left@right> msg-id", "RFC 5322 3.6.4; Gmail 550 5.7.1" },
	{ "rfc5322.message-id.too-long", "the Message-ID is longer than 500 "
	    "octets", "Gmail header limits" },
	{ "rfc5322.message-id.reused", "the same Message-ID left this server "
	    "before, within the configured window", "RFC 5322 3.6.4; Gmail "
	    "421 4.7.28" },
	{ "rfc5322.msg-id-list.syntax", "In-Reply-To or References is not a "
	    "list of <left@right> msg-ids", "RFC 5322 3.6.4 (receivers thread "
	    "by them)" },
	{ "rfc5322.singleton.multiple",
	    "a field allowed once (Sender, Reply-To, To, Cc, Bcc, Message-ID, "
	    "In-Reply-To, References, Subject) appears more than once",
	    "RFC 5322 3.6; Gmail (since April 2023)" },
	{ "rfc5322.field-name.syntax", "a field name has an octet outside "
	    "printable ASCII 33-126, or ':'", "RFC 5322 2.2, 3.6.8" },
	{ "rfc5322.field-body.control", "a field body has NUL or a control "
	    "character, CR or LF other than as folding, or a folded line of "
	    "white space only", "RFC 5322 2.2, 3.2.2" },
	{ "rfc5322.bare-cr-lf", "a CR that is not followed by LF, in the "
	    "header or the body (a bare LF cannot be seen: the MTA took it for "
	    "a line end; Postfix 3.7 turns a bare CR into a space before "
	    "milters see it, so behind Postfix only senderlint-check on a file "
	    "reports it)", "RFC 5322 2.3; RFC 5321 2.3.8; Gmail, Yahoo (SMTP "
	    "smuggling hardening)" },
	{ "rfc5322.header.8bit", "raw 8-bit octets in the header without "
	    "SMTPUTF8, or with SMTPUTF8 but not valid UTF-8",
	    "RFC 6532 3; RFC 6531" },
	{ "rfc2047.encoded-word.misplaced", "an RFC 2047 encoded-word inside "
	    "an addr-spec, a msg-id or a quoted string, or anywhere in "
	    "List-Unsubscribe, List-Unsubscribe-Post, List-Id, List-Help or "
	    "List-Subscribe (receivers do not decode structured fields)",
	    "RFC 2047 5; RFC 2369; Gmail" },
	{ "rfc2047.encoded-word.malformed", "an RFC 2047 encoded-word in "
	    "Subject, Comments, Keywords, Content-Description or a display "
	    "name is not well formed: unknown charset or encoding, bad B or Q "
	    "text, longer than 75 characters, or not separated by white space",
	    "RFC 2047 2, 4, 5 (shown as garbage)" },
	{ "rfc5322.line.too-long",
	    "a header or body line is longer than 998 octets",
	    "RFC 5322 2.1.1" },
	{ "rfc5322.header.limits",
	    "the header exceeds Gmail's limits: 500 KB in all, 5000 fields, "
	    "32 KB per field (To, Cc, References exempt), 1 KB per field "
	    "name, 998 characters of Subject",
	    "Gmail header limits, 552 5.3.4" },
	{ "rfc5322.obsolete", "obsolete syntax: source routes, CFWS inside "
	    "dot-atoms or ids, unquoted '.' in display names, 2-digit years, "
	    "named zones", "RFC 5322 4 (MUST NOT generate)" },
	{ "rfc5322.resent.incomplete", "a block of Resent fields lacks "
	    "Resent-Date or Resent-From", "RFC 5322 3.6.6" },
	{ "rfc5321.return-path.present", "originating mail carries a "
	    "Return-Path field (Postfix removes it before milters see it)",
	    "RFC 5321 4.4" },
	{ "rfc5321.envelope.syntax", "a MAIL FROM or RCPT TO path is not "
	    "valid, or its local part is over 64 octets or its domain over 255",
	    "RFC 5321 4.1.2, 4.5.3.1; Gmail 553 5.1.x" },
	{ "mime.structure", "the MIME structure is broken: MIME fields "
	    "without MIME-Version, a bad Content-Type, a multipart without "
	    "its boundary lines, an unknown transfer encoding or an encoded "
	    "multipart, or a part labelled 7bit, quoted-printable or base64 "
	    "whose content has 8-bit octets", "RFC 2045, 2046; Yahoo/Gmail" },
	{ "mime.charset.invalid", "a part declares charset=utf-8 but its "
	    "decoded content is not valid UTF-8 (readers show replacement "
	    "characters)", "RFC 3629 4; RFC 2046 4.1.2" },
	{ "mime.8bit.undeclared", "the body has 8-bit octets but MAIL FROM "
	    "declared neither BODY=8BITMIME nor BODY=BINARYMIME (a transport "
	    "matter: Postfix relays such mail and converts parts labelled "
	    "8bit to quoted-printable for a receiver without 8BITMIME)",
	    "RFC 6152; RFC 5321 2.4; RFC 3030" },
	{ "unsub.missing", "the message has no List-Unsubscribe field",
	    "RFC 2369; RFC 8058 3.1; Gmail; Yahoo; Apple" },
	{ "unsub.multiple",
	    "the message has more than one List-Unsubscribe field",
	    "RFC 8058 3.1" },
	{ "unsub.syntax", "List-Unsubscribe is not a comma-separated list "
	    "of <URI>", "RFC 2369 2, 3.2" },
	{ "unsub.https.missing", "there is no https URI to unsubscribe with "
	    "(mailto alone does not give Gmail's unsubscribe button)",
	    "RFC 8058 3.1; Gmail" },
	{ "unsub.one-click.missing", "there is no List-Unsubscribe-Post "
	    "field", "RFC 8058 3.1; Gmail; Yahoo" },
	{ "unsub.one-click.invalid", "List-Unsubscribe-Post is not exactly "
	    "one \"List-Unsubscribe=One-Click\", or there is no https URI "
	    "for it", "RFC 8058 3.1" },
	{ "unsub.body-link.missing", "no unsubscribe link was found in the "
	    "text or HTML parts (decoded from base64 and quoted-printable): "
	    "no configured word in a link's URL, text, title or sentence, or "
	    "on a plain-text line with a URL or the line before it",
	    "Gmail; Yahoo; Apple" },
	{ "unsub.recipient-token", "the https unsubscribe URI cannot "
	    "identify the recipient: several recipients share the copy, the "
	    "same URI already went to another recipient of the stream (the "
	    "unsubscribe window), or, on first sight, nothing in its path or "
	    "query varies per recipient", "RFC 8058 3.1" },
	{ "unsub.not-signed", "List-Unsubscribe or List-Unsubscribe-Post is "
	    "present but not in the h= of a passing DKIM signature",
	    "RFC 8058 4" },
	{ "spf.egress.pass", "SPF of the MAIL FROM domain (postmaster@HELO "
	    "for a null sender) passes for every configured egress IP",
	    "RFC 7208; Gmail; Yahoo; Microsoft" },
	{ "spf.egress.fail", "SPF fails (-all) for an egress IP",
	    "RFC 7208; Gmail 5.7.26/27; Microsoft 5.7.515" },
	{ "spf.egress.softfail", "SPF softfails (~all) for an egress IP",
	    "RFC 7208; Gmail" },
	{ "spf.egress.neutral", "SPF is neutral (?all) for an egress IP",
	    "RFC 7208" },
	{ "spf.egress.none", "the MAIL FROM domain publishes no SPF record",
	    "RFC 7208; Gmail; Yahoo" },
	{ "spf.egress.temperror", "SPF could not be evaluated now (DNS "
	    "failure)", "RFC 7208 2.6.6" },
	{ "spf.egress.permerror", "the SPF record is broken: syntax, more "
	    "than 10 DNS-querying terms or 2 void lookups, or refused by "
	    "senderlint's strict pre-check", "RFC 7208 2.6.7, 4.6.4" },
	{ "spf.domain.unlisted", "the MAIL FROM domain is not one of the "
	    "configured sending domains, so its SPF was not evaluated",
	    "senderlint (libspf2 is only given known domains)" },
	{ "dkim.missing", "the message leaves without a DKIM-Signature",
	    "RFC 6376; Gmail 5.7.30; Yahoo; Microsoft" },
	{ "dkim.fail", "a DKIM signature does not verify (bad signature, "
	    "body hash mismatch, key not found, key revoked, ...)",
	    "RFC 6376 6.1" },
	{ "dkim.pass", "a DKIM signature verifies and counts (not rsa-sha1, "
	    "key of 1024 bits or more, From signed); the detail names d=",
	    "RFC 6376; RFC 8301" },
	{ "dkim.weak-key", "a signature's RSA key has fewer than 1024 bits",
	    "RFC 8301 3.2" },
	{ "dkim.key-below-2048", "a signature's RSA key has fewer than 2048 "
	    "bits (advisory)", "RFC 8301 3.2; Gmail, Yahoo recommend 2048" },
	{ "dkim.rsa-sha1", "a signature uses rsa-sha1",
	    "RFC 8301 3.1" },
	{ "dkim.from-unsigned", "a signature's h= does not include From",
	    "RFC 6376 5.4" },
	{ "dkim.l-tag", "a signature has a body length limit (l=), so "
	    "content can be appended", "RFC 6376 8.2" },
	{ "dmarc.record.missing", "neither the From domain nor its "
	    "organizational domain publishes a DMARC record",
	    "Gmail 4.7.40; Yahoo; Microsoft; Apple" },
	{ "dmarc.record.invalid", "a DMARC record at the From domain or a "
	    "parent does not parse, or there are several",
	    "RFC 7489 6.3, 6.6.3; RFC 9989" },
	{ "dmarc.alignment.fail", "the From domain is aligned with neither "
	    "a passing SPF nor a passing DKIM identity (relaxed or strict per "
	    "aspf/adkim)", "RFC 7489 3.1; RFC 9989; Gmail 5.7.32" },
	{ "dmarc.alignment.both", "the From domain is aligned with both a "
	    "passing SPF and a passing DKIM identity", "Gmail FAQ "
	    "(recommended)" },
	{ "dmarc.orgdomain.disagree", "the Public Suffix List and the RFC "
	    "9989 DNS tree walk give different organizational domains for "
	    "the From domain", "RFC 7489 3.2; RFC 9989 4.8" },
	{ "from.freemail", "the From domain is a mailbox provider's "
	    "(gmail.com, icloud.com, ...) that publishes p=quarantine or "
	    "p=reject, and no passing DKIM signature aligned with it "
	    "travels with the message", "Gmail; Apple" },
	{ "domain.nonexistent", "the MAIL FROM or From domain does not "
	    "exist (NXDOMAIN) or publishes a null MX", "Yahoo; RFC 7505" },
	{ "egress.ptr.missing", "an egress IP (authentication.egress_ips) "
	    "has no PTR record (reverse DNS)", "Apple \"publish reverse DNS\"; Gmail; Yahoo; "
	    "Microsoft" },
	{ "egress.ptr.mismatch", "no PTR name of an egress IP resolves back "
	    "to it (forward-confirmed reverse DNS fails); false when there is "
	    "no PTR record at all",
	    "Gmail 550 5.7.25 / 421 4.7.23; Yahoo" },
	{ "egress.ptr.generic", "an egress IP's PTR name looks assigned by "
	    "an access provider (the IP's octets in it, or words such as "
	    "dynamic, dhcp, dsl, pool, cable, ppp, static, customer)",
	    "Spamhaus PBL practice; M3AAWG" },
	{ "egress.helo.mismatch", "the outbound HELO name "
	    "(authentication.outbound_helo) does not resolve to an egress IP, "
	    "or its organizational domain differs from the PTR name's; not "
	    "reported when no outbound HELO name is configured", "RFC 5321 4.1.4; M3AAWG" },
	{ "list-id.missing", "there is no List-Id field",
	    "RFC 2919; Gmail subscription guidelines" },
	{ "list-id.syntax", "List-Id is not an optional phrase and "
	    "<list-label.namespace> (a dot-atom with at least one dot, no "
	    "white space inside the brackets)", "RFC 2919 2, 3; Gmail groups "
	    "mail by it" },
	{ "stream.unknown", "no configured stream matches the message",
	    "Apple (segment transactional and marketing streams); Gmail; "
	    "Yahoo" },
	{ "stream.ambiguous", "more than one configured stream matches "
	    "the message (the first in file order is used)", "Apple; Gmail" },
	{ "identity.from.mismatch", "the From address is not one the "
	    "stream allows", "Apple (\"always use the same name and "
	    "address\"); Gmail" },
	{ "identity.display-name.mismatch", "the From display name (RFC "
	    "2047 decoded, NFC) is not the stream's", "Apple; Gmail" },
	{ "identity.reply-to.mismatch", "a Reply-To address is not one the "
	    "stream allows", "Gmail" },
	{ "identity.mail-from.mismatch", "the MAIL FROM domain is not one "
	    "the stream allows", "Apple; Gmail (consistent sending domains)" },
	{ "identity.auth.mismatch", "the SASL login may not use this From "
	    "address", "senderlint (Postfix checks only the envelope)" },
	{ "identity.drift", "a (stream, display name, From) never seen "
	    "before, once the stream is past its learning period; or one From "
	    "address with more than one display name within 24 hours",
	    "Apple (\"always use the same name and address\"); Gmail" },
	{ "identity.cross-stream", "a bulk message uses the From address of "
	    "a transactional stream", "Gmail subscription guidelines" },
	{ "envelope.null-sender.bulk", "a bulk message is sent with the null "
	    "sender, so bounces cannot be tracked", "Apple (\"track errors\")" },
	{ "rcpt.suppressed", "a recipient the message still has is on the "
	    "suppression list for the message's stream; entries for every "
	    "stream refuse the recipient at RCPT, so they reach the end of a "
	    "message only in monitor mode", "Apple (\"do not reactivate\" "
	    "unsubscribed or removed addresses); Gmail and Yahoo (honour "
	    "unsubscribes within 2 days); RFC 8058" },
};

#define NREG (sizeof(registry) / sizeof(registry[0]))

/* FNV-1a of the id in lower case: equal for ids equal in any case. */
static unsigned
idhash(const char *s)
{
	unsigned h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 16777619u;
	return h;
}

/* idhash() of each registry id, for fact_info(): set once. */
static unsigned reg_hash[NREG];
static pthread_once_t reg_once = PTHREAD_ONCE_INIT;

static void
reg_hash_init(void)
{
	size_t i;

	for (i = 0; i < NREG; i++)
		reg_hash[i] = idhash(registry[i].id);
}

size_t
fact_registry(const struct fact_info **out)
{
	*out = registry;
	return NREG;
}

const struct fact_info *
fact_info(const char *id)
{
	unsigned h = idhash(id);
	size_t i;

	pthread_once(&reg_once, reg_hash_init);
	for (i = 0; i < NREG; i++)
		if (reg_hash[i] == h && strcmp(registry[i].id, id) == 0)
			return &registry[i];
	return NULL;
}

/* Returns 1 when the glob names at least one registered fact. */
int
fact_glob_known(const char *glob)
{
	size_t i;

	for (i = 0; i < NREG; i++)
		if (glob_match(glob, registry[i].id))
			return 1;
	return 0;
}

void
factset_init(struct factset *fs)
{
	fs->n = 0;
}

static int
strength(int v)
{
	return v == FACT_TRUE ? 2 : v == FACT_TEMPERROR ? 1 : 0;
}

struct fact *
fact_set(struct factset *fs, const char *id, int val, long num,
    const char *fmt, ...)
{
	const struct fact_info *fi;
	struct fact *f = NULL;
	va_list ap;
	size_t i;

	if ((fi = fact_info(id)) == NULL)
		log_panic("fact_set: unregistered fact id \"%s\"", id);
	if (val != FACT_TRUE && val != FACT_FALSE && val != FACT_TEMPERROR)
		log_panic("fact_set: bad value %d for %s", val, id);
	for (i = 0; i < fs->n; i++)
		if (fs->f[i].id == fi->id) {
			f = &fs->f[i];
			if (strength(val) < strength(f->val))
				return f;
			break;
		}
	if (f == NULL) {
		if (fs->n == SL_MAX_FACTS)
			log_panic("fact_set: more than %d facts",
			    SL_MAX_FACTS);
		f = &fs->f[fs->n++];
		f->id = fi->id;
		f->idhash = reg_hash[fi - registry];
	}
	f->val = val;
	f->num = num;
	f->detail[0] = '\0';
	if (fmt != NULL) {
		va_start(ap, fmt);
		vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
		va_end(ap);
	}
	return f;
}

const struct fact *
fact_get(const struct factset *fs, const char *id)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->f[i].id, id) == 0)
			return &fs->f[i];
	return NULL;
}

int
fact_match(const struct factset *fs, const char *glob,
    void (*cb)(void *, const struct fact *), void *arg)
{
	int res = 0, exact = strpbrk(glob, "*?[\\") == NULL;
	unsigned h = exact ? idhash(glob) : 0;
	size_t i;

	/* most rule conditions name one fact: skip fnmatch(3) for them */
	for (i = 0; i < fs->n; i++) {
		if (exact ? fs->f[i].idhash != h ||
		    strcasecmp(glob, fs->f[i].id) != 0 :
		    !glob_match(glob, fs->f[i].id))
			continue;
		if (fs->f[i].val == FACT_TRUE) {
			res = 1;
			if (cb != NULL)
				cb(arg, &fs->f[i]);
		} else if (fs->f[i].val == FACT_TEMPERROR && res == 0)
			res = -1;
	}
	return res;
}
