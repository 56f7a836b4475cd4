package io.kubetron.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A fake clock that only moves when the wait sleeps: no real time passes. */
class WaitTest {
    private long now;
    private int sleeps;

    private Wait wait(Duration timeout, Duration every) {
        return new Wait(timeout, every, () -> now, d -> {
            sleeps++;
            now += d.toNanos();
        });
    }

    @Test
    void returnsAsSoonAsTheConditionHolds() {
        AtomicInteger looks = new AtomicInteger();
        wait(Duration.ofSeconds(5), Duration.ofMillis(100)).until("three looks", () -> looks.incrementAndGet() == 3);
        assertThat(looks).hasValue(3);
        assertThat(sleeps).isEqualTo(2);
        assertThat(now).isEqualTo(Duration.ofMillis(200).toNanos());
    }

    @Test
    void timesOutWithAClearMessageAfterALastLookAtTheDeadline() {
        AtomicInteger looks = new AtomicInteger();
        assertThatThrownBy(
                        () -> wait(Duration.ofSeconds(30), Duration.ofMillis(7)).until("br-int created", () -> {
                            looks.incrementAndGet();
                            return false;
                        }))
                .isInstanceOf(WaitTimeoutException.class)
                .hasMessage("timed out after 30s waiting for br-int created");
        assertThat(now)
                .as("the last sleep is cut to the deadline")
                .isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(looks.get()).isEqualTo(sleeps + 1);

        assertThatThrownBy(() -> wait(Duration.ofMillis(250), Duration.ofMillis(10))
                        .until("neutron-server", () -> false, () -> "last lines of neutron.log: boom"))
                .hasMessage("timed out after 250ms waiting for neutron-server; last lines of neutron.log: boom");
    }

    @Test
    void pollAnswersFalseOnTimeoutAndAProbeGivesItsValue() {
        assertThat(wait(Duration.ofSeconds(1), Duration.ofMillis(50)).poll(() -> false))
                .isFalse();
        AtomicInteger n = new AtomicInteger();
        String v = wait(Duration.ofSeconds(1), Duration.ofMillis(50))
                .untilPresent("a value", () -> n.incrementAndGet() < 4 ? Optional.empty() : Optional.of("found"));
        assertThat(v).isEqualTo("found");
    }

    @Test
    void aConditionThatThrowsEndsTheWait() {
        assertThatThrownBy(
                        () -> wait(Duration.ofSeconds(1), Duration.ofMillis(50)).until("ready", () -> {
                            throw new IllegalStateException("process exited while waiting for ready");
                        }))
                .hasMessage("process exited while waiting for ready");
        assertThat(sleeps).isZero();
    }
}
