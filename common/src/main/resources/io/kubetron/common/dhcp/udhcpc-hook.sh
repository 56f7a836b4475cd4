#!/bin/sh
# Kubetron's busybox udhcpc hook (the node agent's, the lab's): applies a lease to "$interface" with the mask DHCP
# gave (a host address, /32, when it gave none), and the MTU it gave. No default route unless KUBETRON_DEFAULT_ROUTE=1:
# a Pod's secondary networks never take its primary network's route. Prints the lease for the caller to read.
case "$1" in
  deconfig) ip -4 addr flush dev "$interface"; ip link set "$interface" up ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/${mask:-32}" dev "$interface"
    [ -n "$mtu" ] && ip link set "$interface" mtu "$mtu"
    if [ -n "$router" ] && [ "${KUBETRON_DEFAULT_ROUTE:-0}" = 1 ]; then
      ip route replace default via "${router%% *}" dev "$interface"
    fi
    echo "LEASE iface=$interface ip=$ip mask=$mask router=$router server=$serverid lease=$lease mtu=$mtu" ;;
esac
exit 0
