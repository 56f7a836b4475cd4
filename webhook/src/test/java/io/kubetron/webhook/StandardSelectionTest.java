package io.kubetron.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.model.Annotations;
import io.kubetron.model.NetworksSpec;
import io.kubetron.model.selection.NetworkSelection;
import io.kubetron.testkit.signing.TestSigning;
import io.kubetron.webhook.create.PortsAdmitted;
import io.kubetron.webhook.metrics.WebhookMetrics;
import io.kubetron.webhook.select.NetworkDirectory;
import io.kubetron.webhook.select.Resolution;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods that select networks the Network Plumbing WG's way ({@code k8s.v1.cni.cncf.io/networks}), through the whole
 * review path against the fake backend: what ends up in networksSpec (and so in the Pod), and what is refused with
 * nothing created.
 */
class StandardSelectionTest {
    private final FakeBackend backend = FakeBackend.withRedBlueGreen();
    private NetworkDirectory directory = NamesAreNetworks.DIRECTORY;

    private JsonNode review(Map<String, String> annotations) {
        Admission admission = Admission.of(
                backend,
                AdmissionSettings.defaults(),
                TestSigning.supplier(),
                new WebhookMetrics(),
                PortsAdmitted.NONE,
                directory);
        byte[] body = Fixtures.with("create-generatename.json", r -> {
            ObjectNode a = (ObjectNode) r.get("object").get("metadata").get("annotations");
            a.remove(Annotations.NETWORKS);
            annotations.forEach(a::put);
        });
        return Fixtures.JSON.readTree(admission.review(body));
    }

    private static NetworksSpec spec(JsonNode resp) {
        JsonNode pod = Fixtures.patchedPod(Fixtures.tree("create-generatename.json"), resp);
        return NetworksSpec.parse(
                pod.at("/metadata/annotations").get(Annotations.NETWORKS_SPEC).asString());
    }

    private static String message(JsonNode resp) {
        assertThat(resp.at("/response/allowed").asBoolean()).as("allowed").isFalse();
        return resp.at("/response/status/message").asString();
    }

    @Test
    void theCommaFormGivesOnePortPerAttachmentKeyedByItsQualifiedName() {
        JsonNode resp = review(Map.of(NetworkSelection.ANNOTATION, "red, blue@net1"));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        NetworksSpec spec = spec(resp);
        assertThat(spec.ports()).containsOnlyKeys("demo/red", "demo/blue");
        NetworksSpec.Port blue = spec.ports().get("demo/blue");
        assertThat(blue.portName()).isEqualTo("net1");
        assertThat(blue.network()).isEqualTo("blue");
        assertThat(blue.attachment()).isEqualTo("demo/blue");
        assertThat(spec.ports().get("demo/red").portName()).startsWith("red-").hasSize(14);
        assertThat(backend.ports).hasSize(2);
    }

    @Test
    void theJsonFormsMacAddressInterfaceAndDefaultRouteAreWhatThePodGets() {
        JsonNode resp = review(Map.of(
                NetworkSelection.ANNOTATION,
                "[{\"name\":\"red\",\"interface\":\"data0\",\"mac\":\"02:AA:00:00:00:07\","
                        + "\"ips\":[\"10.1.0.7/24\"],\"default-route\":[\"10.1.0.1\"]}]"));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        NetworksSpec.Port p = spec(resp).ports().get("demo/red");
        assertThat(p.portName()).isEqualTo("data0");
        assertThat(p.macAddress()).isEqualTo("02:aa:00:00:00:07");
        assertThat(p.fixedIps()).containsExactly("10.1.0.7");
        assertThat(p.defaultRoute()).containsExactly("10.1.0.1");
        assertThat(backend.calls).contains("createPorts [red data0]");
    }

    @Test
    void theSameNetworkTwiceIsTwoAttachments() {
        JsonNode resp = review(Map.of(NetworkSelection.ANNOTATION, "red@a0, red@a1"));
        assertThat(spec(resp).ports()).containsOnlyKeys("demo/red", "demo/red@a1");
        assertThat(spec(resp).ports().values())
                .extracting(NetworksSpec.Port::network)
                .containsOnly("red");
        assertThat(backend.ports).hasSize(2);
    }

