-- wrk script: every request logs in one of the benchmark users, from its own client address so that the
-- per-address throttle measures nothing but itself.
local users = tonumber(os.getenv("BENCH_USERS") or "50")
local counter = 0

request = function()
  counter = counter + 1
  local n = counter % users
  local body = string.format('{"email":"bench-%d@encore.local","password":"bench-password-%d"}', n, n)
  local headers = {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254)),
  }
  return wrk.format("POST", "/api/auth/login", headers, body)
end
