package io.kubetron.cli.node;

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
    public Integer call() throws Exception {
        Settings s = settings();
        NodeAgentSettings agentSettings = settings.typed(s, NodeAgentSettings::from);
        settings.log("node agent", s, true);
        CountDownLatch stopped = new CountDownLatch(1);
        try (KubernetesClient client = new KubernetesClientBuilder().build();
                NodeAgent agent = NodeAgent.start(agentSettings, client)) {
            Thread hook = new Thread(
                    () -> {
                        LOG.info("node agent stopping");
                        agent.close();
                        stopped.countDown();
                    },
                    "kubetron-node-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                LOG.info("node agent stopping (interrupted)");
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook is running
                }
            }
        }
        return 0;
    }
}
