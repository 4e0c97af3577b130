#!/usr/bin/env bash
# Throughput harness behind docs/benchmarks.md. Builds the project, generates the benchmark capture, then measures in
# one run: `tcpdump -r FILE -w /dev/null`, the agent's `--read FILE --json` (whole process and in-process rate from
# its stats line), and the JMH read/decode benchmarks.
#   benchmarks/run.sh [PACKETS] [--no-jmh]      (MIX=small for 64-byte frames; default imix)
set -euo pipefail
cd "$(dirname "$0")/.."
packets="${1:-4000000}"
jmh=1
[ "${2:-}" = "--no-jmh" ] && jmh=0
out="${BENCH_DIR:-/tmp/netsentinel-bench}"
mkdir -p "$out"
mix="${MIX:-imix}"
capture="$out/$mix-$packets.pcap"

command -v tcpdump >/dev/null || { echo "bench: tcpdump is needed (apt-get install tcpdump)" >&2; exit 1; }
mvn -B -q -DskipTests package
if [ ! -f "$capture" ]; then
  echo "bench: generating $capture ($packets packets)" >&2
  java -cp benchmarks/target/benchmarks.jar io.netsentinel.bench.CaptureGenerator "$capture" "$packets" "$mix"
fi
ls -l "$capture"
cat "$capture" > /dev/null  # into the page cache, for both readers alike

ms() { echo $(( ($2 - $1) / 1000000 )); }
best_tcpdump=""; best_agent=""
for run in 1 2 3; do
  t0=$(date +%s%N); tcpdump -r "$capture" -w /dev/null 2>/dev/null; t1=$(date +%s%N)
  java -jar app-agent/target/netsentinel-agent.jar --read "$capture" --json --quiet > "$out/agent.json"
  t2=$(date +%s%N)
  td=$(ms "$t0" "$t1"); ag=$(ms "$t1" "$t2")
  stats=$(tail -1 "$out/agent.json")
  echo "run $run: tcpdump ${td} ms, agent ${ag} ms, agent stats: $stats"
  if [ -z "$best_tcpdump" ] || [ "$td" -lt "$best_tcpdump" ]; then best_tcpdump=$td; fi
  if [ -z "$best_agent" ] || [ "$ag" -lt "$best_agent" ]; then best_agent=$ag; fi
done
echo "best of 3: tcpdump ${best_tcpdump} ms, agent ${best_agent} ms, ratio agent/tcpdump $(awk "BEGIN{printf \"%.2f\", $best_agent/$best_tcpdump}")"

if [ "$jmh" = 1 ]; then
  java -jar benchmarks/target/benchmarks.jar -prof gc -rf text -rff "$out/jmh.txt" "ReadDecodeBenchmark|DecodeBenchmark"
  cat "$out/jmh.txt"
fi
