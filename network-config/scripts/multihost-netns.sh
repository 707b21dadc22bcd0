# shellcheck shell=bash
# multihost.sh's network plumbing, nothing of Fabric: a network namespace per host, each joined by a
# veth pair to a bridge that lives in a namespace of its own, so nothing is added to the root
# namespace. Sourced, not run; the sourcing script sets
#   BRIDGE_NS BRIDGE HOSTS HOST_NS[host] HOST_IP[host]
# and (fabric-lib.sh) log and in_ns.

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

netns_status() {  # each host's namespace and the address on its eth0
  local h
  for h in "${HOSTS[@]}"; do
    if ns_exists "${HOST_NS[$h]}"; then
      printf '  netns %-15s %s\n' "${HOST_NS[$h]}" "$(ip -n "${HOST_NS[$h]}" -br addr show eth0 2>/dev/null | awk '{print $2, $3}')"
    else
      printf '  netns %-15s absent\n' "${HOST_NS[$h]}"
    fi
  done
}

netns_require() {  # dies unless every host's namespace exists
  local h
  for h in "${HOSTS[@]}"; do ns_exists "${HOST_NS[$h]}" || die "netns ${HOST_NS[$h]} absent: run multihost.sh up"; done
}

tcp_connects() { in_ns "$1" timeout 3 bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; }  # ns host port

eth0_bytes() {  # ns : bytes received + sent on the host's eth0
  local rx tx
  { read -r rx; read -r tx; } < <(in_ns "$1" cat /sys/class/net/eth0/statistics/rx_bytes /sys/class/net/eth0/statistics/tx_bytes)
  echo $((rx + tx))
}
