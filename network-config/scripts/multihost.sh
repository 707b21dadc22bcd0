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
REPO="$(cd "$HERE/.." && pwd)"
FABRIC_HOME="${EDGEMARKET_FABRIC_HOME:-$HOME/.cache/edgemarket/fabric}"
BIN="$FABRIC_HOME/bin"
NET="${EDGEMARKET_FABRIC_MULTIHOST:-$HOME/.cache/edgemarket/fabric-multihost}"
CRYPTO="$NET/crypto"
CFG="$NET/config"
LOGS="$NET/logs"
RUN="$NET/run"
export FABRIC_CFG_PATH="$CFG"
LOG_TAG=multihost
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

# shellcheck source-path=SCRIPTDIR source=fabric-lib.sh
source "$HERE/scripts/fabric-lib.sh"

msp_id() { echo "${MSP[$1]}"; }
domain() { echo "$1.edgemarket.local"; }
peer_addr() { echo "${PEER_HOST[$1]}:${PEER_PORT[$1]}"; }
peer_tlsca() { echo "$CRYPTO/peerOrganizations/$(domain "$1")/peers/peer0.$(domain "$1")/tls/ca.crt"; }
org_ns() { echo "${HOST_NS[$1]}"; }

[[ $EUID -eq 0 ]] || die "needs root (ip netns)"

# --- the network: namespaces, veth pairs, bridge --------------------------------------------------

ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

netns_up() {
  local h ns veth
  for ns in "$BRIDGE_NS" "${HOST_NS[@]}"; do
    ns_exists "$ns" || ip netns add "$ns"
    ip -n "$ns" link set lo up
  done
  ip -n "$BRIDGE_NS" link show "$BRIDGE" >/dev/null 2>&1 || ip -n "$BRIDGE_NS" link add "$BRIDGE" type bridge
  ip -n "$BRIDGE_NS" link set "$BRIDGE" up
  for h in "${HOSTS[@]}"; do
    ns=${HOST_NS[$h]} veth="v-$h"
    # one veth pair per host: eth0 in the host's namespace, v-<host> a port of the bridge
    ip -n "$ns" link show eth0 >/dev/null 2>&1 \
      || ip -n "$BRIDGE_NS" link add "$veth" type veth peer name eth0 netns "$ns"
    ip -n "$BRIDGE_NS" link set "$veth" master "$BRIDGE" up
    ip -n "$ns" addr replace "${HOST_IP[$h]}/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
  log "network: bridge $BRIDGE in netns $BRIDGE_NS; $(for h in "${HOSTS[@]}"; do printf '%s=%s ' "${HOST_NS[$h]}" "${HOST_IP[$h]}"; done)"
}

netns_down() {
  local ns
  # deleting a namespace deletes its end of each veth pair, and so the pair
  for ns in "${HOST_NS[@]}" "$BRIDGE_NS"; do
    if ns_exists "$ns"; then ip netns del "$ns"; fi
  done
}

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

# --- connection profiles ---------------------------------------------------------------------------

json_pem() { awk 'BEGIN{ORS=""} {gsub(/\r/,""); print $0 "\\n"}' "$1"; }

