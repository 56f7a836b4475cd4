package io.kubetron.common.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes, with one message for a timeout: {@code timed out after 30s
 * waiting for <what>[; <detail>]}. The condition may throw to give up early (a process it waits on exited). Immutable,
 * hence thread-safe.
 *
 * <pre>{@code
 * Wait.upTo(Duration.ofSeconds(30)).until("br-int created", () -> bridgeExists());
 * }</pre>
 */
public final class Wait {
    private static final Duration DEFAULT_INTERVAL = Duration.ofMillis(10);
    private final Duration timeout;
    private final Duration interval;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    /** How a poll waits between looks; tests pass one that only moves their clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    Wait(Duration timeout, Duration interval, LongSupplier nanoTime, Sleeper sleeper) {
        if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a wait needs a timeout >= 0 and an interval > 0");
        }
        this.timeout = timeout;
        this.interval = interval;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** Waits at most {@code timeout}, looking every 10 ms. */
    public static Wait upTo(Duration timeout) {
        return new Wait(timeout, DEFAULT_INTERVAL, System::nanoTime, d -> Thread.sleep(d));
    }

    /** The same wait, looking every {@code pollInterval}. */
    public Wait every(Duration pollInterval) {
        return new Wait(timeout, pollInterval, nanoTime, sleeper);
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Whether {@code condition} held before the deadline; looked at once more at the deadline. An interrupt ends the
     * wait with {@code false} and the thread's interrupt flag set.
     */
    public boolean poll(BooleanSupplier condition) {
        try {
            return await(condition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @param what what is waited for, as the message says it
     * @throws WaitTimeoutException when the deadline passes first
     * @throws IllegalStateException when interrupted (the interrupt flag set)
     */
    public void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> null);
    }

    /**
     * Like {@link #until(String, BooleanSupplier)}; on a timeout the message ends with {@code detail}'s text (a log's
     * tail, what was seen instead), computed only then.
     */
    public void until(String what, BooleanSupplier condition, Supplier<String> detail) {
        boolean held;
        try {
            held = await(condition);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
        if (!held) {
            throw new WaitTimeoutException(timeout, what, detail.get());
        }
    }

    /** The value {@code probe} first finds, or {@link WaitTimeoutException}. */
    public <T> T untilPresent(String what, Supplier<Optional<T>> probe) {
        Object[] found = new Object[1];
        until(what, () -> {
            Optional<T> v = probe.get();
            v.ifPresent(x -> found[0] = x);
            return v.isPresent();
        });
        @SuppressWarnings("unchecked")
        T value = (T) found[0];
        return value;
    }

    private boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                return false;
            }
            sleeper.sleep(left < interval.toNanos() ? Duration.ofNanos(left) : interval);
        }
    }
}
