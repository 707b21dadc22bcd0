#!/usr/bin/env bash
# EdgeMarket's Fabric network on loopback, without Docker: one etcdraft orderer (OrdererMSP), one
# peer for ProvidersOrgMSP and one for ConsumersOrgMSP, channel `edgemarket`, and the chaincode
# module's jar running as chaincode-as-a-service. Usage: network.sh up|down|clean|status|smoke,
# or peer-stop|peer-start ORG (providers|consumers) to stop or start one organisation's peer, or
# orderer-stop|orderer-start for the ordering service.
# State and logs live under ${EDGEMARKET_FABRIC_NET:-~/.cache/edgemarket/fabric-net}.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"  # network-config/
NET="${EDGEMARKET_FABRIC_NET:-$HOME/.cache/edgemarket/fabric-net}"
LOG_TAG=network
# the steps shared with multihost.sh, and the paths below NET
# shellcheck source-path=SCRIPTDIR source=fabric-lib.sh
source "$HERE/scripts/fabric-lib.sh"

CRYPTO_CONFIG="$HERE/config/crypto-config.yaml"

CHANNEL=edgemarket
CC_NAME=edgemarket  # io.edgemarket.model.ledger.Transactions.CHAINCODE
CC_LABEL=edgemarket_1.0
CC_VERSION=1.0
CC_SEQUENCE=1
CC_ADDRESS=127.0.0.1:9999
CC_POLICY="AND('ProvidersOrgMSP.peer','ConsumersOrgMSP.peer')"

ORDERER_HOST=127.0.0.1
ORDERER_PORT=7050
ORDERER_ADDR=127.0.0.1:7050
ORDERER_ADMIN_ADDR=127.0.0.1:7053
ORDERER_OPS_ADDR=127.0.0.1:8443
ORDERER_NS=""  # everything runs in the current network namespace
ORDERER_DIR="$CRYPTO/ordererOrganizations/orderer.edgemarket.local/orderers/orderer0.orderer.edgemarket.local"
ORDERER_ADMIN="$CRYPTO/ordererOrganizations/orderer.edgemarket.local/users/Admin@orderer.edgemarket.local"
ORDERER_TLSCA="$ORDERER_DIR/tls/ca.crt"

# org -> "MSP id, domain, peer port, operations port"
declare -A ORG=(
  [providers]="ProvidersOrgMSP providers.edgemarket.local 7051 9443"
  [consumers]="ConsumersOrgMSP consumers.edgemarket.local 9051 9444"
)
ORGS=(providers consumers)
declare -A PEER_HOST=([providers]=127.0.0.1 [consumers]=127.0.0.1)  # anchor peers in configtx.yaml
declare -A PEER_PORT=([providers]=7051 [consumers]=9051)

org_field() { local -a f; read -ra f <<<"${ORG[$1]}"; echo "${f[$2]}"; }
msp_id() { org_field "$1" 0; }
domain() { org_field "$1" 1; }
peer_port() { org_field "$1" 2; }
peer_addr() { echo "127.0.0.1:$(peer_port "$1")"; }
peer_tlsca() { echo "$CRYPTO/peerOrganizations/$(domain "$1")/peers/peer0.$(domain "$1")/tls/ca.crt"; }
org_ns() { echo ""; }

# --- steps of `up` (the shared ones are in fabric-lib.sh) ---------------------------------------

start_orderer() {
  mkdir -p "$NET/orderer"
  start orderer 7050 "$BIN/orderer" env FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC=info "$BIN/orderer"
  wait_port orderer 7053 30
}

start_peer() {
  local org=$1 d port ops dir
  d=$(domain "$org"); port=$(peer_port "$org"); ops=$(org_field "$org" 3)
  dir="$CRYPTO/peerOrganizations/$d/peers/peer0.$d"
  mkdir -p "$NET/peers/peer0.$d"
  # CORE_PEER_TLS_ROOTCERT_FILE: every organisation's TLS CA, not only its own (fabric-lib.sh: tls_roots)
  start "peer0.$org" "$port" "$BIN/peer node start" env FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC=info \
    CORE_PEER_ID="peer0.$d" CORE_PEER_LOCALMSPID="$(msp_id "$org")" CORE_PEER_MSPCONFIGPATH="$dir/msp" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$port" CORE_PEER_ADDRESS="127.0.0.1:$port" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$((port + 1))" \
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$((port + 1))" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$port" CORE_PEER_GOSSIP_ENDPOINT="127.0.0.1:$port" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$port" \
    CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$CFG/peer-tls-roots.pem" CORE_PEER_FILESYSTEMPATH="$NET/peers/peer0.$d" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$NET/peers/peer0.$d/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$ops" "$BIN/peer" node start
}

start_chaincode() {
  local id
  id=$(<"$NET/chaincode/package-id")
  start chaincode 9999 ContractRouter env CHAINCODE_SERVER_ADDRESS="$CC_ADDRESS" \
    CORE_CHAINCODE_ID_NAME="$id" CORE_PEER_TLS_ENABLED=false \
    java -Xmx512m -cp "$NET/chaincode/lib/*" org.hyperledger.fabric.contract.ContractRouter
}

stop_chaincode() { stop chaincode ContractRouter; }

# --- commands ------------------------------------------------------------------------------------

