#!/usr/bin/env bash
# EdgeMarket's Fabric network as a consortium spread over hosts, on one machine: each organisation's
# nodes in a network namespace of their own, joined by veth pairs to a bridge, so every gRPC call
# between organisations crosses a (virtual) network. See network-config/MULTI-HOST.md.
#
#   em-orderer    10.77.0.10  OrdererOrg:   orderer0 (7050 gRPC, 7053 channel participation API)
#   em-providers  10.77.0.20  ProvidersOrg: peer0 (7051); its chaincode service on 127.0.0.1:9999
#   em-consumers  10.77.0.30  ConsumersOrg: peer0 (7051); its chaincode service on 127.0.0.1:9999
#   em-contributor 10.77.0.40 a contributor's machine (smoke's Fabric CA enrollment)
#   em-net        bridge em-br0; the hosts' veth peers are its ports. Nothing is added to the root ns.
#
# Usage: multihost.sh up|down|clean|status|smoke     (as root: it creates network namespaces)
# State and logs under ${EDGEMARKET_FABRIC_MULTIHOST:-~/.cache/edgemarket/fabric-multihost};
# EDGEMARKET_MULTIHOST_SUBNET (default 10.77.0) picks the /24.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"  # network-config/
NET="${EDGEMARKET_FABRIC_MULTIHOST:-$HOME/.cache/edgemarket/fabric-multihost}"
LOG_TAG=multihost
# Fabric's steps shared with network.sh (and the paths below NET); the namespaces, nothing of
# Fabric; the connection profiles; the smoke test.
# shellcheck source-path=SCRIPTDIR source=fabric-lib.sh
source "$HERE/scripts/fabric-lib.sh"
# shellcheck source-path=SCRIPTDIR source=multihost-netns.sh
source "$HERE/scripts/multihost-netns.sh"
# shellcheck source-path=SCRIPTDIR source=multihost-profiles.sh
source "$HERE/scripts/multihost-profiles.sh"
# shellcheck source-path=SCRIPTDIR source=multihost-smoke.sh
source "$HERE/scripts/multihost-smoke.sh"

CRYPTO_CONFIG="$CFG/crypto-config.yaml"  # rendered from config/crypto-config-multihost.yaml

SUBNET="${EDGEMARKET_MULTIHOST_SUBNET:-10.77.0}"
BRIDGE_NS=em-net
BRIDGE=em-br0
HOSTS=(orderer providers consumers contributor)
declare -A HOST_NS=([orderer]=em-orderer [providers]=em-providers [consumers]=em-consumers [contributor]=em-contributor)
declare -A HOST_IP=([orderer]=$SUBNET.10 [providers]=$SUBNET.20 [consumers]=$SUBNET.30 [contributor]=$SUBNET.40)

CHANNEL=edgemarket
CC_NAME=edgemarket
CC_LABEL=edgemarket_1.0
CC_VERSION=1.0
CC_SEQUENCE=1
# Each organisation runs its own copy of the chaincode service next to its peer, on its own host's
# loopback: an endorsement is only worth something if the endorsing organisation ran the code
# itself. Same address on both hosts, so both install the same package (same package id).
CC_ADDRESS=127.0.0.1:9999
CC_POLICY="AND('ProvidersOrgMSP.peer','ConsumersOrgMSP.peer')"

ORDERER_HOST=${HOST_IP[orderer]}
ORDERER_PORT=7050
ORDERER_ADDR=$ORDERER_HOST:$ORDERER_PORT
ORDERER_ADMIN_ADDR=$ORDERER_HOST:7053
ORDERER_OPS_ADDR=127.0.0.1:8443  # operations (metrics, healthz): the orderer host's loopback only
ORDERER_NS=${HOST_NS[orderer]}
ORDERER_DIR="$CRYPTO/ordererOrganizations/orderer.edgemarket.local/orderers/orderer0.orderer.edgemarket.local"
ORDERER_ADMIN="$CRYPTO/ordererOrganizations/orderer.edgemarket.local/users/Admin@orderer.edgemarket.local"
ORDERER_TLSCA="$ORDERER_DIR/tls/ca.crt"

ORGS=(providers consumers)
declare -A MSP=([providers]=ProvidersOrgMSP [consumers]=ConsumersOrgMSP)
declare -A PEER_HOST=([providers]=${HOST_IP[providers]} [consumers]=${HOST_IP[consumers]})
declare -A PEER_PORT=([providers]=7051 [consumers]=7051)  # separate hosts: the same port on each
CA_PORT=7054  # smoke's Fabric CA for ProvidersOrg, on the providers' host

msp_id() { echo "${MSP[$1]}"; }
domain() { echo "$1.edgemarket.local"; }
peer_addr() { echo "${PEER_HOST[$1]}:${PEER_PORT[$1]}"; }
peer_tlsca() { echo "$CRYPTO/peerOrganizations/$(domain "$1")/peers/peer0.$(domain "$1")/tls/ca.crt"; }
org_ns() { echo "${HOST_NS[$1]}"; }

[[ $EUID -eq 0 ]] || die "needs root (ip netns)"

# --- nodes, each in its host's namespace ------------------------------------------------------------

