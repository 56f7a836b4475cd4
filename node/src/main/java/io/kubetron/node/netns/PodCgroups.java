package io.kubetron.node.netns;

import java.util.regex.Pattern;

/**
 * Recognizes a Pod's processes by their cgroup path. Both cgroup drivers of the kubelet name the Pod UID in one path
 * segment: cgroupfs {@code pod<uid>} ({@code /kubepods/burstable/pod<uid>/<container>}) and systemd
 * {@code kubepods-<qos>-pod<uid with _ for ->.slice} ({@code .../kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope};
 * CRI-O: {@code crio-<id>.scope}). The segment may be anywhere in the path: on a cgroup v2 host containerd and CRI-O
 * give every non-privileged container its own cgroup namespace (containerd {@code
 * internal/cri/server/container_create_linux.go}: a {@code CgroupNamespace} when {@code isUnifiedCgroupsMode() &&
 * !privileged}), so the agent reads other processes' paths relative to its own cgroup, for example
 * {@code 0::/../../kubepods-besteffort-pod<uid_>.slice/cri-containerd-<id>.scope}, and no {@code kubepods} segment
 * need be visible. The UID alone identifies the Pod (the API server makes it a random UUID), so no ancestor is
 * required. Pure.
 */
final class PodCgroups {
    private static final Pattern UID = Pattern.compile("[0-9a-fA-F-]{8,64}");

    private PodCgroups() {}

    /**
     * Whether {@code procCgroup} (the text of {@code /proc/<pid>/cgroup}, v1 or v2 lines, absolute or relative to the
     * reader's cgroup namespace) puts the process in the Pod with {@code podUid}.
     */
    public static boolean belongsTo(String procCgroup, String podUid) {
        if (!UID.matcher(podUid).matches()) {
            throw new IllegalArgumentException("not a Pod UID: " + podUid);
        }
        String cgroupfs = "pod" + podUid;
        String systemd = "-pod" + podUid.replace('-', '_') + ".slice";
        for (String line : procCgroup.split("\n")) {
            int colon = line.indexOf(':', line.indexOf(':') + 1);
            if (colon < 0) {
                continue;
            }
            for (String segment : line.substring(colon + 1).split("/")) {
                if (segment.equals(cgroupfs) || segment.endsWith(systemd)) {
                    return true;
                }
            }
        }
        return false;
    }
}
