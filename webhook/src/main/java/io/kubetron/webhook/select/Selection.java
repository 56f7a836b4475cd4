package io.kubetron.webhook.select;

import io.kubetron.model.Annotations;
import io.kubetron.model.InvalidNetworkRequestException;
import io.kubetron.model.NetworkRequest;
import io.kubetron.model.selection.AttachmentRequest;
import io.kubetron.model.selection.NetworkSelection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The attachments a Pod asks for, from whichever of the two annotations it carries: the original's comma list
 * ({@link Annotations#NETWORKS}, backend network names) or the Network Plumbing WG's ({@link
 * NetworkSelection#ANNOTATION}). A Pod with both is refused: they would be two answers to one question, and Multus
 * reads only the second.
 *
 * @param attachments in the order written
 * @param original true for the original annotation: its names are networks, not attachment objects
 */
public record Selection(List<AttachmentRequest> attachments, boolean original) {

    public Selection {
        attachments = List.copyOf(attachments);
    }

    /** Whether the Pod asks for networks in either annotation (so the webhook has something to decide). */
    public static boolean asked(Map<String, String> annotations) {
        return annotations.containsKey(Annotations.NETWORKS) || annotations.containsKey(NetworkSelection.ANNOTATION);
    }

    /** The annotation the selection was read from, for messages. */
    public String annotation() {
        return original ? Annotations.NETWORKS : NetworkSelection.ANNOTATION;
    }

    /**
     * Reads the Pod's selection.
     *
     * @return empty when the Pod carries neither annotation
     * @throws InvalidNetworkRequestException saying what is wrong, for the user
     */
    public static Optional<Selection> read(Map<String, String> annotations, String podNamespace, int max) {
        String original = annotations.get(Annotations.NETWORKS);
        String npwg = annotations.get(NetworkSelection.ANNOTATION);
        if (original != null && npwg != null) {
            throw new InvalidNetworkRequestException("the Pod asks for networks in both " + Annotations.NETWORKS
                    + " and " + NetworkSelection.ANNOTATION + ": use one of them (" + NetworkSelection.ANNOTATION
                    + " can say everything the other says)");
        }
        if (npwg != null) {
            return Optional.of(new Selection(NetworkSelection.parse(npwg, podNamespace, max), false));
        }
        if (original == null) {
            return Optional.empty();
        }
        List<AttachmentRequest> out = NetworkRequest.parse(original, max).networks().stream()
                .map(n -> new AttachmentRequest(podNamespace, n, null, null, List.of(), List.of()))
                .toList();
        return Optional.of(new Selection(out, true));
    }
}
