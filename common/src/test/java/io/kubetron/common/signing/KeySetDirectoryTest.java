package io.kubetron.common.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySetDirectoryTest {
    @TempDir
    Path tmp;

    @Test
    void aCreatedSetHasOneRandomPrimaryKeyOnlyItsOwnerReads() throws Exception {
        Path dir = KeySetDirectory.create(tmp.resolve("keys"), "k1");
        SigningKeys k = KeySetDirectory.read(dir);
        assertThat(k.ids()).containsExactly("k1");
        assertThat(k.primary()).isEqualTo("k1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k1"))))
                .isEqualTo("rw-------");
        Path other = KeySetDirectory.create(tmp.resolve("other"), "k1");
        assertThat(Files.readString(other.resolve("k1"))).isNotEqualTo(Files.readString(dir.resolve("k1")));
    }

    @Test
    void aMissingOrEmptyDirectorySaysHowToMakeOne() throws Exception {
        assertThatThrownBy(() -> KeySetDirectory.read(tmp.resolve("none")))
                .isInstanceOf(SigningKeysException.class)
                .hasMessageContaining("no networks-signing key set in " + tmp.resolve("none"))
                .hasMessageContaining("it does not exist")
                .hasMessageContaining("deploy/gen-signing-key.sh");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> KeySetDirectory.read(tmp.resolve("empty"))).hasMessageContaining("it is empty");
        Files.writeString(tmp.resolve("empty/k1"), "AAAA");
        assertThatThrownBy(() -> KeySetDirectory.read(tmp.resolve("empty")))
                .hasMessageContaining("is not valid: key k1 has 3 bytes");
    }

    /** As the kubelet lays a Secret volume out: visible symlinks into ..data, which links a hidden directory. */
    @Test
    void aMountedSecretIsReadThroughItsDataLink() throws Exception {
        Path vol = Files.createDirectories(tmp.resolve("vol"));
        Path v1 = KeySetDirectory.create(vol.resolve("..2025_01_01_00_00_00.000000001"), "k1");
        Files.createSymbolicLink(vol.resolve("..data"), v1.getFileName());
        Files.createSymbolicLink(vol.resolve("k1"), Path.of("..data/k1"));
        Files.createSymbolicLink(vol.resolve("primary"), Path.of("..data/primary"));
        assertThat(KeySetDirectory.read(vol).ids()).containsExactly("k1");
    }

    @Test
    void reloadingSeesAddedKeysAPrimarySwitchAndKeepsTheLastGoodSet() throws Exception {
        Path dir = KeySetDirectory.create(tmp.resolve("keys"), "k1");
        try (ReloadingSigningKeys keys = ReloadingSigningKeys.open(dir, Duration.ofHours(1))) {
            assertThat(keys.get().ids()).containsExactly("k1");
            KeySetDirectory.addKey(dir, "k2");
            keys.check();
            assertThat(keys.get().ids()).containsExactly("k1", "k2");
            assertThat(keys.get().primary()).isEqualTo("k1");
            KeySetDirectory.setPrimary(dir, "k2");
            keys.check();
            assertThat(keys.get().primary()).isEqualTo("k2");
            // a mistake: the primary's key removed; the set in service stays
            KeySetDirectory.removeKey(dir, "k2");
            keys.check();
            assertThat(keys.get().ids()).containsExactly("k1", "k2");
            KeySetDirectory.setPrimary(dir, "k1");
            keys.check();
            assertThat(keys.get().ids()).containsExactly("k1");
            // new bytes under the same id are a change too
            SigningKeys before = keys.get();
            KeySetDirectory.addKey(dir, "k1");
            keys.check();
            assertThat(keys.get()).isNotSameAs(before);
        }
    }

    @Test
    void reloadingPollsOnItsOwn() throws Exception {
        Path dir = KeySetDirectory.create(tmp.resolve("keys"), "k1");
        try (ReloadingSigningKeys keys = ReloadingSigningKeys.open(dir, Duration.ofMillis(50))) {
            KeySetDirectory.addKey(dir, "k2");
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!keys.get().ids().contains("k2") && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertThat(keys.get().ids()).contains("k2");
        }
    }

    @Test
    void keyIdsAreChecked() {
        assertThatThrownBy(() -> KeySetDirectory.addKey(tmp, "primary")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeySetDirectory.addKey(tmp, "a.b")).isInstanceOf(IllegalArgumentException.class);
    }
}
