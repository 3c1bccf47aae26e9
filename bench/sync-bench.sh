#!/usr/bin/env bash
# SYNC benchmark: N (default 2000) concurrent `Prefer: wait=60` requests against a model that
# takes 2 s, sampling the server's live thread count from /metrics while they are parked.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2000}"
[ -f cli/target/modelroute.jar ] || mvn -B -q package -DskipTests
DATA=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
ulimit -n 65536 2>/dev/null || true
java -jar cli/target/modelroute.jar serve --dev --port "$PORT" --host 127.0.0.1 --data-dir "$DATA" \
  --catalog bench/sync-catalog.yaml ${DBURL:+--db-url "$DBURL"} --rate-limit 1000000 --rate-burst 1000000 --max-connections-per-ip 0 > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  [ -f "$DATA/dev-api-key" ] && curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break
  sleep 0.5
done
echo "== $N concurrent SYNC requests, model latency 2 s"
java -cp cli/target/modelroute.jar bench/SyncBench.java "http://127.0.0.1:$PORT" "$(cat "$DATA/dev-api-key")" "$N"
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
