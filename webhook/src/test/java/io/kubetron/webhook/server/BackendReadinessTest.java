package io.kubetron.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubetron.backend.BackendException;
import io.kubetron.backend.NetworkBackend;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackendReadinessTest {
    private final AtomicInteger checks = new AtomicInteger();

    /** A backend whose check() runs {@code check}; every other method is unused here. */
    private NetworkBackend backend(Runnable check) {
        return (NetworkBackend) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {NetworkBackend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("check")) {
                        checks.incrementAndGet();
                        check.run();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aHangingBackendIsNotReadyAndChecksDoNotPileUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BackendReadiness r = new BackendReadiness(
                backend(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }),
                Duration.ZERO,
                Duration.ofMillis(50),
                Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            BackendReadiness.State s = r.check();
            assertThat(s.ready()).isFalse();
            assertThat(s.detail()).contains("did not answer within 50 ms");
        }
        assertThat(checks).hasValue(1);
        release.countDown();
        assertThat(r.check().ready()).isTrue();
    }

    @Test
    void failuresCarryTheBackendsMessageAndAnswersAreCached() {
        AtomicInteger n = new AtomicInteger();
        BackendReadiness r = new BackendReadiness(
                backend(() -> {
                    if (n.incrementAndGet() == 1) {
                        throw new BackendException(BackendException.Reason.UNAVAILABLE, "NB is down");
                    }
                }),
                Duration.ofHours(1),
                Duration.ofSeconds(1),
                Clock.systemUTC());
        assertThat(r.check().detail()).isEqualTo("NB is down");
        assertThat(r.check().ready()).isFalse(); // cached
        assertThat(checks).hasValue(1);
    }
}