# Fabric's common connection profile (the format of the Fabric SDKs' network configs), one per
# organisation: its client's MSP id, every peer (gRPC endpoint, TLS CA, the name in its
# certificate), the orderer, the channel and, under x-edgemarket, the chaincode and its policy.
# The broker (ConsumersOrg's client) reads consumers.json; ProvidersOrg's agents, providers.json.
profiles() {
  local org o sep dir="$NET/connection-profiles"
  mkdir -p "$dir"
  for org in "${ORGS[@]}"; do
    {
      printf '{\n  "name": "edgemarket-%s",\n  "version": "1.0.0",\n' "$org"
      printf '  "client": {"organization": "%s", "connection": {"timeout": {"peer": {"endorser": "30"}, "orderer": "30"}}},\n' "$(msp_id "$org")"
      printf '  "x-edgemarket": {"channel": "%s", "chaincode": "%s", "endorsementPolicy": "%s", "gatewayPeer": "peer0.%s"},\n' \
        "$CHANNEL" "$CC_NAME" "$CC_POLICY" "$(domain "$org")"
      printf '  "channels": {"%s": {"orderers": ["orderer0.orderer.edgemarket.local"], "peers": {' "$CHANNEL"
      sep=""
      for o in "${ORGS[@]}"; do
        printf '%s"peer0.%s": {"endorsingPeer": true, "chaincodeQuery": true, "ledgerQuery": true, "eventSource": true}' "$sep" "$(domain "$o")"
        sep=", "
      done
      printf '}}},\n  "organizations": {\n'
      sep=""
      for o in "${ORGS[@]}"; do
        printf '%s    "%s": {"mspid": "%s", "peers": ["peer0.%s"], "certificateAuthorities": ["ca.%s"]}' \
          "$sep" "$(msp_id "$o")" "$(msp_id "$o")" "$(domain "$o")" "$(domain "$o")"
        sep=$',\n'
      done
      printf ',\n    "OrdererMSP": {"mspid": "OrdererMSP"}\n  },\n  "peers": {\n'
      sep=""
      for o in "${ORGS[@]}"; do
        printf '%s    "peer0.%s": {"url": "grpcs://%s", "tlsCACerts": {"path": "%s", "pem": "%s"}, "grpcOptions": {"ssl-target-name-override": "peer0.%s", "hostnameOverride": "peer0.%s"}}' \
          "$sep" "$(domain "$o")" "$(peer_addr "$o")" "$(peer_tlsca "$o")" "$(json_pem "$(peer_tlsca "$o")")" "$(domain "$o")" "$(domain "$o")"
        sep=$',\n'
      done
      printf '\n  },\n  "orderers": {\n    "orderer0.orderer.edgemarket.local": {"url": "grpcs://%s", "tlsCACerts": {"path": "%s", "pem": "%s"}, "grpcOptions": {"ssl-target-name-override": "orderer0.orderer.edgemarket.local"}}\n  },\n' \
        "$ORDERER_ADDR" "$ORDERER_TLSCA" "$(json_pem "$ORDERER_TLSCA")"
      printf '  "certificateAuthorities": {\n'
      sep=""
      for o in "${ORGS[@]}"; do
        printf '%s    "ca.%s": {"url": "https://%s:%s", "caName": "ca.%s", "tlsCACerts": {"path": "%s"}}' "$sep" "$(domain "$o")" \
          "${PEER_HOST[$o]}" "$CA_PORT" "$(domain "$o")" "$CRYPTO/peerOrganizations/$(domain "$o")/ca/ca.$(domain "$o")-cert.pem"
        sep=$',\n'
      done
      printf '\n  }\n}\n'
    } >"$dir/$org.json.tmp"
    mv "$dir/$org.json.tmp" "$dir/$org.json"
  done
  log "connection profiles: $dir/{providers,consumers}.json"
}

# --- commands ------------------------------------------------------------------------------------

up() {
  local t0=$SECONDS org
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
  stop_chaincode
  stop peer0.consumers "peer node start"
  stop peer0.providers "peer node start"
  stop orderer "$BIN/orderer"
  netns_down
  log "stopped; namespaces removed (state kept in $NET)"
}

clean() {
  down
  rm -rf "$NET"
  log "removed $NET"
}