render_multihost() {
  render_config
  sed -e "s#@ORDERER_IP@#${HOST_IP[orderer]}#g" -e "s#@PROVIDERS_IP@#${HOST_IP[providers]}#g" \
    -e "s#@CONSUMERS_IP@#${HOST_IP[consumers]}#g" "$HERE/config/crypto-config-multihost.yaml" >"$CRYPTO_CONFIG"
}

start_orderer() {
  mkdir -p "$NET/orderer"
  # orderer.yaml is network.sh's; only the listen addresses differ (ORDERER_* overrides its keys).
  NETNS=$ORDERER_NS start orderer "$ORDERER_PORT" "$BIN/orderer" env FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC=info \
    ORDERER_GENERAL_LISTENADDRESS="$ORDERER_HOST" ORDERER_ADMIN_LISTENADDRESS="$ORDERER_ADMIN_ADDR" \
    ORDERER_OPERATIONS_LISTENADDRESS="$ORDERER_OPS_ADDR" "$BIN/orderer"
  NETNS=$ORDERER_NS wait_port orderer 7053 30
}

start_peer() {
  local org=$1 d addr dir
  d=$(domain "$org"); addr=$(peer_addr "$org")
  dir="$CRYPTO/peerOrganizations/$d/peers/peer0.$d"
  mkdir -p "$NET/peers/peer0.$d"
  # CORE_PEER_TLS_ROOTCERT_FILE: every organisation's TLS CA, not only its own (fabric-lib.sh: tls_roots)
  NETNS=$(org_ns "$org") start "peer0.$org" "${PEER_PORT[$org]}" "$BIN/peer node start" env FABRIC_CFG_PATH="$CFG" \
    FABRIC_LOGGING_SPEC=info CORE_PEER_ID="peer0.$d" CORE_PEER_LOCALMSPID="$(msp_id "$org")" \
    CORE_PEER_MSPCONFIGPATH="$dir/msp" CORE_PEER_LISTENADDRESS="$addr" CORE_PEER_ADDRESS="$addr" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:7052" CORE_PEER_CHAINCODEADDRESS="127.0.0.1:7052" \
    CORE_PEER_GOSSIP_BOOTSTRAP="$addr" CORE_PEER_GOSSIP_ENDPOINT="$addr" CORE_PEER_GOSSIP_EXTERNALENDPOINT="$addr" \
    CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$CFG/peer-tls-roots.pem" CORE_PEER_FILESYSTEMPATH="$NET/peers/peer0.$d" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$NET/peers/peer0.$d/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:9443" "$BIN/peer" node start
}

start_chaincode() {
  local org=$1
  NETNS=$(org_ns "$org") start "chaincode.$org" "${CC_ADDRESS##*:}" ContractRouter env \
    CHAINCODE_SERVER_ADDRESS="$CC_ADDRESS" CORE_CHAINCODE_ID_NAME="$(<"$NET/chaincode/package-id")" \
    CORE_PEER_TLS_ENABLED=false java -Xmx512m -cp "$NET/chaincode/lib/*" org.hyperledger.fabric.contract.ContractRouter
}

start_chaincodes() {  # both JVMs start at once: their start-up is mostly waiting on one core each
  local org i=0
  local -a pids=()
  for org in "${ORGS[@]}"; do start_chaincode "$org" & pids+=($!); done
  for org in "${ORGS[@]}"; do wait "${pids[$i]}" || die "chaincode.$org did not start"; i=$((i + 1)); done
}

stop_chaincode() { local org; for org in "${ORGS[@]}"; do stop "chaincode.$org" ContractRouter; done; }

# --- commands ------------------------------------------------------------------------------------

up() {
  local t0=$SECONDS
  binaries
  render_multihost
  log "state: $NET   logs: $LOGS"
  netns_up
  crypto
  tls_roots
  start_orderer
  chaincode_jar
  chaincode_package
  start_chaincodes
  orderer_channel
  peers_up
  deploy
  profiles
  log "up in $((SECONDS - t0))s"
}

down() {
  stop fabric-ca.providers fabric-ca-server
  stop_nodes
  netns_down
  log "stopped; namespaces removed (state kept in $NET)"
}

status() {
  local name n ns addr port
  netns_status
  [[ -d "$NET" ]] || { log "no network state in $NET"; return 0; }
  log "state: $NET   logs: $LOGS"
  for name in orderer:em-orderer:$ORDERER_ADDR peer0.providers:em-providers:$(peer_addr providers) \
    peer0.consumers:em-consumers:$(peer_addr consumers) chaincode.providers:em-providers:$CC_ADDRESS \
    chaincode.consumers:em-consumers:$CC_ADDRESS fabric-ca.providers:em-providers:${PEER_HOST[providers]}:$CA_PORT; do
    IFS=: read -r n ns addr port <<<"$name"
    if running "$n" ""; then
      printf '  %-20s running  pid %-7s netns %-13s %s:%s  log %s\n' "$n" "$(<"$RUN/$n.pid")" "$ns" "$addr" "$port" "$LOGS/$n.log"
    else
      printf '  %-20s stopped\n' "$n"
    fi
  done
  channel_status
  [[ -d "$NET/connection-profiles" ]] && printf '  connection profiles: %s\n' "$NET/connection-profiles/{providers,consumers}.json"
  return 0
}

run_command "$@"
