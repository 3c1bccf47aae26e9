-- wrk script: the documented POST /v1/executions, each request with its own Idempotency-Key.
-- Usage: MODELROUTE_API_KEY=sk_... wrk -t2 -c32 -d30s -s bench/submit.lua http://127.0.0.1:8080
-- With MODELROUTE_KEYS_FILE (one API key a line) the requests go round-robin over those keys
-- (one organization each): bench/run.sh uses it for the 1,000-organization figure.
local counter = 0
local thread_id = 0
local keys = {}

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  math.randomseed(os.time() + tid)
  prefix = string.format("bench-%d-%d-%d-", os.time(), tid, math.random(1, 1000000000))
  local file = os.getenv("MODELROUTE_KEYS_FILE")
  if file and file ~= "" then
    for line in io.lines(file) do
      if line ~= "" then keys[#keys + 1] = line end
    end
  else
    keys[1] = os.getenv("MODELROUTE_API_KEY")
  end
  counter = tid * 7919
end

request = function()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. keys[(counter % #keys) + 1],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. counter,
  }
  local body = '{"model": "flux-1.1-pro", "input": {"prompt": "A futuristic city skyline at sunset"}}'
  return wrk.format("POST", "/v1/executions", headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("non-2xx/3xx: %d\n", summary.errors.status))
end
