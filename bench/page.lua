-- GETs of a page for bench/run.py.
--   wrk -s bench/page.lua URL [-- ETAG [PAGES]]     (ETAG "-": none)
-- With ETAG every request is conditional (If-None-Match) and a 304 counts as the
-- expected answer, as a reverse proxy revalidating would see it; otherwise a 200 does.
-- With PAGES (a number) every request asks for a page of the list picked at random
-- among that many (?page=N), as a crawler walking a long list would: the caches hold
-- few of them, so Django builds nearly every page.
-- Prints the counts and latency percentiles as one "BENCH {json}" line.

dofile(debug.getinfo(1, "S").source:match("^@(.-)[^/]*$") .. "counts.lua")

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
