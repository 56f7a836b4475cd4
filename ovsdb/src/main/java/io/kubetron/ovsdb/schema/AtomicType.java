package io.kubetron.ovsdb.schema;

import java.util.Locale;

/** The five OVSDB atomic types (RFC 7047 section 3.2). Immutable. */
public enum AtomicType {
    INTEGER,
    REAL,
    BOOLEAN,
    STRING,
    UUID;

    /** Parses the schema spelling, e.g. {@code "integer"}. */
    public static AtomicType parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown OVSDB atomic type " + name, e);
        }
    }

    /** The schema spelling. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
