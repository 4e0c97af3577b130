#!/usr/bin/env bash
# Live-capture harness behind docs/benchmarks.md ("Live capture"). See --help.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: benchmarks/live.sh [--packets N] [--rates "100000 300000 500000 top"] [--agent-args "..."] [--help]

Replays N packets (default 1,000,000) of the 50,000-host IMIX mix with tcpreplay into a veth pair and, for each
rate, captures them on the other end twice in the same run: once with the NetSentinel agent
(java -jar app-agent/target/netsentinel-agent.jar --iface VETH --json --duration S, all detectors, default options,
S from the tcpdump run's replay time)
and once with `tcpdump -i VETH -w /dev/null` as the reference. Prints, per rate, tcpreplay's achieved rate, the
packets the agent captured and the kernel dropped (from its --json stats line), and tcpdump's "captured" and
"dropped by kernel" lines.

Both ends of the veth pair live in network namespaces this script creates (unique names, removed on exit), so no
replayed packet reaches a real network. Needs root, ip (iproute2), tcpreplay, tcpdump and java; installs nothing.
Needs the built JARs (app-agent/target/netsentinel-agent.jar, benchmarks/target/benchmarks.jar); the capture is
generated once and cached in $BENCH_DIR (default /tmp/netsentinel-bench).

  --packets N       packets to replay per run (default 1000000)
  --rates LIST      space-separated packets/s, "top" for tcpreplay --topspeed (default "100000 300000 500000 top")
  --agent-args STR  extra agent options, e.g. "--config my.json" (default none)
  --help            this text

Environment: AGENT_JAR (default app-agent/target/netsentinel-agent.jar) to measure another build; BENCH_DIR.
EOF
}

packets=1000000
rates="100000 300000 500000 top"
agent_args=""
while [ $# -gt 0 ]; do
  case "$1" in
    --packets) packets="$2"; shift 2 ;;
    --rates) rates="$2"; shift 2 ;;
    --agent-args) agent_args="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "live.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "live.sh: needs root (network namespaces, veth, live capture)" >&2; exit 1; }
for tool in ip tcpreplay tcpdump java; do
  command -v "$tool" >/dev/null || {
    echo "live.sh: '$tool' is missing; on Debian: apt-get install iproute2 tcpreplay tcpdump default-jre-headless" >&2
    exit 1
  }
done
agent_jar="${AGENT_JAR:-app-agent/target/netsentinel-agent.jar}"
bench_jar=benchmarks/target/benchmarks.jar
for jar in "$agent_jar" "$bench_jar"; do
  [ -f "$jar" ] || {
    echo "live.sh: $jar is missing; build first: mvn -B -DskipTests package -pl app-agent,benchmarks -am" >&2
    exit 1
  }
done

out="${BENCH_DIR:-/tmp/netsentinel-bench}"
mkdir -p "$out"
capture="$out/imix-50000-$packets.pcap"  # the name benchmarks/run.sh gives the same capture
if [ ! -f "$capture" ]; then
  echo "live.sh: generating $capture ($packets packets, 50,000 internal hosts)" >&2
  java -cp "$bench_jar" io.netsentinel.bench.CaptureGenerator "$capture.tmp" "$packets" imix --internal 50000
  mv "$capture.tmp" "$capture"
fi