up() {
  local t0=$SECONDS
  if already_up; then
    log "already up, its chaincode built from these sources: nothing to do (${SECONDS}s)"
    return
  fi
  rm -f "$NET/.up-digest"
  binaries
  render_config
  log "state: $NET   logs: $LOGS"
  crypto
  tls_roots
  start_orderer
  # The chaincode service first: the peers dial it as they start (it starts while the orderer elects
  # its raft leader).
  chaincode_jar
  chaincode_package
  start_chaincode
  orderer_channel
  peers_up
  deploy
  chaincode_source_digest >"$NET/.up-digest"
  log "up in $((SECONDS - t0))s"
}

# A market restarted on a running network must not wait for every idempotent step (each a peer CLI
# call): when every node runs and the network was last brought up from the same chaincode sources,
# there is nothing to do. A stopped node, changed sources or EDGEMARKET_REBUILD_CHAINCODE=1 take the
# whole path, which repairs and redeploys as before.
already_up() {
  local name
  [[ -f "$NET/.up-digest" && "${EDGEMARKET_REBUILD_CHAINCODE:-0}" != 1 ]] || return 1
  for name in orderer peer0.providers peer0.consumers chaincode; do
    running "$name" "" || return 1
  done
  [[ "$(<"$NET/.up-digest")" == "$(chaincode_source_digest)" ]]
}

down() {
  stop_nodes
  log "stopped (state kept in $NET)"
}

status() {
  local name port
  [[ -d "$NET" ]] || { log "no network state in $NET"; return 0; }
  log "state: $NET   logs: $LOGS"
  for name in orderer:7050 peer0.providers:7051 peer0.consumers:9051 chaincode:9999; do
    port=${name#*:}; name=${name%:*}
    if running "$name" ""; then
      printf '  %-16s running  pid %-7s 127.0.0.1:%s  log %s\n' "$name" "$(<"$RUN/$name.pid")" "$port" "$LOGS/$name.log"
    else
      printf '  %-16s stopped\n' "$name"
    fi
  done
  channel_status
  running peer0.providers "" && printf '  chaincode: %s\n' \
    "$(as_admin providers lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>/dev/null | tail -1 || echo 'not committed')"
  return 0
}

# Real proposals through real peers to our chaincode. 1: the cryptogen admin has no edgemarket.role
# attribute, so the chaincode itself must answer FORBIDDEN. 2: a participant with role admin
# registers (a transaction endorsed by both peers, ordered and committed) and reads the config.
smoke() {
  local out msp ord
  read -ra ord <<<"$(orderer_flags)"
  log "1. peer chaincode query -C $CHANNEL -n $CC_NAME -c '{\"Args\":[\"config:GetConfig\"]}' as Admin@$(domain providers)"
  out=$(as_admin providers chaincode query -C "$CHANNEL" -n "$CC_NAME" -c '{"Args":["config:GetConfig"]}' 2>&1) || true
  echo "$out"
  grep -Eq 'FORBIDDEN|NOT_REGISTERED' <<<"$out" || die "smoke FAILED: expected FORBIDDEN or NOT_REGISTERED from the chaincode"
  log "   OK: the refusal came from the EdgeMarket chaincode through peer0.providers"

  msp=$(enroll providers market-admin admin)
  log "2. participants:RegisterParticipant as market-admin@ProvidersOrgMSP (edgemarket.role=admin, $msp)"
  as_identity providers "$msp" chaincode invoke "${ord[@]}" -C "$CHANNEL" -n "$CC_NAME" --waitForEvent \
    --peerAddresses "$(peer_addr providers)" --tlsRootCertFiles "$(peer_tlsca providers)" \
    --peerAddresses "$(peer_addr consumers)" --tlsRootCertFiles "$(peer_tlsca consumers)" \
    -c '{"Args":["participants:RegisterParticipant"]}' 2>&1 | grep -Eo 'Chaincode invoke successful.*|Error.*|txid \[[0-9a-f]+\] committed with status \([A-Z_]+\).*' \
    || die "smoke FAILED: RegisterParticipant"
  log "   config:GetConfig as market-admin@ProvidersOrgMSP via peer0.consumers:"
  as_identity providers "$msp" chaincode query -C "$CHANNEL" -n "$CC_NAME" \
    --peerAddresses "$(peer_addr consumers)" --tlsRootCertFiles "$(peer_tlsca consumers)" \
    -c '{"Args":["config:GetConfig"]}' || die "smoke FAILED: GetConfig as a registered admin"
  log "smoke OK"
}

# One organisation's peer alone, e.g. to see the market ride through a peer's outage (the chaincode
# needs both peers' endorsements): `network.sh peer-stop providers`, later `peer-start providers`.
peer_org() {
  [[ -n "${1:-}" && -n "${ORG[$1]:-}" ]] || die "usage: $0 peer-stop|peer-start providers|consumers"
}
peer_stop() { peer_org "${1:-}"; stop "peer0.$1" "peer node start"; }
peer_start() { peer_org "${1:-}"; start_peer "$1"; }
# The ordering service alone (one etcdraft node, which recovers from its write-ahead log): while it
# is down nothing commits, so nothing settles; endorsement still answers.
orderer_stop() { stop orderer "$BIN/orderer"; }

case "${1:-}" in
  peer-stop) peer_stop "${2:-}" ;;
  peer-start) peer_start "${2:-}" ;;
  orderer-stop) orderer_stop ;;
  orderer-start) start_orderer ;;
  *) run_command "$@" ;;
esac
