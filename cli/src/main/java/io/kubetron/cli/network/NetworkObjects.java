package io.kubetron.cli.network;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubetron.cli.KubeClients;
import io.kubetron.model.network.Network;
import io.kubetron.model.network.NetworkConditions;
import io.kubetron.model.network.NetworkStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code kubetron network} as a view over the cluster's Network objects (given {@code --kubeconfig}): create and
 * delete the objects, list them with what their status says. The lifecycle controller does the backend's part.
 */
final class NetworkObjects implements AutoCloseable {
    private final KubernetesClient client;

    private NetworkObjects(KubernetesClient client) {
        this.client = client;
    }

    static NetworkObjects open(Path kubeconfig) {
        return new NetworkObjects(KubeClients.open(kubeconfig));
    }

    Network create(Network n) {
        return client.resources(Network.class).resource(n).create();
    }

    List<Network> list() {
        return client.resources(Network.class).list().getItems().stream()
                .sorted(Comparator.comparing(n -> n.getMetadata().getName()))
                .toList();
    }

    /** Deletes the object; false if there was none. */
    boolean delete(String name) {
        return !client.resources(Network.class).withName(name).delete().isEmpty();
    }

    /**
     * {@code --namespace-selector}: {@code *} for every namespace, {@code k=v,k2=v2} for those with these labels,
     * null (not given) for none.
     */
    static LabelSelector selector(String text) {
        if (text == null) {
            return null;
        }
        LabelSelector s = new LabelSelector();
        if (text.strip().equals("*")) {
            return s;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String kv : text.split(",")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "--namespace-selector '" + text + "' is not '*' or labels like team=red,env=prod");
            }
            labels.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        s.setMatchLabels(labels);
        return s;
    }

    static void print(PrintWriter out, List<Network> networks, boolean json) {
        if (json) {
            out.println(Serialization.asJson(networks));
            out.flush();
            return;
        }
        Table t = new Table("NAME", "BACKEND", "ADOPTED", "READY", "PORTS", "FREE", "SUBNET", "MESSAGE");
        for (Network n : networks) {
            NetworkStatus s = n.getStatus() == null ? new NetworkStatus() : n.getStatus();
            var ready = s.condition(NetworkConditions.READY);
            var degraded = s.condition(NetworkConditions.DEGRADED).filter(c -> "True".equals(c.getStatus()));
            String subnet = n.adopted()
                    ? "-"
                    : n.getSpec().getDeclare().subnetList().stream()
                            .findFirst()
                            .map(x -> x.getCidr())
                            .orElse("-");
            t.row(
                    n.getMetadata().getName(),
                    s.getBackendName() == null ? "-" : s.getBackendName(),
                    Boolean.toString(n.adopted()),
                    ready.map(c -> c.getStatus()).orElse("-"),
                    s.getPortsInUse() == null ? "-" : s.getPortsInUse().toString(),
                    s.getFreeAddresses() == null ? "-" : s.getFreeAddresses().toString(),
                    subnet,
                    degraded.or(() -> ready.filter(c -> !"True".equals(c.getStatus())))
                            .map(c -> c.getMessage())
                            .orElse("-"));
        }
        out.print(t.render());
        out.flush();
    }

    @Override
    public void close() {
        client.close();
    }
}
