-- wrk script: the documented POST /v1/executions, each request with its own Idempotency-Key.
-- Usage: MODELROUTE_API_KEY=sk_... wrk -t2 -c32 -d30s -s bench/submit.lua http://127.0.0.1:8080
local counter = 0
local thread_id = 0
local key = os.getenv("MODELROUTE_API_KEY")

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + tid)
  prefix = string.format("bench-%d-%d-", os.time(), math.random(1, 1000000000))
end

request = function()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. counter,
  }
  local body = '{"model": "flux-1.1-pro", "input": {"prompt": "A futuristic city skyline at sunset"}}'
  return wrk.format("POST", "/v1/executions", headers, body)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("non-2xx/3xx: %d\n", summary.errors.status))
end
