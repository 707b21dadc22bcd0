#!/usr/bin/env bash
# EdgeMarket's Fabric network on loopback, without Docker: one etcdraft orderer (OrdererMSP), one
# peer for ProvidersOrgMSP and one for ConsumersOrgMSP, channel `edgemarket`, and the chaincode
# module's jar running as chaincode-as-a-service. Usage: network.sh up|down|clean|status|smoke
# State and logs live under ${EDGEMARKET_FABRIC_NET:-~/.cache/edgemarket/fabric-net}.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"  # network-config/
REPO="$(cd "$HERE/.." && pwd)"
FABRIC_HOME="${EDGEMARKET_FABRIC_HOME:-$HOME/.cache/edgemarket/fabric}"
BIN="$FABRIC_HOME/bin"
NET="${EDGEMARKET_FABRIC_NET:-$HOME/.cache/edgemarket/fabric-net}"
CRYPTO="$NET/crypto"
CFG="$NET/config"
LOGS="$NET/logs"
RUN="$NET/run"
export FABRIC_CFG_PATH="$CFG"

CHANNEL=edgemarket
CC_NAME=edgemarket  # io.edgemarket.model.ledger.Transactions.CHAINCODE
CC_LABEL=edgemarket_1.0
CC_VERSION=1.0
CC_SEQUENCE=1
CC_ADDRESS=127.0.0.1:9999
CC_POLICY="AND('ProvidersOrgMSP.peer','ConsumersOrgMSP.peer')"

ORDERER_ADDR=127.0.0.1:7050
ORDERER_ADMIN_ADDR=127.0.0.1:7053
ORDERER_DIR="$CRYPTO/ordererOrganizations/orderer.edgemarket.local/orderers/orderer0.orderer.edgemarket.local"
ORDERER_ADMIN="$CRYPTO/ordererOrganizations/orderer.edgemarket.local/users/Admin@orderer.edgemarket.local"
ORDERER_TLSCA="$ORDERER_DIR/tls/ca.crt"

# org -> "MSP id, domain, peer port, operations port"
declare -A ORG=(
  [providers]="ProvidersOrgMSP providers.edgemarket.local 7051 9443"
  [consumers]="ConsumersOrgMSP consumers.edgemarket.local 9051 9444"
)
ORGS=(providers consumers)

log() { echo "network: $*"; }
die() { echo "network: $*" >&2; exit 1; }
org_field() { local -a f; read -ra f <<<"${ORG[$1]}"; echo "${f[$2]}"; }
msp_id() { org_field "$1" 0; }
domain() { org_field "$1" 1; }
peer_port() { org_field "$1" 2; }
peer_addr() { echo "127.0.0.1:$(peer_port "$1")"; }
peer_tlsca() { echo "$CRYPTO/peerOrganizations/$(domain "$1")/peers/peer0.$(domain "$1")/tls/ca.crt"; }

# --- processes -----------------------------------------------------------------------------------

