#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock, for the container sandbox's tests:
# installs Debian's docker.io when dockerd is missing and starts dockerd in the background when no
# engine answers. Prints "started" on stdout when it started one (the caller then stops it with
# `docker-engine.sh stop`), nothing otherwise. The engine's log: $EDGEMARKET_DOCKERD_LOG.
set -euo pipefail
log="${EDGEMARKET_DOCKERD_LOG:-${TMPDIR:-/tmp}/edgemarket-dockerd.log}"
pidfile="${TMPDIR:-/tmp}/edgemarket-dockerd.pid"

# A dockerd that is still shutting down holds /var/run/docker.pid, and a new one refuses to start
# while it does: stop waits for it to be gone, and start waits for one that is going.
await_exit() {  # pid seconds
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.5
  done
  return 1
}

if [[ "${1:-}" == "stop" ]]; then
  if [[ -f "$pidfile" ]]; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    await_exit "$pid" 30 || echo "docker engine: dockerd $pid still running after 30 s" >&2
    rm -f "$pidfile"
    echo "docker engine: stopped" >&2
  fi
  exit 0
fi

if docker info >/dev/null 2>&1; then
  echo "docker engine: already running ($(docker version --format '{{.Server.Version}}'))" >&2
  exit 0
fi
if ! command -v dockerd >/dev/null; then
  echo "docker engine: installing docker.io" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >&2
fi
for pid in $(pgrep -x dockerd || true); do
  echo "docker engine: waiting for dockerd $pid, which does not answer, to exit" >&2
  await_exit "$pid" 30 || true
done
echo "docker engine: starting dockerd (log $log)" >&2
setsid dockerd >"$log" 2>&1 < /dev/null &
echo $! >"$pidfile"
for _ in $(seq 1 60); do
  if docker info >/dev/null 2>&1; then
    echo "docker engine: ready ($(docker version --format '{{.Server.Version}}'))" >&2
    echo started
    exit 0
  fi
  sleep 0.5
done
echo "docker engine: dockerd did not answer within 30 s; last lines of $log:" >&2
tail -n 30 "$log" >&2
exit 1
