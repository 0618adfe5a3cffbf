dofile(LIB)
T.run(function()
	local conn = T.send({ headers = T.headers({ { "X-Test", " tempfail" } }) })
	local r = mt.getreply(conn)
	T.ok(r == SMFIR_REPLYCODE, "tempfail: a reply code is set", "replycode", T.rname(r))
	T.ok(mt.eom_check(conn, MT_SMTPREPLY, "451", "4.7.1", "try again later (defer-me)"),
	    "tempfail: reply is 451 4.7.1 with the rule's text")
	mt.disconnect(conn)
end)
