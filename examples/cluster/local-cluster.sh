#!/usr/bin/env bash
# A three-node ModelRoute cluster on this machine: one PostgreSQL, one S3-compatible store (S3Proxy
# on local disk), three `serve` processes on ports 18081-18083. See docs/deployment.md.
#
#   examples/cluster/local-cluster.sh start   # build first: mvn -q -DskipTests package
#   examples/cluster/local-cluster.sh stop
#
# Needs PostgreSQL's initdb/pg_ctl on the PATH (or MODELROUTE_DB_URL pointing at a database you
# have) and Maven (to fetch S3Proxy once). Everything lives under ./cluster-data.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${CLUSTER_DIR:-$PWD/cluster-data}
JAR=cli/target/modelroute.jar
PG_PORT=${PG_PORT:-55440}
S3_PORT=${S3_PORT:-18700}
ADMIN_TOKEN=${ADMIN_TOKEN:-local-cluster-admin-token-change-me}
export AWS_ACCESS_KEY_ID=local-cluster AWS_SECRET_ACCESS_KEY=local-cluster-secret

start() {
  [ -f "$JAR" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
  mkdir -p "$DIR"
  DB_URL=${MODELROUTE_DB_URL:-}
  if [ -z "$DB_URL" ]; then
    if [ ! -d "$DIR/pg" ]; then
      initdb -D "$DIR/pg" -U postgres --auth=trust >/dev/null
    fi
    pg_ctl -D "$DIR/pg" -o "-p $PG_PORT -c listen_addresses=127.0.0.1" -l "$DIR/pg.log" start >/dev/null
    DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres"
  fi
  S3JAR="$DIR/s3proxy.jar"
  if [ ! -f "$S3JAR" ]; then
    mvn -q dependency:copy -Dartifact=org.gaul:s3proxy:2.6.0:jar:jar-with-dependencies -DoutputDirectory="$DIR"
    mv "$DIR"/s3proxy-2.6.0-jar-with-dependencies.jar "$S3JAR"
  fi
  mkdir -p "$DIR/s3/modelroute" # the bucket: S3Proxy keeps one directory per bucket
  cat > "$DIR/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$DIR/s3
CONF
  nohup java -jar "$S3JAR" --properties "$DIR/s3proxy.conf" > "$DIR/s3proxy.log" 2>&1 &
  echo $! > "$DIR/s3proxy.pid"
  until curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; do sleep 0.5; done
  for n in 1 2 3; do
    nohup java -jar "$JAR" serve --node-id "node-$n" --port "1808$n" --data-dir "$DIR/node-$n" \
      --db-url "$DB_URL" --db-user postgres --admin-token "$ADMIN_TOKEN" \
      --file-store s3://modelroute/files --s3-endpoint "http://127.0.0.1:$S3_PORT" --s3-path-style \
      > "$DIR/node-$n.log" 2>&1 &
    echo $! > "$DIR/node-$n.pid"
  done
  for n in 1 2 3; do
    until curl -sf -o /dev/null "http://127.0.0.1:1808$n/readyz"; do sleep 0.5; done
  done
  echo "three nodes: http://127.0.0.1:18081 18082 18083 (admin token: $ADMIN_TOKEN)"
  echo "nodes:  curl -s -H 'Authorization: Bearer $ADMIN_TOKEN' http://127.0.0.1:18081/admin/v1/nodes"
}

stop() {
  for f in "$DIR"/node-*.pid "$DIR"/s3proxy.pid; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  if [ -z "${MODELROUTE_DB_URL:-}" ] && [ -d "$DIR/pg" ]; then
    pg_ctl -D "$DIR/pg" stop >/dev/null 2>&1 || true
  fi
  echo stopped
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
