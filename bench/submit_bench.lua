-- wrk script of bench/submit_bench.py. Thread i sends the lines of TARGETS.i in order, each once (ready,
-- signed request targets), and stops when they are used up. Each answer is counted: "accepted" when its
-- body has "Code":0 (a ZEGO submission) or it is a 200 of /healthz; the TaskId of every accepted
-- submission is written to IDS.i, so that the bench can look each one up in the database. done() prints
-- one JSON line (prefixed "RESULT ") with the counts and the latency percentiles in microseconds.
--
-- With SUBMIT_BENCH_RATE=RATE in the environment (requests per second of each thread), requests are
-- paced: each thread hands out send times 1/RATE s apart on the monotonic clock, and a connection ready to
-- send waits for the next one (delay()). A server that keeps up then gets RATE requests per second from
-- each thread however fast it answers; one that falls behind gets the next request as soon as a
-- connection is free, as without RATE. Latency is timed from each request's actual send.
--
-- [SUBMIT_BENCH_RATE=R] wrk -s submit_bench.lua URL -- TARGETS IDS

local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec* now);
]]
local clock_now = ffi.new("bench_timespec")

local function now_ms()
  ffi.C.clock_gettime(1, clock_now)  -- CLOCK_MONOTONIC
  return tonumber(clock_now.tv_sec) * 1000 + tonumber(clock_now.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  targets = {}
  for line in io.lines(args[1] .. "." .. index) do targets[#targets + 1] = line end
  next_target = 0
  accepted = 0
  refused = 0
  ids = io.open(args[2] .. "." .. index, "w")
end

-- Defined only when paced: wrk asks delay() before every request of a script that has one.
local rate = tonumber(os.getenv("SUBMIT_BENCH_RATE") or "")
if rate then
  local interval_ms = 1000 / rate
  local next_send_ms = nil
  -- The wait before a ready connection sends: until this thread's next send time, which it then takes.
  function delay()
    local now = now_ms()
    if next_send_ms == nil or next_send_ms < now - 1000 then next_send_ms = now end  -- start, or fell behind
    local wait = next_send_ms - now
    next_send_ms = next_send_ms + interval_ms
    if wait < 0 then return 0 end
    return math.floor(wait)
  end
end

function request()
  next_target = next_target + 1
  if next_target > #targets then
    wrk.thread:stop()
    next_target = #targets
  end
  return wrk.format("GET", targets[next_target])
end

function response(status, headers, body)
  if status == 200 and string.find(body, '"Code":0,', 1, true) then
    accepted = accepted + 1
    local id = string.match(body, '"TaskId":"([^"]+)"')
    if id then ids:write(id, "\n") end
  elseif status == 200 and body == '{"status":"ok"}' then
    accepted = accepted + 1
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local total_accepted, total_refused = 0, 0
  for _, thread in ipairs(threads) do
    total_accepted = total_accepted + thread:get("accepted")
    total_refused = total_refused + thread:get("refused")
  end
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"accepted":%d,"refused":%d,"errors":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, total_accepted, total_refused,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
