package io.kubetron.webhook;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the webhook puts the resource-requesting container in a Pod (flag {@code --injection}).
 */
public enum InjectionMode {
    /**
     * Appended to {@code spec.containers}, as the original did. The application containers may start before the
     * Pod's interfaces exist; the readiness gate still keeps the Pod out of Service endpoints until they do.
     */
    SIDECAR,
    /**
     * First in {@code spec.initContainers}, as a native sidecar ({@code restartPolicy: Always}, Kubernetes 1.29 or
     * newer). The kubelet starts it, and so asks the device plugin to prepare it, before any other init or application
     * container: with the node agent answering PreStartContainer only once the networks are plugged, no application
     * container starts without its interfaces.
     */
    INIT;

    /** The flag's spelling: {@code sidecar}, {@code init}. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode spelled {@code value} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static InjectionMode parse(String value) {
        for (InjectionMode m : values()) {
            if (m.flag().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown injection mode '" + value + "': use "
                + Arrays.stream(values()).map(InjectionMode::flag).collect(Collectors.joining(" or ")));
    }
}
