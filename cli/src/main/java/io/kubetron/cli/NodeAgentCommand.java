package io.kubetron.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubetron.cli.settings.Section;
import io.kubetron.cli.settings.SettingsCatalog;
import io.kubetron.cli.settings.SettingsOptions;
import io.kubetron.common.settings.Settings;
import io.kubetron.node.agent.NodeAgent;
import io.kubetron.node.agent.NodeAgentSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kubetron node-agent}: the per-node agent (docs/node-agent.md). Its settings ({@link NodeAgentSettings}) come
 * from the flags, the environment, the {@code --config} file, then the defaults; all are validated before anything
 * starts and logged in one line. Runs until SIGTERM/SIGINT (or, in process, an interrupt); the Pods keep their
 * interfaces when it stops.
 */
@Command(
        name = "node-agent",
        mixinStandardHelpOptions = true,
        abbreviateSynopsis = true,
        sortOptions = false,
        modelTransformer = SettingsCatalog.NodeAgentFlags.class,
        description = "Run the node agent: device plugin and Pod interfaces on br-int.")
public final class NodeAgentCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgentCommand.class);

    @Mixin
    SettingsOptions settings;

    /** The resolved settings (nothing starts). */
    public Settings settings() {
        return settings.resolve("node agent", Section.all(SettingsCatalog.NODE_AGENT));
    }

    @Override
    @SuppressWarnings("try") // the agent runs until the try closes it: its body has no use for it
    public Integer call() throws Exception {
        Settings s = settings();
        NodeAgentSettings agentSettings = settings.typed(s, NodeAgentSettings::from);
        settings.log("node agent", s, true);
        // the shutdown hook wakes this thread and holds the JVM until the try below has closed everything
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    LOG.info("node agent stopping");
                    stopping.countDown();
                    awaitQuietly(closed);
                },
                "kubetron-node-shutdown");
        try {
            try (KubernetesClient client = new KubernetesClientBuilder().build();
                    NodeAgent agent = NodeAgent.start(agentSettings, client)) {
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    stopping.await();
                } catch (InterruptedException e) {
                    // in process (tests): stop as on SIGTERM; the hook is no longer needed
                    Thread.currentThread().interrupt();
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook runs already
                    }
                }
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
