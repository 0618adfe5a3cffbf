dofile(LIB)
T.run(function()
	local h = T.headers()
	table.remove(h, 6)	-- no List-Unsubscribe
	local conn = T.send({ headers = h, auth = "news-weekly" })
	T.ok(mt.eom_check(conn, MT_SMTPREPLY, "550", "5.7.1",
	    "bulk mail from stream news needs List-Unsubscribe: unsub.missing (no List-Unsubscribe field)"),
	    "stream: SASL user news-* maps to the bulk stream, whose rule rejects")
	mt.disconnect(conn)
	conn = T.send({ headers = h, auth = "shop" })
	local r = mt.getreply(conn)
	T.ok(r == SMFIR_CONTINUE, "stream: another SASL user is not in the bulk stream", "continue", T.rname(r))
	mt.disconnect(conn)
end)
