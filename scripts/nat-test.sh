#!/usr/bin/env bash
# A market across a (virtual) network, with the provider behind NAT (see nat-netns.sh): the broker
# (`./edgemarket broker start`) in one network namespace, provider agents installed from the
# distribution's tar.gz into a temporary directory and dialling out from behind a masquerading
# router, a consumer invoking over https from a third namespace. Checks, each printed PASS or FAIL:
#   - nothing on the WAN can reach the home network (no route, the router drops new connections);
#   - the installed agent refuses to send a token over plain http, enrolls over https verified
#     against the market CA, and serves over its dial-out link;
#   - the consumer's calls succeed, and the providers that served them earn;
#   - a capture on the broker's interface holds no plaintext input, output or enrollment token;
#   - an agent presenting a certificate from another market's CA is refused;
#   - a link killed mid-call (ss -K on its TCP connection, else kill -9 of the agent) moves the call
#     to the other agent; the consumer pays exactly what it was told it paid, and each agent (the
#     killed one started again) reports exactly its share of the calls it answered.
# Usage: scripts/nat-test.sh   (as root; needs the built cli jar and provider-agent tar.gz, and
# builds them with the reactor when missing). EDGEMARKET_NAT_KEEP=1 keeps the work directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source-path=SCRIPTDIR source=nat-netns.sh
source "$root/scripts/nat-netns.sh"
[[ $EUID -eq 0 ]] || { echo "nat-test: needs root (ip netns, iptables)" >&2; exit 2; }

PORT=8443
BROKER="https://$BROKER_IP:$PORT"
EM=(env EDGEMARKET_NO_BUILD=1 "$root/edgemarket")
work="$(mktemp -d /tmp/em-nat.XXXXXX)"
# shellcheck disable=SC2034  # used by nat-test-lib.sh
declare -a pids=() results=()
failures=0 started=$(date +%s) last_pid=""

# shellcheck source-path=SCRIPTDIR source=nat-test-lib.sh
source "$root/scripts/nat-test-lib.sh"
trap cleanup EXIT

step "artifacts"
jar=cli/target/edgemarket-cli.jar
tarball="$(find provider-agent/target -maxdepth 1 -name 'edgemarket-agent-*.tar.gz' 2>/dev/null | head -1)"
if [[ ! -f $jar || -z $tarball ]]; then
  ./mvnw -B -ntp -q -pl cli -am package -DskipTests
  tarball="$(find provider-agent/target -maxdepth 1 -name 'edgemarket-agent-*.tar.gz' | head -1)"
fi
install="$(mktemp -d "$work/install.XXXXXX")"
tar xzf "$tarball" -C "$install"
agent="$(echo "$install"/*/bin/edgemarket-agent)"
[[ -x $agent ]] || die "no bin/edgemarket-agent in $tarball"
echo "agent installed from $(basename "$tarball") into $install"

step "network"
nat_up
check "no route from the WAN into the home network (em-broker -> $HOME_IP)" \
  not in_ns em-broker timeout 3 bash -c "exec 3<>/dev/tcp/$HOME_IP/22"
in_ns em-broker ip route add "$HOME_NET.0/24" via "$ROUTER_WAN_IP"  # even given a route:
check "the router drops new connections from the WAN into the home network" \
  not in_ns em-broker timeout 3 bash -c "exec 3<>/dev/tcp/$HOME_IP/22"
in_ns em-broker ip route del "$HOME_NET.0/24"

step "broker start in em-broker"
in_bg broker em-broker "${EM[@]}" broker start --host "$BROKER_IP" --port "$PORT" --data "$work/market"
await_log broker "Press Ctrl-C" 300 || die "the broker did not start"
cp "$work/market/ca-cert.pem" "$work/operator-ca.pem"
if command -v tcpdump >/dev/null; then
  in_bg tcpdump em-broker tcpdump -i eth0 -U -s 0 -w "$work/broker.pcap"
  tcpdump_pid=$last_pid
  sleep 1
else
  echo "tcpdump not installed: the capture checks are skipped"
fi

