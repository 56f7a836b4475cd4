package io.kubetron.common.signing;

import io.kubetron.common.settings.Setting;
import io.kubetron.common.settings.SettingType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A key set as files in a directory, laid out as a mounted Secret {@code kubetron-networks-signing} gives it: one file
 * per key id (its key, base64) and {@value SigningKeys#PRIMARY}. The kubelet writes a Secret volume's files into a
 * hidden directory and swaps the {@code ..data} symlink to it in one rename (kubernetes/kubernetes
 * {@code pkg/volume/util/atomic_writer.go}); the files are read through that link's target, so one read never mixes
 * two versions. Also writes key sets (the lab, the demo and tests make their own).
 */
public final class KeySetDirectory {
    /** The directory setting of the webhook and of the node agent (one declaration, so both say the same). */
    public static final Setting<Path> SETTING = Setting.of(
                    "signing-keys",
                    SettingType.absolutePath("DIR"),
                    "The networks-signing key set shared by the webhook and the node agents (the Secret "
                            + "kubetron-networks-signing, mounted): one file per key id with at least 32 random bytes "
                            + "in base64, and 'primary' naming the key the webhook signs with. Reloaded when it "
                            + "changes. Without a valid key set here the component does not start "
                            + "(deploy/gen-signing-key.sh makes one).")
            .defaultsTo("/var/run/secrets/kubetron/networks-signing");

    private static final String DATA = "..data";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySetDirectory() {}

    /**
     * The key set in {@code dir} now.
     *
     * @throws SigningKeysException when there is none or it is not valid, saying how to make one
     */
    public static SigningKeys read(Path dir) {
        Map<String, byte[]> files;
        try {
            files = filesOnce(dir);
        } catch (NoSuchFileException e) {
            throw new SigningKeysException(missing(dir, "it does not exist"), e);
        } catch (IOException | UncheckedIOException e) {
            throw new SigningKeysException(missing(dir, "it cannot be read: " + e.getMessage()), e);
        }
        if (files.isEmpty()) {
            throw new SigningKeysException(missing(dir, "it is empty"));
        }
        try {
            return SigningKeys.fromFiles(files);
        } catch (SigningKeysException e) {
            throw new SigningKeysException("the networks-signing key set in " + dir + " is not valid: " + e.getMessage()
                    + " (deploy/gen-signing-key.sh makes a valid one; docs/deploy.md)");
        }
    }

    private static String missing(Path dir, String why) {
        return "no networks-signing key set in " + dir + " (setting " + SETTING.key() + "): " + why + ". The webhook "
                + "signs every networksSpec it writes and the node agents plug only ports whose signature they can "
                + "check, with keys they share through the Secret kubetron-networks-signing: make it with "
                + "deploy/gen-signing-key.sh --apply and mount it here (docs/deploy.md, \"Networks signing keys\")";
    }

    /** A read that met the kubelet's swap of {@code ..data} (the old version's directory removed under it) again. */
    private static Map<String, byte[]> filesOnce(Path dir) throws IOException {
        try {
            return files(dir);
        } catch (IOException e) {
            if (!Files.isDirectory(dir.resolve(DATA))) {
                throw e;
            }
            return files(dir);
        }
    }

    /**
     * The files of the key directory now, by name: the visible entries (names not starting with '.'), read from the
     * target of {@code ..data} when the directory is a mounted Secret.
     */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Path data = dir.resolve(DATA);
        Path base = Files.isDirectory(data) ? data.toRealPath() : dir;
        Map<String, byte[]> out = new TreeMap<>();
        List<Path> entries;
        try (Stream<Path> s = Files.list(base)) {
            entries = s.toList();
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(".")) {
                continue; // the Secret volume's own entries, and half-written files of ours
            }
            if (Files.isDirectory(p)) {
                throw new IOException(p + " is a directory, not a key file");
            }
            try (InputStream in = Files.newInputStream(p)) {
                // bounded: a key file is a few dozen bytes, and SigningKeys refuses the larger ones by size
                out.put(name, in.readNBytes(SigningKeys.MAX_FILE_BYTES + 1));
            }
        }
        return out;
    }

    /**
     * Makes a new key set in {@code dir} (created, only its owner may read it): one new random key {@code keyId},
     * the primary.
     *
     * @return {@code dir}
     */
    public static Path create(Path dir, String keyId) {
        addKey(dir, keyId);
        setPrimary(dir, keyId);
        return dir;
    }

    /** Adds a new random key {@code keyId} (32 bytes from a {@link SecureRandom}) to the set in {@code dir}. */
    public static void addKey(Path dir, String keyId) {
        byte[] key = new byte[SigningKeys.MIN_KEY_BYTES];
        RANDOM.nextBytes(key);
        writeKey(dir, keyId, key);
    }

    /** Writes key {@code keyId} with these bytes (tests use fixed ones). */
    public static void writeKey(Path dir, String keyId, byte[] key) {
        if (!SigningKeys.KEY_ID.matcher(keyId).matches() || keyId.equals(SigningKeys.PRIMARY)) {
            throw new IllegalArgumentException("'" + keyId + "' is not a key id (" + SigningKeys.KEY_ID.pattern()
                    + ", not " + SigningKeys.PRIMARY + ")");
        }
        write(dir, keyId, Base64.getEncoder().encodeToString(key) + "\n");
    }

    /** Makes {@code keyId} the key new signatures are made with. */
    public static void setPrimary(Path dir, String keyId) {
        write(dir, SigningKeys.PRIMARY, keyId + "\n");
    }

    /** Removes key {@code keyId}: signatures made with it no longer verify. */
    public static void removeKey(Path dir, String keyId) {
        try {
            Files.deleteIfExists(dir.resolve(keyId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Written to a hidden file first and moved in place, so a reader never sees half a key. */
    private static void write(Path dir, String name, String text) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                owner(dir, "rwx------");
            }
            Path tmp = Files.createTempFile(dir, ".tmp-", "");
            owner(tmp, "rw-------");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void owner(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own defaults
        }
    }
}
