package io.kubetron.node.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubetron.common.retry.Backoff;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    @Test
    void neverMoreThanTheWorkersAtOnceAndNeverOneKeyTwiceAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Map<String, AtomicInteger> perKey = new ConcurrentHashMap<>();
        Map<String, Boolean> overlapped = new ConcurrentHashMap<>();
        AtomicInteger runs = new AtomicInteger();
        try (WorkQueue q = new WorkQueue(
                "t",
                3,
                key -> {
                    int now = running.incrementAndGet();
                    most.accumulateAndGet(now, Math::max);
                    if (perKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlapped.put(key, true);
                    }
                    sleep(20);
                    perKey.get(key).decrementAndGet();
                    running.decrementAndGet();
                    runs.incrementAndGet();
                    return Outcome.DONE;
                },
                Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(100)))) {
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 20; i++) {
                    q.add("pod-" + i);
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> q.depth() == 0);
        }
        assertThat(most.get()).isLessThanOrEqualTo(3);
        assertThat(overlapped).isEmpty();
        // duplicates collapse: at least one run per key, far fewer than the 100 adds
        assertThat(runs.get()).isBetween(20, 60);
    }

    @Test
    void aFailedKeyComesBackAfterABackoffUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        try (WorkQueue q = new WorkQueue(
                "t",
                1,
                key -> attempts.incrementAndGet() < 3 ? Outcome.failed("not yet") : Outcome.DONE,
                Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(50)))) {
            q.add("pod");
            await().atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 3);
        }
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void aWaiterGetsTheOutcomeOfARunThatStartedAfterItAsked() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger run = new AtomicInteger();
        try (WorkQueue q = new WorkQueue(
                "t",
                2,
                key -> {
                    if (run.incrementAndGet() == 1) {
                        firstStarted.countDown();
                        awaitLatch(release);
                        return Outcome.failed("first run, before the waiter asked");
                    }
                    return Outcome.DONE;
                },
                Backoff.exponential(Duration.ofSeconds(5), Duration.ofSeconds(5)))) {
            q.add("pod");
            firstStarted.await(5, TimeUnit.SECONDS);
            var f = q.addAndWait("pod");
            release.countDown();
            assertThat(f.get(5, TimeUnit.SECONDS).ok()).isTrue();
        }
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            l.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
