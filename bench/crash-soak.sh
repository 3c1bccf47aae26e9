#!/usr/bin/env bash
# Crash soak by hand (docs/architecture.md): 16 concurrent submitters over a mixed catalog, kill -9 of the
# server after 1-4 s of load, restart on the same data directory, replay of unanswered creates,
# repeated KILLS times; then every 202 present, every execution terminal, idempotency records
# pointing at their executions, ledger exact, no negative balance. Same code as CrashSoakIT.
#
#   bench/crash-soak.sh [KILLS] [DATABASE]
#     KILLS     default 50
#     DATABASE  embedded (default: the local PostgreSQL in the data directory),
#               postgresql (a PostgreSQL started in the test JVM, reached with --db-url),
#               h2 (an H2 file database; the evidence in docs/crash-safety.md), or all
#   SOAK_DIR=/some/dir keeps the data directories (and server logs) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS="${1:-50}"
DB="${2:-embedded}"
case "$DB" in
  embedded) TESTS='CrashSoakIT#theEmbeddedDefault*' ;;
  postgresql) TESTS='CrashSoakIT#postgresql*' ;;
  h2) TESTS='CrashSoakIT#anH2File*' ;;
  all) TESTS='CrashSoakIT' ;;
  *) echo "DATABASE must be embedded, postgresql, h2 or all" >&2; exit 2 ;;
esac
mvn -B -ntp -pl cli -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test="$TESTS" -Dsoak.kills="$KILLS" -Dsoak.h2=true \
  ${SOAK_DIR:+-Dsoak.dir="$SOAK_DIR"}
grep -h "crash soak\|size:\|H2 file:" cli/target/failsafe-reports/*CrashSoakIT-output.txt 2>/dev/null || true
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
