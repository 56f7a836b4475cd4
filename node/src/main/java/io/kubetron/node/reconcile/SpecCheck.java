package io.kubetron.node.reconcile;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubetron.common.signing.NetworksSignature;
import io.kubetron.common.signing.SignedPod;
import io.kubetron.common.signing.SigningKeys;
import io.kubetron.common.signing.Verification;
import io.kubetron.model.Annotations;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Whether a Pod's networksSpec is one Kubetron's webhook signed for this Pod (its namespace, its name or the
 * generateName it was admitted with, this exact text), with a key of the set in service. The agent has no backend
 * credentials and cannot read a port's owner record; the signature is what tells it the port was made for the Pod.
 *
 * <p>A Pod is checked when the agent first sees its annotations' text, and again whenever that text changes; a text
 * that passed once is remembered (by Pod uid) for the life of this process. So removing a key from the set leaves
 * the Pods signed with it plugged until the agent restarts, when every Pod is checked afresh. Thread-safe.
 */
public final class SpecCheck {
    private final Supplier<SigningKeys> keys;
    /** Per Pod uid, the last annotation text checked and what the check said. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    public SpecCheck(Supplier<SigningKeys> keys) {
        this.keys = keys;
    }

    /**
     * What the check said.
     *
     * @param verification valid, or why not
     * @param first whether this is the first time this outcome was reached for this text (count it, log it)
     */
    public record Checked(Verification verification, boolean first) {}

    private record Seen(String spec, String signature, Verification verification) {}

    /** Checks {@code pod}, which carries a networksSpec. */
    public Checked check(Pod pod) {
        String uid = pod.getMetadata().getUid();
        Map<String, String> a = pod.getMetadata().getAnnotations();
        String spec = a.get(Annotations.NETWORKS_SPEC);
        String signature = a.get(Annotations.NETWORKS_SIGNATURE);
        Seen before = seen.get(uid);
        boolean sameText =
                before != null && Objects.equals(before.spec(), spec) && Objects.equals(before.signature(), signature);
        if (sameText && before.verification().valid()) {
            return new Checked(before.verification(), false);
        }
        Verification v = NetworksSignature.verify(
                keys.get(),
                new SignedPod(
                        pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(),
                        pod.getMetadata().getGenerateName()),
                spec,
                signature);
        seen.put(uid, new Seen(spec, signature, v));
        return new Checked(v, !sameText || !before.verification().equals(v));
    }

    /** The key set in service (for messages: its key ids). */
    SigningKeys keys() {
        return keys.get();
    }

    /** The Pod is gone. */
    public void forget(String uid) {
        seen.remove(uid);
    }
}
