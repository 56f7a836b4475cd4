package io.kubetron.webhook.select;

import io.kubetron.model.Annotations;
import io.kubetron.model.InvalidNetworkRequestException;
import io.kubetron.model.NetworkRequest;
import io.kubetron.model.selection.AttachmentRequest;
import io.kubetron.model.selection.NetworkSelection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attachments of a Pod that are Kubetron's, from whichever of the two annotations holds them: the original's comma
 * list ({@link Annotations#NETWORKS}) or the Network Plumbing WG's ({@link NetworkSelection#ANNOTATION}). The second
 * is shared with Multus: its elements are read leniently, resolved, and only Kubetron's are held to Kubetron's checks
 * (another implementation's attachment with, say, {@code bandwidth} is not Kubetron's business). A Pod may carry both
 * annotations (Kubetron's networks in the first, Multus's in the second, as before the standard form was read); it is
 * refused only when both name Kubetron attachments, two answers to one question.
 *
 * @param ours Kubetron's attachments, in the order written
 * @param original true for the original annotation
 * @param otherInterfaces interface names other implementations' attachments asked for (Kubetron must not take them)
 */
public record Selection(List<Chosen> ours, boolean original, Set<String> otherInterfaces) {

    public Selection {
        ours = List.copyOf(ours);
        otherInterfaces = Set.copyOf(otherInterfaces);
    }

    /** One of Kubetron's attachments and what its name resolved to. */
    public record Chosen(AttachmentRequest request, Resolution.Ours resolution) {}

    /** Whether the Pod carries either annotation (so the webhook has something to decide). */
    public static boolean asked(Map<String, String> annotations) {
        return annotations.containsKey(Annotations.NETWORKS) || annotations.containsKey(NetworkSelection.ANNOTATION);
    }

    /** The annotation the selection was read from, for messages. */
    public String annotation() {
        return original ? Annotations.NETWORKS : NetworkSelection.ANNOTATION;
    }

    /**
     * Reads and resolves the Pod's selection.
     *
     * @param max the most attachments of Kubetron's one Pod may ask for
     * @return the selection, with no attachment of Kubetron's when the Pod asks for none
     * @throws InvalidNetworkRequestException naming every problem, for the user
     */
    public static Selection read(
            Map<String, String> annotations, String podNamespace, int max, NetworkDirectory directory) {
        String original = annotations.get(Annotations.NETWORKS);
        String standard = directory.readsStandardAnnotation() ? annotations.get(NetworkSelection.ANNOTATION) : null;
        List<String> problems = new ArrayList<>();
        List<Chosen> ours = new ArrayList<>();
        Set<String> others = new HashSet<>();
        if (standard != null) {
            NetworkSelection.Read read = NetworkSelection.read(standard, podNamespace);
            if (!read.problems().isEmpty()) {
                // nobody can tell whose the elements are: Multus would fail the Pod too
                throw invalid(NetworkSelection.ANNOTATION, read.problems());
            }
            for (NetworkSelection.Element e : read.elements()) {
                switch (directory.resolve(e.reference(), false, podNamespace)) {
                    case Resolution.NotOurs n -> {
                        if (e.interfaceName() != null) {
                            others.add(e.interfaceName());
                        }
                    }
                    case Resolution.Refused r -> problems.add(r.message());
                    case Resolution.Ours o -> {
                        if (e.request() == null) {
                            problems.addAll(e.problems());
                        } else {
                            ours.add(new Chosen(e.request(), o));
                        }
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw invalid(NetworkSelection.ANNOTATION, problems);
            }
        }
        boolean fromOriginal = false;
        if (original != null) {
            if (!ours.isEmpty()) {
                throw new InvalidNetworkRequestException("the Pod asks for Kubetron networks in both "
                        + Annotations.NETWORKS + " and " + NetworkSelection.ANNOTATION + ": use one of them ("
                        + NetworkSelection.ANNOTATION + " can say everything the other says)");
            }
            fromOriginal = true;
            for (String n : NetworkRequest.parse(original, max).networks()) {
                AttachmentRequest r = new AttachmentRequest(podNamespace, n, null, null, List.of(), List.of());
                switch (directory.resolve(r, true, podNamespace)) {
                    case Resolution.Ours o -> ours.add(new Chosen(r, o));
                    case Resolution.Refused refused -> problems.add(refused.message());
                    case Resolution.NotOurs notOurs -> problems.add("network " + n + " is not Kubetron's");
                }
            }
            if (!problems.isEmpty()) {
                throw invalid(Annotations.NETWORKS, problems);
            }
        }
        together(ours, max, others, problems);
        if (!problems.isEmpty()) {
            throw invalid(fromOriginal ? Annotations.NETWORKS : NetworkSelection.ANNOTATION, problems);
        }
        return new Selection(ours, fromOriginal, others);
    }

    /** What only all of Kubetron's attachments together can tell: how many, and interface names taken twice. */
    private static void together(List<Chosen> ours, int max, Set<String> others, List<String> problems) {
        if (ours.size() > max) {
            problems.add(ours.size() + " attachments requested, at most " + max + " are allowed");
        }
        Set<String> seen = new HashSet<>();
        Set<String> twice = new LinkedHashSet<>();
        for (Chosen c : ours) {
            String iface = c.request().interfaceName();
            if (iface != null && (!seen.add(iface) || others.contains(iface))) {
                twice.add(iface);
            }
        }
        if (!twice.isEmpty()) {
            problems.add("interface names used more than once: " + String.join(", ", twice));
        }
    }

    private static InvalidNetworkRequestException invalid(String annotation, List<String> problems) {
        return new InvalidNetworkRequestException(
                "invalid " + annotation + " annotation: " + String.join("; ", problems));
    }
}
