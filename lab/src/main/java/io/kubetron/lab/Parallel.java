package io.kubetron.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs independent steps of {@code up} and {@code down} at once (one per node, say): each daemon start waits ~0.2 s for
 * its initialisation, each vswitchd stop for its datapath to be cleaned up.
 */
final class Parallel {
    private Parallel() {}

    /** Runs every step, each on its own virtual thread; throws the first failure (the others suppressed). */
    static void run(List<Runnable> steps) {
        if (steps.size() == 1) {
            steps.getFirst().run();
            return;
        }
        RuntimeException failure = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable step : steps) {
                futures.add(pool.submit(step));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RuntimeException cause =
                            e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
