package io.kubetron.common.retry;

import java.time.Duration;

/** Durations as messages say them. Stateless. */
public final class Durations {
    private Durations() {}

    /** {@code 30 s} for whole seconds, {@code 250 ms} otherwise. */
    public static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
