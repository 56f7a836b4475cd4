package io.kubetron.node.agent;

import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import io.kubetron.common.settings.Settings;
import io.kubetron.common.settings.Source;
import io.kubetron.common.signing.KeySetDirectory;
import io.kubetron.node.deviceplugin.DevicePluginSettings;
import io.kubetron.node.plumbing.AddressMode;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the node agent runs, read once at start from its {@link #SETTINGS} (flags, environment, {@code --config} file;
 * docs/configuration.md) and validated: every wrong or unknown key is named in one error. Immutable.
 *
 * @param nodeName this node's name: only Pods with {@code spec.nodeName} equal to it are plumbed
 * @param ovsdb the local Open_vSwitch database ({@code unix:PATH}, {@code tcp:H:P} or {@code ssl:H:P})
 * @param bridge the integration bridge
 * @param devicePlugin the device plugin's directory, resource namespace, device counts and health interval
 * @param podResourcesSocket the kubelet's PodResources socket (maps a PreStartContainer's devices to a Pod)
 * @param ovnRundir where ovn-controller keeps its pid file and control socket (its liveness probe)
 * @param datapathNetns the network namespace holding the OVS datapath and the host ends of the veths, as a path such
 *     as {@code /run/netns/x}; empty for the agent's own (a DaemonSet on the host network). Dev kit only (the lab's
 *     nodes are namespaces)
 * @param addressMode {@code dhcp} (OVN's DHCP answers inside the Pod) or {@code static} (the port's fixed IP)
 * @param concurrency Pods plumbed at once at most
 * @param resync how often everything on the node is compared with the Pods (besides every Pod change)
 * @param mtu the MTU of the Pods' interfaces (both veth ends)
 * @param installTimeout how long to wait for ovn-controller to install a port
 * @param dhcpAttempts DHCP discovers sent, one second apart
 * @param stateDir where the agent writes its own files (the DHCP hook)
 * @param signingKeys the networks-signing key set (the mounted Secret the webhook signs with): a Pod's ports are
 *     plugged only when its networksSpec's signature checks out
 * @param proc the host's /proc (where Pods' network namespaces are found); dev kit only
 * @param metrics where /metrics, /healthz and /readyz are served; empty for nowhere
 * @param preStart whether the {@code main} resource asks the kubelet for PreStartContainer, so that the container
 *     holding it starts only once the Pod's networks are ready
 * @param fieldSelector whether the Pod watch asks the API server for this node's Pods only ({@code spec.nodeName});
 *     off only for API servers that cannot (fabric8's mock server): the agent then watches every Pod and filters;
 *     dev kit only
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
        Path signingKeys,
        Path proc,
        Optional<InetSocketAddress> metrics,
        boolean preStart,
        boolean fieldSelector) {

    private static final Pattern NODE_NAME_FORM = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public static final Setting<String> NODE_NAME = Setting.of(
                    "node-name",
                    SettingType.matching("NAME", NODE_NAME_FORM, "a Kubernetes node name"),
                    "This node's name: only Pods bound to it are plumbed. In a DaemonSet: the downward API's "
                            + "spec.nodeName.")
            .asRequired();
    public static final Setting<String> OVSDB = Setting.of(
                    "ovsdb",
                    SettingType.matching(
                            "ENDPOINT",
                            Pattern.compile("unix:/.+|tcp:.+:\\d+|ssl:.+:\\d+"),
                            "unix:/PATH, tcp:HOST:PORT or ssl:HOST:PORT"),
                    "The local Open_vSwitch database.")
            .defaultsTo("unix:/var/run/openvswitch/db.sock");
    public static final Setting<String> BRIDGE = Setting.of(
                    "bridge",
                    SettingType.matching("NAME", Pattern.compile("[A-Za-z0-9_.-]{1,15}"), "an interface name"),
                    "The integration bridge, where ovn-controller binds ports by external_ids:iface-id.")
            .defaultsTo("br-int");
    public static final Setting<Path> POD_RESOURCES_SOCKET = Setting.of(
                    "pod-resources-socket",
                    SettingType.absolutePath("PATH"),
                    "The kubelet's PodResources socket: which Pod holds the devices of a PreStartContainer call.")
            .defaultsTo("/var/lib/kubelet/pod-resources/kubelet.sock");
    public static final Setting<Path> OVN_RUNDIR = Setting.of(
                    "ovn-rundir",
                    SettingType.absolutePath("DIR"),
                    "ovn-controller's run directory (pid file, control socket): its liveness.")
            .defaultsTo("/var/run/ovn");
    public static final Setting<Path> DATAPATH_NETNS = Setting.of(
            "datapath-netns",
            SettingType.absolutePath("PATH"),
            "Network namespace of the OVS datapath and the veths' host ends, for a node whose Open vSwitch "
                    + "runs in a namespace of its own (as the dev kit's lab nodes do); default the agent's "
                    + "own (the host's, with hostNetwork).");
    public static final Setting<String> ADDRESS_MODE = Setting.of(
                    "address-mode",
                    SettingType.oneOf("dhcp", "static"),
                    "dhcp: OVN's native DHCP answers inside the Pod; static: the port's fixed IP is written, prefix "
                            + "from the spec's subnets.")
            .defaultsTo("dhcp");
    public static final Setting<Integer> CONCURRENCY = Setting.of(
                    "concurrency", SettingType.integer(1, 64), "Pods plumbed at once at most.")
            .defaultsTo("4");
    public static final Setting<Duration> RESYNC = Setting.of(
                    "resync",
                    SettingType.duration(Duration.ofSeconds(1)),
                    "How often everything on the node is compared with its Pods (besides every Pod change).")
            .defaultsTo("60s");
    public static final Setting<Integer> MTU = Setting.of(
                    "mtu",
                    SettingType.integer(576, 65535),
                    "MTU of the Pods' interfaces (both veth ends) when the networksSpec does not give the network's; "
                            + "for Geneve overlays the underlay's MTU minus 58.")
            .defaultsTo("1500");
    public static final Setting<Duration> INSTALL_TIMEOUT = Setting.of(
                    "install-timeout",
                    SettingType.duration(Duration.ofSeconds(1)),
                    "How long to wait for ovn-controller to install a port (ovn-installed).")
            .defaultsTo("30s");
    public static final Setting<Integer> DHCP_ATTEMPTS = Setting.of(
                    "dhcp-attempts", SettingType.integer(1, 60), "DHCP discovers sent, one second apart.")
            .defaultsTo("5");
    public static final Setting<Path> STATE_DIR = Setting.of(
                    "state-dir",
                    SettingType.absolutePath("DIR"),
                    "Where the agent writes its own files (the DHCP hook).")
            .defaultsTo("/var/run/kubetron");
    public static final Setting<Path> PROC = Setting.of(
                    "proc",
                    SettingType.absolutePath("DIR"),
                    "The host's /proc, where Pods' network namespaces are found.")
            .defaultsTo("/proc")
            .devKitOnly();
    public static final Setting<Optional<InetSocketAddress>> METRICS_ADDRESS = Setting.of(
                    "metrics-address",
                    SettingType.addressOrOff(),
                    "Where /metrics, /healthz and /readyz are served over HTTP (port 0: any free one), or off.")
            .defaultsTo("0.0.0.0:9465");
    public static final Setting<Boolean> PRE_START = Setting.of(
                    "pre-start",
                    SettingType.bool(),
                    "Hold the start of the container requesting <namespace>/main until the Pod's networks are ready "
                            + "(PreStartContainer).")
            .defaultsTo("true");
    public static final Setting<Boolean> FIELD_SELECTOR = Setting.of(
                    "field-selector",
                    SettingType.bool(),
                    "Watch only this node's Pods (spec.nodeName field selector); false for API servers that cannot "
                            + "(fabric8's mock server): every Pod is watched and filtered here.")
            .defaultsTo("true")
            .devKitOnly();

    /** Every setting of the node agent, in the order of {@code --help} and the docs. */
    public static final List<Setting<?>> SETTINGS = settings();

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(List.of(NODE_NAME, OVSDB, BRIDGE));
        all.add(DevicePluginSettings.PLUGIN_DIR);
        all.addAll(List.of(
                POD_RESOURCES_SOCKET,
                OVN_RUNDIR,
                DATAPATH_NETNS,
                ADDRESS_MODE,
                CONCURRENCY,
                RESYNC,
                MTU,
                INSTALL_TIMEOUT,
                DHCP_ATTEMPTS,
                STATE_DIR,
                KeySetDirectory.SETTING,
                PROC,
                METRICS_ADDRESS));
        all.addAll(DevicePluginSettings.SETTINGS.subList(1, DevicePluginSettings.SETTINGS.size()));
        all.addAll(List.of(PRE_START, FIELD_SELECTOR));
        return List.copyOf(all);
    }

    /** The typed settings of resolved {@link #SETTINGS}. */
    public static NodeAgentSettings from(Settings s) {
        String bridge = s.get(BRIDGE);
        return new NodeAgentSettings(
                s.get(NODE_NAME),
                s.get(OVSDB),
                bridge,
                DevicePluginSettings.from(s, bridge),
                s.get(POD_RESOURCES_SOCKET),
                s.get(OVN_RUNDIR),
                s.find(DATAPATH_NETNS),
                AddressMode.valueOf(s.get(ADDRESS_MODE).toUpperCase(Locale.ROOT)),
                s.get(CONCURRENCY),
                s.get(RESYNC),
                s.get(MTU),
                s.get(INSTALL_TIMEOUT),
                s.get(DHCP_ATTEMPTS),
                s.get(STATE_DIR),
                s.get(KeySetDirectory.SETTING),
                s.get(PROC),
                // resolved here, not when read: the settings themselves do no I/O
                s.get(METRICS_ADDRESS).map(a -> new InetSocketAddress(a.getHostString(), a.getPort())),
                s.get(PRE_START),
                s.get(FIELD_SELECTOR));
    }

    /**
     * Settings given by code, by key, dev-kit settings included (the demo, the emulation and tests run the agent in
     * process); missing keys take the default.
     *
     * @throws io.kubetron.common.settings.SettingsException naming every unknown key and every invalid value
     */
    public static NodeAgentSettings fromMap(Map<String, String> values) {
        return from(Settings.resolve("node agent", SETTINGS, List.of(Source.given(values))));
    }
}
