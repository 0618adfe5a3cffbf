-- miltertest load driver: N messages of one shape over one connection.
-- Globals: SOCKET, N, HEADERS (count), BODY (octets), DKIMSIG (optional:
-- a DKIM-Signature value over From and the body, added first).
local function run()
local conn = mt.connect(SOCKET, 40, 0.25)
if conn == nil then error("cannot connect") end
mt.conninfo(conn, "client.bench", "192.0.2.10")
mt.helo(conn, "client.bench")
-- the milter protocol carries at most 64 KB per body chunk: send 16 KB ones
local line = string.rep("x", 76) .. "\r\n"
local chunk = string.rep(line, 210)
local nchunks = math.floor(tonumber(BODY) / #chunk)
local rest = string.rep(line, math.floor((tonumber(BODY) - nchunks * #chunk) / #line))
local nh = tonumber(HEADERS)
for i = 1, tonumber(N) do
	mt.macro(conn, SMFIC_MAIL, "i", "Q" .. i)
	mt.mailfrom(conn, "<sender@example.com>")
	mt.rcptto(conn, "<rcpt@example.net>")
	if DKIMSIG ~= nil and DKIMSIG ~= "" then
		mt.header(conn, "DKIM-Signature", " " .. DKIMSIG)
	end
	mt.header(conn, "From", " Bench <sender@example.com>")
	mt.header(conn, "To", " rcpt@example.net")
	mt.header(conn, "Date", " Thu, 26 Nov 2026 06:00:00 +0000")
	mt.header(conn, "Message-ID", " <" .. i .. "@example.com>")
	mt.header(conn, "Subject", " benchmark message " .. i)
	mt.header(conn, "List-Unsubscribe", " <https://example.com/u/" .. i .. ">")
	for h = 7, nh do
		mt.header(conn, "X-Bench-" .. h, " value of header number " .. h .. " for message " .. i)
	end
	mt.eoh(conn)
	for c = 1, nchunks do mt.bodystring(conn, chunk) end
	if #rest > 0 then mt.bodystring(conn, rest) end
	mt.eom(conn)
	if mt.getreply(conn) ~= SMFIR_CONTINUE and mt.getreply(conn) ~= SMFIR_ACCEPT then
		error("unexpected reply at message " .. i)
	end
end
mt.disconnect(conn)
end
local ok, err = pcall(run)
if not ok then print("load.lua: " .. tostring(err)); os.exit(1) end
