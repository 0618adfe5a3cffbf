#!/bin/sh
# unsub.body-link.missing on real multipart messages: quoted-printable
# (with a soft line break inside the word) and base64 text, HTML anchors,
# nested multiparts, German, and the cases that must not count (words
# without a link, a link only in an attachment).
. t/lib/tap.sh
. t/lib/harness.sh
h_init
D=t/data/bodylink
check() {	# FILE EXPECTED(true/false) NAME
	got=$("$SLC" -r t/data/rules/milter.yaml --json "$D/$1" | perl -MJSON::PP -ne '
		my $o = decode_json($_);
		print(($_->{value} ? "true" : "false")) for grep { $_->{id} eq "unsub.body-link.missing" } @{$o->{facts}}')
	is "$got" "$2" "$3"
}
check alternative-qp-base64.eml false "multipart/alternative, quoted-printable text and base64 HTML: link found"
check plain-qp-softbreak.eml false "a soft line break inside \"unsubscribe\" is decoded away"
check html-base64-short-lines.eml false "base64 HTML split over short lines"
check html-only-german.eml false "German \"Abmelden\" in an HTML anchor, quoted-printable"
check nested-mixed.eml false "HTML in multipart/alternative inside multipart/mixed"
check alternative-no-link.eml true "text and HTML without an unsubscribe link"
check plain-no-url.eml true "the word without any link does not count"
check attachment-only.eml true "a link only inside a PDF attachment does not count"
tap_done