# A recorded pid counts only while it is alive and still runs the same program.
running() {
  local pid cmd
  [[ -f "$RUN/$1.pid" ]] || return 1
  pid=$(<"$RUN/$1.pid")
  kill -0 "$pid" 2>/dev/null || return 1
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmd" == *"$2"* ]]
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {  # name port seconds
  local i
  for ((i = 0; i < $3 * 4; i++)); do
    port_open "$2" && return 0
    running "$1" "" || die "$1 exited; see $LOGS/$1.log"
    sleep 0.25
  done
  die "$1 did not open port $2 within $3s; see $LOGS/$1.log"
}

start() {  # name port match-pattern command... (environment is passed with `env`)
  local name=$1 port=$2 match=$3
  shift 3
  if running "$name" "$match"; then
    log "$name already running (pid $(<"$RUN/$name.pid"))"
    return
  fi
  ! port_open "$port" || die "port $port is taken by a process this script did not start"
  setsid nohup "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
  wait_port "$name" "$port" 60
  log "$name started (pid $!, log $LOGS/$name.log)"
}

stop() {
  local pid i
  [[ -f "$RUN/$1.pid" ]] || return 0
  pid=$(<"$RUN/$1.pid")
  if running "$1" "$2"; then
    kill "$pid"
    for ((i = 0; i < 40; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    log "$1 stopped (pid $pid)"
  fi
  rm -f "$RUN/$1.pid"
}

# --- CLI identities ------------------------------------------------------------------------------

as_admin() {  # org command... : runs `peer` as the org's cryptogen admin against its own peer
  local org=$1 d
  shift
  d=$(domain "$org")
  env FABRIC_CFG_PATH="$CFG" CORE_PEER_TLS_ENABLED=true CORE_PEER_LOCALMSPID="$(msp_id "$org")" \
    CORE_PEER_MSPCONFIGPATH="$CRYPTO/peerOrganizations/$d/users/Admin@$d/msp" \
    CORE_PEER_ADDRESS="$(peer_addr "$org")" CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tlsca "$org")" \
    "$BIN/peer" "$@"
}

orderer_flags() { echo "-o $ORDERER_ADDR --tls --cafile $ORDERER_TLSCA"; }

osnadmin() {
  "$BIN/osnadmin" "$@" -o "$ORDERER_ADMIN_ADDR" --ca-file "$ORDERER_TLSCA" \
    --client-cert "$ORDERER_ADMIN/tls/client.crt" --client-key "$ORDERER_ADMIN/tls/client.key"
}

# --- steps of `up` -------------------------------------------------------------------------------

binaries() {
  "$HERE/scripts/fabric-binaries.sh"
  export PATH="$BIN:$PATH"
}

render_config() {
  mkdir -p "$CFG" "$LOGS" "$RUN"
  sed -e "s#@CRYPTO@#$CRYPTO#g" "$HERE/config/configtx.yaml" >"$CFG/configtx.yaml"
  sed -e "s#@NET@#$NET#g" -e "s#@ORDERER@#$ORDERER_DIR#g" \
    -e "s#@ORDERER_ADMIN_TLSCA@#$ORDERER_TLSCA#g" "$HERE/config/orderer.yaml" >"$CFG/orderer.yaml"
  sed -e "s#@NET@#$NET#g" -e "s#@BUILDERS@#$HERE/builders/ccaas#g" \
    "$HERE/config/core.yaml" >"$CFG/core.yaml"
}

crypto() {
  if [[ -d "$CRYPTO" ]]; then log "reusing crypto material in $CRYPTO"; return; fi
  "$BIN/cryptogen" generate --config="$HERE/config/crypto-config.yaml" --output="$CRYPTO.tmp" >/dev/null
  mv "$CRYPTO.tmp" "$CRYPTO"
  log "generated crypto material in $CRYPTO"
}

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
  start "peer0.$org" "$port" "$BIN/peer node start" env FABRIC_CFG_PATH="$CFG" FABRIC_LOGGING_SPEC=info \
    CORE_PEER_ID="peer0.$d" CORE_PEER_LOCALMSPID="$(msp_id "$org")" CORE_PEER_MSPCONFIGPATH="$dir/msp" \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$port" CORE_PEER_ADDRESS="127.0.0.1:$port" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$((port + 1))" \
    CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$((port + 1))" \
    CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$port" CORE_PEER_GOSSIP_ENDPOINT="127.0.0.1:$port" \
    CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$port" \
    CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" CORE_PEER_FILESYSTEMPATH="$NET/peers/peer0.$d" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$NET/peers/peer0.$d/snapshots" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$ops" "$BIN/peer" node start
}

channel() {
  local block="$NET/channel/$CHANNEL.block" org i out
  # osnadmin exits 0 whatever the HTTP status: read the status line.
  if osnadmin channel list --channelID "$CHANNEL" 2>/dev/null | grep '^Status: 200' >/dev/null; then
    log "orderer already serves channel $CHANNEL"
  else
    mkdir -p "$NET/channel"
    [[ -f "$block" ]] || "$BIN/configtxgen" -configPath "$CFG" -profile EdgeMarketChannel \
      -channelID "$CHANNEL" -outputBlock "$block" 2>>"$LOGS/configtxgen.log"
    out=$(osnadmin channel join --channelID "$CHANNEL" --config-block "$block" 2>&1) || true
    echo "$out" >>"$LOGS/cli.log"
    grep -q '^Status: 201' <<<"$out" || die "orderer could not join channel $CHANNEL: $out"
    log "orderer joined channel $CHANNEL (block $block)"
  fi
  for org in "${ORGS[@]}"; do
    if as_admin "$org" channel list 2>/dev/null | grep -x "$CHANNEL" >/dev/null; then
      log "peer0.$org already on channel $CHANNEL"
      continue
    fi
    # The orderer needs a moment to elect itself raft leader; the peer only needs the block.
    for ((i = 0; i < 20; i++)); do
      as_admin "$org" channel join -b "$block" >>"$LOGS/cli.log" 2>&1 && break
      sleep 1
    done
    as_admin "$org" channel list 2>/dev/null | grep -x "$CHANNEL" >/dev/null || die "peer0.$org could not join; see $LOGS/cli.log"
    log "peer0.$org joined channel $CHANNEL"
  done
}

chaincode_jar() {
  local lib="$NET/chaincode/lib"
  if [[ -d "$lib" && "${EDGEMARKET_REBUILD_CHAINCODE:-0}" != 1 ]]; then
    log "reusing chaincode jar in $lib (EDGEMARKET_REBUILD_CHAINCODE=1 rebuilds it)"
    return
  fi
  log "building the chaincode jar (./mvnw -pl chaincode -am package) ..."
  rm -rf "$lib.tmp" && mkdir -p "$lib.tmp"
  (cd "$REPO" && ./mvnw -q -B -pl chaincode -am package dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$lib.tmp" -DskipTests -Dspotless.check.skip=true) \
    >>"$LOGS/maven.log" 2>&1 || die "chaincode build failed; see $LOGS/maven.log"
  cp "$REPO"/chaincode/target/edgemarket-chaincode-*.jar "$lib.tmp/"
  rm -rf "$lib" && mv "$lib.tmp" "$lib"
  stop chaincode ContractRouter  # a rebuilt jar needs a restarted service
}

chaincode_package() {  # ccaas package: metadata.json + code.tar.gz holding connection.json
  local pkg="$NET/chaincode/$CC_LABEL.tar.gz" tmp
  if [[ ! -f "$pkg" ]]; then
    tmp=$(mktemp -d)
    printf '{"address":"%s","dial_timeout":"10s","tls_required":false}\n' "$CC_ADDRESS" >"$tmp/connection.json"
    printf '{"type":"ccaas","label":"%s"}\n' "$CC_LABEL" >"$tmp/metadata.json"
    tar -C "$tmp" -czf "$tmp/code.tar.gz" connection.json
    tar -C "$tmp" -czf "$pkg" metadata.json code.tar.gz
    rm -rf "$tmp"
  fi
  "$BIN/peer" lifecycle chaincode calculatepackageid "$pkg" >"$NET/chaincode/package-id"
}

start_chaincode() {
  local id
  id=$(<"$NET/chaincode/package-id")
  start chaincode 9999 ContractRouter env CHAINCODE_SERVER_ADDRESS="$CC_ADDRESS" \
    CORE_CHAINCODE_ID_NAME="$id" CORE_PEER_TLS_ENABLED=false \
    java -Xmx512m -cp "$NET/chaincode/lib/*" org.hyperledger.fabric.contract.ContractRouter
}

deploy() {
  local pkg="$NET/chaincode/$CC_LABEL.tar.gz" id org ord
  id=$(<"$NET/chaincode/package-id")
  read -ra ord <<<"$(orderer_flags)"
  if as_admin providers lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" >/dev/null 2>&1; then
    log "chaincode $CC_NAME already committed on $CHANNEL ($id)"
    return
  fi
  for org in "${ORGS[@]}"; do
    if ! as_admin "$org" lifecycle chaincode queryinstalled 2>/dev/null | grep "$id" >/dev/null; then
      as_admin "$org" lifecycle chaincode install "$pkg" >>"$LOGS/cli.log" 2>&1 \
        || die "install on peer0.$org failed; see $LOGS/cli.log"
      log "installed $id on peer0.$org"
    fi
    if ! as_admin "$org" lifecycle chaincode checkcommitreadiness -C "$CHANNEL" -n "$CC_NAME" \
      -v "$CC_VERSION" --sequence "$CC_SEQUENCE" --signature-policy "$CC_POLICY" -O json 2>/dev/null \
      | grep "\"$(msp_id "$org")\": true" >/dev/null; then
      as_admin "$org" lifecycle chaincode approveformyorg "${ord[@]}" -C "$CHANNEL" -n "$CC_NAME" \
        -v "$CC_VERSION" --sequence "$CC_SEQUENCE" --package-id "$id" \
        --signature-policy "$CC_POLICY" --waitForEvent >>"$LOGS/cli.log" 2>&1 \
        || die "approve for $(msp_id "$org") failed; see $LOGS/cli.log"
      log "approved $CC_NAME for $(msp_id "$org")"
    fi
  done
  as_admin providers lifecycle chaincode commit "${ord[@]}" -C "$CHANNEL" -n "$CC_NAME" \
    -v "$CC_VERSION" --sequence "$CC_SEQUENCE" --signature-policy "$CC_POLICY" --waitForEvent \
    --peerAddresses "$(peer_addr providers)" --tlsRootCertFiles "$(peer_tlsca providers)" \
    --peerAddresses "$(peer_addr consumers)" --tlsRootCertFiles "$(peer_tlsca consumers)" \
    >>"$LOGS/cli.log" 2>&1 || die "commit failed; see $LOGS/cli.log"
  log "committed $CC_NAME $CC_VERSION (sequence $CC_SEQUENCE) on $CHANNEL with $CC_POLICY"
}

# --- commands ------------------------------------------------------------------------------------

up() {
  local t0=$SECONDS org
  binaries
  render_config
  log "state: $NET   logs: $LOGS"
  crypto
  start_orderer
  for org in "${ORGS[@]}"; do start_peer "$org"; done
  channel
  chaincode_jar
  chaincode_package
  start_chaincode
  deploy
  log "up in $((SECONDS - t0))s"
}

down() {
  stop chaincode ContractRouter
  stop peer0.consumers "peer node start"
  stop peer0.providers "peer node start"
  stop orderer "$BIN/orderer"
  log "stopped (state kept in $NET)"
}

clean() {
  down
  rm -rf "$NET"
  log "removed $NET"
}

status() {
  local name port org
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
  if running orderer ""; then
    printf '  orderer channel: %s\n' "$(osnadmin channel list --channelID "$CHANNEL" 2>/dev/null | tr -d '\n\t ' | grep -o '{.*}' || echo none)"
  fi
  for org in "${ORGS[@]}"; do
    running "peer0.$org" "" || continue
    printf '  peer0.%s %s: %s\n' "$org" "$CHANNEL" \
      "$(as_admin "$org" channel getinfo -c "$CHANNEL" 2>/dev/null | sed -n 's/^Blockchain info: //p' || true)"
  done
  running peer0.providers "" && printf '  chaincode: %s\n' \
    "$(as_admin providers lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" 2>/dev/null | tail -1 || echo 'not committed')"
  return 0
}

# A Fabric-CA-shaped identity for a market participant, signed with the org's cryptogen CA key:
# OU=client (the MSP's NodeOU for clients) and the edgemarket.role attribute in Fabric CA's
# attribute extension (OID 1.2.3.4.5.6.7.8.1, raw JSON). Prints the MSP directory it wrote.
enroll() {  # org name role
  local org=$1 name=$2 role=$3 d msp ca attrs
  d=$(domain "$org")
  msp="$NET/identities/$name@$(msp_id "$org")/msp"
  ca="$CRYPTO/peerOrganizations/$d/ca"
  if [[ ! -f "$msp/signcerts/cert.pem" ]]; then
    mkdir -p "$msp/signcerts" "$msp/keystore"
    cp -r "$CRYPTO/peerOrganizations/$d/msp/cacerts" "$CRYPTO/peerOrganizations/$d/msp/config.yaml" "$msp/"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$msp/keystore/priv_sk"
    attrs=$(printf '{"attrs":{"edgemarket.role":"%s"}}' "$role" | od -An -tx1 | tr -d ' \n')
    openssl req -new -key "$msp/keystore/priv_sk" -subj "/O=$(msp_id "$org")/OU=client/CN=$name" |
      openssl x509 -req -days 365 -CA "$ca/ca.$d-cert.pem" -CAkey "$ca/priv_sk" -set_serial "0x$(openssl rand -hex 16)" \
        -extfile <(printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n1.2.3.4.5.6.7.8.1=DER:%s\n' "$attrs") \
        -out "$msp/signcerts/cert.pem" 2>/dev/null
  fi
  echo "$msp"
}

as_identity() {  # org msp-dir command... : runs `peer` with that identity against the org's peer
  local org=$1 msp=$2
  shift 2
  env CORE_PEER_TLS_ENABLED=true CORE_PEER_LOCALMSPID="$(msp_id "$org")" CORE_PEER_MSPCONFIGPATH="$msp" \
    CORE_PEER_ADDRESS="$(peer_addr "$org")" CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tlsca "$org")" \
    "$BIN/peer" "$@"
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

case "${1:-}" in
  up) up ;;
  down) down ;;
  clean) clean ;;
  status) status ;;
  smoke) smoke ;;
  *) echo "usage: $0 up|down|clean|status|smoke" >&2; exit 2 ;;
esac
