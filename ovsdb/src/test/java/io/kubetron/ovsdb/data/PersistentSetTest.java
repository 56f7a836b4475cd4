package io.kubetron.ovsdb.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PersistentSetTest {

    /** Elements whose hashes collide on purpose: every level of the trie and its collision lists get used. */
    private record Colliding(int hash, int id) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    void behavesAsAHashSetUnderRandomPlusAndMinus() {
        Random random = new Random(7);
        PersistentSet<Object> set = PersistentSet.of();
        Set<Object> model = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            // few distinct hashes: deep paths, shared prefixes and full collisions are common
            Object e = random.nextInt(4) == 0
                    ? new Colliding(random.nextInt(8) << 27 | random.nextInt(3), random.nextInt(50))
                    : UUID.nameUUIDFromBytes(new byte[] {(byte) random.nextInt(256), (byte) random.nextInt(8)});
            PersistentSet<Object> before = set;
            if (random.nextBoolean()) {
                set = set.plus(e);
                assertThat(set == before).isEqualTo(!model.add(e));
            } else {
                set = set.minus(e);
                assertThat(set == before).isEqualTo(!model.remove(e));
            }
            assertThat(set.size()).isEqualTo(model.size());
            assertThat(set.contains(e)).isEqualTo(model.contains(e));
        }
        assertThat(set).isEqualTo(model);
        List<Object> iterated = new ArrayList<>(set);
        assertThat(iterated).hasSize(model.size()).doesNotHaveDuplicates();
        List<Object> visited = new ArrayList<>();
        set.forEach(visited::add);
        assertThat(visited).containsExactlyInAnyOrderElementsOf(iterated);
    }

    @Test
    void aSetIsUnchangedByWhatIsMadeFromIt() {
        PersistentSet<UUID> ten = PersistentSet.copyOf(uuids(10));
        Set<UUID> copy = Set.copyOf(ten);
        PersistentSet<UUID> more =
                ten.plus(UUID.randomUUID()).minus(copy.iterator().next());
        assertThat(ten).isEqualTo(copy);
        assertThat(more).hasSize(10).isNotEqualTo(copy);
    }

    @Test
    void diffReportsExactlyWhatWasAddedAndRemoved() {
        Random random = new Random(11);
        List<UUID> base = uuids(10_000);
        PersistentSet<UUID> before = PersistentSet.copyOf(base);
        PersistentSet<UUID> after = before;
        Set<UUID> added = new HashSet<>();
        Set<UUID> removed = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            UUID fresh = UUID.randomUUID();
            after = after.plus(fresh);
            added.add(fresh);
            UUID gone = base.get(random.nextInt(base.size()));
            if (after.contains(gone)) {
                after = after.minus(gone);
                removed.add(gone);
            }
        }
        Set<UUID> seenAdded = new HashSet<>();
        Set<UUID> seenRemoved = new HashSet<>();
        PersistentSet.diff(before, after, seenRemoved::add, seenAdded::add);
        assertThat(seenAdded).isEqualTo(added);
        assertThat(seenRemoved).isEqualTo(removed);

        // unrelated sets (no shared structure) compare right too
        Set<UUID> a2 = new HashSet<>();
        Set<UUID> r2 = new HashSet<>();
        PersistentSet.diff(PersistentSet.copyOf(new ArrayList<>(after)), before, r2::add, a2::add);
        assertThat(a2).isEqualTo(removed);
        assertThat(r2).isEqualTo(added);
    }

    @Test
    void diffOfCollidingElements() {
        PersistentSet<Object> a = PersistentSet.copyOf(List.of(new Colliding(5, 1), new Colliding(5, 2), "x"));
        PersistentSet<Object> b = a.minus(new Colliding(5, 1)).plus(new Colliding(5, 3));
        List<Object> removed = new ArrayList<>();
        List<Object> added = new ArrayList<>();
        PersistentSet.diff(a, b, removed::add, added::add);
        assertThat(removed).containsExactly(new Colliding(5, 1));
        assertThat(added).containsExactly(new Colliding(5, 3));
    }

    private static List<UUID> uuids(int n) {
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(UUID.randomUUID());
        }
        return out;
    }
}
