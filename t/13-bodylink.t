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
# the forms of issue 11: the words stand beside the link, not in its text
check german-hier.eml false "German: \"nicht mehr erhalten ... klicken Sie hier\" (a reference, a soft break) around the anchor"
check german-title-only.eml false "German: title=\"Abmeldung\" on an anchor whose text is \"hier\""
check english-click-here.eml false "English: \"to stop receiving emails ... click here\", /optOut/ in the URL"
check html-url-path-only.eml false "a word in the URL path alone (/optOut/)"
check html-aria-label.eml false "aria-label on an image link; the word in <style> does not count"
check plain-line-before.eml false "plain text: the word on the line before the URL"
check german-hier-no-word.eml true "an anchor \"hier\" with no word in its sentence, title or URL"
check html-word-other-sentence.eml true "the word in another sentence than the link does not count"
check plain-word-far-from-url.eml true "plain text: the word lines away from the URL does not count"
tap_done
