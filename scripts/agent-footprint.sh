#!/usr/bin/env bash
# Measures what an idle provider agent costs its host: starts a market (`up`, one built-in agent,
# containers off), enrols a contributor with a one-time token, runs `provider start` as its own
# process, waits until its offer is up and then IDLE_S seconds more, and reads the process's RSS.
# Prints `RESULT rss_kib=… idle_s=… java_opts=…` for benchmarks' Report. Used by scripts/bench.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
idle_s="${IDLE_S:-20}"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
broker="http://127.0.0.1:$port"
em="$root/edgemarket"

"$em" up --data "$work/market" --port "$port" --providers 1 --containers off >"$work/up.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do
  grep -q "EdgeMarket is up" "$work/up.log" && break
  sleep 0.5
done
grep -q "EdgeMarket is up" "$work/up.log" || { echo "market did not start" >&2; tail "$work/up.log" >&2; exit 1; }
token="$("$em" identity token --role provider --name footprint --data "$work/market" --broker "$broker")"
"$em" identity enroll --broker "$broker" --token "$token" --name footprint --data "$work/agent" >/dev/null
"$em" provider start --broker "$broker" --data "$work/agent" --as footprint --containers off \
  --cpu 1 --memory 256MiB >"$work/agent.log" 2>&1 &
agent=$!
pids+=("$agent")
for _ in $(seq 1 240); do
  grep -q "offers" "$work/agent.log" && break
  sleep 0.5
done
grep -q "offers" "$work/agent.log" || { echo "agent did not start" >&2; tail "$work/agent.log" >&2; exit 1; }
sleep "$idle_s"
rss_kib="$(ps -o rss= -p "$agent" | tr -d ' ')"
opts="${EDGEMARKET_JAVA_OPTS:-"-XX:+UseSerialGC -Xss4m"}"
echo "RESULT rss_kib=$rss_kib idle_s=$idle_s java_opts=${opts// /_}"
