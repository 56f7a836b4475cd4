package io.kubetron.demo.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubetron.emulation.apiserver.EmulatedApiServer;
import io.kubetron.emulation.apiserver.ServiceAccountAdmission;
import io.kubetron.emulation.apiserver.UserInfo;
import io.kubetron.emulation.cri.VolumeSources;
import io.kubetron.emulation.kubelet.EmulatedKubelet;
import io.kubetron.lab.LabNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The node agent's Pod as a cluster makes it from {@code deploy/node-agent}: the DaemonSet controller's Pod of the
 * template for one node (kubernetes/kubernetes {@code pkg/controller/daemon/daemon_controller.go}: the template's
 * spec, {@code nodeName} set), the ServiceAccount plugin's token volume, and the objects its volumes name (the
 * ConfigMap of deploy/node-agent/config.yaml, the signing Secret, {@code kube-root-ca.crt}). Then the lab's overlay,
 * what an operator's kustomize overlay for this lab would patch and nothing else: the image (built here), the host
 * paths of Open vSwitch, OVN and the kubelet (a lab node's are under the lab's directory), the OVS datapath's network
 * namespace (a lab node's datapath is in a namespace of its own, not the host's), and the metrics port.
 */
final class NodeAgentPods {
    static final String NAMESPACE = "kubetron";

    private NodeAgentPods() {}

    /** The DaemonSet's Pod for {@code node}, as stored (the webhook skips namespace kubetron). */
    static Pod forNode(LabNode node, EmulatedKubelet kubelet, String image, int metricsPort) {
        DaemonSet ds;
        try (InputStream in = NodeAgentPods.class.getResourceAsStream("/deploy/node-agent/daemonset.yaml")) {
            ds = Serialization.unmarshal(
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), DaemonSet.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var template = ds.getSpec().getTemplate();
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace(NAMESPACE)
                .withName(ds.getMetadata().getName() + "-"
                        + UUID.randomUUID().toString().substring(0, 5))
                .withUid(UUID.randomUUID().toString())
                .withLabels(template.getMetadata().getLabels())
                .endMetadata()
                .withSpec(template.getSpec())
                .editSpec()
                .withNodeName(node.name())
                .endSpec()
                .build();
        return overlay(ServiceAccountAdmission.admit(pod), node, kubelet, image, metricsPort);
    }

    private static Pod overlay(Pod pod, LabNode node, EmulatedKubelet kubelet, String image, int metricsPort) {
        Map<String, String> hostPaths = Map.of(
                "/var/run/openvswitch", node.ovsRunDir().toString(),
                "/var/run/ovn", node.ovnRunDir().toString(),
                "/var/lib/kubelet/device-plugins", kubelet.devicePluginDir().toString(),
                "/var/lib/kubelet/pod-resources",
                        kubelet.podResourcesSocket().getParent().toString());
        List<Volume> volumes = new ArrayList<>();
        for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getHostPath() != null && hostPaths.containsKey(v.getHostPath().getPath())) {
                v = new VolumeBuilder(v)
                        .editHostPath()
                        .withPath(hostPaths.get(v.getHostPath().getPath()))
                        .endHostPath()
                        .build();
            }
            volumes.add(v);
        }
        volumes.add(new VolumeBuilder()
                .withName("lab-netns")
                .withNewHostPath()
                .withPath("/run/netns")
                .withType("Directory")
                .endHostPath()
                .build());
        pod.getSpec().setVolumes(volumes);
        Container c = pod.getSpec().getContainers().getFirst();
        c.setImage(image);
        c.getVolumeMounts()
                .add(new VolumeMountBuilder()
                        .withName("lab-netns")
                        .withMountPath("/run/netns")
                        .withReadOnly(true)
                        .build());
        List<EnvVar> env = new ArrayList<>(c.getEnv());
        env.add(new EnvVar("KUBETRON_DATAPATH_NETNS", "/run/netns/" + node.netns(), null));
        env.add(new EnvVar("KUBETRON_METRICS_ADDRESS", "127.0.0.1:" + metricsPort, null));
        c.setEnv(env);
        return pod;
    }

    /** The capabilities of the agent's container, with {@code removed} taken out of its {@code add} list. */
    static Pod without(Pod pod, String removed) {
        Pod copy = new PodBuilder(pod).build();
        var caps =
                copy.getSpec().getContainers().getFirst().getSecurityContext().getCapabilities();
        caps.setAdd(caps.getAdd().stream().filter(x -> !x.equals(removed)).toList());
        return copy;
    }

    /** Stores what the agent's volumes name: its ConfigMap, the signing Secret (the lab's key set), the root CA. */
    static void objects(KubernetesClient admin, Path signingKeys, Path caCertificate) throws IOException {
        ConfigMap settings;
        try (InputStream in = NodeAgentPods.class.getResourceAsStream("/deploy/node-agent/config.yaml")) {
            settings = Serialization.unmarshal(
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), ConfigMap.class);
        }
        admin.configMaps().inNamespace(NAMESPACE).resource(settings).create();
        Map<String, String> keys = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(signingKeys)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                keys.put(f.getFileName().toString(), Base64.getEncoder().encodeToString(Files.readAllBytes(f)));
            }
        }
        admin.secrets()
                .inNamespace(NAMESPACE)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("kubetron-networks-signing")
                        .endMetadata()
                        .withData(keys)
                        .build())
                .create();
        admin.configMaps()
                .inNamespace(NAMESPACE)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(ServiceAccountAdmission.ROOT_CA_CONFIGMAP)
                        .endMetadata()
                        .addToData("ca.crt", Files.readString(caCertificate))
                        .build())
                .create();
    }

    /**
     * The kubelet's view of the API: ConfigMaps and Secrets read as the node, tokens minted as a TokenRequest
     * bound to the Pod would be (registered with the emulated API server as the Pod's service account on its node).
     */
    static VolumeSources sources(EmulatedApiServer api, KubernetesClient admin) {
        return new VolumeSources() {
            @Override
            public Optional<Map<String, byte[]>> configMap(String namespace, String name) {
                ConfigMap cm =
                        admin.configMaps().inNamespace(namespace).withName(name).get();
                if (cm == null) {
                    return Optional.empty();
                }
                Map<String, byte[]> out = new HashMap<>();
                if (cm.getData() != null) {
                    cm.getData().forEach((k, v) -> out.put(k, v.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                }
                if (cm.getBinaryData() != null) {
                    cm.getBinaryData()
                            .forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
                }
                return Optional.of(out);
            }

            @Override
            public Optional<Map<String, byte[]>> secret(String namespace, String name) {
                var s = admin.secrets().inNamespace(namespace).withName(name).get();
                if (s == null) {
                    return Optional.empty();
                }
                Map<String, byte[]> out = new HashMap<>();
                if (s.getData() != null) {
                    s.getData().forEach((k, v) -> out.put(k, Base64.getDecoder().decode(v)));
                }
                return Optional.of(out);
            }

            @Override
            public String serviceAccountToken(Pod pod, String audience, long expirationSeconds) {
                String token = "sa-" + UUID.randomUUID();
                api.register(
                        token,
                        UserInfo.serviceAccount(
                                pod.getMetadata().getNamespace(),
                                pod.getSpec().getServiceAccountName(),
                                pod.getMetadata().getName(),
                                pod.getSpec().getNodeName()));
                return token;
            }
        };
    }
}
