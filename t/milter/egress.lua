dofile(LIB)
-- Two bulk messages from a configuration whose egress IP has no PTR
-- record (t/48-egress-ptr.t sets it up, and reads the code in the log):
-- each is refused with a reply.
T.run(function()
	for i = 1, 2 do
		local conn = T.send({ headers = T.headers({
		    { "X-Senderlint-Stream", " bulk" },
		    { "List-Unsubscribe-Post", " List-Unsubscribe=One-Click" } }),
		    qid = "EGRESS" .. i })
		local r = mt.getreply(conn)
		T.ok(r == SMFIR_REPLYCODE, "daemon, message " .. i ..
		    ": bulk mail from an IP without PTR is refused with a reply",
		    "replycode", T.rname(r))
		mt.disconnect(conn)
	end
end)
