#!/usr/bin/env bash
# Runs every JMH benchmark of the project, then the 60-second soak tests, and prints one summary
# table of the figures the issues ask for (issue 9). Fits in 10 minutes on 2 cores: the iteration
# settings below are shorter than the classes' own annotations (which suit longer, single-class runs).
#
#   benchmarks/run.sh                       # everything: build, benchmarks, soak, summary
#   SOAK_SECONDS=0 benchmarks/run.sh        # skip the soak tests
#   SKIP_BUILD=1 benchmarks/run.sh          # reuse benchmarks/target/benchmarks.jar
#   benchmarks/run.sh --summary-only        # re-print the table from benchmarks/target/jmh-*.json
#
# The 60-second soak alone (64 callers each through HikariCP, OkHttp and S3, no errors or leaks):
#   mvn -B -Psoak test -pl residency-jdbc,residency-http,residency-storage -am
# (-Dresidency.soak.seconds=N to change the duration; the default build runs them for 5 s.)
#
# JMH JSON goes to benchmarks/target/jmh-<name>.json, logs to benchmarks/target/run-logs/.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/benchmarks/target
JAR=$OUT/benchmarks.jar
SOAK_SECONDS=${SOAK_SECONDS:-60}
LOGS=$OUT/run-logs

if [[ "${1:-}" == "--summary-only" ]]; then
  exec python3 "$ROOT/benchmarks/summary.py" "$OUT"
fi

start=$(date +%s)
stamp() { echo "[$(date -u +%H:%M:%S) +$(( $(date +%s) - start ))s] $*"; }

stamp "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"\
" $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
stamp "java: $(java -version 2>&1 | head -1); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  stamp "build: mvn -B -q -DskipTests package -pl benchmarks -am"
  mvn -B -q -DskipTests package -pl benchmarks -am
fi
mkdir -p "$LOGS"
rm -f "$OUT"/jmh-*.json

# name | JMH include regex | JMH options (one fork each; -w/-r are seconds per iteration)
COMMON="-f 1 -wi 2 -w 1 -i 3 -r 1"
RUNS=(
  "guard|GuardBenchmark|$COMMON"
  "scaling-t1|GuardScalingBenchmark|$COMMON -t 1"
  "scaling-t2|GuardScalingBenchmark|$COMMON -t 2"
  # C2 needs a few seconds to compile the scanner over 1 MB of text.
  "detection|DetectionBenchmark|-f 1 -wi 1 -w 5 -i 3 -r 2"
  "masking|\\.MaskingBenchmark|$COMMON"
  "llm|LlmMaskingBenchmark|$COMMON"
  "bedrock|BedrockStreamBenchmark|$COMMON"
  "jdbc|JdbcBenchmark|$COMMON"
  "okhttp|OkHttpBenchmark|$COMMON"
  "s3|S3Benchmark|$COMMON"
)
for run in "${RUNS[@]}"; do
  IFS='|' read -r name include opts <<<"$run"
  stamp "jmh $name: java -jar benchmarks/target/benchmarks.jar '$include' $opts"
  # shellcheck disable=SC2086
  if ! java -jar "$JAR" "$include" $opts -rf json -rff "$OUT/jmh-$name.json" >"$LOGS/jmh-$name.log" 2>&1; then
    stamp "  FAILED, see $LOGS/jmh-$name.log"
  fi
  grep -E '^(Benchmark|[A-Za-z0-9]+Benchmark\.)' "$LOGS/jmh-$name.log" | grep -v ':p0\.\(00\|50\|90\|95\|999\|9999\)\|:p1\.00' | sed 's/^/    /' || true
done

if [[ "$SOAK_SECONDS" != "0" ]]; then
  # The three soak tests run side by side (-T 3): they check errors and leaks, not speed.
  stamp "soak: mvn -B -q -T 3 -Psoak -Dresidency.soak.seconds=$SOAK_SECONDS test -pl residency-jdbc,residency-http,residency-storage -am"
  if mvn -B -q -T 3 -Psoak -Dresidency.soak.seconds="$SOAK_SECONDS" test \
      -pl residency-jdbc,residency-http,residency-storage -am >"$LOGS/soak.log" 2>&1; then
    SOAK_RESULT="passed"
  else
    SOAK_RESULT="FAILED (see $LOGS/soak.log)"
  fi
  for m in residency-jdbc residency-http residency-storage; do
    grep -h "Tests run" "$ROOT/$m"/target/surefire-reports/*SoakTest.txt 2>/dev/null | sed "s/^/    $m: /" || true
  done
  stamp "soak ${SOAK_SECONDS}s x 64 callers (HikariCP, OkHttp, S3): $SOAK_RESULT"
fi

stamp "done; load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$ROOT/benchmarks/summary.py" "$OUT"
echo "wall time: $(( $(date +%s) - start )) s"