tag=$(printf '%06x' $(( (RANDOM << 9 ^ RANDOM ^ $$) & 0xffffff )))
ns_cap="nslc-$tag"     # the capturing side: agent and tcpdump run here
ns_rep="nslr-$tag"     # the replaying side: tcpreplay runs here
cap_if="lc$tag"
rep_if="lr$tag"
work=$(mktemp -d "$out/live-$tag.XXXX")
cleanup() {
  set +e
  [ -n "${bgpid:-}" ] && kill "$bgpid" 2>/dev/null
  ip netns del "$ns_cap" 2>/dev/null
  ip netns del "$ns_rep" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$ns_cap"
ip netns add "$ns_rep"
ip link add "$cap_if" type veth peer name "$rep_if"
ip link set "$cap_if" netns "$ns_cap"
ip link set "$rep_if" netns "$ns_rep"
ip -n "$ns_cap" link set lo up
ip -n "$ns_cap" link set "$cap_if" up
ip -n "$ns_rep" link set "$rep_if" up
in_cap() { ip netns exec "$ns_cap" "$@"; }
in_rep() { ip netns exec "$ns_rep" "$@"; }
rx_dropped() { in_cap cat "/sys/class/net/$cap_if/statistics/rx_dropped"; }

cat "$capture" > /dev/null # into the page cache
replay() { # rate -> prints tcpreplay's output
  local args=(--preload-pcap -i "$rep_if")
  if [ "$1" = top ]; then args+=(--topspeed); else args+=(--pps="$1"); fi
  in_rep tcpreplay "${args[@]}" "$capture" 2>&1
}
achieved() { # tcpreplay output -> achieved packets/s
  sed -n 's/.*Rated: .*, \([0-9.]*\) pps.*/\1/p' <<<"$1" | head -1
}
wait_for() { # file pattern seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "live.sh: timed out waiting for '$2' in $1:" >&2; cat "$1" >&2; return 1
}

java_version=$(java -version 2>&1 | head -1)
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
echo "# $java_version; $(tcpdump --version 2>&1 | head -2 | paste -sd' '); $(tcpreplay --version 2>&1 | head -1)"
echo "# $packets packets of $capture"
printf '%-8s | %-12s %-10s %-10s %-8s %-6s | %-12s %-10s %-10s %-8s\n' \
  rate "agent:sent/s" captured k-dropped drop% alerts "tcpdump:sent/s" captured k-dropped drop%
for rate in $rates; do

  # tcpdump on the same veth, same options as a plain `tcpdump -i`, writing nowhere.
  rx0=$(rx_dropped)
  # Not through a function: `ip netns exec` execs tcpdump, so the TERM below reaches tcpdump itself.
  ip netns exec "$ns_cap" tcpdump -i "$cap_if" -n -w /dev/null > /dev/null 2> "$work/tcpdump.err" &
  bgpid=$!
  wait_for "$work/tcpdump.err" "listening on" 10
  sleep 0.5
  r0=$(date +%s%N)
  tcpdump_replay=$(replay "$rate")
  replay_ms=$(( ($(date +%s%N) - r0) / 1000000 ))
  sleep 2
  kill -TERM "$bgpid"; wait "$bgpid" || true
  bgpid=""
  tcpdump_rx=$(( $(rx_dropped) - rx0 ))
  # The agent: all detectors, default options, stopped by --duration: the tcpdump run's replay time, half as much
  # again, and 3 s to drain. (Not SIGTERM: the agent's shutdown hook may let the JVM exit before the stats line.)
  secs=$(( (replay_ms * 3 / 2 + 999) / 1000 + 3 ))
  rx0=$(rx_dropped)
  ip netns exec "$ns_cap" java -jar "$agent_jar" --iface "$cap_if" --json --duration "$secs" --no-tray \
    --no-event-log --http-port 0 $agent_args > "$work/agent.out" 2> "$work/agent.err" &
  bgpid=$!
  wait_for "$work/agent.err" "capturing live" 20
  sleep 0.5
  agent_replay=$(replay "$rate")
  wait "$bgpid" || { echo "live.sh: the agent failed:" >&2; tail -20 "$work/agent.err" >&2; exit 1; }
  bgpid=""
  agent_rx=$(( $(rx_dropped) - rx0 ))
  stats=$(tail -1 "$work/agent.out")
  a_pk=$(sed -n 's/.*"packets":\([0-9]*\).*/\1/p' <<<"$stats")
  a_kd=$(sed -n 's/.*"kernel_dropped":\([0-9]*\).*/\1/p' <<<"$stats")
  a_al=$(( $(wc -l < "$work/agent.out") - 1 ))

  t_pk=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$work/tcpdump.err")
  t_kd=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$work/tcpdump.err")

  pct() { awk -v d="$1" -v n="$packets" 'BEGIN{printf "%.2f%%", 100*d/n}'; }
  printf '%-8s | %-12s %-10s %-10s %-8s %-6s | %-12s %-10s %-10s %-8s\n' "$rate" \
    "$(achieved "$agent_replay")" "$a_pk" "$a_kd" "$(pct "$a_kd")" "$a_al" \
    "$(achieved "$tcpdump_replay")" "$t_pk" "$t_kd" "$(pct "$t_kd")"
  if [ "$agent_rx" != 0 ] || [ "$tcpdump_rx" != 0 ]; then
    echo "         (veth rx_dropped before any capture: agent run $agent_rx, tcpdump run $tcpdump_rx)"
  fi
  echo "         agent stats: $stats" >&2
done
