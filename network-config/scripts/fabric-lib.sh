# shellcheck shell=bash
# Shared by network.sh (loopback) and multihost.sh (one network namespace per organisation);
# sourced, not run. Before sourcing it, the script sets HERE (network-config/), NET (the state
# directory) and LOG_TAG; this file sets REPO, BIN, the paths below NET and FABRIC_CFG_PATH. Then the
# script sets
#   CRYPTO_CONFIG CHANNEL CC_NAME CC_LABEL CC_VERSION CC_SEQUENCE CC_POLICY CC_ADDRESS ORGS
#   ORDERER_ADDR ORDERER_ADMIN_ADDR ORDERER_OPS_ADDR ORDERER_DIR ORDERER_ADMIN ORDERER_TLSCA ORDERER_NS
#   ORDERER_HOST ORDERER_PORT   (the orderer endpoint and raft consenter written into the channel)
# and defines the functions
#   msp_id ORG, domain ORG, peer_addr ORG (host:port clients dial), peer_tlsca ORG,
#   org_ns ORG (the network namespace that org's commands run in; empty: the current one),
#   up, down, status, smoke and stop_chaincode (run_command dispatches to them).
# Every process and command can be put in a network namespace: `NETNS=ns start …`, `in_ns ns cmd…`.

REPO="$(cd "$HERE/.." && pwd)"
FABRIC_HOME="${EDGEMARKET_FABRIC_HOME:-$HOME/.cache/edgemarket/fabric}"
BIN="$FABRIC_HOME/bin"
CRYPTO="$NET/crypto"
CFG="$NET/config"
LOGS="$NET/logs"
RUN="$NET/run"
export FABRIC_CFG_PATH="$CFG"

log() { echo "$LOG_TAG: $*"; }
die() { echo "$LOG_TAG: $*" >&2; exit 1; }

in_ns() {  # ns command... : runs the command in network namespace ns (empty: right here)
  local ns=$1
  shift
  if [[ -n "$ns" ]]; then ip netns exec "$ns" "$@"; else "$@"; fi
}

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

# Whether something listens on the TCP port (in namespace $NETNS). Asks the kernel (ss, iproute2)
# instead of connecting: a bare TCP connect to a TLS port makes the server log "TLS handshake
# failed ... EOF". Without ss, it connects to 127.0.0.1 as before.
port_open() {
  if command -v ss >/dev/null; then
    in_ns "${NETNS:-}" ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
  else
    in_ns "${NETNS:-}" bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
  fi
}

wait_port() {  # name port seconds
  local i
  for ((i = 0; i < $3 * 4; i++)); do
    port_open "$2" && return 0
    running "$1" "" || die "$1 exited; see $LOGS/$1.log"
    sleep 0.25
  done
  die "$1 did not open port $2 within $3s; see $LOGS/$1.log"
}

start() {  # name port match-pattern command... (environment is passed with `env`; NETNS=ns to place it)
  local name=$1 port=$2 match=$3 where=""
  shift 3
  if running "$name" "$match"; then
    log "$name already running (pid $(<"$RUN/$name.pid"))"
    return
  fi
  ! port_open "$port" || die "port $port${NETNS:+ (in $NETNS)} is taken by a process this script did not start"
  # `ip netns exec` execs the command, so the pid recorded is the program's own.
  if [[ -n "${NETNS:-}" ]]; then
    setsid nohup ip netns exec "$NETNS" "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
    where=", netns $NETNS"
  else
    setsid nohup "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  fi
  echo $! >"$RUN/$name.pid"
  wait_port "$name" "$port" 60
  log "$name started (pid $!$where, log $LOGS/$name.log)"
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
  in_ns "$(org_ns "$org")" env FABRIC_CFG_PATH="$CFG" CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_LOCALMSPID="$(msp_id "$org")" CORE_PEER_MSPCONFIGPATH="$CRYPTO/peerOrganizations/$d/users/Admin@$d/msp" \
    CORE_PEER_ADDRESS="$(peer_addr "$org")" CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tlsca "$org")" \
    "$BIN/peer" "$@"
}

