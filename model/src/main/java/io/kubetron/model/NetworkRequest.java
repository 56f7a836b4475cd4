package io.kubetron.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The networks a Pod asks for, parsed from the {@link Annotations#NETWORKS} annotation.
 *
 * @param networks network names in the order the user wrote them, without duplicates
 */
public record NetworkRequest(List<String> networks) {

    /** Neutron and OVN allow more, but a name must survive as a Kubernetes resource name and a port name prefix. */
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");

    public NetworkRequest {
        networks = List.copyOf(networks);
    }

    /**
     * Parses the annotation value: comma-separated names, surrounding spaces trimmed.
     *
     * @param value the annotation value
     * @param maxNetworks the most networks one Pod may ask for
     * @throws InvalidNetworkRequestException naming every problem found, so the user can fix them in one go
     */
    public static NetworkRequest parse(String value, int maxNetworks) {
        if (value == null) {
            throw new InvalidNetworkRequestException("annotation " + Annotations.NETWORKS + " has no value");
        }
        List<String> problems = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        String[] items = value.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String name = items[i].strip();
            if (name.isEmpty()) {
                problems.add("item " + (i + 1) + " is empty");
            } else if (!VALID_NAME.matcher(name).matches()) {
                problems.add("'" + name + "' is not a valid network name (letters, digits, '-', '_', '.'; at most 63; "
                        + "starts and ends with a letter or digit)");
            } else if (!names.add(name)) {
                duplicates.add(name);
            }
        }
        if (!duplicates.isEmpty()) {
            problems.add("networks listed more than once: " + String.join(", ", duplicates));
        }
        if (names.size() > maxNetworks) {
            problems.add(names.size() + " networks requested, at most " + maxNetworks + " are allowed");
        }
        if (!problems.isEmpty()) {
            throw new InvalidNetworkRequestException(
                    "invalid " + Annotations.NETWORKS + " annotation '" + value + "': " + String.join("; ", problems));
        }
        return new NetworkRequest(List.copyOf(names));
    }
}
