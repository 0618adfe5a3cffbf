-- Sends every message file named in LIST (one path per line), each on its
-- own connection, as an MTA would: the header fields split like
-- senderlint-check's reader (the value after the colon, folded lines
-- joined by "\n"; Bcc, Content-Length and Return-Path withheld), the body
-- as the file's octets in chunks under libmilter's 64 KB packet limit. Message N gets queue id Q<N>.
dofile(LIB)

local withheld = { ["bcc"] = true, ["resent-bcc"] = true,
	["content-length"] = true, ["return-path"] = true }

local function split(data)
	local headers, pos = {}, 1
	local name, value
	while pos <= #data do
		local e = data:find("\n", pos, true) or #data
		local line = data:sub(pos, e):gsub("\r?\n$", "")
		if line == "" then pos = e + 1; break end
		local c = line:sub(1, 1)
		if (c == " " or c == "\t") and name ~= nil then
			value = value .. "\n" .. line
		else
			local n, v = line:match("^([!-9;-~]+):(.*)$")
			if n == nil then break end
			if name ~= nil then headers[#headers + 1] = { name, value } end
			name, value = n, v
		end
		pos = e + 1
	end
	if name ~= nil then headers[#headers + 1] = { name, value } end
	return headers, data:sub(pos)
end

local function send(path, n)
	local f = io.open(path, "rb")
	if f == nil then error("cannot read " .. path) end
	local data = f:read("*a")
	f:close()
	local headers, body = split(data)
	local conn = mt.connect(SOCKET, 40, 0.25)
	if conn == nil then error("cannot connect to " .. SOCKET) end
	mt.macro(conn, SMFIC_CONNECT, "j", "mta.senderlint.test",
	    "{daemon_name}", "smtpd")
	local e = mt.conninfo(conn, "client.senderlint.test", "192.0.2.10")
	if e ~= nil then error("conninfo: " .. e) end
	e = mt.helo(conn, "client.senderlint.test")
	if e ~= nil then error("helo: " .. e) end
	mt.macro(conn, SMFIC_MAIL, "i", "Q" .. n)
	e = mt.mailfrom(conn, "<sender@example.com>")
	if e ~= nil then error("mailfrom: " .. e) end
	e = mt.rcptto(conn, "<rcpt@example.net>")
	if e ~= nil then error("rcptto: " .. e) end
	for _, h in ipairs(headers) do
		if not withheld[h[1]:lower()] then
			e = mt.header(conn, h[1], h[2])
			if e ~= nil then error("header: " .. e) end
		end
	end
	e = mt.eoh(conn)
	if e ~= nil then error("eoh: " .. e) end
	for i = 1, #body, 60000 do
		e = mt.bodystring(conn, body:sub(i, i + 59999))
		if e ~= nil then error("body: " .. e) end
	end
	e = mt.eom(conn)
	if e ~= nil then error("eom: " .. e) end
	mt.disconnect(conn)
end

T.run(function()
	local n = 0
	for path in io.lines(LIST) do
		n = n + 1
		send(path, n)
	end
	T.ok(n > 0, "sent " .. n .. " messages")
end)
