package io.kubetron.webhook.select;

/** What a {@link NetworkDirectory} found for one attachment. */
public sealed interface Resolution {

    /**
     * Kubetron serves it.
     *
     * @param backendRef the backend network's name or id
     * @param source how it was found, for messages ({@code Network red}, {@code NetworkAttachmentDefinition apps/red})
     */
    record Ours(String backendRef, String source) implements Resolution {}

    /**
     * Another implementation serves it (a NetworkAttachmentDefinition of another CNI type, for Multus): Kubetron
     * leaves it alone.
     */
    record NotOurs(String source) implements Resolution {}

    /** Nobody may serve it for this Pod; the message says why and what to do. */
    record Refused(String message) implements Resolution {}
}
