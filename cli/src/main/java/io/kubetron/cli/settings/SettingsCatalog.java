package io.kubetron.cli.settings;

import io.kubetron.backend.config.BackendSettings;
import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import io.kubetron.common.settings.Settings;
import io.kubetron.lifecycle.LifecycleSettings;
import io.kubetron.node.agent.NodeAgentSettings;
import io.kubetron.webhook.AdmissionSettings;
import io.kubetron.webhook.server.ServerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which settings each command reads, by section: the source of the commands' flags ({@code modelTransformer}s below)
 * and of docs/configuration.md's tables ({@code ConfigurationDocTest} compares them).
 */
public final class SettingsCatalog {
    /** Whether {@code kubetron webhook} runs the lifecycle controller: a matter of the process, not the controller. */
    public static final Setting<Boolean> LIFECYCLE = Setting.of(
                    "lifecycle",
                    SettingType.bool(),
                    "Run the port lifecycle controller beside the server (leader-elected; needs the Kubernetes API).")
            .defaultsTo("true");

    /**
     * What the names Pods select stand for: Networks and NetworkAttachmentDefinitions of the cluster, whose
     * namespaceSelector says who may join (the default), or, as the original did, backend networks any namespace may
     * join.
     */
    public static final Setting<String> NETWORKS_FROM = Setting.of(
                    "networks-from",
                    SettingType.oneOf("cluster", "backend"),
                    "What the names Pods select stand for: cluster (Network objects and NetworkAttachmentDefinitions of "
                            + "type kubetron; a Network's namespaceSelector says whose Pods may join; needs the "
                            + "Kubernetes API and the CRD of deploy/crds) or backend (the original's: any backend "
                            + "network by name, for Pods of any namespace).")
            .defaultsTo("cluster");

    public static final List<Section> BACKEND = List.of(new Section("Backend", BackendSettings.SETTINGS));
    public static final List<Section> WEBHOOK = List.of(
            new Section("Server", ServerSettings.SETTINGS),
            new Section("Admission", with(NETWORKS_FROM, AdmissionSettings.SETTINGS)),
            new Section("Lifecycle controller", with(LIFECYCLE, LifecycleSettings.SETTINGS)),
            new Section("Backend", BackendSettings.SETTINGS));
    public static final List<Section> NODE_AGENT = List.of(new Section("Node agent", NodeAgentSettings.SETTINGS));

    /** The commands and what they read, in the order of docs/configuration.md. */
    public static final List<Map.Entry<String, List<Section>>> COMMANDS = List.of(
            Map.entry("kubetron network, port, gc", BACKEND),
            Map.entry("kubetron webhook", WEBHOOK),
            Map.entry("kubetron node-agent", NODE_AGENT));

    private SettingsCatalog() {}

    private static List<Setting<?>> with(Setting<?> first, List<Setting<?>> rest) {
        List<Setting<?>> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    /** The backend's settings of a one-shot command ({@code network}, {@code port}, {@code gc}), logged at debug. */
    public static BackendSettings backend(SettingsOptions options, String command) {
        Settings s = options.resolve(command, Section.all(BACKEND), BackendSettings.cloudsYaml(options.home()));
        BackendSettings b = options.typed(s, BackendSettings::from);
        options.log(command, s, false);
        return b;
    }

    /** The backend's flags. */
    public static final class BackendFlags implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return SettingsFlags.install(spec, BACKEND);
        }
    }

    /** {@code kubetron webhook}'s flags. */
    public static final class WebhookFlags implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return SettingsFlags.install(spec, WEBHOOK);
        }
    }

    /** {@code kubetron node-agent}'s flags. */
    public static final class NodeAgentFlags implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return SettingsFlags.install(spec, NODE_AGENT);
        }
    }
}
