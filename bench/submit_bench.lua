-- wrk script of bench/submit_bench.py. Thread i sends the lines of TARGETS.i in order, each once (ready,
-- signed request targets), and stops when they are used up. Each answer is counted: "accepted" when its
-- body has "Code":0 (a ZEGO submission) or it is a 200 of /healthz; the TaskId of every accepted
-- submission is written to IDS.i, so that the bench can look each one up in the database. done() prints
-- one JSON line (prefixed "RESULT ") with the counts and the latency percentiles in microseconds.
--
-- wrk -s submit_bench.lua URL -- TARGETS IDS

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