    @Test
    void kubetronNetworksInBothAnnotationsAreRefusedBeforeAnythingIsMade() {
        String m = message(review(Map.of(Annotations.NETWORKS, "red", NetworkSelection.ANNOTATION, "blue")));
        assertThat(m).contains("both", Annotations.NETWORKS, NetworkSelection.ANNOTATION);
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void theOriginalAnnotationBesideMultusOnlyAttachmentsKeepsWorking() {
        directory = multusHas("macvlan", "sriov");
        JsonNode resp = review(Map.of(
                Annotations.NETWORKS,
                "red",
                NetworkSelection.ANNOTATION,
                "[{\"name\":\"macvlan\",\"interface\":\"net1\"},{\"name\":\"sriov\",\"bandwidth\":{}}]"));
        assertThat(resp.at("/response/allowed").asBoolean()).as(resp.toString()).isTrue();
        assertThat(spec(resp).ports()).containsOnlyKeys("red");
    }

    @Test
    void onlyKubetronsAttachmentsAreHeldToKubetronsChecks() {
        directory = multusHas("sriov", "ib");
        // Multus's elements may carry what Kubetron does not support (bandwidth, an InfiniBand address, cni-args)
        JsonNode resp = review(Map.of(
                NetworkSelection.ANNOTATION,
                "[{\"name\":\"sriov\",\"bandwidth\":{\"ingressRate\":1},\"cni-args\":{\"x\":{\"y\":{}}}},"
                        + "{\"name\":\"ib\",\"mac\":\"00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00:11:22:33\"},"
                        + "{\"name\":\"red\"}]"));
        assertThat(resp.at("/response/allowed").asBoolean()).as(resp.toString()).isTrue();
        assertThat(spec(resp).ports()).containsOnlyKeys("demo/red");
        // Kubetron's own are not
        String m = message(
                review(Map.of(NetworkSelection.ANNOTATION, "[{\"name\":\"red\",\"bandwidth\":{\"ingressRate\":1}}]")));
        assertThat(m).contains("'bandwidth' is not supported by Kubetron");
    }

    @Test
    void anInterfaceNameMultusWillUseIsNotTakenTwice() {
        directory = multusHas("macvlan");
        String m = message(review(Map.of(NetworkSelection.ANNOTATION, "macvlan@data0, red@data0")));
        assertThat(m).contains("interface names used more than once: data0");
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void withoutTheClustersObjectsTheStandardAnnotationIsLeftToOthers() {
        directory = NetworkDirectory.BACKEND;
        JsonNode resp = review(Map.of(NetworkSelection.ANNOTATION, "red"));
        assertThat(resp.at("/response/allowed").asBoolean()).isTrue();
        assertThat(resp.at("/response/patch").isMissingNode()).isTrue();
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void anEmptySelectionSelectsNothing() {
        for (String v : new String[] {"", "[]"}) {
            JsonNode resp = review(Map.of(NetworkSelection.ANNOTATION, v));
            assertThat(resp.at("/response/allowed").asBoolean()).as(v).isTrue();
            assertThat(resp.at("/response/patch").isMissingNode()).as(v).isTrue();
        }
        assertThat(backend.calls).isEmpty();
    }

    /** Names in {@code multus} are NetworkAttachmentDefinitions of another type; the rest are networks. */
    private static NetworkDirectory multusHas(String... multus) {
        java.util.Set<String> theirs = java.util.Set.of(multus);
        return (request, original, ns) -> theirs.contains(request.name())
                ? new Resolution.NotOurs("NetworkAttachmentDefinition " + request.qualifiedName())
                : NamesAreNetworks.DIRECTORY.resolve(request, original, ns);
    }

    @Test
    void anAddressOutsideTheSubnetIsRefusedNamingItAndTheSubnet() {
        String m = message(review(Map.of(
                NetworkSelection.ANNOTATION, "[{\"name\":\"red\",\"ips\":[\"10.2.0.5\"]},{\"name\":\"blue\"}]")));
        assertThat(m).contains("10.2.0.5 is outside the subnet of network red (10.1.0.0/24)");
        assertThat(backend.ports).isEmpty();
        assertThat(backend.creates).hasValue(0);
    }

    @Test
    void aWrongPrefixLengthAnIpv6AddressAndAForeignGatewayAreRefused() {
        String m = message(review(Map.of(
                NetworkSelection.ANNOTATION,
                "[{\"name\":\"red\",\"ips\":[\"10.1.0.5/16\"]},{\"name\":\"blue\",\"ips\":[\"fd00::5\"],"
                        + "\"default-route\":[\"10.9.9.1\"]}]")));
        assertThat(m)
                .contains("10.1.0.5/16 has another prefix length than the subnet of network red (10.1.0.0/24)")
                .contains("fd00::5 is an IPv6 address")
                .contains("default-route 10.9.9.1 is not in the subnet of network blue (10.2.0.0/24)");
        assertThat(backend.creates).hasValue(0);
    }

    @Test
    void twoDefaultRoutesAreRefused() {
        String m = message(review(Map.of(
                NetworkSelection.ANNOTATION,
                "[{\"name\":\"red\",\"default-route\":[\"10.1.0.1\"]},"
                        + "{\"name\":\"blue\",\"default-route\":[\"10.2.0.1\"]}]")));
        assertThat(m).contains("more than one attachment asks for the default route (demo/red, demo/blue)");
        assertThat(backend.creates).hasValue(0);
    }

    @Test
    void aPortWithoutTheMacAskedForIsDeletedAndThePodRefused() {
        backend.ignoreRequests = true;
        String m = message(
                review(Map.of(NetworkSelection.ANNOTATION, "[{\"name\":\"red\",\"mac\":\"02:00:00:00:00:09\"}]")));
        assertThat(m).contains("not the 02:00:00:00:00:09 asked for").contains("was deleted");
        assertThat(backend.ports).isEmpty();
    }

    @Test
    void attachmentsOfOtherImplementationsAreLeftAlone() {
        directory = multusHas("macvlan");
        NetworksSpec spec = spec(review(Map.of(NetworkSelection.ANNOTATION, "macvlan, red")));
        assertThat(spec.ports()).containsOnlyKeys("demo/red");

        backend.calls.clear();
        JsonNode only = review(Map.of(NetworkSelection.ANNOTATION, "macvlan"));
        assertThat(only.at("/response/allowed").asBoolean()).isTrue();
        assertThat(only.at("/response/patch").isMissingNode()).isTrue();
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void aRefusalOfTheDirectoryReachesTheUserAndNothingIsMade() {
        directory =
                (request, original, ns) -> new Resolution.Refused("Network red does not admit Pods of namespace " + ns);
        String m = message(review(Map.of(NetworkSelection.ANNOTATION, "red")));
        assertThat(m).contains("Network red does not admit Pods of namespace demo");
        assertThat(backend.calls).isEmpty();
    }
}
