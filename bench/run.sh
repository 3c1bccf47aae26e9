#!/usr/bin/env bash
# The side-by-side benchmark of issue 9: ModelRoute and its baselines on this machine, one run.
# Usage: bench/run.sh [--quick] [--no-build] [--keep] [--rounds N] [--only 1,2,3,4,5] [--out FILE]
#   --quick     short runs and small counts (< 3 min): a smoke test, not a measurement
#   --no-build  use the jars already built
#   --keep      keep the work directory (server logs, databases) even when every figure ran
# Prints every run, the medians and ratios, and writes a markdown table to bench/results/<date>.md
# (bench/results/<date>-quick.md with --quick). See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=1
ARGS=()
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=0 ;;
    *) ARGS+=("$a") ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
command -v jcmd >/dev/null || { echo "jcmd (a full JDK) is needed" >&2; exit 1; }
if [ "$BUILD" = 1 ]; then
  echo "building the product jar and the bench module (mvn -o -Pbench package -DskipTests)..."
  # one reactor build: the product modules (cli/target/modelroute.jar) and bench/ (the -Pbench
  # profile; bench/ is not a module of the default build, so its baselines never reach the product)
  mvn -B -q -o -Pbench package -DskipTests
fi
[ -f cli/target/modelroute.jar ] && [ -f bench/target/modelroute-bench.jar ] || {
  echo "missing cli/target/modelroute.jar or bench/target/modelroute-bench.jar; run without --no-build" >&2; exit 1; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -Xmx2g -cp bench/target/modelroute-bench.jar io.modelroute.bench.Bench \
  --root . --jar cli/target/modelroute.jar ${ARGS[@]+"${ARGS[@]}"}
