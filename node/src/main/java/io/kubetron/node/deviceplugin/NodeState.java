package io.kubetron.node.deviceplugin;

import io.kubetron.model.ResourceNames;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What the node can offer, as seen in its Open_vSwitch database and from ovn-controller: the resources to advertise
 * and whether their devices are healthy. Immutable.
 *
 * @param physnets physical networks bridged on this node ({@code ovn-bridge-mappings})
 * @param bridgePresent whether the integration bridge exists
 * @param controllerUp whether ovn-controller runs and is connected to the Southbound database
 */
record NodeState(Set<String> physnets, boolean bridgePresent, boolean controllerUp) {
    public NodeState {
        physnets = Collections.unmodifiableSortedSet(new TreeSet<>(physnets));
    }

    /** {@code main}, {@code overlay}, then each physnet. */
    public SortedSet<String> resources() {
        SortedSet<String> r = new TreeSet<>(physnets);
        r.add(ResourceNames.MAIN);
        r.add(ResourceNames.OVERLAY);
        return Collections.unmodifiableSortedSet(r);
    }

    /** A Pod placed here now would get working interfaces only if this holds. */
    public boolean healthy() {
        return bridgePresent && controllerUp;
    }

    /** Why the devices are unhealthy, or "healthy". */
    public String reason(String bridge) {
        if (healthy()) {
            return "healthy";
        }
        return !bridgePresent ? "bridge " + bridge + " is missing" : "ovn-controller is not running or not connected";
    }
}
