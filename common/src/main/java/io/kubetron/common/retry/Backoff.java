package io.kubetron.common.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one retry delay policy (as grpc-java's {@code ExponentialBackoffPolicy} and fabric8's
 * {@code ExponentialBackoffIntervalCalculator}): the first retry waits {@code initial}, each further one
 * {@code multiplier} times the one before, never more than {@code max}; {@code jitter} spreads each delay uniformly
 * over {@code ±jitter} of it (still capped at {@code max}) so that many clients retrying the same server do not retry
 * in step. Immutable, hence thread-safe; {@link #start()} gives the per-operation attempt counter.
 *
 * @param initial delay before the first retry, positive
 * @param max cap of every delay, at least {@code initial}
 * @param multiplier growth per retry, at least 1
 * @param jitter fraction of a delay it may move by, in [0, 1]
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
    public Backoff {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("the initial backoff must be positive, not " + initial);
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("the maximum backoff " + max + " is below the initial " + initial);
        }
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException("the backoff multiplier must be at least 1, not " + multiplier);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("the backoff jitter must be in [0, 1], not " + jitter);
        }
    }

    /** Doubling from {@code initial} to {@code max}, no jitter. */
    public static Backoff exponential(Duration initial, Duration max) {
        return new Backoff(initial, max, 2, 0);
    }

    public Backoff withJitter(double fraction) {
        return new Backoff(initial, max, multiplier, fraction);
    }

    public Backoff withMultiplier(double factor) {
        return new Backoff(initial, max, factor, jitter);
    }

    /** The delay before retry {@code attempt} (1 for the first) without jitter: {@code min(max, initial * m^(n-1))}. */
    public Duration base(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, not " + attempt);
        }
        double nanos = initial.toNanos() * Math.pow(multiplier, attempt - 1);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }

    /** The delay before retry {@code attempt}, jittered with {@code random} (uniform in [0, 1)). */
    public Duration delay(int attempt, DoubleSupplier random) {
        Duration base = base(attempt);
        if (jitter == 0) {
            return base;
        }
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        long nanos = (long) (base.toNanos() * factor);
        return Duration.ofNanos(Math.max(0, Math.min(max.toNanos(), nanos)));
    }

    /** The delay before retry {@code attempt}, jittered. */
    public Duration delay(int attempt) {
        return delay(attempt, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** A fresh attempt counter for one operation (a connection, a call). */
    public Attempts start() {
        return new Attempts(this);
    }

    /**
     * The retries of one operation so far. Not thread-safe: one per operation, used by whoever retries it.
     */
    public static final class Attempts {
        private final Backoff policy;
        private int retries;

        private Attempts(Backoff policy) {
            this.policy = policy;
        }

        /** The delay before the next retry; counts it. */
        public Duration next() {
            retries = Math.min(retries + 1, 1 << 20);
            return policy.delay(retries);
        }

        /** Retries counted since the start or the last {@link #reset()}. */
        public int retries() {
            return retries;
        }

        /** The operation succeeded: the next failure starts again from {@code initial}. */
        public void reset() {
            retries = 0;
        }
    }
}
