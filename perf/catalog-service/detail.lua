-- wrk script: each request reads one of the seeded performances (ids FIRST_ID..LAST_ID), so that a run touches
-- many cache keys rather than one hot key.
local first = tonumber(os.getenv("FIRST_ID"))
local last = tonumber(os.getenv("LAST_ID"))

request = function()
  return wrk.format("GET", "/api/performances/" .. math.random(first, last))
end
