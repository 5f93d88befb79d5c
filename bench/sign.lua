-- Sign POSTs for bench/run.py, each with a new address.
--   wrk -s bench/sign.lua URL -- BODY COOKIE TAG
-- BODY is the url-encoded form without its email field (CSRF token and hidden fields
-- included, fetched once by run.py), COOKIE the csrftoken cookie, TAG makes the
-- addresses unique across runs. Counts 302 answers (a signature accepted) and prints
-- them with the latency percentiles as one "BENCH {json}" line.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  prefix, cookie, tag = args[1], args[2], args[3]
  counter, ok, other = 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = cookie
end

function request()
  counter = counter + 1
  local email = tag .. "-" .. id .. "-" .. counter .. "%40example.org"
  return wrk.format(nil, nil, nil, prefix .. "&email=" .. email)
end

function response(status, headers, body)
  if status == 302 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_other = total_other + thread:get("other")
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"ok": %d, "other": %d, "requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "errors": %d}\n',
    total_ok, total_other, summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout))
end
