package io.kubetron.node.netns;

import java.util.regex.Pattern;

/**
 * Recognizes a Pod's processes by their cgroup path. Both layouts of the kubelet's cgroup managers name the Pod UID:
 * cgroupfs {@code /kubepods/burstable/pod<uid>/<container>} and systemd
 * {@code /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<uid with _ for ->.slice/cri-containerd-<id>.scope}
 * (CRI-O: {@code crio-<id>.scope}). The runtime (containerd, CRI-O) does not matter: the kubelet chooses the Pod's
 * cgroup, the runtime only the container's leaf. Pure.
 */
public final class PodCgroups {
    private static final Pattern UID = Pattern.compile("[0-9a-fA-F-]{8,64}");

    private PodCgroups() {}

    /**
     * Whether {@code procCgroup} (the text of {@code /proc/<pid>/cgroup}, v1 or v2) puts the process in the Pod with
     * {@code podUid}, under a {@code kubepods} hierarchy.
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
            boolean underKubepods = false;
            for (String segment : line.substring(colon + 1).split("/")) {
                if (underKubepods && (segment.equals(cgroupfs) || segment.endsWith(systemd))) {
                    return true;
                }
                underKubepods |= segment.contains("kubepods");
            }
        }
        return false;
    }
}
