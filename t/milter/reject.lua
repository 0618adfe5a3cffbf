dofile(LIB)
T.run(function()
	local h = T.headers({ { "From", " Second <second@example.com>" } })
	local conn = T.send({ headers = h })
	local r = mt.getreply(conn)
	T.ok(r == SMFIR_REPLYCODE, "reject: two From fields get a reply code", "replycode", T.rname(r))
	T.ok(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1",
	    "exactly one From field is required: rfc5322.from.multiple (2 From fields); rule single-from, see https://senderlint.test/rules/single-from"),
	    "reject: reply is 550 5.7.1 with our text, facts, rule id and url")
	mt.disconnect(conn)
	-- a message without From
	h = {
		{ "To", " rcpt@example.net" }, { "Date", " Thu, 26 Nov 2026 06:00:00 +0000" },
		{ "Message-ID", " <t2@example.com>" }, { "Subject", " no from" },
	}
	conn = T.send({ headers = h })
	T.ok(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1",
	    "exactly one From field is required: rfc5322.from.missing (no From field); rule single-from, see https://senderlint.test/rules/single-from"),
	    "reject: a missing From is named in the reply")
	mt.disconnect(conn)
end)