as_identity() {  # org msp-dir command... : runs `peer` with that identity against the org's peer
  local org=$1 msp=$2
  shift 2
  in_ns "$(org_ns "$org")" env FABRIC_CFG_PATH="$CFG" CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_LOCALMSPID="$(msp_id "$org")" CORE_PEER_MSPCONFIGPATH="$msp" \
    CORE_PEER_ADDRESS="$(peer_addr "$org")" CORE_PEER_TLS_ROOTCERT_FILE="$(peer_tlsca "$org")" \
    "$BIN/peer" "$@"
}

orderer_flags() { echo "-o $ORDERER_ADDR --tls --cafile $ORDERER_TLSCA"; }

both_peers_flags() {  # --peerAddresses/--tlsRootCertFiles for every org's peer (the AND policy)
  local org
  for org in "${ORGS[@]}"; do echo "--peerAddresses $(peer_addr "$org") --tlsRootCertFiles $(peer_tlsca "$org")"; done
}

osnadmin() {  # run by the orderer's operator, on the orderer's host
  in_ns "$ORDERER_NS" "$BIN/osnadmin" "$@" -o "$ORDERER_ADMIN_ADDR" --ca-file "$ORDERER_TLSCA" \
    --client-cert "$ORDERER_ADMIN/tls/client.crt" --client-key "$ORDERER_ADMIN/tls/client.key"
}

# --- steps of `up` -------------------------------------------------------------------------------

binaries() {
  "$HERE/scripts/fabric-binaries.sh"
  export PATH="$BIN:$PATH"
}

render_config() {
  mkdir -p "$CFG" "$LOGS" "$RUN"
  sed -e "s#@CRYPTO@#$CRYPTO#g" -e "s#@ORDERER_HOST@#$ORDERER_HOST#g" -e "s#@ORDERER_PORT@#$ORDERER_PORT#g" \
    -e "s#@PROVIDERS_PEER_HOST@#${PEER_HOST[providers]}#g" -e "s#@PROVIDERS_PEER_PORT@#${PEER_PORT[providers]}#g" \
    -e "s#@CONSUMERS_PEER_HOST@#${PEER_HOST[consumers]}#g" -e "s#@CONSUMERS_PEER_PORT@#${PEER_PORT[consumers]}#g" \
    "$HERE/config/configtx.yaml" >"$CFG/configtx.yaml"
  sed -e "s#@NET@#$NET#g" -e "s#@ORDERER@#$ORDERER_DIR#g" \
    -e "s#@ORDERER_ADMIN_TLSCA@#$ORDERER_TLSCA#g" "$HERE/config/orderer.yaml" >"$CFG/orderer.yaml"
  sed -e "s#@NET@#$NET#g" -e "s#@BUILDERS@#$HERE/builders/ccaas#g" \
    "$HERE/config/core.yaml" >"$CFG/core.yaml"
}

crypto() {
  if [[ -d "$CRYPTO" ]]; then log "reusing crypto material in $CRYPTO"; return; fi
  "$BIN/cryptogen" generate --config="$CRYPTO_CONFIG" --output="$CRYPTO.tmp" >/dev/null
  mv "$CRYPTO.tmp" "$CRYPTO"
  log "generated crypto material in $CRYPTO"
}

# The TLS roots a peer trusts before any channel tells it more (peer.tls.rootcert.file): the TLS CAs
# of all the consortium's peer organisations. A peer learns the other organisations' TLS CAs from the
# channel configuration too, but Fabric (2.5) runs the gossip config callback, which dials the anchor
# peers, before the callback that adds those CAs to the gossip client's trust pool. That first dial
# (grpc retries it for the 3 s dial timeout with the same stale pool) rejects the other peer's
# server certificate: "remote error: tls: bad certificate" in the other peer's log, and the two
# organisations' peers only find each other on the next reconnect round, 25 s later.
tls_roots() {
  local org
  for org in "${ORGS[@]}"; do
    cat "$CRYPTO/peerOrganizations/$(domain "$org")/msp/tlscacerts/"*.pem
  done >"$CFG/peer-tls-roots.pem"
}

