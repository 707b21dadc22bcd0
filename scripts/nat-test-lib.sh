# shellcheck shell=bash disable=SC2154,SC2153
# nat-test.sh's helpers: checks and their report, background processes, and what is asked of the
# market (health, balances, an agent's metrics, its TCP connections). Sourced, not run; the sourcing
# script sets root work PORT BROKER EM pids results failures started.

step() { echo; echo "=== $1 (+$(($(date +%s) - started))s)"; }
pass() { results+=("PASS  $1"); echo "PASS  $1"; }
fail() { results+=("FAIL  $1"); echo "FAIL  $1"; failures=$((failures + 1)); }
# check WHAT CMD...: PASS when CMD succeeds; its output goes to the work directory's checks.log.
check() {
  local what=$1; shift
  echo "--- $what: $*" >>"$work/checks.log"
  if "$@" >>"$work/checks.log" 2>&1; then pass "$what"; else fail "$what"; fi
}
die() { fail "$*"; exit 1; }
not() { ! "$@"; }
exits() { local want=$1 rc=0; shift; "$@" || rc=$?; [[ $rc == "$want" ]]; }

# A process of ours that has not exited (a zombie has: it only waits to be reaped).
alive() { [[ -e /proc/$1 ]] && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]; }

# in_bg NAME NS CMD...: CMD in namespace NS in the background, output in $work/NAME.log; the pid
# (ip netns exec and the launchers exec, so it is the JVM's) in last_pid.
in_bg() {
  local name=$1 ns=$2; shift 2
  ip netns exec "$ns" "$@" >"$work/$name.log" 2>&1 </dev/null &
  last_pid=$!
  pids+=("$last_pid")
}

# SIGTERM (the processes drain), SIGKILL after 30 s.
stop_pid() {
  kill "$1" 2>/dev/null || return 0
  local i
  for ((i = 0; i < 150; i++)); do alive "$1" || break; sleep 0.2; done
  if alive "$1"; then kill -9 "$1" 2>/dev/null || true; fi
  wait "$1" 2>/dev/null || true
}

await_log() {  # NAME TEXT SECONDS: the background process NAME printed TEXT
  local i pid=$last_pid
  for ((i = 0; i < $3 * 5; i++)); do
    grep -q "$2" "$work/$1.log" && return 0
    sleep 0.2
  done
  echo "no '$2' from $1 in $3 s:" >&2
  tail -n 30 "$work/$1.log" >&2
  return 1
}

json_field() { sed -nE "s/.*\"$2\":\"([^\"]*)\".*/\1/p" <<<"$1" | head -1; }
json_number() { local n; n=$(sed -nE "s/.*\"$2\":(-?[0-9]+).*/\1/p" <<<"$1" | head -1); echo "${n:-0}"; }

providers() {  # how many providers the broker's health counts, -1 when it does not answer
  local n
  n=$(in_ns em-consumer curl -s --max-time 5 --cacert "$work/operator-ca.pem" "$BROKER/api/v1/health" \
    | grep -oE '"providers" *: *[0-9]+' | grep -oE '[0-9]+$' || true)
  echo "${n:--1}"
}

await_providers() {  # N SECONDS
  local i
  for ((i = 0; i < $2; i++)); do [[ $(providers) == "$1" ]] && return 0; sleep 1; done
  echo "the broker counts $(providers) providers, not $1" >&2
  return 1
}

balance_of() {  # NAME NS DIR: the ledger balance of identity NAME, asked from namespace NS
  local out
  out=$(in_ns "$2" "${EM[@]}" balance --as "$1" --broker "$BROKER" --data "$3" 2>&1) || true
  sed -nE 's/.* (-?[0-9]+)$/\1/p' <<<"$out" | tail -1
}

await_balance() {  # NAME DIR NS WANT SECONDS
  local i got
  for ((i = 0; i < $5; i += 3)); do
    got=$(balance_of "$1" "$3" "$2")
    [[ $got == "$4" ]] && { echo "balance $got"; return 0; }
    sleep 3
  done
  echo "the balance of $1 is $got, not $4" >&2
  return 1
}

relay_cert() {  # CA_DIR OUT: a certificate for 127.0.0.1 from that CA, as OUT-cert.pem, OUT-key.pem
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$2-key.pem" \
    -subj /CN=127.0.0.1 -out "$2.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >"$2.ext"
  openssl x509 -req -in "$2.csr" -CA "$1/ca-cert.pem" -CAkey "$1/ca-key.pem" -CAcreateserial \
    -days 1 -extfile "$2.ext" -out "$2-cert.pem" 2>/dev/null
}

active_slots() {  # PORT: the invocations an agent in em-home is running, from its /metrics
  local n
  n=$(in_ns em-home curl -s --max-time 2 "http://127.0.0.1:$1/metrics" \
    | awk '/^edgemarket_agent_invocations_active/ {print int($2); exit}' || true)
  echo "${n:-0}"
}

# PID: breaks the agent's TCP connections to the broker under it (ss -K, which needs a kernel with
# SOCK_DESTROY), else kills the agent (kill -9); prints which.
kill_link() {
  local ports port killed=0
  ports=$(in_ns em-home ss -tnpH state established "( dport = :$PORT )" | grep "pid=$1," \
    | grep -oE "$HOME_IP:[0-9]+" | cut -d: -f2 || true)
  for port in $ports; do
    in_ns em-home ss -K -tn state established "( sport = :$port and dport = :$PORT )" >/dev/null 2>&1 || true
    if ! in_ns em-home ss -tnH state established "( sport = :$port )" | grep -q .; then killed=1; fi
  done
  if ((killed)); then
    echo "ss -K broke its connections to the broker (local ports $(tr '\n' ' ' <<<"$ports"))"
  else
    kill -9 "$1"
    echo "kill -9 of the agent (ss -K could not break its connections)"
  fi
}

# PID: the other CA's agent was turned away by our broker (which names the CA it wants), is not
# among the providers and is not serving.
rogue_refused() {
  local n
  n=$(providers)
  echo "providers: $n; agent alive: $(alive "$1" && echo yes || echo no)"
  [[ $n == 2 ]] || return 1
  grep -q "UNAUTHENTICATED.*not issued by the EdgeMarketMSP CA" "$work/rogue.log" || return 1
  ! alive "$1" || ! grep -q "taking invocations over its link" "$work/rogue.log"
}

# The sourcing script may name itself (test_name) and its network's teardown (net_down).
cleanup() {
  local rc=$? pid log name=${test_name:-nat-test}
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  "${net_down:-nat_down}"
  if ((rc != 0 || failures)); then
    for log in "$work"/*.log; do
      echo "--- tail -n 25 $log"
      tail -n 25 "$log"
    done
  fi
  echo
  echo "=== $name results"
  printf '%s\n' "${results[@]}"
  echo "$name: $(grep -c '^PASS' <<<"$(printf '%s\n' "${results[@]}")") passed, $failures failed in $(($(date +%s) - started))s"
  if [[ ${EDGEMARKET_NAT_KEEP:-0} == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
  if ((rc == 0 && failures)); then exit 1; fi
}
