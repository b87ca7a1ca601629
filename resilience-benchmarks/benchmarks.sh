#!/usr/bin/env sh
# Runs the JMH benchmarks (ours, resilience4j 2.4.0 and Failsafe 3.3.2 in one run) with the GC profiler, then
# renders results/results.md, results/core.png, results/annotations.png and the results section of
# resilience-benchmarks/README.md from the run's JSON.
#
#   resilience-benchmarks/benchmarks.sh quick          # a few minutes on 2 cores: 1 fork, 2 x 1 s warm-up, 3 x 0.5 s
#   resilience-benchmarks/benchmarks.sh full           # 2 forks, 5 x 1 s warm-up, 5 x 1 s measurement (~35 min)
#   resilience-benchmarks/benchmarks.sh quick 'CircuitBreakerBenchmark|PipelineBenchmark'   # a subset (JMH regexp)
#
# Run it from anywhere; it builds the module first (never installs anything).
set -eu
cd "$(dirname "$0")/.."
mode=${1:-quick}
[ $# -gt 0 ] && shift
case "$mode" in
  quick) params="-f 1 -wi 2 -w 1s -i 3 -r 500ms" ;;
  full) params="-f 2 -wi 5 -w 1s -i 5 -r 1s" ;;
  *) echo "usage: $0 quick|full [JMH benchmark regexp...]" >&2; exit 2 ;;
esac
./mvnw -B -q -pl resilience-benchmarks -am package -DskipTests
mkdir -p resilience-benchmarks/results
json="resilience-benchmarks/results/$mode.json"
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
# shellcheck disable=SC2086 # $params is a list of arguments
java -jar resilience-benchmarks/target/benchmarks.jar $params -prof gc -rf json -rff "$json" "$@"
after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
java -Djava.awt.headless=true -cp resilience-benchmarks/target/benchmarks.jar dev.resilience.benchmarks.report.Report \
  "$json" resilience-benchmarks/results --readme resilience-benchmarks/README.md \
  --command "resilience-benchmarks/benchmarks.sh $mode $*" \
  --note "Load average (1, 5, 15 min) before the run: $load; after: $after."
