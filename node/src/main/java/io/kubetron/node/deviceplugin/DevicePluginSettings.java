package io.kubetron.node.deviceplugin;

import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import io.kubetron.common.settings.Settings;
import io.kubetron.model.ResourceNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How the device plugin runs. Immutable; validated on construction. Its settings are part of the node agent's
 * ({@link #SETTINGS}, read by {@link #from}).
 *
 * @param pluginDir the kubelet's device-plugins directory: it serves {@code kubelet.sock} there, and the plugin's
 *     own sockets go there too (kubelet default {@code /var/lib/kubelet/device-plugins})
 * @param resourceNamespace prefix of the extended resources ({@code <namespace>/main}...)
 * @param mainDevices devices advertised for {@code main}: every Pod with networks takes one, so this caps them
 * @param devicesPerResource devices advertised for {@code overlay} and each physnet: one per attachment
 * @param integrationBridge the OVS bridge whose absence makes every device unhealthy
 * @param healthInterval how often ovn-controller's liveness is probed (OVSDB changes are followed at once)
 */
public record DevicePluginSettings(
        Path pluginDir,
        String resourceNamespace,
        int mainDevices,
        int devicesPerResource,
        String integrationBridge,
        Duration healthInterval) {

    public static final Path DEFAULT_PLUGIN_DIR = Path.of("/var/lib/kubelet/device-plugins");
    public static final String DEFAULT_NAMESPACE = ResourceNames.DEFAULT_NAMESPACE;
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public static final Setting<Path> PLUGIN_DIR = Setting.of(
                    "device-plugin-dir",
                    SettingType.absolutePath("DIR"),
                    "The kubelet's device-plugins directory: its kubelet.sock and the plugins' own sockets.")
            .defaultsTo(DEFAULT_PLUGIN_DIR.toString());
    public static final Setting<String> RESOURCE_NAMESPACE = Setting.of(
                    "resource-namespace",
                    SettingType.matching("DOMAIN", DNS_SUBDOMAIN, "a DNS name"),
                    "Prefix of the extended resources (<namespace>/main, /overlay, /<physnet>).")
            .defaultsTo(DEFAULT_NAMESPACE);
    public static final Setting<Integer> MAIN_DEVICES = Setting.of(
                    "main-devices",
                    SettingType.integer(1, 100_000),
                    "Devices advertised for <namespace>/main: every Pod with networks takes one, so this caps them.")
            .defaultsTo("1000");
    public static final Setting<Integer> DEVICES_PER_RESOURCE = Setting.of(
                    "devices-per-resource",
                    SettingType.integer(1, 100_000),
                    "Devices advertised for overlay and each physnet: one per attachment.")
            .defaultsTo("100");
    public static final Setting<Duration> HEALTH_INTERVAL = Setting.of(
                    "health-interval",
                    SettingType.duration(Duration.ofMillis(100)),
                    "How often ovn-controller's liveness is probed (OVSDB changes are followed at once).")
            .defaultsTo("5s");

    /** The device plugin's part of the node agent's settings. */
    public static final List<Setting<?>> SETTINGS =
            List.of(PLUGIN_DIR, RESOURCE_NAMESPACE, MAIN_DEVICES, DEVICES_PER_RESOURCE, HEALTH_INTERVAL);

    public DevicePluginSettings {
        if (!DNS_SUBDOMAIN.matcher(resourceNamespace).matches()) {
            throw new IllegalArgumentException("resource namespace '" + resourceNamespace + "' is not a DNS name");
        }
        if (mainDevices < 1 || devicesPerResource < 1 || mainDevices > 100_000 || devicesPerResource > 100_000) {
            throw new IllegalArgumentException("devices per resource must be 1-100000");
        }
        if (healthInterval.isNegative() || healthInterval.isZero()) {
            throw new IllegalArgumentException("health interval must be positive");
        }
        pluginDir = pluginDir.toAbsolutePath().normalize();
    }

    /** Reads {@link #SETTINGS}; the integration bridge is the node agent's. */
    public static DevicePluginSettings from(Settings s, String integrationBridge) {
        return new DevicePluginSettings(
                s.get(PLUGIN_DIR),
                s.get(RESOURCE_NAMESPACE),
                s.get(MAIN_DEVICES),
                s.get(DEVICES_PER_RESOURCE),
                integrationBridge,
                s.get(HEALTH_INTERVAL));
    }

    /** The kubelet's defaults, with the original's capacity: 1000 Pods and 100 attachments per network kind. */
    public static DevicePluginSettings defaults() {
        return new DevicePluginSettings(
                DEFAULT_PLUGIN_DIR, DEFAULT_NAMESPACE, 1000, 100, "br-int", Duration.ofSeconds(5));
    }

    public DevicePluginSettings withPluginDir(Path dir) {
        return new DevicePluginSettings(
                dir, resourceNamespace, mainDevices, devicesPerResource, integrationBridge, healthInterval);
    }

    public DevicePluginSettings withDevices(int main, int perResource) {
        return new DevicePluginSettings(
                pluginDir, resourceNamespace, main, perResource, integrationBridge, healthInterval);
    }

    public DevicePluginSettings withHealthInterval(Duration interval) {
        return new DevicePluginSettings(
                pluginDir, resourceNamespace, mainDevices, devicesPerResource, integrationBridge, interval);
    }

    public Path kubeletSocket() {
        return pluginDir.resolve("kubelet.sock");
    }

    /** {@code <namespace>/<name>}. */
    public String qualified(String name) {
        return resourceNamespace + "/" + name;
    }

    int devicesFor(String name) {
        return ResourceNames.MAIN.equals(name) ? mainDevices : devicesPerResource;
    }
}
