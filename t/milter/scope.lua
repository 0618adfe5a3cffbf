-- Scope: which mail the daemon judges. The daemon's config (t/38) counts
-- as outbound: SASL logins, clients in 198.51.100.0/24, the service
-- ORIGINATING and MAIL FROM domains *.shop.example. Every message has two
-- From fields, so a judged one is rejected and one out of scope is
-- accepted at MAIL FROM, untouched.
dofile(LIB)

local function mail(o)
	local conn = mt.connect(SOCKET, 40, 0.25)
	if conn == nil then error("cannot connect to " .. SOCKET) end
	mt.macro(conn, SMFIC_CONNECT, "j", "mta.senderlint.test",
	    "{daemon_name}", o.daemon or "mta.senderlint.test")
	local e = mt.conninfo(conn, "client.example.net", o.client or "203.0.113.9")
	if e ~= nil then error("conninfo: " .. e) end
	e = mt.helo(conn, "client.example.net")
	if e ~= nil then error("helo: " .. e) end
	mt.macro(conn, SMFIC_MAIL, "i", "SCOPE", "{auth_authen}", o.auth or "")
	e = mt.mailfrom(conn, o.from or "<someone@icloud.com>")
	if e ~= nil then error("mailfrom: " .. e) end
	if mt.getreply(conn) == SMFIR_ACCEPT then
		mt.disconnect(conn)
		return "accepted at MAIL FROM"
	end
	e = mt.rcptto(conn, "<user@example.net>")
	if e ~= nil then error("rcptto: " .. e) end
	for _, h in ipairs(T.headers({ { "From", " Second <second@example.com>" } })) do
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
	mt.disconnect(conn)
	return r == SMFIR_REPLYCODE and "judged and rejected" or T.rname(r)
end

local function case(name, o, want)
	local got = mail(o)
	T.ok(got == want, "scope: " .. name, want, got)
end

T.run(function()
	case("an external client without login passes untouched", {},
	    "accepted at MAIL FROM")
	case("a SASL login is outbound", { auth = "news-app" },
	    "judged and rejected")
	case("a client in a scope network is outbound", { client = "198.51.100.7" },
	    "judged and rejected")
	case("a listed service is outbound", { daemon = "ORIGINATING" },
	    "judged and rejected")
	case("a MAIL FROM domain glob is outbound", { from = "<b@news.shop.example>" },
	    "judged and rejected")
	case("the glob does not match a look-alike domain", { from = "<b@news.shop.example.net>" },
	    "accepted at MAIL FROM")
end)