step "consumer in em-consumer"
mkdir -p "$work/consumer/identities"
cp -r "$work/market/identities/consumer" "$work/consumer/identities/"
cp "$work/operator-ca.pem" "$work/consumer/ca-cert.pem"
[[ ! -f "$work/market/ledger" ]] || cp "$work/market/ledger" "$work/consumer/"
consumer() { in_ns em-consumer "${EM[@]}" "$@" --broker "$BROKER" --data "$work/consumer"; }
consumer function deploy --name upper --wasm samples/wasm/upper.wasm
consumer function deploy --name spin --wasm samples/wasm/loop.wasm --timeout 5s
balance0=$(balance_of consumer em-consumer "$work/consumer")
echo "consumer escrow before any call: $balance0"

step "agents in em-home, installed from the tar.gz, behind NAT"
check "the agent refuses to send a token over plain http" \
  exits 3 in_ns em-home "$agent" enroll --broker "http://$BROKER_IP:$PORT" --token not-sent \
  --data "$work/plain"
declare -A status_port=([home1]=9101 [home2]=9102)
tokens=()
for name in home1 home2; do
  token=$(in_ns em-broker "${EM[@]}" identity token --broker "$BROKER" --data "$work/market" \
    --role provider --name "$name")
  tokens+=("$token")
  check "$name enrolls with a token over https, verified against --ca-cert" \
    in_ns em-home "$agent" enroll --broker "$BROKER" --token "$token" \
    --ca-cert "$work/operator-ca.pem" --data "$work/$name"
  in_bg "$name" em-home "$agent" start --broker "$BROKER" --data "$work/$name" --as "$name" \
    --dial-out --port "${status_port[$name]}" --containers off --memory 256MiB
  declare "pid_$name=$last_pid"
done
for name in home1 home2; do
  await_log "$name" "taking invocations over its link" 180 || die "$name did not start"
done
check "both agents serve over their dial-out links (broker health: 2 providers)" await_providers 2 60

step "invocations from em-consumer"
canary="natcanary-$RANDOM$RANDOM-plaintext"
charged=0
declare -A served=() share=() calls=()
# What the broker's fee (500 basis points) leaves the provider of a call that cost $2.
paid() { [[ $2 -gt 0 ]] || return 0; share[${1%@*}]=$((${share[${1%@*}]:-0} + $2 - $2 * 500 / 10000)); calls[${1%@*}]=$((${calls[${1%@*}]:-0} + 1)); }
ok=0
for i in 1 2 3 4; do
  if json=$(consumer invoke upper --input "$canary $i" --json); then
    [[ $(json_field "$json" output) == "${canary^^} $i" ]] && ok=$((ok + 1))
  fi
  charged=$((charged + $(json_number "$json" cost)))
  served[$(json_field "$json" provider)]=1
  paid "$(json_field "$json" provider)" "$(json_number "$json" cost)"
done
check "the consumer's 4 calls succeed with the right output (served by: ${!served[*]})" test "$ok" = 4

step "an agent with a certificate from another market's CA"
# Another market (its own CA) on em-broker's loopback, only to enroll an agent with it.
in_bg foreign em-broker "${EM[@]}" broker start --host 127.0.0.1 --port 9443 --data "$work/foreign"
foreign_pid=$last_pid
await_log foreign "Press Ctrl-C" 300 || die "the foreign broker did not start"
rogue_token=$(in_ns em-broker "${EM[@]}" identity token --broker https://127.0.0.1:9443 \
  --data "$work/foreign" --role provider --name rogue)
in_ns em-broker "$agent" enroll --broker https://127.0.0.1:9443 --token "$rogue_token" \
  --ca-cert "$work/foreign/ca-cert.pem" --data "$work/rogue" >/dev/null
stop_pid "$foreign_pid"
# The agent trusts only its own market's CA, so it would not talk to our broker at all: a TLS relay
# in em-home with a certificate from its CA carries its requests to our broker, which must then
# refuse the certificate the agent presents in them.
relay_cert "$work/foreign/ca" "$work/relay"
in_bg relay em-home socat "OPENSSL-LISTEN:9444,bind=127.0.0.1,reuseaddr,fork,cert=$work/relay-cert.pem,key=$work/relay-key.pem,verify=0" \
  "OPENSSL:$BROKER_IP:$PORT,cafile=$work/operator-ca.pem,verify=1"
