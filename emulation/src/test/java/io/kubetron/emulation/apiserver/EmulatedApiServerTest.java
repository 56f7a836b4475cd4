package io.kubetron.emulation.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests through the emulated API server, with the shipped policies in its store. */
class EmulatedApiServerTest {
    private static final String SPEC = "kubetron.network.kubevirt.io/networksSpec";
    private static final String NETWORKS = "kubetron.network.kubevirt.io/networks";

    private EmulatedApiServer api;
    private KubernetesClient admin;

    @BeforeEach
    void start() throws Exception {
        api = EmulatedApiServer.start();
        admin = api.admin();
        for (String f : List.of("owned-annotations", "node-agent-own-node")) {
            try (InputStream in = getClass().getResourceAsStream("/deploy/policies/" + f + ".yaml")) {
                for (HasMetadata o : admin.load(in).items()) {
                    admin.resource(o).create();
                }
            }
        }
        api.register("tenant", new UserInfo("alice", "u1", List.of("system:authenticated"), java.util.Map.of()));
        api.register(
                "agent-1",
                UserInfo.serviceAccount("kubetron", "kubetron-node-agent", "kubetron-node-agent-a", "node-1"));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Pod running(String name, String node) {
        Pod p = admin.pods()
                .inNamespace("default")
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToAnnotations(NETWORKS, "red")
                        .addToAnnotations(SPEC, "{\"red\":{}}")
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(node)
                        .addNewContainer()
                        .withName("app")
                        .withImage("busybox")
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Running")
                        .addToConditions(new PodConditionBuilder()
                                .withType("Ready")
                                .withStatus("False")
                                .build())
                        .addToConditions(new PodConditionBuilder()
                                .withType("kubetron.network.kubevirt.io/networks-ready")
                                .withStatus("False")
                                .build())
                        .endStatus()
                        .build())
                .create();
        return p;
    }

    @Test
    void everyPatchTypeThatChangesNetworksSpecIsRefusedAndNothingIsStored() {
        running("web", "node-1");
        KubernetesClient tenant = api.client("tenant");
        var pod = tenant.pods().inNamespace("default").withName("web");
        List<Runnable> attempts = List.of(
                () -> pod.patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"replace\",\"path\":\"/metadata/annotations/kubetron.network.kubevirt.io~1networksSpec\","
                                + "\"value\":\"{}\"}]"),
                () -> pod.patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        "{\"metadata\":{\"annotations\":{\"kubetron.network.kubevirt.io/networksSpec\":null}}}"),
                () -> pod.patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"metadata\":{\"annotations\":{\"kubetron.network.kubevirt.io/networks\":\"blue\"}}}"),
                () -> pod.edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .addToAnnotations(SPEC, "{\"blue\":{}}")
                        .endMetadata()
                        .build()));
        for (Runnable a : attempts) {
            assertThatThrownBy(a::run).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                assertThat(e.getCode()).isEqualTo(422);
                assertThat(e.getMessage()).contains("the networks of a Pod are fixed when it is created");
            });
        }
        assertThat(admin.pods()
                        .inNamespace("default")
                        .withName("web")
                        .get()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry(SPEC, "{\"red\":{}}")
                .containsEntry(NETWORKS, "red");
        // other annotations may change
        pod.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"team\":\"a\"}}}");
        assertThat(admin.pods()
                        .inNamespace("default")
                        .withName("web")
                        .get()
                        .getMetadata()
                        .getAnnotations())
                .containsEntry("team", "a");
    }

    @Test
    void anAgentWritesItsNodesPodsOnlyAndAStrategicPatchMergesConditionsByType() {
        running("mine", "node-1");
        running("theirs", "node-2");
        KubernetesClient agent = api.client("agent-1");
        String ours = "{\"status\":{\"conditions\":[{\"type\":\"kubetron.network.kubevirt.io/networks-ready\","
                + "\"status\":\"True\"}]}}";
        agent.pods()
                .inNamespace("default")
                .withName("mine")
                .subresource("status")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), ours);
        Pod mine = admin.pods().inNamespace("default").withName("mine").get();
        assertThat(mine.getStatus().getConditions())
                .extracting(c -> c.getType() + "=" + c.getStatus())
                .containsExactly("Ready=False", "kubetron.network.kubevirt.io/networks-ready=True");

        assertThatThrownBy(() -> agent.pods()
                        .inNamespace("default")
                        .withName("theirs")
                        .subresource("status")
                        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), ours))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("may write only Pods bound to that node");
                });
        assertThat(admin.pods()
                        .inNamespace("default")
                        .withName("theirs")
                        .get()
                        .getStatus()
                        .getConditions())
                .extracting(c -> c.getStatus())
                .containsOnly("False");
    }

    @Test
    void anUnknownTokenIsUnauthorized() {
        assertThatThrownBy(
                        () -> api.client("nobody").pods().inNamespace("default").list())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(401));
    }
}
