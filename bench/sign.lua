-- Sign POSTs for bench/run.py, each with a new address.
--   wrk -s bench/sign.lua URL -- BODY COOKIE TAG
-- BODY is the url-encoded form without its email field (CSRF token and hidden fields
-- included, fetched once by run.py), COOKIE the csrftoken cookie, TAG makes the
-- addresses unique across runs. Counts 302 answers (a signature accepted) and prints
-- them with the latency percentiles as one "BENCH {json}" line.

dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "counts.lua")

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  prefix, cookie, tag = args[1], args[2], args[3]
  counter, ok, other = 0, 0, 0
  expected = 302
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = cookie
end

function request()
  counter = counter + 1
  local email = tag .. "-" .. id .. "-" .. counter .. "%40example.org"
  return wrk.format(nil, nil, nil, prefix .. "&email=" .. email)
end
