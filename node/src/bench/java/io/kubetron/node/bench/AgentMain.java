package io.kubetron.node.bench;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubetron.node.agent.NodeAgent;
import io.kubetron.node.agent.NodeAgentSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node agent in a JVM of its own, for the RSS measurement: {@code main(masterUrl, key=value...)} runs it against
 * the API server at {@code masterUrl} until the process is stopped. What {@code kubetron node-agent} does, minus the
 * config file and flag parsing.
 */
public final class AgentMain {
    private AgentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(args[0])
                .withTrustCerts(true).build()).build();
        NodeAgent.start(NodeAgentSettings.fromMap(settings), client);
        Thread.currentThread().join();
    }
}
