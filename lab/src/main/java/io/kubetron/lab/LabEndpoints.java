package io.kubetron.lab;

import io.kubetron.lab.neutron.NeutronEndpoints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * How to reach a lab's databases, written the OVS way ({@code unix:PATH}, {@code tcp:IP:PORT}, {@code ssl:IP:PORT}).
 *
 * @param ovs the node's Open_vSwitch database
 * @param nb OVN Northbound over its unix socket
 * @param nbTcp OVN Northbound over TCP on loopback
 * @param nbSsl OVN Northbound over mutual TLS, or null without TLS
 * @param sb OVN Southbound over its unix socket
 * @param sbTcp OVN Southbound over TCP on loopback
 * @param client the client identity for {@code nbSsl}, or null
 */
public record LabEndpoints(
        String ovs, String nb, String nbTcp, String nbSsl, String sb, String sbTcp, Pki.Identity client) {

    static LabEndpoints of(LabConfig c) {
        Pki.Identity client = c.ssl()
                ? new Pki.Identity(
                        c.pkiDir().resolve("client-privkey.pem"),
                        c.pkiDir().resolve("client-cert.pem"),
                        c.pkiDir().resolve("labca-cacert.pem"))
                : null;
        return new LabEndpoints(
                "unix:" + c.runDir().resolve("db.sock"),
                "unix:" + c.runDir().resolve("ovnnb_db.sock"),
                "tcp:127.0.0.1:" + c.nbPort(),
                c.ssl() ? "ssl:127.0.0.1:" + c.nbSslPort() : null,
                "unix:" + c.runDir().resolve("ovnsb_db.sock"),
                "tcp:127.0.0.1:" + c.sbPort(),
                client);
    }

    /**
     * Variables understood by the OVS/OVN command-line tools (OVN_NB_DB, OVN_SB_DB, OVS_RUNDIR... of node 0) plus
     * Kubetron's own, with {@code KUBETRON_LAB_NODE<i>_*} for each node of a multi-node lab and the external host's
     * address and namespace with a provider network;
     * with Neutron also {@code KUBETRON_NEUTRON_URL}, {@code KUBETRON_NEUTRON_CA_CERT}, {@code KUBETRON_NEUTRON_AUTH}
     * and, with Keystone, the {@code OS_*} variables of the OpenStack tools.
     */
    public Map<String, String> variables(LabConfig c) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("KUBETRON_LAB_DIR", c.dir().toString());
        v.put("KUBETRON_LAB_HOST_NETNS", c.hostNamespace());
        v.put("OVS_RUNDIR", c.runDir().toString());
        v.put("OVN_RUNDIR", c.runDir().toString());
        v.put("OVS_DB", ovs);
        v.put("OVN_NB_DB", nb);
        v.put("OVN_SB_DB", sb);
        v.put("KUBETRON_LAB_NB_TCP", nbTcp);
        v.put("KUBETRON_LAB_SB_TCP", sbTcp);
        if (nbSsl != null) {
            v.put("KUBETRON_LAB_NB_SSL", nbSsl);
            v.put("KUBETRON_LAB_SSL_PRIVATE_KEY", client.privateKey().toString());
            v.put("KUBETRON_LAB_SSL_CERTIFICATE", client.certificate().toString());
            v.put("KUBETRON_LAB_SSL_CA_CERT", client.caCertificate().toString());
        }
        // ovn-controller registers the chassis with external_ids:hostname, the binding:host_id Neutron binds to
        v.put("KUBETRON_LAB_CHASSIS_HOSTNAME", c.chassis());
        v.put("KUBETRON_LAB_NODES", Integer.toString(c.nodes().count()));
        if (c.nodes().multiNode()) {
            for (LabNode n : LabNodes.describe(c, Lab.datapathTypeHere())) {
                String k = "KUBETRON_LAB_NODE" + n.index() + "_";
                v.put(k + "NETNS", n.netns());
                v.put(k + "OVS_DB", n.ovsdb());
                v.put(k + "OVS_RUNDIR", n.ovsRunDir().toString());
                v.put(k + "CHASSIS", n.chassis());
                v.put(k + "ENCAP_IP", n.encapIp());
            }
        }
        if (c.nodes().physnet()) {
            Physnet p = ProviderNetwork.describe(c);
            v.put("KUBETRON_LAB_PHYSNET", p.network());
            v.put("KUBETRON_LAB_PHYSNET_VLAN", Integer.toString(p.vlan()));
            v.put("KUBETRON_LAB_EXTERNAL_HOST", p.externalHostAddress());
            v.put("KUBETRON_LAB_EXTERNAL_HOST_NETNS", p.externalHostNamespace());
        }
        NeutronEndpoints.of(c).ifPresent(n -> v.putAll(n.variables()));
        return v;
    }

    public String toShell(LabConfig c) {
        return variables(c).entrySet().stream()
                .map(e -> "export " + e.getKey() + "='" + e.getValue().replace("'", "'\\''") + "'")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    public String toJson(LabConfig c) {
        return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(variables(c)) + "\n";
    }
}
