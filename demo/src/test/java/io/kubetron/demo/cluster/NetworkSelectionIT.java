package io.kubetron.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.kubetron.backend.BackendPort;
import io.kubetron.backend.Network;
import io.kubetron.backend.NetworkSpec;
import io.kubetron.backend.OwnerFilter;
import io.kubetron.emulation.apiserver.AdmissionChain;
import io.kubetron.emulation.sandbox.Sandbox;
import io.kubetron.lab.Lab;
import io.kubetron.model.Annotations;
import io.kubetron.model.NetworkStatus;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.network.AdoptedNetwork;
import io.kubetron.model.selection.NetworkSelection;
import io.kubetron.testkit.LabExtension;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.select.ClusterDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pods selecting networks the Network Plumbing WG's way, on the real OVN lab with real sandboxes: a Network object
 * whose namespaceSelector admits one tenant, a Pod of that tenant asking in the JSON form for an address, a MAC, an
 * interface name and the default route, and what it sees inside; the other tenant refused; a
 * NetworkAttachmentDefinition of type kubetron beside one of another type, as on a cluster with Multus.
 */
@ExtendWith(LabExtension.class)
@EnableKubernetesMockClient(crud = true, https = false)
class NetworkSelectionIT {
    static KubernetesClient client;

    @TempDir
    Path dir;