status() {
  local name h org n ns addr port
  for h in "${HOSTS[@]}"; do
    if ns_exists "${HOST_NS[$h]}"; then
      printf '  netns %-15s %s\n' "${HOST_NS[$h]}" "$(ip -n "${HOST_NS[$h]}" -br addr show eth0 2>/dev/null | awk '{print $2, $3}')"
    else
      printf '  netns %-15s absent\n' "${HOST_NS[$h]}"
    fi
  done
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
  if running orderer ""; then
    printf '  orderer channel: %s\n' "$(osnadmin channel list --channelID "$CHANNEL" 2>/dev/null | tr -d '\n\t ' | grep -o '{.*}' || echo none)"
  fi
  for org in "${ORGS[@]}"; do
    running "peer0.$org" "" || continue
    printf '  peer0.%s %s: %s\n' "$org" "$CHANNEL" \
      "$(as_admin "$org" channel getinfo -c "$CHANNEL" 2>/dev/null | sed -n 's/^Blockchain info: //p' || true)"
  done
  [[ -d "$NET/connection-profiles" ]] && printf '  connection profiles: %s\n' "$NET/connection-profiles/{providers,consumers}.json"
  return 0
}

# --- smoke ---------------------------------------------------------------------------------------

FAILED=0
pass() { echo "  PASS  $*"; }
fail() { echo "  FAIL  $*"; FAILED=$((FAILED + 1)); }

tcp_connects() { in_ns "$1" timeout 3 bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; }
eth0_bytes() {  # ns : bytes received + sent on the host's eth0
  local rx tx
  { read -r rx; read -r tx; } < <(in_ns "$1" cat /sys/class/net/eth0/statistics/rx_bytes /sys/class/net/eth0/statistics/tx_bytes)
  echo $((rx + tx))
}

# The peer CLI on the consumers' host (the broker's side) with identity msp, sending one proposal
# to the endorsing peers given as org names; prints the lines that matter.
invoke_from() {  # ns org msp function peers...
  local ns=$1 org=$2 msp=$3 fn=$4 o
  local -a ord pf=()
  shift 4
  read -ra ord <<<"$(orderer_flags)"
  for o in "$@"; do pf+=(--peerAddresses "$(peer_addr "$o")" --tlsRootCertFiles "$(peer_tlsca "$o")"); done
  in_ns "$ns" env FABRIC_CFG_PATH="$CFG" CORE_PEER_TLS_ENABLED=true CORE_PEER_LOCALMSPID="$(msp_id "$org")" \
    CORE_PEER_MSPCONFIGPATH="$msp" "$BIN/peer" chaincode invoke "${ord[@]}" -C "$CHANNEL" -n "$CC_NAME" \
    --waitForEvent "${pf[@]}" -c "{\"Args\":[\"$fn\"]}" 2>&1
}

query_from() {  # ns org msp function peer-org
  in_ns "$1" env FABRIC_CFG_PATH="$CFG" CORE_PEER_TLS_ENABLED=true CORE_PEER_LOCALMSPID="$(msp_id "$2")" \
    CORE_PEER_MSPCONFIGPATH="$3" "$BIN/peer" chaincode query -C "$CHANNEL" -n "$CC_NAME" \
    --peerAddresses "$(peer_addr "$5")" --tlsRootCertFiles "$(peer_tlsca "$5")" -c "{\"Args\":[\"$4\"]}" 2>&1
}

# Fabric CA for ProvidersOrg on the providers' host, signing with the organisation's CA key (the one
# its channel MSP trusts), TLS certificate issued by itself for its address.
start_fabric_ca() {
  local d=providers.edgemarket.local home="$NET/fabric-ca/providers"
  mkdir -p "$home"
  # (its operations endpoint moves off 127.0.0.1:9443, which the peer on the same host has)
  NETNS=$(org_ns providers) start fabric-ca.providers "$CA_PORT" fabric-ca-server env FABRIC_CA_SERVER_HOME="$home" \
    FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS=127.0.0.1:9445 \
    "$BIN/fabric-ca-server" start -b "admin:$(ca_admin_secret)" --address "${PEER_HOST[providers]}" --port "$CA_PORT" \
    --ca.name "ca.$d" --ca.certfile "$CRYPTO/peerOrganizations/$d/ca/ca.$d-cert.pem" \
    --ca.keyfile "$CRYPTO/peerOrganizations/$d/ca/priv_sk" --tls.enabled \
    --csr.hosts "${PEER_HOST[providers]},ca.$d"
}

