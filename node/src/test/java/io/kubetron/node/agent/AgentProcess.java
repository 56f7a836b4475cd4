package io.kubetron.node.agent;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node agent in a JVM of its own, so a test can kill it with SIGKILL at any moment: {@code main(masterUrl,
 * key=value...)} runs it against the API server at {@code masterUrl} until killed; {@link #start} launches it with the
 * test's class path.
 */
public final class AgentProcess {
    private AgentProcess() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl(args[0])
                        .withTrustCerts(true)
                        .build())
                .build();
        NodeAgent.start(NodeAgentSettings.fromMap(settings), client);
        Thread.currentThread().join();
    }

    /** Starts the agent; its output goes to {@code log}. */
    static Process start(String masterUrl, Map<String, String> settings, Path log) throws IOException {
        return start(masterUrl, settings, log, java.util.function.UnaryOperator.identity());
    }

    /** Starts the agent with its command line passed through {@code wrap} (a container's namespaces, say). */
    static Process start(
            String masterUrl,
            Map<String, String> settings,
            Path log,
            java.util.function.UnaryOperator<List<String>> wrap)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Dorg.slf4j.simpleLogger.log.io.kubetron.node.reconcile=debug",
                "-cp",
                classPath,
                AgentProcess.class.getName(),
                masterUrl));
        settings.forEach((k, v) -> cmd.add(k + "=" + v));
        return new ProcessBuilder(wrap.apply(cmd))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
