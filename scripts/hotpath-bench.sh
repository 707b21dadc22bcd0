#!/usr/bin/env bash
# The hot path with every part in its own process (issue 11): a broker (`up --providers 0`: broker,
# embedded ledger, verifier; containers off), two provider agents enrolled with one-time tokens and
# started with `provider start`, and the open-loop load generator `io.edgemarket.bench.OpenLoop`
# driving them through the consumer SDK at each rate in turn (calls on a fixed schedule, latency
# from each call's due time). CPU per invocation is read from /proc for broker, agents and client.
# During one rate's measured window the broker is profiled with JFR, summarised by
# `io.edgemarket.bench.JfrProfile`. Prints a markdown table; raw output in benchmarks/target/hotpath.
#
#   scripts/hotpath-bench.sh
#   HOTPATH_RATES="20 50 200 500 1000"   rates, calls/s (the first, low one is the one-caller row)
#   HOTPATH_SECONDS=30 HOTPATH_WARMUP_SECONDS=10 HOTPATH_CAP=256
#   HOTPATH_MAX_WARMUP_WINDOWS=6         warm-up windows at most per rate (fewer once p50 settles)
#   HOTPATH_JFR_RATE=200                 the rate whose measured window is profiled ('' = none)
#   HOTPATH_PIN_BROKER=0 HOTPATH_PIN_AGENTS=1 HOTPATH_PIN_CLIENT=1
#                                        taskset CPU lists (unset: not pinned)
#   HOTPATH_AGENT_CONCURRENCY=32         each agent's --concurrency
#   HOTPATH_KEEP=1                       keep the market's data directory
#
# Builds with the reactor (`./mvnw -pl benchmarks -am package`, which also builds the cli jar the
# launcher runs), never with `mvn install`, and runs the launcher with EDGEMARKET_NO_BUILD=1.
# Stops everything it started on exit. Benchmarks are not tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
read -r -a rates <<<"${HOTPATH_RATES:-20 50 200 500 1000}"
seconds="${HOTPATH_SECONDS:-30}"
warmup="${HOTPATH_WARMUP_SECONDS:-10}"
cap="${HOTPATH_CAP:-256}"
max_windows="${HOTPATH_MAX_WARMUP_WINDOWS:-6}"
jfr_rate="${HOTPATH_JFR_RATE-200}"
agent_concurrency="${HOTPATH_AGENT_CONCURRENCY:-32}"
out="benchmarks/target/hotpath"
work="$(mktemp -d /tmp/em-hotpath.XXXXXX)"
pids=()

cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.2
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -z ${HOTPATH_KEEP:-} ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT
pin() { if [[ -n ${1:-} ]]; then echo "taskset -c $1"; fi; }
await_line() { # FILE TEXT SECONDS
  for _ in $(seq 1 $(($3 * 5))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "no '$2' in $1 after $3 s:" >&2; tail -20 "$1" >&2; return 1
}

echo "=== build" >&2
./mvnw -q -B -ntp -pl benchmarks -am package -DskipTests
rm -rf "${out:?}" && mkdir -p "$out/lib"
cp benchmarks/target/edgemarket-benchmarks-*.jar "$out/lib/"
tr ':' '\n' < benchmarks/target/classpath.txt | while read -r jar || [[ -n "$jar" ]]; do cp "$jar" "$out/lib/"; done
bench_cp="$out/lib/*"
EM=(env EDGEMARKET_NO_BUILD=1 "$root/edgemarket")

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
: >"$out/loadavg.txt"
( while true; do cut -d' ' -f1 /proc/loadavg >>"$out/loadavg.txt"; sleep 5; done ) &
pids+=($!)
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
broker="http://127.0.0.1:$port"
echo "=== market: broker on $broker, data in $work" >&2
# shellcheck disable=SC2046
$(pin "${HOTPATH_PIN_BROKER:-}") "${EM[@]}" up --providers 0 --containers off --port "$port" \
  --data "$work/market" >"$out/broker.log" 2>&1 &
broker_pid=$!
pids+=("$broker_pid")
await_line "$out/broker.log" "EdgeMarket is up" 300
agent_pids=()
for name in hp1 hp2; do
  token="$("${EM[@]}" identity token --role provider --name "$name" --data "$work/market" --broker "$broker")"
  "${EM[@]}" identity enroll --broker "$broker" --token "$token" --name "$name" --data "$work/$name" >/dev/null
  # Price 1 + 1 per million instructions: the consumer's escrow (5,000,000) then pays for ~2.5M
  # calls instead of ~50,000 at the default price, enough for every rate of a run.
  # shellcheck disable=SC2046
  $(pin "${HOTPATH_PIN_AGENTS:-}") "${EM[@]}" provider start --broker "$broker" --data "$work/$name" \
    --as "$name" --containers off --cpu 2 --memory 512MiB --concurrency "$agent_concurrency" \
    --price 1 --price-per-mfuel 1 >"$out/$name.log" 2>&1 &
  agent_pids+=($!)
  pids+=($!)
done
for name in hp1 hp2; do await_line "$out/$name.log" "offers" 180; done
for _ in $(seq 1 150); do
  curl -fsS "$broker/api/v1/health" 2>/dev/null | grep -q '"providers":2' && break
  sleep 0.2
done
watched="broker=$broker_pid,agent1=${agent_pids[0]},agent2=${agent_pids[1]}"

run_rate() { # RATE
  local rate=$1 log="$out/rate-$1.txt" err="$out/rate-$1.err" client_pid
  echo "=== $rate calls/s" >&2
  # shellcheck disable=SC2046
  $(pin "${HOTPATH_PIN_CLIENT:-}") java -Xss512k -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$bench_cp" io.edgemarket.bench.OpenLoop --broker "$broker" --data "$work/market" \
    --function echo --rate "$rate" --seconds "$seconds" --warmup-seconds "$warmup" --max-warmup-windows "$max_windows" \
    --concurrency-cap "$cap" --pids "$watched" >"$log" 2>"$err" &
  client_pid=$!
  pids+=("$client_pid")
  if [[ $rate == "$jfr_rate" ]]; then
    await_line "$err" "measuring:" 600
    jcmd "$broker_pid" JFR.start name=hotpath settings=profile duration="${seconds}s" \
      filename="$root/$out/broker-$rate.jfr" >"$out/jfr-start.txt" 2>&1 || true
  fi
  wait "$client_pid" || { echo "OpenLoop at $rate/s failed:" >&2; tail -20 "$err" >&2; }
  cat "$log" >&2
  if [[ $rate == "$jfr_rate" ]]; then
    for _ in $(seq 1 100); do [[ -s "$out/broker-$rate.jfr" ]] && break; sleep 0.3; done
    local ok
    ok="$(sed -nE 's/^RESULT .* ok=([0-9]+) .*/\1/p' "$log")"
    java -cp "$bench_cp" io.edgemarket.bench.JfrProfile "$out/broker-$rate.jfr" "${ok:-0}" 12 \
      >"$out/jfr-profile.txt" 2>&1 || true
    jfr summary "$out/broker-$rate.jfr" >"$out/jfr-summary.txt" 2>&1 || true
  fi
}
for rate in "${rates[@]}"; do run_rate "$rate"; done
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
load_samples="$(sort -n "$out/loadavg.txt" | awk '{a[NR]=$1} END {if (NR) printf "min %s, median %s, max %s over %d samples", a[1], a[int((NR+1)/2)], a[NR], NR}')"

get() { sed -nE "s/^RESULT .* $2=([^ ]+).*/\1/p" "$out/rate-$1.txt"; }
us() { awk -v v="$1" 'BEGIN { if (v == "" || v < 0) print "?"; else if (v >= 10000) printf "%.1f ms", v / 1000; else if (v >= 1000) printf "%.2f ms", v / 1000; else printf "%d µs", v }'; }
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then commit="$commit + uncommitted changes"; fi
{
  echo "### Hot path, separate processes, open loop — $(date -u '+%Y-%m-%d %H:%M UTC') (commit $commit)"
  echo
  echo "- Command: \`HOTPATH_RATES=\"${rates[*]}\" HOTPATH_SECONDS=$seconds HOTPATH_WARMUP_SECONDS=$warmup HOTPATH_CAP=$cap HOTPATH_MAX_WARMUP_WINDOWS=$max_windows HOTPATH_JFR_RATE=$jfr_rate${HOTPATH_PIN_BROKER:+ HOTPATH_PIN_BROKER=$HOTPATH_PIN_BROKER}${HOTPATH_PIN_AGENTS:+ HOTPATH_PIN_AGENTS=$HOTPATH_PIN_AGENTS}${HOTPATH_PIN_CLIENT:+ HOTPATH_PIN_CLIENT=$HOTPATH_PIN_CLIENT} scripts/hotpath-bench.sh\`"
  echo "- Machine: $(nproc) cores ($(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -1)), $(java -version 2>&1 | sed -n 2p); load average (1/5/15 min) $load_start at the start, $load_end at the end; 1-min load every 5 s: $load_samples"
  echo "- Market: \`./edgemarket up --providers 0 --containers off\` (broker + embedded ledger + verifier, one JVM) and 2 × \`./edgemarket provider start --cpu 2 --memory 512MiB --concurrency $agent_concurrency --price 1 --price-per-mfuel 1 --containers off\`, launcher JVM options (\`${EDGEMARKET_JAVA_OPTS:--XX:+UseSerialGC -Xss4m}\`); \`echo\` on 16 bytes, tickets capped at 1000"
  echo
  echo "| rate (calls/s) | achieved /s | ok | overloaded / refused / errors | e2e p50 | p90 | p99 | p99.9 | max | agent p50 | overhead p50 / p99 | CPU µs/call broker · agents · client (net of idle) | settlement backlog start → end |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for rate in "${rates[@]}"; do
    if ! grep -qs '^RESULT' "$out/rate-$rate.txt"; then
      echo "| $rate | did not run |  |  |  |  |  |  |  |  |  |  |  |"
      continue
    fi
    agents="$(awk -v a="$(get "$rate" cpu_agent1_us)" -v b="$(get "$rate" cpu_agent2_us)" 'BEGIN { printf "%.0f", a + b }')"
    agents_net="$(awk -v a="$(get "$rate" cpu_net_agent1_us)" -v b="$(get "$rate" cpu_net_agent2_us)" 'BEGIN { printf "%.0f", a + b }')"
    echo "| $rate$([[ $rate == "${rates[0]}" ]] && echo ' (one caller)') | $(get "$rate" achieved) | $(get "$rate" ok) | $(get "$rate" overloaded) / $(get "$rate" refused) / $(get "$rate" errors) | $(us "$(get "$rate" e2e_p50_us)") | $(us "$(get "$rate" e2e_p90_us)") | $(us "$(get "$rate" e2e_p99_us)") | $(us "$(get "$rate" e2e_p999_us)") | $(us "$(get "$rate" e2e_max_us)") | $(us "$(get "$rate" agent_p50_us)") | $(us "$(get "$rate" overhead_p50_us)") / $(us "$(get "$rate" overhead_p99_us)") | $(get "$rate" cpu_broker_us | cut -d. -f1) · $agents · $(get "$rate" cpu_client_us | cut -d. -f1) ($(get "$rate" cpu_net_broker_us | cut -d. -f1) · $agents_net · $(get "$rate" cpu_net_client_us | cut -d. -f1)) | $(get "$rate" backlog_start | cut -d. -f1) → $(get "$rate" backlog_end | cut -d. -f1) |"
  done
  if [[ -s "$out/jfr-profile.txt" ]]; then
    echo
    echo "Broker profile during the measured window at $jfr_rate calls/s (JFR \`settings=profile\`, \`JfrProfile\`):"
    echo
    echo '```'
    cat "$out/jfr-profile.txt"
    echo '```'
  fi
} | tee "$out/table.md"
