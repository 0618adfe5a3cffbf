/*
 * bounceclass: the provider of a delivery (by recipient domain, by the
 * answering host, else the host's last two labels or the recipient's
 * domain), the code used (dsn, or the reply's own code when dsn is
 * generic), and the class of each provider's real replies.
 */
#include <stdio.h>
#include <string.h>

#include "bounceclass.h"
#include "tap.h"

static const struct {
	const char	*rcpt;
	const char	*host;
	const char	*want;
} prov[] = {
	{ "a@icloud.com", "", "icloud" },
	{ "a@ME.com", "", "icloud" },
	{ "a@mac.com", "none", "icloud" },
	{ "a@gmail.com", "", "gmail" },
	{ "a@googlemail.com", "", "gmail" },
	{ "a@yahoo.com", "", "yahoo" },
	{ "a@yahoo.co.uk", "", "yahoo" },
	{ "a@aol.com", "", "yahoo" },
	{ "a@ymail.com", "", "yahoo" },
	{ "a@outlook.com", "", "microsoft" },
	{ "a@hotmail.fr", "", "microsoft" },
	{ "a@live.co.uk", "", "microsoft" },
	{ "a@msn.com", "", "microsoft" },
	{ "a@live.example.com", "mx.example.com", "example.com" },
	{ "a@example.com", "aspmx.l.google.com", "gmail" },
	{ "a@example.com", "example-com.mail.protection.outlook.com", "microsoft" },
	{ "a@example.com", "mx01.mail.icloud.com", "icloud" },
	{ "a@example.com", "mta6.am0.yahoodns.net", "yahoo" },
	{ "a@example.com", "MX.Mail.Example.NET", "example.net" },
	{ "a@example.com", "127.0.0.1", "example.com" },
	{ "a@Example.COM", "", "example.com" },
	{ "", "", "unknown" },
	{ "nodomain", "localhost", "localhost" },
};