relay_pid=$last_pid
sleep 1
in_bg rogue em-home "$agent" start --broker https://127.0.0.1:9444 --data "$work/rogue" --as rogue \
  --dial-out --port 9103 --containers off --memory 256MiB
rogue_pid=$last_pid
for _ in $(seq 1 100); do alive "$rogue_pid" || break; sleep 0.2; done
check "our broker refuses its certificate (UNAUTHENTICATED): still 2 providers, it does not serve" \
  rogue_refused "$rogue_pid"
echo "  the other market's agent: $(grep -v '^\s*at ' "$work/rogue.log" | tail -2 | tr '\n' ' ')"
stop_pid "$rogue_pid"
stop_pid "$relay_pid"

step "a link killed mid-call"
in_bg spin em-consumer "${EM[@]}" invoke spin --input slow --json --timeout 60s \
  --broker "$BROKER" --data "$work/consumer"
spin_pid=$last_pid
busy=""
for _ in $(seq 1 100); do
  for name in home1 home2; do
    if [[ $(active_slots "${status_port[$name]}") -gt 0 ]]; then busy=$name; break 2; fi
  done
  sleep 0.2
done
[[ -n $busy ]] || die "the slow call never started on an agent"
busy_pid_var="pid_$busy"
how=$(kill_link "${!busy_pid_var}")
echo "the call runs on $busy: $how"
wait "$spin_pid" || true
spin_json=$(grep '^{' "$work/spin.log" | tail -1 || true)
echo "  $spin_json"
other=$([[ $busy == home1 ]] && echo home2 || echo home1)
check "the call moved to $other (provider $(json_field "$spin_json" provider))" \
  test "$(json_field "$spin_json" provider)" = "$other@EdgeMarketMSP"
charged=$((charged + $(json_number "$spin_json" cost)))
paid "$(json_field "$spin_json" provider)" "$(json_number "$spin_json" cost)"

step "money"
check "the consumer paid exactly what it was told (escrow $balance0 - $charged)" \
  await_balance consumer "$work/consumer" em-consumer $((balance0 - charged)) 120
# Each agent's own account of what it earned, printed when it drains; one killed with kill -9 above
# is started again for that. Each must have earned exactly its share of the calls it served.
for name in home1 home2; do
  pid_var="pid_$name"
  if ! alive "${!pid_var}"; then
    in_bg "$name-again" em-home "$agent" start --broker "$BROKER" --data "$work/$name" --as "$name" \
      --dial-out --port "${status_port[$name]}" --containers off --memory 256MiB
    declare "pid_$name=$last_pid"
    await_log "$name-again" "taking invocations over its link" 180 || die "$name did not start again"
    log="$work/$name-again.log"
  else
    log="$work/$name.log"
  fi
  stop_pid "${!pid_var}"
  earned=$(sed -nE 's/.* earned ([0-9]+) in total.*/\1/p' "$log" | tail -1)
  check "$name earned exactly its share of the ${calls[$name]:-0} calls it served: ${share[$name]:-0} (it says ${earned:-nothing})" \
    test "${earned:-x}" = "${share[$name]:-0}"
done

step "capture on the broker's interface"
if [[ -n ${tcpdump_pid:-} ]]; then
  stop_pid "$tcpdump_pid"
  packets=$(tcpdump -r "$work/broker.pcap" -nn "tcp port $PORT" 2>/dev/null | wc -l)
  check "the capture holds the market's traffic ($packets packets on port $PORT)" test "$packets" -gt 50
  check "no plaintext input ('$canary') in the capture" not grep -aq "$canary" "$work/broker.pcap"
  check "no plaintext output ('${canary^^}') in the capture" not grep -aq "${canary^^}" "$work/broker.pcap"
  check "no enrollment token in the capture" not grep -aqF -e "${tokens[0]}" -e "${tokens[1]}" "$work/broker.pcap"
fi
