package io.kubetron.cli.deploy;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or time runs out (the cli module's tests have no awaitility). */
final class Eventually {
    private Eventually() {}

    static void until(Duration atMost, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + atMost.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
