-- One message with the given From (FROM), SASL login (AUTH) and MAIL
-- FROM (MAILFROM); EXPECT is "drift" (tagged identity-drift), "accept"
-- (nothing) or a reply text prefix for a reject.
dofile(LIB)
T.run(function()
	local h = T.headers()
	h[1] = { "From", " " .. FROM }
	local conn = T.send({ headers = h, auth = AUTH, from = MAILFROM or "<b@bounce.example.com>",
	    qid = QID or "IDQ" })
	local r = mt.getreply(conn)
	if EXPECT == "drift" then
		local v = mt.getheader(conn, "X-Senderlint", 0)
		T.ok(v ~= nil and string.match(v, "identity%-drift") ~= nil,
		    NAME .. ": tagged identity-drift", "identity-drift", v)
	elseif EXPECT == "accept" then
		T.ok(r == SMFIR_CONTINUE and not mt.eom_check(conn, MT_HDRADD),
		    NAME .. ": accepted untouched", "continue", T.rname(r))
	else
		T.ok(r == SMFIR_REPLYCODE, NAME .. ": rejected", "replycode", T.rname(r))
	end
	mt.disconnect(conn)
end)
