package io.kubetron.lifecycle.network;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.model.network.AdoptedNetwork;
import io.kubetron.model.network.DeclaredNetwork;
import io.kubetron.model.network.Network;
import io.kubetron.model.network.NetworkSpec;
import io.kubetron.model.network.Subnet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Network objects as a user writes them, the CRD as deploy/ installs it, and what a user reads back. */
final class NetworkFixtures {
    private NetworkFixtures() {}

    /** Installs the checked-in CRD, as {@code kubectl apply -k deploy/} does: the API server learns the kind. */
    static void installCrd(KubernetesClient client) {
        Path crd = Path.of(System.getProperty("kubetron.root", ".."))
                .resolve("deploy/crds/networks.kubetron.network.kubevirt.io-v1.yml");
        try (InputStream in = Files.newInputStream(crd)) {
            CustomResourceDefinition d = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .load(in)
                    .item();
            client.apiextensions().v1().customResourceDefinitions().resource(d).createOr(c -> c.update());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Network declared(String name, String cidr, List<String> excluded) {
        DeclaredNetwork d = new DeclaredNetwork();
        Subnet s = Subnet.of(cidr);
        s.setExcludeRanges(excluded);
        d.setSubnets(List.of(s));
        Network n = Network.named(name);
        n.setSpec(NetworkSpec.declaring(d, new LabelSelector()));
        return n;
    }

    static Network adopting(String name, String backendName) {
        Network n = Network.named(name);
        n.setSpec(NetworkSpec.adopting(AdoptedNetwork.byName(backendName), new LabelSelector()));
        return n;
    }

    static Network create(KubernetesClient client, Network n) {
        return client.resources(Network.class).resource(n).create();
    }

    static Optional<Network> get(KubernetesClient client, String name) {
        return Optional.ofNullable(
                client.resources(Network.class).withName(name).get());
    }

    /** The condition of this type on the stored object, if any. */
    static Optional<Condition> condition(KubernetesClient client, String name, String type) {
        return get(client, name)
                .flatMap(n ->
                        n.getStatus() == null ? Optional.empty() : n.getStatus().condition(type));
    }

    static boolean says(KubernetesClient client, String name, String type, String status, String reason) {
        return condition(client, name, type)
                .map(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                .orElse(false);
    }

    /** The Events recorded on the Network named {@code name}, as {@code kubectl describe network} lists them. */
    static List<Event> events(KubernetesClient client, String name) {
        return client.v1().events().inNamespace(NetworkApi.EVENT_NAMESPACE).list().getItems().stream()
                .filter(e -> "Network".equals(e.getInvolvedObject().getKind())
                        && name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    static List<String> eventReasons(KubernetesClient client, String name) {
        return events(client, name).stream().map(Event::getReason).toList();
    }
}
