package io.kubetron.ovsdb.data;

import java.util.Objects;
import java.util.UUID;

/**
 * A reference to a row in an operation: an existing row's UUID, or the {@code uuid-name} of a row inserted earlier in
 * the same transaction (RFC 7047 {@code named-uuid}). Immutable.
 */
public sealed interface Ref permits Ref.Existing, Ref.Named {

    static Ref of(UUID uuid) {
        return new Existing(uuid);
    }

    static Ref named(String uuidName) {
        return new Named(uuidName);
    }

    /** An existing row, encoded {@code ["uuid", "..."]}. */
    record Existing(UUID uuid) implements Ref {
        public Existing {
            Objects.requireNonNull(uuid, "uuid");
        }
    }

    /** A row inserted in the same transaction, encoded {@code ["named-uuid", "name"]}. */
    record Named(String name) implements Ref {
        public Named {
            if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("uuid-name must be an identifier ([a-zA-Z_][a-zA-Z0-9_]*): " + name);
            }
        }
    }
}
