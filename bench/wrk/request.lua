-- One request shape for wrk, from the environment bench/run.ts sets: BENCH_METHOD, BENCH_BODY (JSON), BENCH_KEY.
-- done() prints one line `JSON {...}` that bench/run.ts reads (latencies in microseconds).
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local key = os.getenv("BENCH_KEY")
if key and key ~= "" then
  wrk.headers["RT-UDDOKTAPAY-API-KEY"] = key
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"non2xx":%d,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
