-- When senderlint itself cannot carry out a verdict (here: hold, but the
-- MTA did not offer quarantine), the message gets on_error. EXPECT is
-- "tempfail" or "accept", set by the caller.
dofile(LIB)
T.run(function()
	local conn = mt.connect(SOCKET, 40, 0.25)
	if conn == nil then error("cannot connect to " .. SOCKET) end
	local e = mt.negotiate(conn, 6, SMFIF_ADDHDRS, 0)
	if e ~= nil then error("negotiate: " .. e) end
	mt.conninfo(conn, "client.senderlint.test", "192.0.2.10")
	mt.mailfrom(conn, "<sender@example.com>")
	mt.rcptto(conn, "<rcpt@example.net>")
	for _, h in ipairs(T.headers({ { "X-Test", " hold" } })) do mt.header(conn, h[1], h[2]) end
	mt.eoh(conn)
	mt.bodystring(conn, "Hello.\r\n")
	mt.eom(conn)
	local r = mt.getreply(conn)
	if EXPECT == "accept" then
		T.ok(r == SMFIR_ACCEPT, "on_error accept: the message is accepted", "accept", T.rname(r))
	else
		T.ok(r == SMFIR_REPLYCODE, "on_error tempfail: a reply code is set", "replycode", T.rname(r))
		T.ok(mt.eom_check(conn, MT_SMTPREPLY, "451", "4.3.0", "senderlint: temporary local problem, try again later"),
		    "on_error tempfail: 451 4.3.0 temporary local problem")
	end
	mt.disconnect(conn)
end)