static const struct {
	const char	*dsn;
	const char	*reason;
	int		 cls;
	const char	*code;
} cls[] = {
	{ "5.1.1", "host mx01.mail.icloud.com[17.57.154.6] said: 550 5.1.1 <x@icloud.com>: user does not exist (in reply to RCPT TO command)", BC_RECIPIENT, "5.1.1" },
	{ "5.1.1", "host gmail-smtp-in.l.google.com[1.2.3.4] said: 550-5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command)", BC_RECIPIENT, "5.1.1" },
	{ "5.2.1", "host gmail-smtp-in.l.google.com[1.2.3.4] said: 550-5.2.1 The email account that you tried to reach is disabled.", BC_RECIPIENT, "5.2.1" },
	{ "5.1.10", "host x.mail.protection.outlook.com[1.2.3.4] said: 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", BC_RECIPIENT, "5.1.10" },
	{ "5.5.0", "host hotmail-com.olc.protection.outlook.com[1.2.3.4] said: 550 5.5.0 Requested action not taken: mailbox unavailable.", BC_RECIPIENT, "5.5.0" },
	{ "5.0.0", "host mx-aol.mail.gm0.yahoodns.net[1.2.3.4] said: 554 delivery error: dd This user doesn't have a aol.com account (x@aol.com) [0]", BC_RECIPIENT, "554" },
	{ "5.0.0", "host mx.example.net[1.2.3.4] said: 550 5.1.1 <x@example.net>: Recipient address rejected: User unknown", BC_RECIPIENT, "5.1.1" },
	{ "5.4.4", "Host or domain name not found. Name service error for name=nx.example type=A: Host not found", BC_RECIPIENT, "5.4.4" },
	{ "5.4.1", "host example-com.mail.protection.outlook.com[1.2.3.4] said: 550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [AM0PR01MB0001.eurprd01.prod.exchangelabs.com] (in reply to RCPT TO command)", BC_RECIPIENT, "5.4.1" },
	{ "5.4.6", "host mx.example.net[1.2.3.4] said: 554 5.4.6 Hop count exceeded - possible mail loop", BC_OTHER, "5.4.6" },
	{ "5.0.0", "host mta7.am0.yahoodns.net[1.2.3.4] said: 554 30 Sorry, your message to x@yahoo.com cannot be delivered. This mailbox is disabled (554.30).", BC_RECIPIENT, "554" },
	{ "5.0.0", "host mx-aol.mail.gm0.yahoodns.net[1.2.3.4] said: 552 1 Requested mail action aborted, mailbox not found", BC_RECIPIENT, "552" },
	{ "5.7.25", "host gmail-smtp-in.l.google.com[1.2.3.4] said: 550-5.7.25 The IP address sending this message does not have a PTR record setup", BC_POLICY, "5.7.25" },
	{ "4.7.500", "host x.mail.protection.outlook.com[1.2.3.4] said: 451 4.7.500 Server busy. Please try again later", BC_POLICY, "4.7.500" },
	{ "4.1.1", "host mx.example.net[1.2.3.4] said: 450 4.1.1 <x@example.net>: Recipient address rejected: unverified address", BC_RECIPIENT, "4.1.1" },
	{ "5.7.1", "host mx02.mail.icloud.com[1.2.3.4] said: 554 5.7.1 [CS01] Message rejected due to local policy.", BC_POLICY, "5.7.1" },
	{ "4.7.28", "host gmail-smtp-in.l.google.com[1.2.3.4] said: 421-4.7.28 Gmail has detected an unusual rate of unsolicited mail", BC_POLICY, "4.7.28" },
	{ "5.7.26", "host gmail-smtp-in.l.google.com[1.2.3.4] said: 550-5.7.26 This mail has been blocked because the sender is unauthenticated.", BC_POLICY, "5.7.26" },
	{ "4.2.1", "host gmail-smtp-in.l.google.com[1.2.3.4] said: 450-4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages", BC_POLICY, "4.2.1" },
	{ "5.7.515", "host outlook-com.olc.protection.outlook.com[1.2.3.4] said: 550 5.7.515 Access denied, sending domain example.com does not meet the required authentication level.", BC_POLICY, "5.7.515" },
	{ "4.7.650", "host outlook-com.olc.protection.outlook.com[1.2.3.4] said: 451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.", BC_POLICY, "4.7.650" },
	{ "5.0.0", "host hotmail-com.olc.protection.outlook.com[1.2.3.4] said: 550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. (S3150)", BC_POLICY, "5.7.1" },
	{ "4.7.0", "host mta5.am0.yahoodns.net[1.2.3.4] said: 421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints", BC_POLICY, "4.7.0" },
	{ "5.0.0", "host mta5.am0.yahoodns.net[1.2.3.4] said: 554 [TSS09] All messages from 192.0.2.25 will be permanently deferred", BC_POLICY, "554" },
	{ "4.2.2", "host gmail-smtp-in.l.google.com[1.2.3.4] said: 452-4.2.2 The recipient's inbox is out of storage space.", BC_FULL, "4.2.2" },
	{ "5.2.2", "host mx.example.net[1.2.3.4] said: 552 5.2.2 Mailbox full", BC_FULL, "5.2.2" },
	{ "5.0.0", "host mx.example.net[1.2.3.4] said: 552 Quota exceeded", BC_FULL, "552" },
	{ "4.4.1", "connect to mx.example.net[192.0.2.1]:25: Connection timed out", BC_TRANSIENT, "4.4.1" },
	{ "4.4.2", "lost connection with mx.example.net[192.0.2.1] while receiving the initial server greeting", BC_TRANSIENT, "4.4.2" },
	{ "4.3.0", "host mx.example.net[1.2.3.4] said: 451 4.3.0 Temporary server error", BC_TRANSIENT, "4.3.0" },
	{ "", "connect to mx.example.net[192.0.2.1]:25: Connection refused", BC_TRANSIENT, "" },
	{ "5.3.4", "host mx.example.net[1.2.3.4] said: 552 5.3.4 Message size exceeds fixed limit", BC_OTHER, "5.3.4" },
	{ "5.0.0", "host mx.example.net[1.2.3.4] said: 550 go away", BC_OTHER, "550" },
	{ "5.6.0", "host mx.example.net[1.2.3.4] said: 554 5.6.0 bad content", BC_OTHER, "5.6.0" },
	{ "", "", BC_OTHER, "" },
	{ "5.0.0", "host x[1] said: 5", BC_OTHER, "5.0.0" },
};

