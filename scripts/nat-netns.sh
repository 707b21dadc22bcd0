# shellcheck shell=bash
# nat-test.sh's network, nothing of EdgeMarket: a "WAN" bridge (in a namespace of its own) joining
# the broker's, the consumer's and a home router's namespaces, and behind the router a home network
# whose only way out is the router's masquerade. Nothing on the WAN has a route into the home
# network, and the router drops every new connection from the WAN to it. Sourced, not run.
#   em-wan       bridge em-wan0                     (the internet)
#   em-broker    10.78.0.10                         ./edgemarket broker start
#   em-consumer  10.78.0.30                         ./edgemarket invoke
#   em-router    10.78.0.1 (wan0) / 192.168.78.1 (lan0), MASQUERADE
#   em-home      192.168.78.2, default route via the router: the provider agents

NAT_SUBNET="${EDGEMARKET_NAT_SUBNET:-10.78.0}"
BROKER_IP="$NAT_SUBNET.10"
CONSUMER_IP="$NAT_SUBNET.30"
ROUTER_WAN_IP="$NAT_SUBNET.1"
HOME_NET=192.168.78
HOME_IP="$HOME_NET.2"
NAT_NAMESPACES=(em-home em-router em-consumer em-broker em-wan)

nat_ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

nat_down() {
  local ns
  for ns in "${NAT_NAMESPACES[@]}"; do
    if nat_ns_exists "$ns"; then ip netns del "$ns"; fi
  done
}

# A veth pair: $3 in namespace $1 (as a port of the WAN bridge when $1 is em-wan), $4 in $2.
nat_link() {
  ip -n "$1" link add "$3" type veth peer name "$4" netns "$2"
  ip -n "$1" link set "$3" up
  ip -n "$2" link set "$4" up
}

nat_up() {
  nat_down
  local ns
  for ns in "${NAT_NAMESPACES[@]}"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
  done
  ip -n em-wan link add em-wan0 type bridge
  ip -n em-wan link set em-wan0 up
  nat_link em-wan em-broker v-broker eth0
  nat_link em-wan em-consumer v-consumer eth0
  nat_link em-wan em-router v-router wan0
  for port in v-broker v-consumer v-router; do ip -n em-wan link set "$port" master em-wan0; done
  ip -n em-broker addr add "$BROKER_IP/24" dev eth0
  ip -n em-consumer addr add "$CONSUMER_IP/24" dev eth0
  ip -n em-router addr add "$ROUTER_WAN_IP/24" dev wan0

  nat_link em-router em-home lan0 eth0
  ip -n em-router addr add "$HOME_NET.1/24" dev lan0
  ip -n em-home addr add "$HOME_IP/24" dev eth0
  ip -n em-home route add default via "$HOME_NET.1"

  in_ns em-router sysctl -qw net.ipv4.ip_forward=1
  in_ns em-router iptables -t nat -A POSTROUTING -s "$HOME_NET.0/24" -o wan0 -j MASQUERADE
  in_ns em-router iptables -A FORWARD -i wan0 -o lan0 -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
  in_ns em-router iptables -A FORWARD -i wan0 -o lan0 -j DROP
}