ca_admin_secret() {
  [[ -f "$NET/fabric-ca/admin-secret" ]] || { mkdir -p "$NET/fabric-ca"; openssl rand -hex 12 >"$NET/fabric-ca/admin-secret"; }
  cat "$NET/fabric-ca/admin-secret"
}

# A new contributor on their own machine (em-contributor) gets a ProvidersOrg certificate with
# edgemarket.role=provider from the providers' Fabric CA, and registers in the market with it.
contributor_via_fabric_ca() {
  local d=providers.edgemarket.local ca="$NET/fabric-ca" url secret out msp line
  local tlsca="$CRYPTO/peerOrganizations/providers.edgemarket.local/ca/ca.$d-cert.pem"
  url="https://${PEER_HOST[providers]}:$CA_PORT"
  start_fabric_ca >/dev/null
  msp="$ca/contributor/carol-msp"
  if [[ ! -f "$msp/signcerts/cert.pem" ]]; then
    # the org's bootstrap admin, on the providers' host: enrolls, then registers a registrar that
    # may only register clients and only hand out edgemarket.role
    in_ns em-providers "$BIN/fabric-ca-client" enroll -u "https://admin:$(ca_admin_secret)@${url#https://}" \
      --tls.certfiles "$tlsca" -H "$ca/admin" >>"$LOGS/fabric-ca-client.log" 2>&1 || { fail "bootstrap admin enroll (see $LOGS/fabric-ca-client.log)"; return; }
    if [[ ! -f "$ca/registrar/msp/signcerts/cert.pem" ]]; then
      secret=$(openssl rand -hex 12)
      in_ns em-providers "$BIN/fabric-ca-client" register -u "$url" --tls.certfiles "$tlsca" -H "$ca/admin" \
        --id.name registrar --id.secret "$secret" --id.type client \
        --id.attrs 'hf.Registrar.Roles=client,hf.Registrar.Attributes=edgemarket.role' >>"$LOGS/fabric-ca-client.log" 2>&1
      in_ns em-providers "$BIN/fabric-ca-client" enroll -u "https://registrar:$secret@${url#https://}" \
        --tls.certfiles "$tlsca" -H "$ca/registrar" >>"$LOGS/fabric-ca-client.log" 2>&1 || { fail "registrar enroll"; return; }
    fi
    # the registrar registers the contributor (one enrollment only) ...
    secret=$(openssl rand -hex 12)
    in_ns em-providers "$BIN/fabric-ca-client" register -u "$url" --tls.certfiles "$tlsca" -H "$ca/registrar" \
      --id.name carol --id.secret "$secret" --id.type client --id.maxenrollments 1 \
      --id.attrs 'edgemarket.role=provider:ecert' >>"$LOGS/fabric-ca-client.log" 2>&1 || { fail "register carol (see $LOGS/fabric-ca-client.log)"; return; }
    # ... who enrolls from their own machine: the key is made there
    in_ns em-contributor "$BIN/fabric-ca-client" enroll -u "https://carol:$secret@${url#https://}" \
      --tls.certfiles "$tlsca" -H "$ca/contributor" -M "$msp" >>"$LOGS/fabric-ca-client.log" 2>&1 || { fail "carol enroll"; return; }
  fi
  # The peer CLI wants to know how the MSP classifies identities: NodeOUs, as the channel's MSP.
  printf 'NodeOUs:\n  Enable: true\n  ClientOUIdentifier: {OrganizationalUnitIdentifier: client}\n  PeerOUIdentifier: {OrganizationalUnitIdentifier: peer}\n  AdminOUIdentifier: {OrganizationalUnitIdentifier: admin}\n  OrdererOUIdentifier: {OrganizationalUnitIdentifier: orderer}\n' >"$msp/config.yaml"
  out=$(openssl x509 -in "$msp/signcerts/cert.pem" -noout -subject -issuer -text 2>&1 | grep -E '^(subject|issuer)=|"attrs"' || true)
  while read -r line; do echo "        $line"; done <<<"$out"
  if grep -q 'OU *= *client' <<<"$out" && grep -q '"edgemarket.role":"provider"' <<<"$out" \
    && openssl verify -CAfile "$tlsca" "$msp/signcerts/cert.pem" >/dev/null 2>&1; then
    pass "Fabric CA (${PEER_HOST[providers]}:$CA_PORT, from em-contributor) issued carol a certificate under ProvidersOrg's CA with OU=client and edgemarket.role=provider in 1.2.3.4.5.6.7.8.1"
  else
    fail "carol's certificate has no edgemarket.role=provider attribute"
  fi
  out=$(invoke_from em-contributor providers "$msp" participants:RegisterParticipant providers consumers) || true
  grep -Eo 'txid \[[0-9a-f]{8}|committed with status \([A-Z_]+\) at [0-9.:]+|Chaincode invoke successful.*"role\\":\\"[a-z]+\\"' <<<"$out" || true
  if grep -q 'Chaincode invoke successful' <<<"$out" && grep -q '\\"id\\":\\"carol@ProvidersOrgMSP\\"' <<<"$out"; then
    pass "carol@ProvidersOrgMSP registered from em-contributor as a provider, endorsed by both organisations' peers"
  else
    echo "$out" | tail -3
    fail "carol's RegisterParticipant"
  fi
}

