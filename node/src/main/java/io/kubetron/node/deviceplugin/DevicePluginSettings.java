package io.kubetron.node.deviceplugin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How the device plugin runs. Immutable; validated on construction.
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
    public static final String DEFAULT_NAMESPACE = "kubetron.network.kubevirt.io";
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

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
        return NodeState.MAIN.equals(name) ? mainDevices : devicesPerResource;
    }
}