    private EmulatedCluster cluster;
    private Network backendNet;
    private String networkName;

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        java.util.logging.Logger.getLogger("io.fabric8").setLevel(java.util.logging.Level.WARNING);
        for (String[] ns : List.of(new String[] {"team-a", "a"}, new String[] {"team-b", "b"})) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(ns[0])
                            .addToLabels("tenant", ns[1])
                            .endMetadata()
                            .build())
                    .createOr(x -> x.update());
        }
        String suffix = Long.toHexString(System.nanoTime() & 0xffff);
        networkName = "tenant-a-" + suffix;
        AdoptedNetwork adopt = new AdoptedNetwork();
        adopt.setName("ns-red-" + suffix);
        io.kubetron.model.network.Network object = io.kubetron.model.network.Network.named(networkName);
        object.setSpec(io.kubetron.model.network.NetworkSpec.adopting(
                adopt,
                new LabelSelectorBuilder().addToMatchLabels("tenant", "a").build()));
        client.resource(object).create();
        // before the webhook's directory starts, so it lists them (rather than waiting for its watch)
        attachmentDefinition(
                "team-a",
                "red-nad",
                "{\"cniVersion\":\"1.0.0\",\"type\":\"kubetron\",\"network\":\"" + networkName + "\"}");
        attachmentDefinition(
                "team-a", "macvlan", "{\"cniVersion\":\"1.0.0\",\"type\":\"macvlan\",\"master\":\"eth1\"}");
        cluster = EmulatedCluster.withNetworkObjects(lab, client, dir, AdmissionSettings.defaults());
        backendNet = cluster.backend.createNetwork(new NetworkSpec(
                "ns-red-" + suffix, new NetworkSpec.SubnetSpec("10.92.0.0/24", null, List.of()), null, null));
    }

    @AfterEach
    void tearDown() {
        for (BackendPort p : cluster.backend.listOwnedPorts(OwnerFilter.ALL)) {
            cluster.backend.deletePort(p.id());
        }
        cluster.backend.deleteNetwork(backendNet.id());
        cluster.close();
        client.pods().inAnyNamespace().delete();
        client.resources(io.kubetron.model.network.Network.class).delete();
        client.genericKubernetesResources(ClusterDirectory.NADS)
                .inAnyNamespace()
                .delete();
    }

    private static Pod pod(String namespace, String name, String selection) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .addToAnnotations(NetworkSelection.ANNOTATION, selection)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(EmulatedCluster.appImage())
                .endContainer()
                .endSpec()
                .build();
    }

    private String inPod(Pod pod, String... command) {
        Sandbox s = cluster.kubelet.sandbox(pod.getMetadata().getUid());
        return s.exec(command).orThrow().stdout();
    }

    private static void attachmentDefinition(String namespace, String name, String config) {
        GenericKubernetesResource nad = new GenericKubernetesResource();
        nad.setApiVersion("k8s.cni.cncf.io/v1");
        nad.setKind("NetworkAttachmentDefinition");
        nad.setMetadata(
                new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        nad.setAdditionalProperty("spec", Map.of("config", config));
        client.genericKubernetesResources(ClusterDirectory.NADS)
                .inNamespace(namespace)
                .resource(nad)
                .create();
    }

    @Test
    void aTenantsPodGetsExactlyTheAddressMacInterfaceAndDefaultRouteItAskedFor() {
        Pod ready = cluster.runUntilReady(pod(
                "team-a",
                "static",
                "[{\"name\":\"" + networkName + "\",\"interface\":\"data0\",\"mac\":\"02:00:0a:5c:00:4d\","
                        + "\"ips\":[\"10.92.0.77/24\"],\"default-route\":[\"10.92.0.1\"]}]"));

        assertThat(inPod(ready, "ip", "-o", "link", "show", "dev", "data0")).contains("link/ether 02:00:0a:5c:00:4d");
        assertThat(inPod(ready, "ip", "-4", "-o", "addr", "show", "dev", "data0"))
                .contains("inet 10.92.0.77/24");
        assertThat(inPod(ready, "ip", "-4", "route", "show", "default")).contains("via 10.92.0.1 dev data0");

        BackendPort port = cluster.backend
                .listOwnedPorts(OwnerFilter.pod("team-a", "static"))
                .getFirst();
        assertThat(port.macAddress()).isEqualTo("02:00:0a:5c:00:4d");
        assertThat(port.fixedIps()).containsExactly("10.92.0.77");
        assertThat(port.networkName()).isEqualTo(backendNet.name());

        List<NetworkStatus.Entry> status =
                NetworkStatus.parse(ready.getMetadata().getAnnotations().get(Annotations.NETWORK_STATUS));
        assertThat(status)
                .containsExactly(new NetworkStatus.Entry(
                        "team-a/" + networkName,
                        "data0",
                        List.of("10.92.0.77"),
                        "02:00:0a:5c:00:4d",
                        false,
                        List.of("10.92.0.1")));
    }

    @Test
    void anotherTenantIsRefusedWithTheReasonAndNothingIsCreated() {
        assertThatThrownBy(() -> cluster.create(pod("team-b", "intruder", networkName)))
                .isInstanceOf(AdmissionChain.DeniedException.class)
                .hasMessageContaining("Network " + networkName + " does not admit Pods of namespace team-b");
        assertThat(cluster.backend.listOwnedPorts(OwnerFilter.ALL)).isEmpty();
    }

    @Test
    void anAddressInUseIsRefusedNamingIt() {
        cluster.runUntilReady(pod("team-a", "first", "[{\"name\":\"" + networkName + "\",\"ips\":[\"10.92.0.80\"]}]"));
        assertThatThrownBy(() -> cluster.create(
                        pod("team-a", "second", "[{\"name\":\"" + networkName + "\",\"ips\":[\"10.92.0.80\"]}]")))
                .isInstanceOf(AdmissionChain.DeniedException.class)
                .hasMessageContaining("10.92.0.80 on network " + backendNet.name() + " is in use by port ")
                .hasMessageContaining(" of Pod team-a/first");
        assertThat(cluster.backend.listOwnedPorts(OwnerFilter.ALL)).hasSize(1);
    }

    @Test
    void aKubetronAttachmentDefinitionIsPluggedAndAnotherTypeLeftToMultus() {
        Pod ready = cluster.runUntilReady(pod("team-a", "multus", "macvlan, red-nad@net1"));
        NetworksSpec spec =
                NetworksSpec.parse(ready.getMetadata().getAnnotations().get(Annotations.NETWORKS_SPEC));
        assertThat(spec.ports()).containsOnlyKeys("team-a/red-nad");
        assertThat(inPod(ready, "ip", "-4", "-o", "addr", "show", "dev", "net1"))
                .contains("inet 10.92.0.");
    }
}
