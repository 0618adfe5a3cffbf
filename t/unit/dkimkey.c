/*
 * dkimkey_parse(): DKIM key records (RFC 6376 3.6.1) as publishers write
 * them, good and bad, each passed without a trailing NUL. The keys were
 * made once with openssl(1) for this table: RSA 1024 and 2048 as
 * SubjectPublicKeyInfo, RSA 2048 as a bare PKCS#1 RSAPublicKey, and an
 * Ed25519 key (RFC 8463).
 */
#include "dkimkey.h"
#include "tap.h"

#define K1024 \
	    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCwn3gGIQ6U/hrb+EYpGnTu" \
	    "IL/ZdmLsVe8Uaf+HJilCDbCuffRWEyKIR386/t6imiau1kFjQVXe+zs0vR6t" \
	    "Al2AGyfL67wMekvd15mF+RXp1+zqSKYY0DTPkcK+Vu8KMbYRotElNlnB4B4V" \
	    "6ktLq6j4Awz7elJ4zCqA/3xmtagNowIDAQAB"
#define K2048 \
	    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvolskQ8Bm+QSEuS9" \
	    "hYqt9yDzKesraAaFSqMJxOYkhDcIwT6LxFWKtMcGVFM5EtW/LNq5c+hjnXUG" \
	    "xh9tK7jV53BggnhasMVoC95r6FYJcnD9FeuVulj/cA5lucSUyXRdnPbftdWb" \
	    "Ahi1cW3x7JpRcN8vlKwprdr6tflSy3e3a0ev+SGzGZ+GPpWsvbYvukcYugZC" \
	    "5YVywumlUL746Hp6V22HFm6gFlOsC7K8efnfyerPGbHO5fV/WUSgPGAKRaFB" \
	    "cISX7HLrJ1P+nITVCrykEj0dRZS3g4eNE/mwiXOvU0E3v8lh08PixwZD1P4Z" \
	    "UDqSG94HLv5ediod+NgUxz1SCwIDAQAB"
#define PKCS1_2048 \
	    "MIIBCgKCAQEAvolskQ8Bm+QSEuS9hYqt9yDzKesraAaFSqMJxOYkhDcIwT6L" \
	    "xFWKtMcGVFM5EtW/LNq5c+hjnXUGxh9tK7jV53BggnhasMVoC95r6FYJcnD9" \
	    "FeuVulj/cA5lucSUyXRdnPbftdWbAhi1cW3x7JpRcN8vlKwprdr6tflSy3e3" \
	    "a0ev+SGzGZ+GPpWsvbYvukcYugZC5YVywumlUL746Hp6V22HFm6gFlOsC7K8" \
	    "efnfyerPGbHO5fV/WUSgPGAKRaFBcISX7HLrJ1P+nITVCrykEj0dRZS3g4eN" \
	    "E/mwiXOvU0E3v8lh08PixwZD1P4ZUDqSG94HLv5ediod+NgUxz1SCwIDAQAB"
#define ED25519 "sxQ25fHN1vVD+Nm+X0iFf9YXB53ABm6Hbm3uZ58SPbA="

static const struct {
	const char	*rec;
	int		 ret;
	const char	*type;
	unsigned	 bits;
	int		 revoked, testing;
	const char	*why;
} cases[] = {
	{ "v=DKIM1; k=rsa; p=" K2048, 0, "rsa", 2048, 0, 0, "" },
	{ "v=DKIM1; h=sha256; k=rsa; p=" K1024, 0, "rsa", 1024, 0, 0, "" },
	{ "p=" K2048, 0, "rsa", 2048, 0, 0, "" },
	{ "v=DKIM1; p=" PKCS1_2048, 0, "rsa", 2048, 0, 0, "" },
	{ " v = DKIM1 ; k = RSA ; t = y ; p = " K1024 " ; ", 0, "rsa", 1024,
	    0, 1, "" },
	{ "v=DKIM1; t=s:y; p=" K1024, 0, "rsa", 1024, 0, 1, "" },
	{ "v=DKIM1; t=s; p=" K1024, 0, "rsa", 1024, 0, 0, "" },
	{ "v=DKIM1; t=yes; p=" K1024, 0, "rsa", 1024, 0, 0, "" },
	{ "v=DKIM1; k=ed25519; p=" ED25519, 0, "ed25519", 0, 0, 0, "" },
	{ "v=DKIM1; k=rsa; p=", 0, "rsa", 0, 1, 0, "" },
	{ "v=DKIM1; p=MIIBIj AN Bg kq", -1, "rsa", 0, 0, 0,
	    "p= is not an RSA public key" },
	{ "v=DKIM1; p=!!!!", -1, "rsa", 0, 0, 0,
	    "p= is not base64, or too long" },
	{ "v=DKIM1; k=rsa", -1, "rsa", 0, 0, 0, "no p= tag" },
	{ "k=rsa; v=DKIM1; p=" K1024, -1, "rsa", 0, 0, 0,
	    "v= is not DKIM1 as the first tag" },
	{ "v=DKIM2; p=" K1024, -1, "rsa", 0, 0, 0,
	    "v= is not DKIM1 as the first tag" },
	{ "v=DKIM1; p=" K1024 "; p=" K1024, -1, "rsa", 0, 0, 0,
	    "a tag appears twice" },
	{ "v=DKIM1; k rsa; p=" K1024, -1, "rsa", 0, 0, 0,
	    "a tag without '='" },
	{ "v=spf1 -all", -1, "rsa", 0, 0, 0,
	    "v= is not DKIM1 as the first tag" },
	{ "", -1, "rsa", 0, 0, 0, "no p= tag" },
};

int
main(void)
{
	struct dkimkey k;
	char name[160];
	size_t i, len;
	char *copy;
	int r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		copy = tap_exact(cases[i].rec, &len);
		r = dkimkey_parse(copy, len, &k);
		snprintf(name, sizeof(name), "case %zu (%.40s): %s", i,
		    cases[i].rec, cases[i].ret == 0 ? "parses" : "refused");
		tap_is_int(r, cases[i].ret, name);
		snprintf(name, sizeof(name), "case %zu: the reason", i);
		tap_is_str(r == 0 ? "" : k.why, cases[i].why, name);
		if (r == 0) {
			snprintf(name, sizeof(name), "case %zu: type, bits, "
			    "revoked, testing", i);
			tap_ok(strcmp(k.type, cases[i].type) == 0 &&
			    k.bits == cases[i].bits &&
			    k.revoked == cases[i].revoked &&
			    k.testing == cases[i].testing, name);
			if (k.bits != cases[i].bits)
				printf("#   expected: %u bits\n#        got: "
				    "%u\n", cases[i].bits, k.bits);
		}
		free(copy);
	}
	{
		/* a key over DKIMKEY_MAX_KEY octets decoded: refused, no overrun */
		static char big[8192];

		memcpy(big, "p=", 2);
		memset(big + 2, 'A', sizeof(big) - 2);
		tap_is_int(dkimkey_parse(big, sizeof(big), &k), -1,
		    "a key of 6 KB is refused");
	}
	return tap_done();
}
