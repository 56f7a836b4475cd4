package io.kubetron.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration MS_100 = Duration.ofMillis(100);

    @Test
    void growsByTheMultiplierUpToTheCap() {
        Backoff b = Backoff.exponential(MS_100, Duration.ofSeconds(1));
        assertThat(b.base(1)).isEqualTo(MS_100);
        assertThat(b.base(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.base(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(b.base(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.base(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(3)).as("no jitter").isEqualTo(Duration.ofMillis(400));
        assertThat(b.withMultiplier(1.5).base(3)).isEqualTo(Duration.ofMillis(225));
    }

    @Test
    void jitterStaysWithinItsRangeAndTheCap() {
        Backoff b = Backoff.exponential(MS_100, Duration.ofMillis(500)).withJitter(0.2);
        assertThat(b.delay(2, () -> 0.0)).isEqualTo(Duration.ofMillis(160));
        assertThat(b.delay(2, () -> 0.5)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.delay(2, () -> 0.999999)).isBetween(Duration.ofMillis(239), Duration.ofMillis(240));
        assertThat(b.delay(10, () -> 0.999999)).as("capped").isEqualTo(Duration.ofMillis(500));
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            Duration d = b.delay(2, random::nextDouble);
            assertThat(d).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
        }
    }

    @Test
    void attemptsCountAndReset() {
        Backoff.Attempts a = Backoff.exponential(MS_100, Duration.ofSeconds(8)).start();
        assertThat(a.next()).isEqualTo(MS_100);
        assertThat(a.next()).isEqualTo(Duration.ofMillis(200));
        assertThat(a.next()).isEqualTo(Duration.ofMillis(400));
        assertThat(a.retries()).isEqualTo(3);
        a.reset();
        assertThat(a.retries()).isZero();
        assertThat(a.next()).isEqualTo(MS_100);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, MS_100)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), MS_100))
                .hasMessageContaining("below");
        assertThatThrownBy(() -> new Backoff(MS_100, MS_100, 0.5, 0)).hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(MS_100, MS_100, 2, 1.5)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> Backoff.exponential(MS_100, MS_100).base(0)).hasMessageContaining("from 1");
    }
}
