package io.kubetron.lab.runtime;

/**
 * The two files a private containerd reads: its TOML (version 2, containerd 1.6) and the CNI network list of the Pods'
 * primary network. Stateless.
 */
final class ContainerdConfig {
    private ContainerdConfig() {}

    /**
     * containerd's configuration. Settings these machines need: {@code restrict_oom_score_adj} (the sandbox asks for
     * -998 and there is no CAP_SYS_RESOURCE here; without it every RunPodSandbox fails in runc), the {@code native}
     * snapshotter (no overlayfs here), the cgroupfs driver (PID 1 is not systemd). runc's state goes under the
     * directory ({@code Root}) and so do the network namespace mounts, so nothing of this instance lands in /run.
     */
    static String toml(ContainerdOptions o) {
        String d = o.dir().toString();
        return """
                version = 2
                root = "%1$s/root"
                state = "%1$s/state"
                disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", \
                "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

                [grpc]
                  address = "%1$s/containerd.sock"
                [ttrpc]
                  address = "%1$s/containerd.sock.ttrpc"

                [plugins."io.containerd.internal.v1.opt"]
                  path = "%1$s/opt"

                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "%2$s"
                  restrict_oom_score_adj = true
                  netns_mounts_under_state_dir = true
                  stream_server_address = "127.0.0.1"
                  stream_server_port = "0"
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    snapshotter = "native"
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                        Root = "%1$s/runc"
                        SystemdCgroup = false
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "%1$s/cni/bin"
                    conf_dir = "%1$s/cni/conf"
                    max_conf_num = 1
                """.formatted(d, o.sandboxImage());
    }

    /**
     * The primary network: a bridge with a gateway address and host-local IPAM whose store is in the directory, no
     * masquerading (nothing leaves the machine), a default route through the bridge as on a cluster.
     */
    static String cni(ContainerdOptions o) {
        return """
                {
                  "cniVersion": "1.0.0",
                  "name": "%1$s",
                  "plugins": [
                    {
                      "type": "bridge",
                      "bridge": "%2$s",
                      "isGateway": true,
                      "ipMasq": false,
                      "hairpinMode": true,
                      "ipam": {
                        "type": "host-local",
                        "dataDir": "%3$s/cni/ipam",
                        "ranges": [[{"subnet": "%4$s"}]],
                        "routes": [{"dst": "0.0.0.0/0"}]
                      }
                    }
                  ]
                }
                """.formatted(o.networkName(), o.bridge(), o.dir(), o.podSubnet());
    }
}
