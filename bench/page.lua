-- GETs of a page for bench/run.py.
--   wrk -s bench/page.lua URL [-- ETAG [PAGES]]     (ETAG "-": none)
-- With ETAG every request is conditional (If-None-Match) and a 304 counts as the
-- expected answer, as a reverse proxy revalidating would see it; otherwise a 200 does.
-- With PAGES (a number) every request asks for a page of the list picked at random
-- among that many (?page=N), as a crawler walking a long list would: the caches hold
-- few of them, so Django builds nearly every page.
-- Prints the counts and latency percentiles as one "BENCH {json}" line.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, other = 0, 0
  expected = 200
  if args[1] ~= nil and args[1] ~= "" and args[1] ~= "-" then
    wrk.headers["If-None-Match"] = args[1]
    expected = 304
  end
  pages = tonumber(args[2] or "")
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  if pages == nil then
    return wrk.format()
  end
  -- "&page=N" after a query string of its own (the search phase's "?q=…").
  local separator = wrk.path:find("?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "page=" .. math.random(1, pages))
end

function response(status, headers, body)
  if status == expected then ok = ok + 1 else other = other + 1 end
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
