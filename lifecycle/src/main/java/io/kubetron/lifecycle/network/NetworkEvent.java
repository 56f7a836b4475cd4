package io.kubetron.lifecycle.network;

/**
 * An Event to record on a Network object.
 *
 * @param type {@code Normal} or {@code Warning}
 * @param reason CamelCase, such as {@code Created}
 */
record NetworkEvent(String type, String reason, String message) {
    static NetworkEvent normal(String reason, String message) {
        return new NetworkEvent("Normal", reason, message);
    }

    static NetworkEvent warning(String reason, String message) {
        return new NetworkEvent("Warning", reason, message);
    }
}
