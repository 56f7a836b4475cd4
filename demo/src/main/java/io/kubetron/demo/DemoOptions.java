package io.kubetron.demo;

import java.nio.file.Path;

/**
 * What the demo runs on.
 *
 * @param labName the lab's name (its namespaces, processes and files carry it)
 * @param nodes emulated nodes (each its own OVS and ovn-controller); with two or more, the two Pods land on
 *     different nodes and talk through Geneve tunnels
 * @param physnet also a physical network (green: VLAN 100 on phys-net10) reaching an external host
 * @param neutron ports from a real neutron-server (ML2/OVN) instead of OVN directly
 * @param dir the demo's own files (certificates, kubelet sockets)
 * @param injection where the webhook puts the request container (default {@code INIT}): {@code SIDECAR} (the original's place, last of the
 *     containers) or {@code INIT} (first init container, a native sidecar: no application container starts before
 *     the Pod's networks)
 */
public record DemoOptions(
        String labName,
        int nodes,
        boolean physnet,
        boolean neutron,
        Path dir,
        io.kubetron.webhook.InjectionMode injection) {
    public DemoOptions {
        if (nodes < 1 || nodes > 4) {
            throw new IllegalArgumentException("nodes must be 1-4, not " + nodes);
        }
    }

    public DemoOptions(String labName, int nodes, boolean physnet, boolean neutron, Path dir) {
        this(labName, nodes, physnet, neutron, dir, io.kubetron.webhook.AdmissionSettings.DEFAULT_INJECTION);
    }
}
