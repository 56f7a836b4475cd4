package io.kubetron.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubetron.backend.NetworkBackend;
import io.kubetron.emulation.kubelet.EmulatedKubelet;
import io.kubetron.lab.Lab;
import io.kubetron.lab.LabNode;
import io.kubetron.lifecycle.LifecycleController;
import io.kubetron.lifecycle.LifecycleSettings;
import io.kubetron.webhook.AdmissionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The real Kubetron parts configured for an emulated cluster, as the demo and the cluster scenarios run them. */
public final class ClusterParts {
    private ClusterParts() {}

    /**
     * The node agent's settings as its DaemonSet would give them on {@code node}, beside {@code kubelet}, checking
     * networksSpec signatures with the key set in {@code signingKeys} (the lab's, {@code Lab.signingKeys()}, which the
     * webhook signs with: {@link #admission}).
     */
    public static Map<String, String> agentSettings(
            LabNode node, EmulatedKubelet kubelet, Path stateDir, int mtu, Path signingKeys) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("signing-keys", signingKeys.toString());
        s.put("node-name", node.name());
        s.put("ovsdb", node.ovsdb());
        s.put("datapath-netns", "/run/netns/" + node.netns());
        s.put("ovn-rundir", node.ovnRunDir().toString());
        s.put("device-plugin-dir", kubelet.devicePluginDir().toString());
        s.put("pod-resources-socket", kubelet.podResourcesSocket().toString());
        s.put("state-dir", stateDir.toString());
        s.put("metrics-address", "off");
        s.put("mtu", Integer.toString(mtu));
        // fabric8's mock API server answers a spec.nodeName field selector with nothing: watch all, filter locally
        s.put("field-selector", "false");
        return s;
    }

    /** The webhook's admission settings {@code base}, signing with the lab's key set, which the agents share. */
    public static AdmissionSettings admission(AdmissionSettings base, Lab lab) {
        return base.withSigningKeys(lab.signingKeys());
    }

    /**
     * The lifecycle controller beside the webhook, as {@code kubetron webhook} runs it (it releases a Pod's ports when
     * the Pod is gone or finished, and follows up each admission), with lease timings of seconds.
     */
    public static LifecycleController lifecycle(KubernetesClient client, NetworkBackend backend, String identity) {
        return LifecycleController.start(
                client,
                backend,
                LifecycleSettings.fromMap(Map.of(
                                "KUBETRON_LIFECYCLE_LEASE_NAMESPACE",
                                "kubetron",
                                "KUBETRON_LIFECYCLE_IDENTITY",
                                identity))
                        .withLeaseTimings(Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(1)));
    }
}