orderer_metrics() {  # the orderer's Prometheus metrics, from its operations endpoint (plain HTTP)
  # shellcheck disable=SC2016  # expanded by the inner bash
  in_ns "$ORDERER_NS" bash -c 'exec 3<>"/dev/tcp/${1%:*}/${1##*:}" || exit 1
    printf "GET /metrics HTTP/1.0\r\nHost: %s\r\n\r\n" "$1" >&3; cat <&3' _ "$ORDERER_OPS_ADDR" 2>/dev/null
}

wait_raft_leader() {  # until the orderer leads the channel's raft (or 30 s)
  local i
  for ((i = 0; i < 120; i++)); do
    orderer_metrics | grep -q "^consensus_etcdraft_is_leader{channel=\"$CHANNEL\"} 1" && return 0
    sleep 0.25
  done
  log "no raft leader for $CHANNEL after 30s (continuing; see $LOGS/orderer.log)"
}

orderer_channel() {  # the orderer joins the channel (genesis block made once), then has a leader
  local block="$NET/channel/$CHANNEL.block" out
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
  # A freshly joined channel has no raft leader for a moment, and a restarted orderer elects itself
  # again (ElectionTick x TickInterval = 5 s); until then it refuses deliver requests, and peers
  # started meanwhile log "SERVICE_UNAVAILABLE"/"consenter error" at every retry.
  wait_raft_leader
}

peer_on_channel() { as_admin "$1" channel list 2>/dev/null | grep -x "$CHANNEL" >/dev/null; }

# The org's admin joins its peer with the channel's genesis block.
join_peer() {  # org
  local org=$1 i
  for ((i = 0; i < 20; i++)); do
    as_admin "$org" channel join -b "$NET/channel/$CHANNEL.block" >>"$LOGS/cli.log" 2>&1 && break
    sleep 1
  done
  peer_on_channel "$org" || die "peer0.$org could not join; see $LOGS/cli.log"
  log "peer0.$org joined channel $CHANNEL"
}

# Starts each org's peer (start_peer, from the sourcing script) and joins it to the channel, one
# after the other. A peer that has just joined dials the other organisations' anchor peers at once,
# and gRPC keeps retrying that dial for the gossip dial timeout (3 s); a peer that is running but not
# yet on the channel cannot classify the caller's certificate and logs "Identity store rejected ...
# failed classifying identity" / "GossipStream -> Authentication failed". So after a fresh join the
# next peer starts only once that dial has given up (it is retried 25 s later; by then the other
# peer has joined and dialed back).
peers_up() {
  local org fresh=0
  for org in "${ORGS[@]}"; do
    if ((fresh)) && ! running "peer0.$org" ""; then sleep 3.5; fi
    start_peer "$org"
    fresh=0
    if peer_on_channel "$org"; then
      log "peer0.$org already on channel $CHANNEL"
    else
      join_peer "$org"
      fresh=1
    fi
  done
}

