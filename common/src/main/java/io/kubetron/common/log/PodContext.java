package io.kubetron.common.log;

import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The Pod a piece of work is about, as every log line of it names it: {@code pod=namespace/name}. Put it in the MDC
 * for the span of the work ({@link #enter()}, for backends with an MDC such as logback) and log through
 * {@link PodLogger}, which adds it as a key-value pair: slf4j-simple, the product's backend, has no MDC but prints
 * key-value pairs ahead of the message. Immutable.
 *
 * @param namespace the Pod's namespace
 * @param name the Pod's name (or {@code generateName*} before it has one)
 */
public record PodContext(String namespace, String name) {
    /** The MDC and key-value key. */
    public static final String KEY = "pod";

    public PodContext {
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    public static PodContext of(String namespace, String name) {
        return new PodContext(namespace, name);
    }

    /** {@code namespace/name}. */
    public String value() {
        return namespace + "/" + name;
    }

    /** Sets the MDC's {@value #KEY} until the returned scope is closed (then restores what was there). */
    public Scope enter() {
        String before = MDC.get(KEY);
        MDC.put(KEY, value());
        return () -> restore(before);
    }

    /** Runs {@code work} with the MDC's {@value #KEY} set ({@link #enter()}), and returns what it returns. */
    public <T> T within(Supplier<T> work) {
        String before = MDC.get(KEY);
        MDC.put(KEY, value());
        try {
            return work.get();
        } finally {
            restore(before);
        }
    }

    private static void restore(String before) {
        if (before == null) {
            MDC.remove(KEY);
        } else {
            MDC.put(KEY, before);
        }
    }

    @Override
    public String toString() {
        return value();
    }

    /** An MDC entry, removed on close. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
