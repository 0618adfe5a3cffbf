-- Helpers for miltertest scripts: TAP output and one standard transaction.
-- miltertest hides the text of error(), so every script runs inside
-- pcall() and reports failures as TAP lines itself.

T = {}

function T.ok(cond, name, expected, got)
	if cond then
		print("ok - " .. name)
	else
		print("not ok - " .. name)
		if expected ~= nil then print("#   expected: " .. tostring(expected)) end
		if got ~= nil then print("#        got: " .. tostring(got)) end
	end
end

local names = {}
names[SMFIR_ACCEPT] = "accept"; names[SMFIR_CONTINUE] = "continue"
names[SMFIR_REJECT] = "reject"; names[SMFIR_TEMPFAIL] = "tempfail"
names[SMFIR_DISCARD] = "discard"; names[SMFIR_REPLYCODE] = "replycode"
function T.rname(r) return names[r] or tostring(r) end

-- Sends one message; opts: from, rcpt, auth, client, headers, body.
-- Returns the connection after end of message.
function T.send(opts)
	local conn = mt.connect(SOCKET, 40, 0.25)
	if conn == nil then error("cannot connect to " .. SOCKET) end
	mt.macro(conn, SMFIC_CONNECT, "j", "mta.senderlint.test",
	    "{daemon_name}", opts.daemon or "smtpd",
	    "{client_addr}", opts.client or "192.0.2.10")
	local e = mt.conninfo(conn, "client.senderlint.test", opts.client or "192.0.2.10")
	if e ~= nil then error("conninfo: " .. e) end
	e = mt.helo(conn, "client.senderlint.test")
	if e ~= nil then error("helo: " .. e) end
	mt.macro(conn, SMFIC_MAIL, "i", opts.qid or "TESTQID", "{auth_authen}", opts.auth or "")
	e = mt.mailfrom(conn, opts.from or "<sender@example.com>")
	if e ~= nil then error("mailfrom: " .. e) end
	e = mt.rcptto(conn, opts.rcpt or "<rcpt@example.net>")
	if e ~= nil then error("rcptto: " .. e) end
	for _, h in ipairs(opts.headers) do
		e = mt.header(conn, h[1], h[2])
		if e ~= nil then error("header: " .. e) end
	end
	e = mt.eoh(conn)
	if e ~= nil then error("eoh: " .. e) end
	e = mt.bodystring(conn, opts.body or "Hello.\r\n")
	if e ~= nil then error("body: " .. e) end
	e = mt.eom(conn)
	if e ~= nil then error("eom: " .. e) end
	return conn
end

-- A conforming message; extra headers appended.
function T.headers(extra)
	local h = {
		{ "From", " Example <sender@example.com>" },
		{ "To", " rcpt@example.net" },
		{ "Date", " Thu, 26 Nov 2026 06:00:00 +0000" },
		{ "Message-ID", " <t1@example.com>" },
		{ "Subject", " hello" },
		{ "List-Unsubscribe", " <https://example.com/u/1>" },
	}
	for _, x in ipairs(extra or {}) do
		if x[1] == "Subject" then h[5] = x else table.insert(h, x) end
	end
	return h
end

function T.run(f)
	local okay, err = pcall(f)
	if not okay then
		print("not ok - script raised an error")
		print("#   " .. tostring(err))
	end
end
