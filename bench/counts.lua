-- Shared by bench/page.lua and bench/sign.lua (loaded with dofile from the script's own
-- folder): each thread counts the answers with the status it expects (the global
-- "expected") against the others, and done() prints the totals and latency percentiles
-- as one "BENCH {json}" line for bench/run.py.

threads = {}

function setup(thread)
  table.insert(threads, thread)
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
