package io.kubetron.webhook.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PortNamesTest {
    private final PortNames names = new PortNames(new Random(42));

    @Test
    void shortNetworkNameKeepsItAllAndPadsToFourteen() {
        String n = names.next("red", Set.of());
        assertThat(n).hasSize(14).startsWith("red-").matches("red-[a-z]{10}");
        assertThat(names.next("blue", Set.of())).matches("blue-[a-z]{9}");
    }

    @Test
    void longNetworkNameIsCutToEightCharacters() {
        assertThat(names.next("production-backbone", Set.of())).matches("producti-[a-z]{5}");
        assertThat(names.next("exactly8", Set.of())).matches("exactly8-[a-z]{5}");
    }

    @Test
    void namesAreUniqueWithinThePod() {
        // a generator that repeats itself: the second name must still differ
        int[] seq = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        RandomGenerator repeating = new RandomGenerator() {
            int i;

            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                return seq[i++ % seq.length];
            }
        };
        PortNames p = new PortNames(repeating);
        Set<String> taken = new HashSet<>();
        String a = p.next("longnetwork", taken);
        taken.add(a);
        String b = p.next("longnetwork", taken);
        assertThat(a).isEqualTo("longnetw-aaaaa");
        assertThat(b).isEqualTo("longnetw-bbbbb");
    }

    @Test
    void aBrokenRandomSourceFailsInsteadOfLooping() {
        RandomGenerator constant = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public int nextInt(int bound) {
                return 0;
            }
        };
        PortNames p = new PortNames(constant);
        assertThatThrownBy(() -> p.next("abcdefgh", Set.of("abcdefgh-aaaaa")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secureNamesDoNotRepeatAcrossInstances() {
        // the original's unseeded generator gave the same sequence after every restart
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(PortNames.secure().next("red", Set.of()));
        }
        assertThat(seen).hasSize(50);
    }
}
