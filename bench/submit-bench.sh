#!/usr/bin/env bash
# Submit-path benchmark: wrk against `modelroute serve --dev` with the documented POST.
# Usage: bench/submit-bench.sh [duration=30s] [connections=32] [--no-workers]
# Builds the jar if missing, uses a fresh data directory, prints wrk's report and the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30s}"; CONNECTIONS="${2:-32}"; EXTRA="${3:-}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
[ -f cli/target/modelroute.jar ] || mvn -B -q package -DskipTests
DATA=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
java -jar cli/target/modelroute.jar serve --dev --port "$PORT" --host 127.0.0.1 --data-dir "$DATA" \
  --rate-limit 1000000 --rate-burst 1000000 $EXTRA > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  [ -f "$DATA/dev-api-key" ] && curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  sleep 0.5
done
# enough credit for every request (the dev organization starts with 100.000)
java -jar cli/target/modelroute.jar admin credit dev 1000000 --data-dir "$DATA" >/dev/null
export MODELROUTE_API_KEY=$(cat "$DATA/dev-api-key")
echo "warm-up..."; wrk -t2 -c8 -d5s -s bench/submit.lua "http://127.0.0.1:$PORT" >/dev/null
echo "== wrk -t2 -c$CONNECTIONS -d$DURATION, POST /v1/executions (flux-1.1-pro) $EXTRA"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/submit.lua "http://127.0.0.1:$PORT"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
