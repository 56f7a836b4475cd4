package io.kubetron.emulation.sandbox;

import java.nio.file.Path;

/**
 * The kubelet's two cgroup drivers and the names they give a Pod's cgroups, as kubernetes/kubernetes
 * {@code pkg/kubelet/cm/cgroup_manager_linux.go} makes them ({@code libcontainerCgroupManagerType}; the systemd
 * driver's {@code ToSystemd} escapes {@code -} in the UID as {@code _} and turns each level into a slice), with the
 * container's leaf as the runtime names it (containerd {@code internal/cri/server/container_create_linux.go}
 * {@code getCgroupsPath}: {@code <parent>/<id>} with cgroupfs, {@code <slice>:cri-containerd:<id>}, i.e.
 * {@code cri-containerd-<id>.scope}, with systemd).
 */
enum CgroupDriver {
    CGROUPFS {
        @Override
        Path pod(Path kubepods, String prefix, String qos, String uid) {
            return kubepods.resolve(prefix + "kubepods").resolve(qos).resolve("pod" + uid);
        }

        @Override
        String container(String id) {
            return id;
        }
    },
    SYSTEMD {
        @Override
        Path pod(Path kubepods, String prefix, String qos, String uid) {
            String top = prefix + "kubepods";
            return kubepods.resolve(top + ".slice")
                    .resolve(top + "-" + qos + ".slice")
                    .resolve(top + "-" + qos + "-pod" + uid.replace('-', '_') + ".slice");
        }

        @Override
        String container(String id) {
            return "cri-containerd-" + id + ".scope";
        }
    };

    /** The Pod's cgroup under {@code root}, in QoS class {@code qos} ({@code besteffort}, {@code burstable}). */
    abstract Path pod(Path root, String prefix, String qos, String uid);

    /** A container's cgroup name inside its Pod's. */
    abstract String container(String id);
}