int
main(void)
{
	char out[BOUNCE_PROVIDER_MAX + 1], code[BOUNCE_CODE_MAX + 1];
	char name[256], *r, *h, *d;
	size_t i, rl, hl, dl;
	const char *host;
	size_t hostlen;

	for (i = 0; i < sizeof(prov) / sizeof(prov[0]); i++) {
		r = tap_exact(prov[i].rcpt, &rl);
		h = tap_exact(prov[i].host, &hl);
		bounce_provider(r, rl, h, hl, out, sizeof(out));
		snprintf(name, sizeof(name), "provider of <%s> via \"%s\"",
		    prov[i].rcpt, prov[i].host);
		tap_is_str(out, prov[i].want, name);
		free(r);
		free(h);
	}
	for (i = 0; i < sizeof(cls) / sizeof(cls[0]); i++) {
		d = tap_exact(cls[i].dsn, &dl);
		r = tap_exact(cls[i].reason, &rl);
		snprintf(name, sizeof(name), "class of %s \"%.60s\"",
		    cls[i].dsn, cls[i].reason);
		tap_is_str(bounce_class_name(bounce_classify(d, dl, r, rl)),
		    bounce_class_name(cls[i].cls), name);
		bounce_code(d, dl, r, rl, code, sizeof(code));
		snprintf(name, sizeof(name), "code of %s \"%.60s\"",
		    cls[i].dsn, cls[i].reason);
		tap_is_str(code, cls[i].code, name);
		free(d);
		free(r);
	}
	r = tap_exact("host mx.example.net[1.2.3.4] said: 550", &rl);
	tap_is_int(bounce_reason_host(r, rl, &host, &hostlen), 1,
	    "the host named in \"host H[ip] said\"");
	tap_is_int((long)hostlen, 14, "is mx.example.net");
	free(r);
	r = tap_exact("connect to mx.b[192.0.2.1]:25: x", &rl);
	tap_is_int(bounce_reason_host(r, rl, &host, &hostlen) == 1 &&
	    hostlen == 4 && memcmp(host, "mx.b", 4) == 0, 1,
	    "the host named in \"connect to H[ip]\"");
	free(r);
	r = tap_exact("delivery temporarily suspended: lost connection with mx.c[192.0.2.1] while receiving the initial server greeting", &rl);
	tap_is_int(bounce_reason_host(r, rl, &host, &hostlen) == 1 &&
	    hostlen == 4 && memcmp(host, "mx.c", 4) == 0, 1,
	    "the host after \"delivery temporarily suspended: \"");
	free(r);
	r = tap_exact("conversation with mx.d[192.0.2.1] timed out while sending RCPT TO", &rl);
	tap_is_int(bounce_reason_host(r, rl, &host, &hostlen) == 1 &&
	    hostlen == 4 && memcmp(host, "mx.d", 4) == 0, 1,
	    "the host in \"conversation with H[ip] timed out\"");
	free(r);
	r = tap_exact("lost connection with x", &rl);
	tap_is_int(bounce_reason_host(r, rl, &host, &hostlen), 0,
	    "no host without an address in brackets");
	free(r);
	r = tap_exact("unknown user: host x[1]", &rl);
	tap_is_int(bounce_reason_host(r, rl, &host, &hostlen) == 1 &&
	    hostlen == 1, 1, "a lead after \": \" counts");
	free(r);
	r = tap_exact("the host x[1] said", &rl);
	tap_is_int(bounce_reason_host(r, rl, &host, &hostlen), 0,
	    "a lead in the middle of a word run does not");
	free(r);
	tap_is_str(bounce_class_name(99), "other", "an unknown class is other");
	return tap_done();
}
