package io.kubetron.webhook.create;

import java.security.SecureRandom;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Port and interface names as the original made them: up to {@value #PREFIX} characters of the network name,
 * {@code -}, then random lower-case letters up to {@value #LENGTH} characters in all (the kernel allows 15). The letters
 * come from a {@link SecureRandom}: the original's unseeded generator repeated its names after every restart.
 * Thread-safe when the generator is ({@link SecureRandom} is).
 */
public final class PortNames {
    /** Length of every generated name. */
    public static final int LENGTH = 14;
    /** Characters kept from the network name. */
    public static final int PREFIX = 8;

    private static final int ATTEMPTS = 100;
    private final RandomGenerator random;

    public PortNames(RandomGenerator random) {
        this.random = random;
    }

    public static PortNames secure() {
        return new PortNames(new SecureRandom());
    }

    /**
     * A new name for a port on {@code network} that is not in {@code taken} (the names already given to the same Pod).
     *
     * @throws IllegalStateException if no free name turns up, which takes a broken random source
     */
    public String next(String network, Set<String> taken) {
        String prefix = network.substring(0, Math.min(PREFIX, network.length())) + "-";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            StringBuilder b = new StringBuilder(LENGTH).append(prefix);
            while (b.length() < LENGTH) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            String name = b.toString();
            if (!taken.contains(name)) {
                return name;
            }
        }
        throw new IllegalStateException("no free port name for network " + network + " after " + ATTEMPTS + " tries");
    }
}
