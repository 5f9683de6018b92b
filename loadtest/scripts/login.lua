-- wrk script: every request is one student login with a valid access code (LOGIN_BODY).
-- Counts answers by status so the probe can tell served (200) from queued (503) logins.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("LOGIN_BODY")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, queued, other = 0, 0, 0
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 then
    queued = queued + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local o, q, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok")
    q = q + t:get("queued")
    x = x + t:get("other")
  end
  io.write(string.format("RESULT ok=%d queued=%d other=%d seconds=%.1f p50_ms=%.1f p99_ms=%.1f\n",
    o, q, x, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3))
end
