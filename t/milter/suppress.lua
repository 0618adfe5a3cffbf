-- One transaction to several recipients, for the suppression list.
-- RCPTS: recipients, comma-separated; EXPECT: what each RCPT gets
-- (continue, replycode, tempfail), comma-separated; AUTH: SASL login;
-- EOM: what the end of the message gets: "continue" (accepted
-- untouched), "tag:RULE" (X-Senderlint names RULE), "reply:TEXT" (550
-- 5.7.1 TEXT), or "none" (every recipient refused: no DATA).
dofile(LIB)
T.run(function()
	local conn = mt.connect(SOCKET, 40, 0.25)
	if conn == nil then error("cannot connect to " .. SOCKET) end
	mt.macro(conn, SMFIC_CONNECT, "j", "mta.senderlint.test", "{daemon_name}", "smtpd")
	local e = mt.conninfo(conn, "client.senderlint.test", "192.0.2.10")
	if e ~= nil then error("conninfo: " .. e) end
	e = mt.helo(conn, "client.senderlint.test")
	if e ~= nil then error("helo: " .. e) end
	mt.macro(conn, SMFIC_MAIL, "i", QID or "SUPPQID", "{auth_authen}", AUTH or "")
	e = mt.mailfrom(conn, "<sender@example.com>")
	if e ~= nil then error("mailfrom: " .. e) end
	local want = {}
	for w in string.gmatch(EXPECT, "[^,]+") do table.insert(want, w) end
	local i = 1
	for rcpt in string.gmatch(RCPTS, "[^,]+") do
		e = mt.rcptto(conn, "<" .. rcpt .. ">")
		if e ~= nil then error("rcptto: " .. e) end
		local r = T.rname(mt.getreply(conn))
		T.ok(r == want[i], NAME .. ": RCPT " .. rcpt .. " gets " .. want[i], want[i], r)
		i = i + 1
	end
	if EOM ~= "none" then
		for _, h in ipairs(T.headers()) do
			e = mt.header(conn, h[1], h[2])
			if e ~= nil then error("header: " .. e) end
		end
		e = mt.eoh(conn)
		if e ~= nil then error("eoh: " .. e) end
		e = mt.bodystring(conn, "Hello.\r\n")
		if e ~= nil then error("body: " .. e) end
		e = mt.eom(conn)
		if e ~= nil then error("eom: " .. e) end
		local r = mt.getreply(conn)
		if EOM == "continue" then
			T.ok(r == SMFIR_CONTINUE and not mt.eom_check(conn, MT_HDRADD),
			    NAME .. ": the message is accepted untouched", "continue", T.rname(r))
		elseif string.sub(EOM, 1, 4) == "tag:" then
			local v = mt.getheader(conn, "X-Senderlint", 0)
			T.ok(r == SMFIR_CONTINUE and v ~= nil and string.find(v, string.sub(EOM, 5), 1, true) ~= nil,
			    NAME .. ": the message is tagged " .. string.sub(EOM, 5), string.sub(EOM, 5), v)
		else
			T.ok(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1", string.sub(EOM, 7)),
			    NAME .. ": the message gets 550 5.7.1 " .. string.sub(EOM, 7), "replycode", T.rname(r))
		end
	end
	mt.disconnect(conn)
end)
