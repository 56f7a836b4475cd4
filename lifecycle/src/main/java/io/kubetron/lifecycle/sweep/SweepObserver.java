package io.kubetron.lifecycle.sweep;

import java.time.Duration;

/** Hears what sweeps and deletions did (the metrics implement it). Implementations must be thread-safe and quick. */
public interface SweepObserver {
    /** Does nothing: for one-shot runs such as {@code kubetron gc}. */
    SweepObserver NONE = new SweepObserver() {};

    /** One orphan confirmed and dealt with (by a sweep or after a Pod deletion). */
    default void orphan(Orphan orphan) {}

    /** A sweep finished. */
    default void swept(SweepReport report) {}

    /** A sweep could not run to the end (the backend or the API server failed). */
    default void sweepFailed(String error, Duration duration) {}
}
