package io.kubetron.ovsdb.testsupport;

import java.util.Set;
import java.util.stream.Collectors;

/** Live platform threads of the OVSDB client, by name, for leak checks. */
public final class Threads {
    private Threads() {}

    public static Set<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("ovsdb-"))
                .collect(Collectors.toSet());
    }
}
