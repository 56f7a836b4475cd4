package io.kubetron.node.deviceplugin;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads the physical networks out of ovn-controller's {@code ovn-bridge-mappings}. Pure. */
public final class BridgeMappings {
    /** The part of an extended resource name after the slash (a Kubernetes qualified name). */
    private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

    private BridgeMappings() {}

    /**
     * The physnets of {@code physnet1:bridge1,physnet2:bridge2} (OVN's format; spaces tolerated). Entries without a
     * bridge, and physnets that cannot be a resource name or would collide with {@code main}/{@code overlay}, are
     * left out: the webhook refuses such networks too, so no Pod could ask for them.
     */
    public static Set<String> physnets(String mappings) {
        Set<String> out = new TreeSet<>();
        if (mappings == null) {
            return out;
        }
        for (String entry : mappings.split(",")) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.trim().length() - 1) {
                continue;
            }
            String physnet = entry.substring(0, colon).trim();
            if (RESOURCE_NAME.matcher(physnet).matches()
                    && !NodeState.MAIN.equals(physnet)
                    && !NodeState.OVERLAY.equals(physnet)) {
                out.add(physnet);
            }
        }
        return out;
    }
}
