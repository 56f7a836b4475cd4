package io.kubetron.node.agent;

import io.kubetron.node.deviceplugin.DevicePluginSettings;
import io.kubetron.node.plumbing.AddressMode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the node agent runs, parsed once at start from one flat map (the config file's keys, overridden by flags of the
 * same names) and validated: every wrong or unknown key is named in one error. Immutable.
 *
 * @param nodeName this node's name: only Pods with {@code spec.nodeName} equal to it are plumbed
 * @param ovsdb the local Open_vSwitch database ({@code unix:PATH}, {@code tcp:H:P} or {@code ssl:H:P})
 * @param bridge the integration bridge
 * @param devicePlugin the device plugin's directory, resource namespace, device counts and health interval
 * @param podResourcesSocket the kubelet's PodResources socket (maps a PreStartContainer's devices to a Pod)
 * @param ovnRundir where ovn-controller keeps its pid file and control socket (its liveness probe)
 * @param datapathNetns the network namespace holding the OVS datapath and the host ends of the veths, as a path such
 *     as {@code /run/netns/x}; empty for the agent's own (a DaemonSet on the host network)
 * @param addressMode {@code dhcp} (OVN's DHCP answers inside the Pod) or {@code static} (the port's fixed IP)
 * @param concurrency Pods plumbed at once at most
 * @param resync how often everything on the node is compared with the Pods (besides every Pod change)
 * @param mtu the MTU of the Pods' interfaces (both veth ends)
 * @param installTimeout how long to wait for ovn-controller to install a port
 * @param dhcpAttempts DHCP discovers sent, one second apart
 * @param stateDir where the agent writes its own files (the DHCP hook)
 * @param proc the host's /proc (where Pods' network namespaces are found)
 * @param metrics where /metrics, /healthz and /readyz are served; empty for nowhere
 * @param preStart whether the {@code main} resource asks the kubelet for PreStartContainer, so that the container
 *     holding it starts only once the Pod's networks are ready
 * @param fieldSelector whether the Pod watch asks the API server for this node's Pods only ({@code spec.nodeName});
 *     off only for API servers that cannot (fabric8's mock server): the agent then watches every Pod and filters
 */
public record NodeAgentSettings(
        String nodeName,
        String ovsdb,
        String bridge,
        DevicePluginSettings devicePlugin,
        Path podResourcesSocket,
        Path ovnRundir,
        Optional<Path> datapathNetns,
        AddressMode addressMode,
        int concurrency,
        Duration resync,
        int mtu,
        Duration installTimeout,
        int dhcpAttempts,
        Path stateDir,
        Path proc,
        Optional<InetSocketAddress> metrics,
        boolean preStart,
        boolean fieldSelector) {

    /** The keys a config file (or the flags of the same names) may set, with their defaults ({@code null}: none). */
    public static final Map<String, String> DEFAULTS = defaults();

    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("node-name", null);
        d.put("ovsdb", "unix:/var/run/openvswitch/db.sock");
        d.put("bridge", "br-int");
        d.put("device-plugin-dir", "/var/lib/kubelet/device-plugins");
        d.put("pod-resources-socket", "/var/lib/kubelet/pod-resources/kubelet.sock");
        d.put("ovn-rundir", "/var/run/ovn");
        d.put("datapath-netns", "");
        d.put("address-mode", "dhcp");
        d.put("concurrency", "4");
        d.put("resync", "60s");
        d.put("mtu", "1500");
        d.put("install-timeout", "30s");
        d.put("dhcp-attempts", "5");
        d.put("state-dir", "/var/run/kubetron");
        d.put("proc", "/proc");
        d.put("metrics-address", "0.0.0.0:9465");
        d.put("resource-namespace", DevicePluginSettings.DEFAULT_NAMESPACE);
        d.put("main-devices", "1000");
        d.put("devices-per-resource", "100");
        d.put("health-interval", "5s");
        d.put("pre-start", "true");
        d.put("field-selector", "true");
        return java.util.Collections.unmodifiableMap(d);
    }

    /**
     * Parses {@code values} (keys of {@link #DEFAULTS}; missing keys take the default).
     *
     * @throws IllegalArgumentException naming every unknown key and every invalid value
     */
    public static NodeAgentSettings fromMap(Map<String, String> values) {
        List<String> problems = new ArrayList<>();
        for (String key : values.keySet()) {
            if (!DEFAULTS.containsKey(key)) {
                problems.add("unknown setting '" + key + "' (known: " + String.join(", ", DEFAULTS.keySet()) + ")");
            }
        }
        Reader r = new Reader(values, problems);
        String node = r.text("node-name");
        if (node == null || node.isBlank()) {
            problems.add("node-name is required (in a DaemonSet: the downward API's spec.nodeName)");
        } else if (!NODE_NAME.matcher(node).matches()) {
            problems.add("node-name '" + node + "' is not a Kubernetes node name");
        }
        String ovsdb = r.text("ovsdb");
        if (!ovsdb.matches("(unix:/.+|tcp:.+:\\d+|ssl:.+:\\d+)")) {
            problems.add("ovsdb '" + ovsdb + "' is not unix:/PATH, tcp:HOST:PORT or ssl:HOST:PORT");
        }
        String bridge = r.text("bridge");
        if (!bridge.matches("[A-Za-z0-9_.-]{1,15}")) {
            problems.add("bridge '" + bridge + "' is not an interface name");
        }
        AddressMode mode = null;
        try {
            mode = AddressMode.valueOf(r.text("address-mode").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("address-mode '" + r.text("address-mode") + "' is not dhcp or static");
        }
        int concurrency = r.integer("concurrency", 1, 64);
        Duration resync = r.duration("resync", Duration.ofSeconds(1));
        int mtu = r.integer("mtu", 576, 65535);
        Duration install = r.duration("install-timeout", Duration.ofSeconds(1));
        int dhcp = r.integer("dhcp-attempts", 1, 60);
        Duration health = r.duration("health-interval", Duration.ofMillis(100));
        int main = r.integer("main-devices", 1, 100_000);
        int perResource = r.integer("devices-per-resource", 1, 100_000);
        Optional<InetSocketAddress> metrics = r.address("metrics-address");
        boolean preStart = r.bool("pre-start");
        boolean fieldSelector = r.bool("field-selector");
        String netns = r.text("datapath-netns");
        DevicePluginSettings plugin = null;
        try {
            plugin = new DevicePluginSettings(
                    r.path("device-plugin-dir"), r.text("resource-namespace"), main, perResource, bridge, health);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("node agent configuration: " + String.join("; ", problems));
        }
        return new NodeAgentSettings(
                node,
                ovsdb,
                bridge,
                plugin,
                r.path("pod-resources-socket"),
                r.path("ovn-rundir"),
                netns.isBlank() ? Optional.empty() : Optional.of(Path.of(netns)),
                mode,
                concurrency,
                resync,
                mtu,
                install,
                dhcp,
                r.path("state-dir"),
                r.path("proc"),
                metrics,
                preStart,
                fieldSelector);
    }

    /** Reads typed values, collecting problems instead of stopping at the first. */
    private record Reader(Map<String, String> values, List<String> problems) {
        String text(String key) {
            String v = values.get(key);
            return v == null ? DEFAULTS.get(key) : v.strip();
        }

        Path path(String key) {
            String v = text(key);
            if (v == null || !v.startsWith("/")) {
                problems.add(key + " '" + v + "' must be an absolute path");
                return Path.of("/");
            }
            return Path.of(v).normalize();
        }

        int integer(String key, int min, int max) {
            try {
                int n = Integer.parseInt(text(key));
                if (n < min || n > max) {
                    problems.add(key + " " + n + " is outside " + min + "-" + max);
                }
                return n;
            } catch (NumberFormatException e) {
                problems.add(key + " '" + text(key) + "' is not a whole number");
                return min;
            }
        }

        Duration duration(String key, Duration min) {
            try {
                Duration d = DurationText.parse(text(key));
                if (d.compareTo(min) < 0) {
                    problems.add(key + " " + text(key) + " is below " + DurationText.format(min));
                }
                return d;
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
                return min;
            }
        }

        boolean bool(String key) {
            String v = text(key).toLowerCase(Locale.ROOT);
            if (!Set.of("true", "false").contains(v)) {
                problems.add(key + " '" + v + "' is not true or false");
            }
            return v.equals("true");
        }

        Optional<InetSocketAddress> address(String key) {
            String v = text(key);
            if (v.isBlank() || v.equals("off")) {
                return Optional.empty();
            }
            int colon = v.lastIndexOf(':');
            try {
                int port = Integer.parseInt(v.substring(colon + 1));
                if (colon < 1 || port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return Optional.of(new InetSocketAddress(v.substring(0, colon), port));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                problems.add(key + " '" + v + "' is not HOST:PORT (or off)");
                return Optional.empty();
            }
        }
    }
}
