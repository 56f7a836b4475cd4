package io.kubetron.common.retry;

import io.kubetron.common.settings.Durations;
import java.time.Duration;

/** A {@link Wait} whose deadline passed: {@code timed out after 30s waiting for <what>[; <detail>]}. */
public final class WaitTimeoutException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public WaitTimeoutException(Duration timeout, String what, String detail) {
        super("timed out after " + Durations.format(timeout) + " waiting for " + what
                + (detail == null || detail.isBlank() ? "" : "; " + detail));
    }
}
