# shellcheck shell=bash
# multihost.sh smoke: real proposals from the consumers' host (the broker's side) and a contributor's
# host to the others, checked to cross the veth pairs; a new contributor enrolls with the providers'
# Fabric CA. Sourced, not run; uses multihost.sh's settings and functions, fabric-lib.sh's and
# multihost-netns.sh's.

FAILED=0
pass() { echo "  PASS  $*"; }
fail() { echo "  FAIL  $*"; FAILED=$((FAILED + 1)); }

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
  local out msp before after o leaked=0
  local -a heights=()
  log "smoke: from the consumers' host (netns em-consumers, ${HOST_IP[consumers]}) to the other hosts"
  netns_require

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