chaincode_jar() {
  local lib="$NET/chaincode/lib" digest
  # The jar is rebuilt whenever the sources it is made of change, so a cached network never runs
  # an older chaincode than the tree's (as it would after a pull, in CI with a kept cache).
  digest="$(chaincode_source_digest)"
  if [[ -d "$lib" && "${EDGEMARKET_REBUILD_CHAINCODE:-0}" != 1 \
    && "$(cat "$lib/.source-digest" 2>/dev/null)" == "$digest" ]]; then
    log "reusing chaincode jar in $lib (sources unchanged; EDGEMARKET_REBUILD_CHAINCODE=1 rebuilds it)"
    return
  fi
  # A runtime classpath built before (e.g. the loopback network's, in CI) can be reused as it is.
  if [[ -n "${EDGEMARKET_CHAINCODE_LIB:-}" && -d "${EDGEMARKET_CHAINCODE_LIB:-}" \
    && "$(cat "$EDGEMARKET_CHAINCODE_LIB/.source-digest" 2>/dev/null)" == "$digest" ]]; then
    rm -rf "$lib" && mkdir -p "$(dirname "$lib")" && cp -r "$EDGEMARKET_CHAINCODE_LIB" "$lib"
    log "copied the chaincode jar and its runtime classpath from $EDGEMARKET_CHAINCODE_LIB"
    stop_chaincode
    return
  fi
  log "building the chaincode jar (./mvnw -pl chaincode -am package) ..."
  rm -rf "$lib.tmp" && mkdir -p "$lib.tmp"
  (cd "$REPO" && ./mvnw -q -B -pl chaincode -am package dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$lib.tmp" -DskipTests -Dspotless.check.skip=true) \
    >>"$LOGS/maven.log" 2>&1 || die "chaincode build failed; see $LOGS/maven.log"
  cp "$REPO"/chaincode/target/edgemarket-chaincode-*.jar "$lib.tmp/"
  echo "$digest" >"$lib.tmp/.source-digest"
  rm -rf "$lib" && mv "$lib.tmp" "$lib"
  stop_chaincode  # a rebuilt jar needs a restarted service (defined by the sourcing script)
}

chaincode_source_digest() {  # what the chaincode jar is built from: model, chaincode, the poms
  (cd "$REPO" && find pom.xml model/pom.xml chaincode/pom.xml model/src/main chaincode/src/main \
    -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
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

deploy() {  # install on each org's peer, approve for each org, commit once: each step only if needed
  local pkg="$NET/chaincode/$CC_LABEL.tar.gz" id org
  local -a ord peers
  id=$(<"$NET/chaincode/package-id")
  read -ra ord <<<"$(orderer_flags)"
  read -ra peers <<<"$(both_peers_flags | tr '\n' ' ')"
  if as_admin "${ORGS[0]}" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" >/dev/null 2>&1; then
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
  as_admin "${ORGS[0]}" lifecycle chaincode commit "${ord[@]}" -C "$CHANNEL" -n "$CC_NAME" \
    -v "$CC_VERSION" --sequence "$CC_SEQUENCE" --signature-policy "$CC_POLICY" --waitForEvent \
    "${peers[@]}" >>"$LOGS/cli.log" 2>&1 || die "commit failed; see $LOGS/cli.log"
  log "committed $CC_NAME $CC_VERSION (sequence $CC_SEQUENCE) on $CHANNEL with $CC_POLICY"
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

# --- commands ------------------------------------------------------------------------------------

stop_nodes() {  # the chaincode service(s), the peers (the last org's first), the orderer
  local i
  stop_chaincode
  for ((i = ${#ORGS[@]} - 1; i >= 0; i--)); do stop "peer0.${ORGS[$i]}" "peer node start"; done
  stop orderer "$BIN/orderer"
}

channel_status() {  # the orderer's channel and each running peer's chain
  local org
  if running orderer ""; then
    printf '  orderer channel: %s\n' "$(osnadmin channel list --channelID "$CHANNEL" 2>/dev/null | tr -d '\n\t ' | grep -o '{.*}' || echo none)"
  fi
  for org in "${ORGS[@]}"; do
    running "peer0.$org" "" || continue
    printf '  peer0.%s %s: %s\n' "$org" "$CHANNEL" \
      "$(as_admin "$org" channel getinfo -c "$CHANNEL" 2>/dev/null | sed -n 's/^Blockchain info: //p' || true)"
  done
}

clean() {
  down
  rm -rf "$NET"
  log "removed $NET"
}

run_command() {  # up|down|clean|status|smoke
  case "${1:-}" in
    up) up ;;
    down) down ;;
    clean) clean ;;
    status) status ;;
    smoke) smoke ;;
    *) echo "usage: $0 up|down|clean|status|smoke" >&2; exit 2 ;;
  esac
}
