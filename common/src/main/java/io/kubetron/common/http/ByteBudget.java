package io.kubetron.common.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A number of bytes that requests take from and give back, so that the memory all of them hold together stays bounded
 * however many arrive. Thread-safe.
 */
public final class ByteBudget {
    private final long total;
    private long used;

    public ByteBudget(long total) {
        if (total < 1) {
            throw new IllegalArgumentException("a budget of " + total + " bytes");
        }
        this.total = total;
    }

    public long total() {
        return total;
    }

    public synchronized long used() {
        return used;
    }

    /** Takes {@code bytes} if they are free now. */
    public synchronized boolean tryTake(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative: " + bytes);
        }
        if (used + bytes > total) {
            return false;
        }
        used += bytes;
        return true;
    }

    /**
     * Takes {@code bytes}, waiting up to {@code wait} for others to give theirs back; false when they did not in time
     * or when {@code bytes} is more than the whole budget.
     */
    public synchronized boolean take(long bytes, Duration wait) throws InterruptedException {
        if (bytes > total) {
            return false;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!tryTake(bytes)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Gives back {@code bytes} taken before. */
    public synchronized void give(long bytes) {
        used = Math.max(0, used - bytes);
        notifyAll();
    }
}