smoke() {
  local out msp before after h o leaked=0
  local -a heights=()
  log "smoke: from the consumers' host (netns em-consumers, ${HOST_IP[consumers]}) to the other hosts"
  for h in "${HOSTS[@]}"; do ns_exists "${HOST_NS[$h]}" || die "netns ${HOST_NS[$h]} absent: run multihost.sh up"; done

  echo "1. the addresses are not loopback: each host only reaches the others over its veth"
  for o in "$ORDERER_HOST:$ORDERER_PORT" "$ORDERER_HOST:7053" "$(peer_addr providers)"; do
    if tcp_connects em-consumers "127.0.0.1" "${o##*:}"; then leaked=1; fi
  done
  if ((leaked)); then fail "something answers on 127.0.0.1 (7050/7053/7051) in em-consumers"
  else pass "from em-consumers nothing listens on 127.0.0.1:7050, :7053 or :7051 (the orderer and the providers' peer are elsewhere)"; fi
  if in_ns em-consumers ip route get "$ORDERER_HOST" | grep -q 'dev eth0'; then
    pass "em-consumers routes $ORDERER_HOST via eth0 ($(in_ns em-consumers ip route get "$ORDERER_HOST" | head -1 | tr -s ' '))"
  else fail "em-consumers has no route to $ORDERER_HOST over eth0"; fi
  if running orderer "" && [[ -z "$(ss -Hltn "sport = :$ORDERER_PORT" 2>/dev/null | grep "$ORDERER_HOST" || true)" ]] \
    && in_ns "$ORDERER_NS" ss -Hltn "sport = :$ORDERER_PORT" | grep -q "$ORDERER_HOST:$ORDERER_PORT"; then
    pass "the orderer listens on $ORDERER_HOST:$ORDERER_PORT in em-orderer only (not in the root namespace)"
  else fail "the orderer does not listen on $ORDERER_HOST:$ORDERER_PORT in em-orderer"; fi
  before=$(eth0_bytes em-consumers)

  echo "2. the chaincode answers through the consumers' peer: Admin@consumers has no market role"
  out=$(query_from em-consumers consumers "$CRYPTO/peerOrganizations/consumers.edgemarket.local/users/Admin@consumers.edgemarket.local/msp" \
    config:GetConfig consumers) || true
  grep -o 'FORBIDDEN: [^:]*' <<<"$out" | head -1 || true
  if grep -Eq 'FORBIDDEN|NOT_REGISTERED' <<<"$out"; then pass "the EdgeMarket chaincode refused (FORBIDDEN) via $(peer_addr consumers)"
  else echo "$out" | tail -3; fail "expected FORBIDDEN from the chaincode"; fi

  echo "3. a transaction endorsed by both organisations' peers, ordered by the orderer, committed on both"
  msp=$(enroll consumers broker-admin admin)
  out=$(invoke_from em-consumers consumers "$msp" participants:RegisterParticipant providers consumers) || true
  grep -Eo 'committed with status \([A-Z_]+\) at [0-9.:]+|Chaincode invoke successful. result: status:[0-9]+' <<<"$out" || true
  if grep -q "committed with status (VALID) at $(peer_addr providers)" <<<"$out" \
    && grep -q "committed with status (VALID) at $(peer_addr consumers)" <<<"$out"; then
    pass "RegisterParticipant as broker-admin@ConsumersOrgMSP: VALID on $(peer_addr providers) and $(peer_addr consumers), ordered by $ORDERER_ADDR"
  else echo "$out" | tail -3; fail "RegisterParticipant endorsed by both peers"; fi

  echo "4. the endorsement policy is AND: one organisation alone cannot write"
  # (an identity that never gets registered, so its RegisterParticipant always writes)
  out=$(invoke_from em-consumers consumers "$(enroll consumers lone-endorsement admin)" participants:RegisterParticipant consumers) || true
  grep -Eo 'committed with status \([A-Z_]+\) at [0-9.:]+|transaction invalidated with status \([A-Z_]+\)' <<<"$out" | head -2 || true
  if grep -q 'ENDORSEMENT_POLICY_FAILURE' <<<"$out"; then pass "endorsed by peer0.consumers alone: ENDORSEMENT_POLICY_FAILURE"
  else echo "$out" | tail -3; fail "a consumers-only endorsement was not refused"; fi

  echo "5. reading through the other organisation's peer"
  out=$(query_from em-consumers consumers "$msp" config:GetConfig providers) || true
  echo "$out" | tail -1
  if grep -q '"brokerFeeBps"' <<<"$out"; then pass "config:GetConfig as broker-admin@ConsumersOrgMSP via peer0.providers ($(peer_addr providers))"
  else fail "config:GetConfig via peer0.providers"; fi

  echo "6. a new contributor enrolls with the providers' Fabric CA"
  if [[ -x "$BIN/fabric-ca-server" && -x "$BIN/fabric-ca-client" ]]; then
    contributor_via_fabric_ca
  else
    echo "  SKIP  no fabric-ca-server/fabric-ca-client in $BIN (network-config/scripts/fabric-ca-binaries.sh builds them)"
  fi

  echo "7. both peers have the same ledger, and the traffic went over the veth"
  sleep 1  # the last block reaches the other peer through deliver
  for o in "${ORGS[@]}"; do
    heights+=("$(as_admin "$o" channel getinfo -c "$CHANNEL" 2>/dev/null | grep -o '"height":[0-9]*' | cut -d: -f2 || true)")
  done
  if [[ -n "${heights[0]}" && "${heights[0]}" == "${heights[1]}" ]]; then pass "height ${heights[0]} on peer0.providers and peer0.consumers"
  else fail "heights differ: ${heights[*]}"; fi
  after=$(eth0_bytes em-consumers)
  if ((after - before > 10000)); then pass "em-consumers eth0 carried $((after - before)) bytes during the smoke test"
  else fail "em-consumers eth0 carried only $((after - before)) bytes"; fi

  if ((FAILED)); then log "smoke FAILED ($FAILED failed)"; exit 1; fi
  log "smoke PASSED"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  clean) clean ;;
  status) status ;;
  smoke) smoke ;;
  *) echo "usage: $0 up|down|clean|status|smoke" >&2; exit 2 ;;
esac
