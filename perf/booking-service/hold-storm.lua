-- wrk script: a hold storm on one performance. Request n asks for seat n % SEATS of section A (rows of 50) as user
-- (n % SEATS + n / SEATS) % USERS, so that the contenders for one seat are different users. Each thread takes every
-- THREADS-th request. Counts answers by status and prints one RESULT line after the run.
local seats = tonumber(os.getenv("SEATS"))
local users = tonumber(os.getenv("USERS"))
local stride = tonumber(os.getenv("THREADS"))
local performance = os.getenv("PERFORMANCE_ID")
local tokens = {}
for line in io.lines(os.getenv("TOKENS_FILE")) do tokens[#tokens + 1] = line end

local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local n
function init()
  n = id
  won, lost, other = 0, 0, 0
end

function request()
  local seat = n % seats
  local user = (seat + math.floor(n / seats)) % users
  n = n + stride
  local body = string.format('{"performanceId":%s,"seatIds":["A-%d-%d"]}', performance, math.floor(seat / 50) + 1, seat % 50 + 1)
  return wrk.format("POST", "/api/holds",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[user + 1] }, body)
end

-- PAUSE_MS (optional): each connection waits this long after an answer before its next request, so that
-- 100 connections with PAUSE_MS=30 offer about 3,000 requests/s instead of as many as the service answers
local pause = tonumber(os.getenv("PAUSE_MS") or "0")
if pause > 0 then
  function delay() return pause end
end

function response(status)
  if status == 201 then won = won + 1 elseif status == 409 then lost = lost + 1 else other = other + 1 end
end

function done(summary, latency)
  local w, l, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    w = w + thread:get("won"); l = l + thread:get("lost"); o = o + thread:get("other")
  end
  io.write(string.format("RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p99_ms=%.2f won=%d lost=%d other=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, w, l, o))
end
