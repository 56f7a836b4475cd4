package io.kubetron.ovsdb;

import tools.jackson.databind.JsonNode;

/** Maps server error objects to typed exceptions. Stateless, hence thread-safe. */
public final class OvsdbErrors {
    private OvsdbErrors() {}

    /**
     * Maps a server error: either a JSON-RPC {@code error} member (a string or an object with {@code error} and
     * {@code details}) or an operation result carrying {@code error}.
     */
    public static OvsdbException fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return new OvsdbException("unknown error", null);
        }
        if (node.isString()) {
            return of(node.asString(), null);
        }
        JsonNode error = node.get("error");
        JsonNode details = node.get("details");
        return of(
                error == null || error.isNull() ? "unknown error" : error.asString(),
                details == null || details.isNull() ? null : details.asString());
    }

    /** Picks the exception type for a server {@code error} tag. */
    public static OvsdbException of(String error, String details) {
        return switch (error) {
            case "constraint violation" -> new ConstraintViolationException(error, details);
            case "referential integrity violation" -> new ReferentialIntegrityException(error, details);
            case "not found", "unknown database", "unknown monitor" -> new NotFoundException(error, details);
            case "timed out" -> new TimedOutException(details);
            default -> new OvsdbException(error, details);
        };
    }
}
