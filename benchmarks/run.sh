#!/usr/bin/env bash
# Throughput harness behind docs/benchmarks.md. Builds the project, generates the benchmark captures (a site of 4,096
# internal hosts and one of 50,000), then measures for each, in one run and best of 3:
# `tcpdump -r FILE -w /dev/null`, the agent's `--read FILE --json` (whole process, and the in-process rate from its
# stats line), then the JMH detection and read/decode benchmarks.
#   benchmarks/run.sh [PACKETS] [--no-jmh]      (MIX=small for 64-byte frames; default imix;
#                                                HOSTS="4096 50000" to choose the sites; AGENT_ARGS for the agent)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--help" ] || [ "${1:-}" = "-h" ]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
packets="${1:-4000000}"
jmh=1
[ "${2:-}" = "--no-jmh" ] && jmh=0
out="${BENCH_DIR:-/tmp/netsentinel-bench}"
mkdir -p "$out"
mix="${MIX:-imix}"
hosts_list="${HOSTS:-4096 50000}"

command -v tcpdump >/dev/null || { echo "bench: tcpdump is needed (apt-get install tcpdump)" >&2; exit 1; }
mvn -B -q -DskipTests package
ms() { echo $(( ($2 - $1) / 1000000 )); }

for hosts in $hosts_list; do
  capture="$out/$mix-$hosts-$packets.pcap"
  if [ ! -f "$capture" ]; then
    echo "bench: generating $capture ($packets packets, $hosts internal hosts)" >&2
    java -cp benchmarks/target/benchmarks.jar io.netsentinel.bench.CaptureGenerator "$capture" "$packets" "$mix" \
      --internal "$hosts"
  fi
  ls -l "$capture"
  cat "$capture" > /dev/null  # into the page cache, for both readers alike
  best_tcpdump=""; best_agent=""; best_inproc=""
  for run in 1 2 3; do
    t0=$(date +%s%N); tcpdump -r "$capture" -w /dev/null 2>/dev/null; t1=$(date +%s%N)
    # shellcheck disable=SC2086
    java -jar app-agent/target/netsentinel-agent.jar --read "$capture" --json --quiet ${AGENT_ARGS:-} > "$out/agent.json"
    t2=$(date +%s%N)
    td=$(ms "$t0" "$t1"); ag=$(ms "$t1" "$t2")
    inproc=$(tail -1 "$out/agent.json" | sed -E 's/.*"elapsed_ms":([0-9]+).*/\1/')
    echo "$hosts hosts, run $run: tcpdump ${td} ms, agent ${ag} ms (in-process ${inproc} ms," \
      "$(awk "BEGIN{printf \"%.2f\", $packets/$inproc/1000}") M packets/s)"
    if [ -z "$best_tcpdump" ] || [ "$td" -lt "$best_tcpdump" ]; then best_tcpdump=$td; fi
    if [ -z "$best_agent" ] || [ "$ag" -lt "$best_agent" ]; then best_agent=$ag; fi
    if [ -z "$best_inproc" ] || [ "$inproc" -lt "$best_inproc" ]; then best_inproc=$inproc; fi
  done
  echo "$hosts hosts, best of 3: tcpdump ${best_tcpdump} ms, agent ${best_agent} ms," \
    "ratio agent/tcpdump $(awk "BEGIN{printf \"%.2f\", $best_agent/$best_tcpdump}")," \
    "in-process $(awk "BEGIN{printf \"%.2f\", $packets/$best_inproc/1000}") M packets/s"
done

if [ "$jmh" = 1 ]; then
  java -jar benchmarks/target/benchmarks.jar -prof gc -rf text -rff "$out/jmh.txt" \
    "DetectBenchmark|ReadDecodeBenchmark|DecodeBenchmark"
  cat "$out/jmh.txt"
fi
