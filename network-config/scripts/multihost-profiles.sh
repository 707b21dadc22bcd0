# shellcheck shell=bash
# multihost.sh's connection profiles, what the broker and the agents read to find the peers.
# Sourced, not run; uses multihost.sh's settings (NET CRYPTO ORGS CHANNEL CC_NAME CC_POLICY
# ORDERER_ADDR ORDERER_TLSCA PEER_HOST CA_PORT) and its msp_id, domain, peer_addr and peer_tlsca.

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
