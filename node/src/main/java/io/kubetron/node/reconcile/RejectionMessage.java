package io.kubetron.node.reconcile;

import io.kubetron.common.signing.Verification;
import io.kubetron.model.Annotations;
import java.util.Collection;

/** What a Pod whose networksSpec was refused is told, by reason: what was found and what to do. Pure. */
final class RejectionMessage {
    private RejectionMessage() {}

    static String of(Verification v, Collection<String> keyIds) {
        String why = switch (v.result()) {
            case MISSING ->
                "the Pod carries " + Annotations.NETWORKS_SPEC + " without "
                        + Annotations.NETWORKS_SIGNATURE + ": only Kubetron's webhook writes them, when it admits "
                        + "a Pod asking for networks in " + Annotations.NETWORKS
                        + "; create the Pod with that annotation only";
            case MALFORMED ->
                Annotations.NETWORKS_SIGNATURE
                        + " is not a Kubetron signature (v1.<key id>.<signature>): only Kubetron's webhook "
                        + "writes it";
            case UNKNOWN_KEY ->
                "the networksSpec was signed with key '" + v.keyId()
                        + "', which this node's key set does not hold (keys: " + String.join(", ", keyIds)
                        + "): it was removed while the Pod still ran, or has not reached this node yet; "
                        + "checked again as the key set changes";
            case MISMATCH ->
                "the signature does not match this Pod's namespace, name and networksSpec: "
                        + "the annotations were copied from another Pod or changed after admission";
            case VALID -> throw new IllegalArgumentException("a valid signature is no rejection");
        };
        return "networksSpec rejected, nothing plugged: " + why;
    }
}
