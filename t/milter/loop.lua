-- Sends messages one after another until the file STOP exists (at most
-- MAX), each on its own connection, for t/24-reload-under-load.t: From
-- and MAIL FROM in the test zone, so every message has SPF, DMARC and
-- existence lookups to make, 20 ms apart. One TAP line per message,
-- with the reply.
-- Globals from -D: SOCKET, LIB, STOP, ID (this sender's name), MAX.
dofile(LIB)
mt.set_timeout(120)
local function stopped()
	local f = io.open(STOP, "r")
	if f == nil then return false end
	f:close()
	return true
end
T.run(function()
	local n = 0
	while not stopped() and n < tonumber(MAX) do
		n = n + 1
		local h = {
			{ "From", " News <news@lat.example>" },
			{ "To", " rcpt@example.net" },
			{ "Date", " Thu, 26 Nov 2026 06:00:00 +0000" },
			{ "Message-ID", " <" .. ID .. "." .. n .. "@lat.example>" },
			{ "Subject", " hello" },
		}
		local conn = T.send({ headers = h, from = "<bounce@lat.example>",
		    qid = ID .. "N" .. n })
		print("ok - " .. ID .. " message " .. n .. ": " ..
		    T.rname(mt.getreply(conn)))
		mt.disconnect(conn)
		mt.sleep(0.02)
	end
end)
